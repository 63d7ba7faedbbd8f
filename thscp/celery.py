import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thscp.settings")

app = Celery("thscp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
