import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thscp.settings")

app = Celery("thscp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
