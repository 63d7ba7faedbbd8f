# Partnership Hub: `make run` to try it, `make test` to test it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast lint check assets clean

install: $(VENV)/.installed node_modules/.installed static/build/.built

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/.built: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build
	touch $@

assets: node_modules/.installed
	npm run --silent build

# Embedded defaults: SQLite, Celery eager, email to the console, demo data.
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "Open http://$(HOST):$(PORT)/ and sign in with a demo login above."
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	TESTING=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

check: install
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
