"""Celery tasks of operations: thin wrappers around the services."""

from celery import shared_task
from django.utils import timezone

from . import health, retention


@shared_task(name="thscp.beat_heartbeat", acks_late=True, ignore_result=True)
def beat_heartbeat() -> None:
    """Every minute, from the beat: the health check's evidence that the schedule runs."""
    health.record_beat()


@shared_task(name="thscp.list_records_past_retention", acks_late=True)
def list_records_past_retention() -> str:
    """Every morning: list the records past their retention for the business unit."""
    listed = retention.list_records_past_retention(today=timezone.localdate())
    return f"{listed} records past retention"
