"""Deadline reminders: collect every app's deadlines, decide who hears what today, and
send each person one digest.

State-based, not a chain of ETAs: each run works out the stage every deadline is at
today and claims (deadline key, stage, recipient) under a unique constraint. A run
that is repeated, runs twice at once, or catches up after missed days sends only
what was not sent before, and at most one digest per person.
"""

import importlib
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from governance import roles
from governance.calendar import working_days_between
from governance.models import User
from governance.work import due_status, is_waiting_for
from thscp.areas import collect, modules_providing
from thscp.celery import queue

from .models import ReminderDigest, ReminderItem, ReminderRun

logger = logging.getLogger(__name__)

# The apps whose deadlines are reminded: each module has deadlines(today); and the yearly
# report's own (publishing it, and sending it to each recipient).
DEADLINE_SOURCES = [*modules_providing("deadlines"), "thscp.reports.deadlines"]
# The apps with work to do by themselves when it falls due: each module has do_due_work(today).
DUE_WORK_SOURCES = modules_providing("due_work")

# Stages, in working days before the due date.
STATUTORY_STEPS = (5, 2, 1)
OTHER_STEPS = (5,)
MAX_SEND_ATTEMPTS = 6
STALE_SENDING = timedelta(minutes=30)
SWEEP_PENDING_AFTER = timedelta(minutes=5)

URGENCY_ORDER = {"new": -1, "overdue": 0, "due today": 1, "due soon": 2}
HEADINGS = {"new": "Waiting for you now"}


@dataclass(frozen=True)
class PlannedReminder:
    key: str
    stage: str
    recipient: str
    title: str
    due_on: date
    url: str
    statutory: bool
    urgency: str
    status: str = ""


def collect_deadlines(today: date) -> list:
    return collect(DEADLINE_SOURCES, "deadlines", today)


def stage_for(*, due_on: date, statutory: bool, today: date) -> tuple[str, str] | None:
    """The stage a deadline is at today, and its urgency; None if too early to remind.

    Statutory clocks: 5, 2 and 1 working days before, on the day, every working day
    overdue. Others: 5 working days before, on the day, weekly overdue. A missed run
    lands on the latest stage passed, so catching up sends one reminder, not several.
    """
    left = working_days_between(today, due_on)
    steps = STATUTORY_STEPS if statutory else OTHER_STEPS
    if left > max(steps):
        return None
    # The calendar decides overdue and due today, as on My work (governance/work.py): a
    # deadline on a Saturday is overdue on Monday, though no working day lies between.
    if due_on < today:
        left = min(left, -1)
    elif due_on > today:
        left = max(left, 1)
    if left > 0:
        step = min(step for step in steps if step >= left)
        return f"before-{step}", "due soon"
    if left == 0:
        return "due", "due today"
    if statutory:
        return f"overdue-{today.isoformat()}", "overdue"
    return f"overdue-week-{(-left - 1) // 5}", "overdue"


def plan_reminders(today: date) -> list[PlannedReminder]:
    """Who should hear about what today. Reads every app's deadlines; sends nothing."""
    business_unit = set(
        User.objects.filter(is_active=True, groups__name=roles.BUSINESS_UNIT).values_list("email", flat=True)
    )
    opted_out = set(User.objects.filter(reminders=User.ReminderChoice.NONE).values_list("email", flat=True))
    planned = []
    for deadline in collect_deadlines(today):
        stage = stage_for(due_on=deadline.due_on, statutory=deadline.statutory, today=today)
        if stage is None:
            continue
        stage_name, urgency = stage
        status = due_status(deadline.due_on, today, prefix=getattr(deadline, "status_prefix", ""))
        # Whose it is: the rule My work asks too (governance/work.py).
        recipients = set(deadline.responsible) | {
            email for email in getattr(deadline, "escalate_to", ()) if is_waiting_for(deadline, email, today)
        }
        if deadline.statutory:
            # Statutory reminders always go to those responsible and to the business unit.
            recipients |= business_unit
        else:
            recipients -= opted_out
        for recipient in sorted(recipients):
            planned.append(
                PlannedReminder(
                    key=deadline.key,
                    stage=stage_name,
                    recipient=recipient,
                    title=deadline.title[:300],
                    due_on=deadline.due_on,
                    url=deadline.url,
                    statutory=deadline.statutory,
                    urgency=status.urgency or urgency,
                    status=status.tag,
                )
            )
    return planned


