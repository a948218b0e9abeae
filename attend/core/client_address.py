from django.conf import settings


def client_address(request) -> str:
    """The address the request came from. Behind TRUSTED_PROXY_COUNT proxies, read it from X-Forwarded-For.

    Only the entry our own nearest proxy added can be trusted; anything to its left is whatever the client sent.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
