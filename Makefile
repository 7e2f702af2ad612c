# Front Desk: `make run` (set-up, demo data, web + worker + beat) and `make test` (the suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
DEB_PACKAGES := fonts-wqy-microhei fonts-noto-cjk libharfbuzz-subset0 poppler-utils gettext \
	libpango-1.0-0 libpangoft2-1.0-0
PYTEST_ARGS ?= -n 2

.PHONY: help install system-deps assets setup run serve test test-postgres lint format messages \
	migrations-check bench clean

help:
	@echo "make run   - set up, seed demo data and start the app with its workers"
	@echo "make test  - the whole test suite on SQLite"
	@echo "make serve - run it for real: DEBUG off, gunicorn workers, a worker and beat"
	@echo "make load  - the load test (locust under gunicorn) with its gates, for figures"

system-deps:
	@missing=$$(for p in $(DEB_PACKAGES) $(EXTRA_DEB_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages: $$missing"; \
			apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; \
		else \
			echo "Missing Debian packages. Install them with:"; \
			echo "  sudo apt-get install -y $$missing"; exit 1; \
		fi; \
	fi

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]' -c constraints.txt
	touch $@

install: system-deps $(VENV)/.installed

static/vendor/.built: package.json package-lock.json scripts/copy-assets.js
	npm ci --no-audit --no-fund --loglevel=error
	npm run -s build
	touch $@

assets: static/vendor/.built

setup: install assets
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py init_broker
	$(PY) manage.py seed_demo

run: setup
	./scripts/run-dev.sh

# For real: DEBUG off, gunicorn + worker + beat; no demo data (README, "Running it for real").
serve: install assets
	DEBUG=false $(PY) manage.py migrate --noinput -v0
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
	DEBUG=false $(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py init_broker
	./scripts/serve.sh

# The browser tests drive Debian's chromium (never a downloaded browser).
test: EXTRA_DEB_PACKAGES += chromium
test: install assets
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore='.venv/*' \
		--ignore='node_modules/*' --ignore='tests/*' --ignore='var/*'

bench: setup
	$(PY) manage.py bench $(BENCH_ARGS)

# The load test (scripts/load.sh): the desk as in production (DEBUG off, gunicorn) on a
# throwaway database with the demo data, driven by locust's receptionists and cashiers; prints
# the figures and fails on a gate. SQLite, or PostgreSQL with DATABASE_URL=postgres://…/<db>
# (<db> is dropped and made afresh). `make load`: 40 users for 3 minutes, for figures;
# `make load-ci`: 10 users for 70 s on half the demo data (.ci/run, both databases).
.PHONY: load load-ci
load: install assets
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
	USERS=$${USERS:-40} DURATION=$${DURATION:-180s} SPAWN_RATE=$${SPAWN_RATE:-4} \
		WORKERS=$${WORKERS:-6} ./scripts/load.sh

load-ci: install assets
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
	USERS=$${USERS:-10} DURATION=$${DURATION:-70s} SEED_SCALE=$${SEED_SCALE:-0.5} ./scripts/load.sh

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf var static/vendor node_modules
