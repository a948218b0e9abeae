"""Which addresses Diary may fetch from: only public ones, however an inside address is dressed up in IPv6.

An IPv6 address can carry an IPv4 address inside it (IPv4-mapped, IPv4-translated, NAT64, IPv4-compatible,
6to4, Teredo). A NAT64 gateway or a dual-stack socket turns such an address back into its IPv4 one, so
64:ff9b::7f00:1 can reach 127.0.0.1. Each form of every inside range is refused."""

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attend.diary import fetching

# One address from each range that must never be fetched: loopback, the three private ranges, link-local
# (cloud metadata), carrier-grade NAT, "this network", documentation, benchmarking, reserved, broadcast, multicast.
INSIDE = [
    "127.0.0.1",
    "127.255.0.9",
    "10.0.0.8",
    "172.16.4.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.254",
    "0.0.0.0",
    "0.1.2.3",
    "192.0.2.10",
    "198.18.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "224.0.0.1",
    "239.255.255.250",
]
OUTSIDE = ["8.8.8.8", "93.184.215.14", "151.101.1.69", "1.1.1.1"]


def as_int(v4: str) -> int:
    return int(ipaddress.IPv4Address(v4))


def forms(v4: str) -> dict[str, str]:
    """The IPv6 addresses that carry `v4` inside them."""
    n = as_int(v4)
    teredo = (0x2001 << 112) | (as_int("65.54.227.120") << 64) | (0x8000 << 48) | (0xFFFF << 32) | (n ^ 0xFFFFFFFF)
    return {
        "IPv4-mapped ::ffff:0:0/96": str(ipaddress.IPv6Address((0xFFFF << 32) | n)),
        "IPv4-translated ::ffff:0:0:0/96": str(ipaddress.IPv6Address((0xFFFF << 48) | n)),
        "NAT64 64:ff9b::/96": str(ipaddress.IPv6Address((0x64FF9B << 96) | n)),
        "local NAT64 64:ff9b:1::/48": str(ipaddress.IPv6Address((0x64FF9B0001 << 80) | n)),
        "IPv4-compatible ::/96": str(ipaddress.IPv6Address(n)),
        "6to4 2002::/16": str(ipaddress.IPv6Address((0x2002 << 112) | (n << 80) | 1)),
        "Teredo 2001::/32": str(ipaddress.IPv6Address(teredo)),
    }


@pytest.mark.parametrize("v4", INSIDE)
def test_an_inside_ipv4_address_is_refused(v4):
    assert not fetching.address_is_public(v4)


@pytest.mark.parametrize("form", list(forms("127.0.0.1")))
@pytest.mark.parametrize("v4", INSIDE)
def test_an_inside_ipv4_address_is_refused_in_every_ipv6_form(v4, form):
    address = forms(v4)[form]

    assert not fetching.address_is_public(address), f"{address} ({form} of {v4})"


@pytest.mark.parametrize("v4", OUTSIDE)
def test_a_public_ipv4_address_is_allowed_plainly_mapped_or_through_nat64(v4):
    carried = forms(v4)

    assert fetching.address_is_public(v4)
    assert fetching.address_is_public(carried["IPv4-mapped ::ffff:0:0/96"])
    assert fetching.address_is_public(carried["NAT64 64:ff9b::/96"])


@pytest.mark.parametrize(
    "address", ["::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "2001:db8::1", "fe80::1%eth0"]
)
def test_inside_ipv6_addresses_are_refused(address):
    assert not fetching.address_is_public(address)


@pytest.mark.parametrize("address", ["2606:4700::1111", "2a00:1450:4009:81f::200e"])
def test_public_ipv6_addresses_are_allowed(address):
    assert fetching.address_is_public(address)


@given(st.ip_addresses(v=4))
def test_no_form_of_an_ipv4_address_is_more_public_than_the_address_itself(v4):
    for form, address in forms(str(v4)).items():
        if fetching.address_is_public(address):
            assert fetching.address_is_public(str(v4)), f"{address} ({form}) let {v4} through"


@given(st.ip_addresses(v=4))
def test_a_nat64_or_mapped_address_is_judged_by_the_ipv4_address_inside(v4):
    carried = forms(str(v4))
    plain = fetching.address_is_public(str(v4))

    assert fetching.address_is_public(carried["NAT64 64:ff9b::/96"]) == plain
    assert fetching.address_is_public(carried["IPv4-mapped ::ffff:0:0/96"]) == plain


def test_a_host_resolving_to_nat64_loopback_is_refused(monkeypatch):
    answer = [(10, 1, 6, "", ("64:ff9b::7f00:1", 443, 0, 0))]
    monkeypatch.setattr(fetching.socket, "getaddrinfo", lambda *args, **kwargs: answer)

    with pytest.raises(fetching.FetchFailed, match="private or local"):
        fetching.caldav_url_check("https://calendar.example.org/user/calendar/")
