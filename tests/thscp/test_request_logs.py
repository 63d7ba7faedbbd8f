"""A request id on every response and every log line of the request; JSON logs by setting."""

import io
import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.db import OperationalError, connection

from thscp.operations.request_logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """The health check's logger, written as the JSON handler of settings.LOGGING writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("thscp.operations.health")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


@pytest.fixture
def failing_database(settings, monkeypatch):
    """The health check then logs a warning inside the request."""
    settings.REDIS_URL = ""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)


def test_every_response_carries_a_new_request_id(client):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_an_incoming_request_id_is_ignored_unless_a_setting_trusts_the_header(client, settings):
    settings.REQUEST_ID_HEADER = ""
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="from-the-client")
    assert response["X-Request-ID"] != "from-the-client"


def test_the_trusted_header_gives_the_request_id(client, settings):
    settings.REQUEST_ID_HEADER = "X-Request-ID"
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-1f3a:42")
    assert response["X-Request-ID"] == "lb-1f3a:42"


@pytest.mark.parametrize("forged", ["two words", "line\nbreak", "x" * 129, '{"level":"ERROR"}'])
def test_a_malformed_id_in_the_trusted_header_is_replaced(client, settings, forged):
    settings.REQUEST_ID_HEADER = "X-Request-ID"
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=forged)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_log_lines_written_during_a_request_carry_its_id(client, json_log, failing_database):
    response = client.get("/health/")
    entry = json.loads(json_log.getvalue().splitlines()[-1])
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "thscp.operations.health"
    assert entry["message"] == "health check database failed"
    assert "OperationalError" in entry["exception"]


def test_a_json_log_line_stays_one_line_whatever_the_message(json_log):
    logging.getLogger("thscp.operations.health").warning("first line\nsecond line")
    lines = json_log.getvalue().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) | {"time": None} == {
        "time": None,
        "level": "WARNING",
        "logger": "thscp.operations.health",
        "message": "first line\nsecond line",
        "request_id": "-",
    }


def test_log_format_json_makes_every_log_line_json(settings):
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import logging; logging.getLogger('security').info('signed in')",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "TESTING": "1", "LOG_FORMAT": "json"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["logger"] == "security"
    assert entry["message"] == "signed in"
    assert entry["request_id"] == "-"
