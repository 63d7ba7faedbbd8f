# syntax=docker/dockerfile:1
#
# Production image for Partnership Hub. One image runs every process of the stack:
#   web     the default command (gunicorn)
#   worker  celery -A thscp worker -l info
#   beat    celery -A thscp beat -l info
#   migrate python manage.py migrate --noinput
#   backup  python -m ops.backup create   (BACKUP_DIR: a mounted folder)
# All configuration comes from the environment at run time: see README.md.
# There is no .dockerignore, so the app is copied directory by directory, never with `COPY . .`
# (which would bring in .venv, node_modules and a developer's db.sqlite3).

# ---------------------------------------------------------------------------
# 1. Front-end assets: GOV.UK Frontend compiled with Dart Sass into static/build.
FROM node:20-slim AS assets

WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

COPY static/scss static/scss
COPY static/js static/js
# The compiled stylesheet refers to GOV.UK Frontend images under /static/build/assets/,
# and collectstatic (manifest storage) refuses a stylesheet whose references are missing.
RUN npm run build \
 && if [ ! -d static/build/assets ]; then \
      cp -r node_modules/govuk-frontend/dist/govuk/assets static/build/assets; \
    fi

# ---------------------------------------------------------------------------
# 2. Python dependencies, installed into a virtual environment that the last stage copies.
FROM python:3.11-slim-bookworm AS python-deps

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv

WORKDIR /src
# Dependencies first, from pyproject.toml alone, so that a change to the code does not
# reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt

COPY thscp thscp
COPY governance governance
COPY reviews reviews
COPY priorities priorities
COPY dataset dataset
COPY training training
RUN pip install .

# ---------------------------------------------------------------------------
# 3. The runtime image.
FROM python:3.11-slim-bookworm

# The PostgreSQL server's major version: `make backup` (pg_dump) in this image refuses a
# server newer than its client, so the client comes from PostgreSQL's own Debian archive
# at the version docker-compose.yml runs.
ARG POSTGRES_MAJOR=16

# WeasyPrint's system libraries (PDF output), fonts, MIME types for uploads, the
# PostgreSQL client programs for `python -m ops.backup` (pg_dump, pg_restore, psql, createdb),
# and poppler's pdftotext (the text of a PDF uploaded as the yearly report, checked before sign-off).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg \
 && curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc \
      | gpg --dearmor -o /usr/share/keyrings/postgresql.gpg \
 && echo "deb [signed-by=/usr/share/keyrings/postgresql.gpg] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libffi8 \
      fonts-liberation shared-mime-info postgresql-client-${POSTGRES_MAJOR} poppler-utils \
 && apt-get purge -y --auto-remove curl gnupg \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
      --shell /usr/sbin/nologin app

# PYTHONPATH: the installed wheel holds the Python modules but not the templates, and
# settings derive BASE_DIR (templates, static files) from their own location, so the
# code runs from /app, which comes first on the path.
# WEB_CONCURRENCY: gunicorn's worker count; override it at run time if needed.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=thscp.settings \
    MEDIA_ROOT=/var/lib/partnership-hub/media \
    WEB_CONCURRENCY=3

COPY --from=python-deps /opt/venv /opt/venv

WORKDIR /app
COPY manage.py ./
COPY templates templates
COPY thscp thscp
COPY governance governance
COPY reviews reviews
COPY priorities priorities
COPY dataset dataset
COPY training training
COPY ops ops
COPY static/js static/js
COPY --from=assets /src/static/build static/build

# The secret here exists only for this command; it is not stored in the image.
RUN SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --noinput \
 && python -m compileall -q manage.py thscp governance reviews priorities dataset training ops

# The code stays owned by root (read-only to the app); only uploads are writable.
RUN install -d -o app -g app -m 0750 /var/lib/partnership-hub/media

USER app
EXPOSE 8000

CMD ["gunicorn", "--config", "python:thscp.gunicorn", "thscp.wsgi:application"]
