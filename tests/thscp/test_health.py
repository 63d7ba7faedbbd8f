"""GET /health/ for the load balancer: ok or failing per check, 200 or 503, nothing else."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from thscp.operations import health
from thscp.operations.models import Heartbeat
from thscp.operations.tasks import beat_heartbeat

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


class AnsweringRedis:
    def ping(self):
        return True

    def close(self):
        pass


@pytest.fixture
def without_broker(settings):
    settings.REDIS_URL = ""


@pytest.fixture
def with_broker(settings, monkeypatch):
    """A broker that answers (Redis itself is tested in test_health_real_redis)."""
    settings.REDIS_URL = settings.CELERY_BROKER_URL = "redis://broker.invalid:6379/0"
    monkeypatch.setattr("redis.Redis.from_url", lambda *args, **kwargs: AnsweringRedis())


def beat(seconds_ago=0):
    Heartbeat.objects.update_or_create(
        name="beat", defaults={"beat_at": timezone.now() - timedelta(seconds=seconds_ago)}
    )


def test_health_without_a_broker_checks_the_database_and_needs_no_sign_in(client, without_broker):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


def test_health_with_a_broker_checks_the_database_the_broker_and_the_beat(client, with_broker):
    beat(seconds_ago=30)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "beat": "ok"}


def test_health_fails_when_the_database_does_not_answer(client, without_broker, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "failing"}


def test_health_fails_when_the_broker_does_not_answer(client, settings):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = UNREACHABLE_REDIS
    settings.HEALTH_TIMEOUT_SECONDS = 1
    beat()
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "failing", "beat": "ok"}


def test_health_fails_when_the_beat_has_not_run_lately(client, with_broker, settings):
    settings.HEALTH_BEAT_STALE_SECONDS = 300
    beat(seconds_ago=301)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "ok", "beat": "failing"}


def test_a_check_left_out_of_health_required_is_reported_without_failing_the_request(
    client, with_broker, settings
):
    settings.HEALTH_REQUIRED = ["database", "broker"]
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "beat": "failing"}


def test_health_fails_when_the_beat_never_ran(client, with_broker):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["beat"] == "failing"


def test_health_reveals_no_error_and_is_never_cached(client, without_broker, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("password authentication failed for user hub at db.internal:5432")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/health/")
    assert b"db.internal" not in response.content
    assert b"password" not in response.content
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_health_answers_head_and_refuses_post(client, without_broker):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_health_is_answered_over_plain_http_when_everything_else_is_redirected(
    client, without_broker, settings
):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


def test_the_heartbeat_task_records_that_the_beat_ran(with_broker):
    assert not health.beat_ok()
    beat_heartbeat.delay()
    assert Heartbeat.objects.get(name="beat").beat_at > timezone.now() - timedelta(seconds=5)
    assert health.beat_ok()


def test_the_beat_schedules_the_heartbeat_every_minute(settings):
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "thscp.beat_heartbeat")
    assert entry["schedule"] == 60.0
    assert settings.HEALTH_BEAT_STALE_SECONDS > 60


@pytest.mark.services
def test_health_real_redis_answers_as_the_broker(client, settings):
    from tests.services import redis_url, require

    url = redis_url()
    require(url is not None, "Redis (REDIS_URL)")
    settings.REDIS_URL = settings.CELERY_BROKER_URL = url
    beat()
    response = client.get("/health/")
    assert response.json() == {"database": "ok", "broker": "ok", "beat": "ok"}
