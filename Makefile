# Attend: `make run` serves the demo; `make test` runs every check. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := .uv/bin/uv
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=

.PHONY: help install run test test-fast lint test-js test-sqlite test-postgres test-deps clean

# Every target a person runs carries a `## description` after its name; `make help` lists them in file order.
help: ## list every target with what it does
	@awk 'BEGIN { FS = ":[^#]*## " } /^[a-zA-Z][a-zA-Z0-9_-]*:[^=]*## / { printf "make %-14s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# uv itself comes from PyPI into a small private venv, so no global install is needed.
$(UV):
	python3 -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build/static/.built: node_modules/.installed scripts/build_static.sh $(wildcard attend/core/assets/scss/*.scss)
	bash scripts/build_static.sh
	touch $@

install: .venv/.synced build/static/.built ## install Python packages (uv), npm packages and build the static files

run: install ## install, migrate, load the demo and serve Attend on http://127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_data
	@echo
	@echo "Attend is starting on http://127.0.0.1:8000"
	@echo "Sign in with any of these, password attend-demo:"
	@echo "  admin@northfield.example        organisation admin"
	@echo "  leader@northfield.example       leads District Nursing North"
	@echo "  member@northfield.example       team member"
	@echo "  facilitator@northfield.example  facilitator"
	@echo "  leader@riverside.example        a second organisation, to show they never mix"
	@echo "Single sign-on: choose 'Sign in with your organisation's account' and enter a Northfield address above;"
	@echo "  the local provider on http://127.0.0.1:9400 takes any password (README, Single sign-on)."
	@echo "Emails (invitations, password resets) are printed here. Press Ctrl+C to stop."
	@echo
	$(MANAGE) worker & worker=$$!; \
	$(MANAGE) periodic --every 60 & dispatcher=$$!; \
	node scripts/oidc_provider.mjs scripts/oidc_demo.json 2>/dev/null & provider=$$!; \
	trap 'kill $$worker $$dispatcher $$provider 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

# Debian's Chromium (Playwright cannot download its own browser here) and PostgreSQL server binaries.
test-deps: ## install Debian's chromium and PostgreSQL server if missing (apt-get)
	@if ! command -v chromium >/dev/null; then \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; fi

lint: install ## ruff, djlint, makemigrations --check, the tenant scoping and import cycle lints
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djlint attend --lint
	$(MANAGE) makemigrations --check --dry-run --settings=attend.config.settings.test
	$(PYTHON) scripts/lint_scoping.py
	$(PYTHON) scripts/lint_imports.py

# The quick loop while you work: lint, then the tests that need neither a browser nor a database nor a few
# seconds each (the pure unit tests: about 1,230 of 3,238). The plugin deselects every test pytest-django
# would give a database, so no test database is made; `slow` marks the few pure tests that start
# subprocesses, a CalDAV server or build big data. 50 s on a quiet 2-core machine (15 s of it collecting).
# `make test-sqlite PYTEST_ARGS='-m "not system"'` runs every test but the browser ones.
test-fast: lint ## lint and the unit tests that need no browser and no database (the quick loop while you work)
	ATTEND_TEST_SQLITE=build/test-fast.sqlite3 $(PYTHON) -m pytest -m "not system and not slow" -p scripts.pytest_without_database -q $(PYTEST_ARGS)

# The player's pure modules (schedule, offline log queue), with Node's own test runner: no packages.
test-js: node_modules/.installed ## the Practice player's JavaScript unit tests (Node's test runner)
	node --test attend/practice/tests/js/

# Alone, each runs the whole suite on its database; `make test` narrows them with these (see below).
SQLITE_SELECTION ?=
POSTGRES_SELECTION ?=

test-sqlite: install test-deps ## the whole Python suite, browser journeys too, on SQLite (PYTEST_ARGS to narrow)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PYTHON) -m pytest $(SQLITE_SELECTION) $(PYTEST_ARGS)

test-postgres: install test-deps ## the whole Python suite on a throwaway PostgreSQL cluster
	DJANGO_ALLOW_ASYNC_UNSAFE=true bash scripts/with_postgres.sh $(PYTHON) -m pytest $(POSTGRES_SELECTION) $(PYTEST_ARGS)

# The two database runs share nothing (own SQLite file, own throwaway cluster), so they run side by side;
# -Otarget keeps each run's output together. Every test that is not a browser test runs on both databases.
# Browser tests run once: what a browser sees does not depend on the database, and every view and service
# under them is tested on both. The journeys run on SQLite, the every-page axe sweep (marked `sweep`, the
# largest single cost) on PostgreSQL, the database of a real deployment; that also evens the two halves.
test: lint test-js ## every check: lint, JavaScript tests, the suite on SQLite and on PostgreSQL
	$(MAKE) --no-print-directory -j2 -Otarget test-sqlite test-postgres \
		SQLITE_SELECTION='-m "not sweep"' POSTGRES_SELECTION='-m "not system or sweep"'

clean: ## remove everything make built or installed (.venv, node_modules, build, the demo database)
	rm -rf .venv .uv node_modules build staticfiles db.sqlite3
