"""A real OpenID Connect provider for tests: `scripts/oidc_provider.mjs` (npm `oidc-provider`) run by Node on a
free loopback port, started and stopped by the `oidc_provider` fixture (docs/adr/0022)."""

import contextlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

from attend.accounts.sso.keys import public_jwks

SCRIPT = Path(settings.BASE_DIR, "scripts", "oidc_provider.mjs")
SECRET_CLIENT = "attend-secret"
SECRET = "a-client-secret-for-tests-only"
KEY_CLIENT = "attend-key"
PASSWORD = "any password works here"  # the provider's development sign-in accepts any

# The provider's people. "tamper" makes the provider re-sign that person's ID token, with its own key, with a
# wrong audience or an expiry already past.
ACCOUNTS = {
    "nurse": {"email": "nurse@northfield.example"},
    "unverified": {"email": "unverified@northfield.example", "email_verified": False},
    "outsider": {"email": "someone@elsewhere.example"},
    "riverside": {"email": "leader@riverside.example"},
    "moved": {"email": "moved@northfield.example"},
    # Another person at the provider given the nurse's old mailbox: the same email, another `sub`.
    "mailbox-reused": {"email": "nurse@northfield.example"},
    "wrong-audience": {"email": "nurse@northfield.example", "tamper": "audience"},
    "expired": {"email": "nurse@northfield.example", "tamper": "expired"},
}


def private_key_pem() -> tuple[str, dict]:
    """A new RSA key and the public JWK (with its thumbprint as kid) a provider registers, as an admin would."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return pem, public_jwks(pem)["keys"][0]


@dataclass
class Provider:
    issuer: str
    private_key: str
    process: subprocess.Popen


def node() -> str:
    path = shutil.which("node")
    if path is None:
        raise RuntimeError("Node.js is needed to run the test OpenID Connect provider: install nodejs")
    return path


@contextlib.contextmanager
def running_provider(*, redirect_uris: list[str], post_logout_redirect_uris: list[str] = (), port: int = 0):
    pem, public_jwk = private_key_pem()
    common = {
        "redirect_uris": redirect_uris,
        "post_logout_redirect_uris": list(post_logout_redirect_uris),
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
    }
    config = {
        "port": port,
        "accounts": ACCOUNTS,
        "clients": [
            {
                **common,
                "client_id": SECRET_CLIENT,
                "client_secret": SECRET,
                "token_endpoint_auth_method": "client_secret_basic",
            },
            {
                **common,
                "client_id": KEY_CLIENT,
                "token_endpoint_auth_method": "private_key_jwt",
                "jwks": {"keys": [public_jwk]},
            },
        ],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
        json.dump(config, file)
        file.flush()
        process = subprocess.Popen(
            [node(), str(SCRIPT), file.name],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=settings.BASE_DIR,
        )
        try:
            line = process.stdout.readline().strip()
            if not line.startswith("listening "):
                raise RuntimeError(f"The test OpenID Connect provider did not start: {line!r}")
            yield Provider(issuer=line.split(" ", 1)[1], private_key=pem, process=process)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
