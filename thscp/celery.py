import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thscp.settings")

app = Celery("thscp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="thscp.ping")
def ping() -> str:
    """A health check the worker answers; used by operators and the broker test."""
    return "pong"


def queue(task_name: str, *args) -> None:
    """Queue a task by its registered name. Services queue their own tasks this way:
    each tasks module imports its services, so the services cannot import it.
    ThscpConfig.ready imports every tasks module, so every process knows every name."""
    app.tasks[task_name].apply_async(args, retry=False)


@worker_init.connect
@beat_init.connect
def _refuse_to_start_without_a_secret_key(**kwargs):
    from django.core.exceptions import ImproperlyConfigured

    from thscp.startup import refuse_to_start_without_a_secret_key

    try:
        refuse_to_start_without_a_secret_key()
    except ImproperlyConfigured as error:
        # Celery logs and ignores exceptions from signal handlers: exit instead.
        raise SystemExit(f"Refusing to start: {error}") from error


@beat_init.connect
def _hold_the_beat_lock(**kwargs):
    """Standby until no other beat runs (thscp/beat_lock.py)."""
    from thscp.beat_lock import hold_beat_lock

    hold_beat_lock()
