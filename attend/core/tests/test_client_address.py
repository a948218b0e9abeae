import pytest
from django.test import RequestFactory

from attend.core.client_address import client_address


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy: a client-sent header is ignored
        (1, "203.0.113.9", "203.0.113.9"),  # one proxy: the address it added
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a forged left-hand entry is ignored
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies: fall back to the socket address
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_our_own_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
