"""The private key Attend signs its client assertions with (`private_key_jwt`, RFC 7523), and the public half an
organisation registers with its provider (NHS CIS2 asks for a JWKS). No database; the key never leaves here."""

from joserfc.jwk import ECKey, RSAKey

# Strongest first; a provider that lists what it accepts gets the first it lists, others RS256 (or ES256).
RSA_ALGORITHMS = ["RS512", "RS384", "RS256", "PS256"]
EC_ALGORITHMS = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}


def signing_key(pem: str) -> RSAKey | ECKey:
    """Raises ValueError for anything that is not an RSA or elliptic-curve private key in PEM."""
    data = pem.strip().encode()
    for key_type in (RSAKey, ECKey):
        try:
            key = key_type.import_key(data)
        except Exception:  # noqa: BLE001, S112 (joserfc raises several types for "not this kind of key")
            continue
        if key.is_private:
            return key
    raise ValueError("not an RSA or elliptic-curve private key in PEM format")


def key_id(key: RSAKey | ECKey) -> str:
    """The key's RFC 7638 thumbprint: the same for the private key here and the public key the provider holds."""
    return key.thumbprint()


def assertion_algorithm(key: RSAKey | ECKey, supported: list[str] | None) -> str:
    if isinstance(key, ECKey):
        return EC_ALGORITHMS.get(key.as_dict(private=False)["crv"], "ES256")
    for algorithm in RSA_ALGORITHMS:
        if supported and algorithm in supported:
            return algorithm
    return "RS256"


def public_jwks(pem: str) -> dict:
    key = signing_key(pem)
    public = {name: value for name, value in key.as_dict(private=False).items() if name not in {"kid"}}
    return {"keys": [{**public, "kid": key_id(key), "use": "sig"}]}
