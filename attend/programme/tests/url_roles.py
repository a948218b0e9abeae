"""How every Programme URL answers each role; merged into attend/tests/test_url_roles.EXPECTED."""

from attend.tests.roles import statuses  # noqa: F401

EXPECTED: dict[str, dict[str, int]] = {}

# URLs that answer with a file, not a page (the axe sweep skips them).
DOWNLOADS: set[str] = set()
