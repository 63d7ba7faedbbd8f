"""Celery tasks for the yearly report: thin wrappers around thscp.reports.services."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    bind=True,
    name="thscp.render_yearly_report",
    acks_late=True,
    # A message whose worker died is delivered again (acks_late, reject on worker lost):
    # run_render takes the abandoned render over once.
    reject_on_worker_lost=True,
    max_retries=3,
)
def render_yearly_report(self, render_id: int) -> str:
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    try:
        return services.run_render(render_id=render_id, redelivered=redelivered)
    except OperationalError as error:
        # The database was unreachable before the render was claimed or recorded: try later.
        # Countdowns stay well under the broker's visibility timeout (an hour).
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task(name="thscp.sweep_report_renders", acks_late=True)
def sweep_report_renders() -> dict:
    return services.sweep()
