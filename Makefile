# Attend: `make run` serves the demo; `make test` runs every check. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := .uv/bin/uv
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=

.PHONY: help install run worker test lint test-js test-sqlite test-postgres test-deps clean

help:
	@echo "make run   install, migrate, load the demo and serve Attend on http://127.0.0.1:8000"
	@echo "make test  install what tests need and run every check (lint, SQLite, PostgreSQL)"

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

install: .venv/.synced build/static/.built

run: install
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
	@echo "Emails (invitations, password resets) are printed here. Press Ctrl+C to stop."
	@echo
	$(MANAGE) db_worker & worker=$$!; \
	$(MANAGE) periodic --every 60 & dispatcher=$$!; \
	trap 'kill $$worker $$dispatcher 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

# Debian's Chromium (Playwright cannot download its own browser here) and PostgreSQL server binaries.
test-deps:
	@if ! command -v chromium >/dev/null; then \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; fi

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djlint attend --lint
	$(MANAGE) makemigrations --check --dry-run --settings=attend.config.settings.test
	$(PYTHON) scripts/lint_scoping.py

# The player's pure modules (schedule, offline log queue), with Node's own test runner: no packages.
test-js: node_modules/.installed
	node --test attend/practice/tests/js/

test-sqlite: install test-deps
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PYTHON) -m pytest $(PYTEST_ARGS)

test-postgres: install test-deps
	DJANGO_ALLOW_ASYNC_UNSAFE=true bash scripts/with_postgres.sh $(PYTHON) -m pytest $(PYTEST_ARGS)

# The two database runs share nothing (own SQLite file, own throwaway cluster), so they run side by side;
# -Otarget keeps each run's output together.
test: lint test-js
	$(MAKE) --no-print-directory -j2 -Otarget test-sqlite test-postgres

clean:
	rm -rf .venv .uv node_modules build staticfiles db.sqlite3
