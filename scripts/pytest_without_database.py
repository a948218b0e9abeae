"""A pytest plugin for `make test-fast`: run only the tests that need no database.

Load it with `python -m pytest -p scripts.pytest_without_database`. It deselects every test that
pytest-django would give a database (a `django_db` mark, or a fixture such as `db`,
`transactional_db` or `live_server`, however indirectly requested), so what is left is the pure unit
tests: the diary engine, scoring, anonymity rules, identifier detection, presenters on plain data,
and the like. When nothing selected needs a database, pytest-django never creates the test database
or runs the migrations, which is most of a small run's time.
"""

import pytest

DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_setup",  # not django_db_blocker: pytest-django's own autouse fixtures ask for that one
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
    "admin_user",
    "admin_client",
}


def needs_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    selected, deselected = [], []
    for item in items:
        (deselected if needs_database(item) else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
