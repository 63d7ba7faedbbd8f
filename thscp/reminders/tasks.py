"""Celery tasks: thin wrappers that call the reminder workflows."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from governance.calendar import is_working_day

from . import services as reminders

logger = logging.getLogger(__name__)

# Errors worth another try: the mail server or the network, not our own bugs.
TRANSIENT_EMAIL_ERRORS = (smtplib.SMTPException, OSError)


@shared_task(name="thscp.run_daily_reminders", acks_late=True)
def run_daily_reminders() -> str:
    """The 07:00 job: reminders go out on working days only."""
    today = timezone.localdate()
    if not is_working_day(today):
        return f"{today} is not a working day"
    run = reminders.run_reminders(today=today, triggered_by="schedule")
    return f"{run.items_claimed} reminders in {run.digests_created} digests"


@shared_task(
    bind=True,
    name="thscp.send_digest",
    acks_late=True,
    max_retries=reminders.MAX_SEND_ATTEMPTS - 1,
)
def send_digest(self, digest_id: int) -> str:
    try:
        return reminders.deliver_digest(
            digest_id=digest_id, final_attempt=self.request.retries >= self.max_retries
        )
    except TRANSIENT_EMAIL_ERRORS as error:
        if self.request.retries >= self.max_retries:
            logger.error("reminder digest %s failed after %s attempts", digest_id, self.request.retries + 1)
            raise
        # Exponential back-off: 30 s, 1, 2, 4, 8 minutes; well under the visibility timeout.
        countdown = settings.REMINDER_RETRY_BASE_SECONDS * 2**self.request.retries
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task(name="thscp.sweep_reminders", acks_late=True)
def sweep_reminders() -> dict:
    return reminders.sweep()
