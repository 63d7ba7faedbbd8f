import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from governance.models import Agency
from tests.services import redis_url, require
from thscp.celery import app, ping


@pytest.mark.services
@pytest.mark.django_db
def test_postgresql_enforces_one_agency_per_statutory_partner():
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert "PostgreSQL" in cursor.fetchone()[0]
    Agency.objects.create(name="Council", kind="local_authority", statutory_partner="local_authority")
    Agency.objects.create(name="School", kind="education", statutory_partner="")
    Agency.objects.create(name="Charity", kind="voluntary_sector", statutory_partner="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(
            name="Other council", kind="local_authority", statutory_partner="local_authority"
        )


@pytest.mark.services
def test_a_real_celery_worker_runs_a_task_through_redis():
    url = redis_url()
    require(url is not None, "Redis (REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = ping.delay()
            assert result.get(timeout=20) == "pong"
            assert result.status == "SUCCESS"
    finally:
        app.conf.update(saved)


def _base_environment():
    unset = {"TESTING", "DEBUG", "SECRET_KEY", "REDIS_URL"}
    return {key: value for key, value in os.environ.items() if key not in unset}


def _run_django(args, **env):
    return _run_python(["manage.py", *args], **env)


def _run_python(args, **env):
    return subprocess.run(  # noqa: S603 - our own code with fixed arguments
        [sys.executable, *args],
        env={**_base_environment(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_web_app_refuses_to_start_without_a_secret_key():
    # gunicorn and runserver both load thscp.wsgi.
    result = _run_python(["-c", "import thscp.wsgi"], DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_runserver_refuses_to_start_without_a_secret_key():
    result = _run_django(["runserver", "127.0.0.1:0", "--noreload"], DEBUG="0", ALLOWED_HOSTS="localhost")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_celery_worker_refuses_to_start_without_a_secret_key():
    result = subprocess.run(  # noqa: S603 - our own Celery app with fixed arguments
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "thscp",
            "worker",
            "--pool=solo",
            "-l",
            "warning",
        ],
        env={**_base_environment(), "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Refusing to start: SECRET_KEY must be set" in result.stdout + result.stderr


def test_the_deployment_check_fails_without_a_secret_key():
    result = _run_django(["check", "--deploy"], DEBUG="0", ALLOWED_HOSTS="hub.example.org")
    assert result.returncode != 0
    assert "thscp.E001" in result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    result = _run_django(["makemigrations", "--check", "--dry-run"], DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_production_settings_pass_the_deployment_checklist_with_no_warnings():
    result = _run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "x7Qp2LmZ9vR4tY8wK3nB6cH1jF5dS0aG",
        ALLOWED_HOSTS="hub.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
