"""The health check for the load balancer: GET /health/.

Unauthenticated, and it says nothing but "ok" or "failing" for each check, with HTTP 200
when all are ok and 503 otherwise: no versions, no error text, no timings. What failed
and why goes to the log.

- database: a query answers;
- broker: the Celery broker (Redis) answers a ping;
- beat: the beat's heartbeat task (every minute, run by a worker) ran recently, so the
  scheduled jobs (reminders, retention, sweeps) are running.

Without a broker (REDIS_URL empty: tasks run in the request) there is no broker or beat
to check, and only the database is reported.

Every failing check answers 503 unless settings.HEALTH_REQUIRED leaves it out: behind one
load balancer, several web servers would all be withdrawn together for a stopped beat,
which does not stop them serving pages, so such a deployment may require only the
database and the broker and alert on "beat": "failing" from its monitoring instead.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import Heartbeat

logger = logging.getLogger(__name__)

BEAT = "beat"


def database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("select 1")
        return cursor.fetchone()[0] == 1


def broker_ok() -> bool:
    """The broker is Redis (REDIS_URL): it answers PING, within a short timeout so that
    a hung Redis fails the check rather than the load balancer's request."""
    import redis

    timeout = settings.HEALTH_TIMEOUT_SECONDS
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        return bool(client.ping())
    finally:
        client.close()


def beat_ok() -> bool:
    beat_at = Heartbeat.objects.filter(name=BEAT).values_list("beat_at", flat=True).first()
    stale_after = timedelta(seconds=settings.HEALTH_BEAT_STALE_SECONDS)
    return beat_at is not None and timezone.now() - beat_at <= stale_after


def checks() -> dict:
    """name -> the function that says whether it is healthy. The broker and the beat are
    checked only where there is a broker."""
    found = {"database": database_ok}
    if settings.REDIS_URL:
        found.update(broker=broker_ok, beat=beat_ok)
    return found


def run_checks() -> dict[str, bool]:
    results = {}
    for name, check in checks().items():
        try:
            results[name] = bool(check())
        except Exception:  # noqa: BLE001 - any failure of a dependency is "failing"
            logger.warning("health check %s failed", name, exc_info=True)
            results[name] = False
        else:
            if not results[name]:
                logger.warning("health check %s failed", name)
    return results


@login_not_required
@never_cache
@require_safe
def health(request):
    results = run_checks()
    required = set(settings.HEALTH_REQUIRED)
    return JsonResponse(
        {name: "ok" if healthy else "failing" for name, healthy in results.items()},
        status=200 if all(healthy for name, healthy in results.items() if name in required) else 503,
    )


def record_beat() -> None:
    """The heartbeat task's work: note that the beat (and a worker) ran just now."""
    Heartbeat.objects.update_or_create(name=BEAT, defaults={"beat_at": timezone.now()})
