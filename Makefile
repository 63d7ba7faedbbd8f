# Partnership Hub: `make run` to try it, `make test` to test it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails point where `make run` serves, unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install run test test-fast lint check assets clean bench backup restore

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
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo
	@echo "Open http://$(HOST):$(PORT)/ and sign in with a demo login above."
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

# The tests run in two parts. Everything but the browser tests runs on pytest-xdist
# workers (TEST_WORKERS=0 runs it in one process, for --pdb); the browser tests then
# run in one process of their own, since Playwright holds an event loop in the test
# thread. `make test-fast` is the first part alone. PYTEST_ARGS go to both parts.
TEST_WORKERS ?= auto
PYTEST := TESTING=1 $(PY) -m pytest
NOT_BROWSER := -m "not browser" -n $(TEST_WORKERS)

# Both parts always run. Exit status: the first part's failure, else the second's; 5
# ("no tests ran") only when PYTEST_ARGS select nothing in either part. Both summary
# lines are repeated at the end, a failing one last.
test: install
	@color=$$([ -t 1 ] && echo yes || echo no); logs=$$(mktemp -d); \
	echo "== make test: all but the browser tests =="; \
	$(PYTEST) --color=$$color $(NOT_BROWSER) $(PYTEST_ARGS) | tee $$logs/other; other=$${PIPESTATUS[0]}; \
	echo "== make test: the browser tests =="; \
	$(PYTEST) --color=$$color -m browser $(PYTEST_ARGS) | tee $$logs/browser; browser=$${PIPESTATUS[0]}; \
	if [ $$other -eq 5 ] && [ $$browser -eq 5 ]; then rm -rf $$logs; exit 5; fi; \
	[ $$other -eq 5 ] && other=0; [ $$browser -eq 5 ] && browser=0; \
	echo "== make test: the summaries of both parts =="; \
	if [ $$other -ne 0 ] && [ $$browser -eq 0 ]; then order="browser other"; else order="other browser"; fi; \
	for part in $$order; do tail -n 1 $$logs/$$part; done; \
	rm -rf $$logs; \
	if [ $$other -ne 0 ]; then exit $$other; fi; exit $$browser

# Everything but the browser tests, on pytest-xdist workers: the loop to run while working.
test-fast: install
	$(PYTEST) $(NOT_BROWSER) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

check: install
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# The benchmark (bench/run.py): a scratch PostgreSQL database, gunicorn, factor 1 and 10;
# writes its tables into docs/performance.md. Not part of `make test`.
bench: install
	$(PY) -m bench.run

# A dated archive of the PostgreSQL database (pg_dump -Fc) and MEDIA_ROOT, in backups/
# (BACKUP_DIR changes it); and its restore into a named database and folder (ops/backup.py).
backup: install
	$(PY) -m ops.backup create

# The files go to a folder (MEDIA=) or to object storage (STORAGE=s3://bucket?...).
restore: install
	@test -n "$(BACKUP)" -a -n "$(DATABASE)" -a -n "$(MEDIA)$(STORAGE)" || \
	  { echo "Usage: make restore BACKUP=backups/<archive>.tar DATABASE=<new database> MEDIA=<empty folder> (or STORAGE=<empty s3://bucket?...>)"; exit 2; }
	$(PY) -m ops.backup restore "$(BACKUP)" --database "$(DATABASE)" \
	  $(if $(STORAGE),--storage-url "$(STORAGE)",--media "$(MEDIA)")

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