def do_due_work(today: date) -> list[str]:
    """Each area's work that does itself when due (thscp/areas.py: due_work), before the
    reminders are planned, so no one is reminded of what was just done. An area's fault
    is logged and does not stop the others or the reminders."""
    done = []
    for name in DUE_WORK_SOURCES:
        try:
            done.extend(importlib.import_module(name).do_due_work(today))
        except Exception:  # noqa: BLE001 - one area's fault must not stop the reminders
            logger.exception("due work of %s failed on %s", name, today)
    for line in done:
        logger.info("due work %s: %s", today, line)
    return done


def run_reminders(*, today: date, triggered_by: str = "schedule") -> ReminderRun:
    """Do the work that is due, then claim today's reminders and queue one digest per
    person. Safe to run again."""
    do_due_work(today)
    return _claim_and_queue(plan_reminders(today), today=today, triggered_by=triggered_by)


def remind_now(*, deadlines: list, today: date, triggered_by: str) -> ReminderRun:
    """Tell those responsible the moment work starts for them (a document sent for
    sign-off starts their clock), not at the next morning's run.

    Claimed like any reminder, at the stage "started", so it is sent once, retried on an
    SMTP failure and listed on the reminders page. It goes to those responsible even if
    they chose no reminders: it is the request itself, not a reminder of it.
    """
    planned = []
    for deadline in deadlines:
        status = due_status(deadline.due_on, today, prefix=getattr(deadline, "status_prefix", ""))
        for recipient in sorted(set(deadline.responsible)):
            planned.append(
                PlannedReminder(
                    key=deadline.key,
                    stage="started",
                    recipient=recipient,
                    title=deadline.title[:300],
                    due_on=deadline.due_on,
                    url=deadline.url,
                    statutory=deadline.statutory,
                    urgency="new",
                    status=status.tag or "New",
                )
            )
    return _claim_and_queue(planned, today=today, triggered_by=triggered_by)


def _claim_and_queue(planned: list[PlannedReminder], *, today: date, triggered_by: str) -> ReminderRun:
    with transaction.atomic():
        run = ReminderRun.objects.create(run_on=today, triggered_by=triggered_by[:120])
        ReminderItem.objects.bulk_create(
            [
                ReminderItem(
                    key=item.key,
                    stage=item.stage,
                    recipient=item.recipient,
                    title=item.title,
                    due_on=item.due_on,
                    url=item.url,
                    statutory=item.statutory,
                    urgency=item.urgency,
                    status=item.status[:60],
                )
                for item in planned
            ],
            batch_size=1000,
            ignore_conflicts=True,  # claimed before: by an earlier run or a concurrent one
        )
        waiting = ReminderItem.objects.filter(digest=None)
        recipients = list(waiting.order_by().values_list("recipient", flat=True).distinct())
        ReminderDigest.objects.bulk_create(
            [ReminderDigest(run=run, recipient=recipient) for recipient in recipients], batch_size=1000
        )
        # One conditional update gives every waiting item to its person's digest; a
        # concurrent run that got there first leaves nothing for this one.
        claimed = waiting.update(
            digest=Subquery(
                ReminderDigest.objects.filter(run=run, recipient=OuterRef("recipient")).values("pk")[:1]
            )
        )
        ReminderDigest.objects.filter(run=run).annotate(n=Count("items")).filter(n=0).delete()
        digest_ids = list(ReminderDigest.objects.filter(run=run).values_list("pk", flat=True))
        ReminderRun.objects.filter(pk=run.pk).update(items_claimed=claimed, digests_created=len(digest_ids))
        for digest_id in digest_ids:
            transaction.on_commit(lambda digest_id=digest_id: enqueue_digest(digest_id))
    run.refresh_from_db()
    logger.info("reminders run_on=%s items=%s digests=%s", today, run.items_claimed, run.digests_created)
    return run


