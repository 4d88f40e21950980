# Two commands: `make run` (dev server on SQLite, eager Celery) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# constraints.txt pins every transitive package (regenerate: .venv/bin/pip freeze > constraints.txt).
PIP := $(BIN)/pip install --disable-pip-version-check --build-constraint build-constraints.txt -c constraints.txt
APT_RUN_PACKAGES := fonts-liberation2 fonts-noto-core poppler-utils
APT_TEST_PACKAGES := chromium $(APT_RUN_PACKAGES)
# The benchmarks in bench/ load the server from a second process with wrk.
APT_BENCH_PACKAGES := wrk
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on every core (pytest-xdist); tests sharing one outside resource name an xdist_group.
PYTEST_WORKERS ?= auto

.PHONY: run test venv venv-dev system-run system-test system-bench migrate seed lint check-migrations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet --upgrade "pip>=25.3"

$(VENV)/.runtime: $(BIN)/python requirements.txt build-constraints.txt constraints.txt
	$(PIP) --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.runtime
venv-dev: $(VENV)/.dev

# Debian packages: installed when we are root, otherwise we say what is missing.
system-run:
	@./scripts/apt-ensure.sh $(APT_RUN_PACKAGES)

system-test:
	@./scripts/apt-ensure.sh $(APT_TEST_PACKAGES)

system-bench:
	@./scripts/apt-ensure.sh $(APT_BENCH_PACKAGES)

migrate: venv
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: system-run venv seed
	@echo "Cổng OCOP: http://$(HOST):$(PORT)/  (tài khoản demo: xem README.md)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: venv-dev
	$(BIN)/ruff check .

check-migrations: venv-dev
	DJANGO_SETTINGS_MODULE=ocop_portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test: system-test venv-dev lint check-migrations
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

clean:
	rm -rf $(VENV) staticfiles test-artifacts db.sqlite3