def enqueue_digest(digest_id: int) -> None:
    """Hand a digest to Celery; if the broker is down, the sweep sends it later."""
    try:
        queue("thscp.send_digest", digest_id)
    except Exception:  # noqa: BLE001 - any broker failure: the digest stays pending in the database
        logger.warning("could not queue reminder digest %s; the sweep will retry", digest_id, exc_info=True)


def _message(digest: ReminderDigest, items: list[ReminderItem]) -> EmailMultiAlternatives:
    groups = {}
    for item in sorted(items, key=lambda i: (URGENCY_ORDER.get(i.urgency, 9), not i.statutory, i.due_on)):
        groups.setdefault(item.urgency, []).append(item)
    context = {
        "groups": [
            (HEADINGS.get(urgency, urgency.capitalize()), groups[urgency])
            for urgency in URGENCY_ORDER
            if urgency in groups
        ],
        "site_url": settings.SITE_URL,
        "partnership_name": settings.PARTNERSHIP_NAME,
        "run_on": digest.run.run_on,
    }
    overdue = len(groups.get("overdue", []))
    subject = (
        f"{len(items)} deadline{'s' if len(items) != 1 else ''} need{'s' if len(items) == 1 else ''} you"
    )
    if overdue:
        subject += f" ({overdue} overdue)"
    if len(items) == 1 and items[0].urgency == "new":
        subject = items[0].title  # "Sign off the annual arrangements, version 2"
    message = EmailMultiAlternatives(
        subject=f"[{settings.PARTNERSHIP_SHORT_NAME}] {subject}",
        body=render_to_string("thscp/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.recipient],
    )
    message.attach_alternative(render_to_string("thscp/email/digest.html", context), "text/html")
    return message


def deliver_digest(*, digest_id: int, final_attempt: bool) -> str:
    """Send one digest, claimed first so that no two workers send it.

    On an SMTP failure the digest goes back to waiting (or to failed on the last
    attempt) and the error is raised for the task to retry; nothing is marked sent
    until the server has taken the message.
    """
    claimed = ReminderDigest.objects.filter(pk=digest_id, status=ReminderDigest.Status.PENDING).update(
        status=ReminderDigest.Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if claimed != 1:
        return "not pending"
    digest = ReminderDigest.objects.select_related("run").get(pk=digest_id)
    items = list(digest.items.all())
    try:
        connection = get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", 20))
        connection.send_messages([_message(digest, items)])
    except Exception as error:
        status = ReminderDigest.Status.FAILED if final_attempt else ReminderDigest.Status.PENDING
        ReminderDigest.objects.filter(pk=digest_id).update(
            status=status, last_error=f"{type(error).__name__}: {error}"
        )
        raise
    ReminderDigest.objects.filter(pk=digest_id).update(
        status=ReminderDigest.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def sweep() -> dict:
    """Queue digests left waiting (the broker was down), and give up on stale claims.

    A digest claimed for sending long ago may or may not have gone: it is marked
    failed for the business unit to check, never resent, so no one gets it twice.
    """
    now = timezone.now()
    stale = ReminderDigest.objects.filter(
        status=ReminderDigest.Status.SENDING, claimed_at__lt=now - STALE_SENDING
    ).update(
        status=ReminderDigest.Status.FAILED,
        last_error="Sending did not finish: check whether it arrived before resending.",
    )
    waiting = list(
        ReminderDigest.objects.filter(
            status=ReminderDigest.Status.PENDING, created_at__lt=now - SWEEP_PENDING_AFTER
        ).values_list("pk", flat=True)
    )
    for digest_id in waiting:
        enqueue_digest(digest_id)
    return {"requeued": len(waiting), "stale": stale}
