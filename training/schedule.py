"""When each stage of a session's evaluation is due: the one place for the dates.

Partnerships show the impact of training by asking before it, straight after and 6 to 8
weeks later. Each stage has a window: its forms go out automatically on the first
working-day run of the reminders job from the day it is due (services.send_due_evaluations,
through due_work.py), and a stage not yet sent is the business unit's deadline
(deadlines.py) until its window closes.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from governance.calendar import local_days

from .models import Booking, Evaluation, Session

# Before: a week's notice, less the weekend; it closes when the session starts.
BEFORE_DAYS = 5
# Straight after: the day after the session, until the follow-up is due.
AFTER_DAYS = 1
# 6 to 8 weeks later.
FOLLOW_UP_AFTER_DAYS = 42
FOLLOW_UP_CLOSES_DAYS = 56
# How far back and ahead of today a session can have a stage due.
LOOK_BACK_DAYS = FOLLOW_UP_CLOSES_DAYS
LOOK_AHEAD_DAYS = BEFORE_DAYS


@dataclass(frozen=True)
class StageWindow:
    stage: str
    due_on: date
    closes_on: date  # not sent on or after this day

    def is_open(self, today: date) -> bool:
        return self.due_on <= today < self.closes_on


def stage_windows(session: Session) -> list[StageWindow]:
    first = timezone.localtime(session.starts_at).date()
    last = timezone.localtime(session.ends_at).date()
    return [
        StageWindow(Evaluation.Stage.BEFORE, first - timedelta(days=BEFORE_DAYS), first),
        StageWindow(
            Evaluation.Stage.AFTER,
            last + timedelta(days=AFTER_DAYS),
            last + timedelta(days=FOLLOW_UP_AFTER_DAYS),
        ),
        StageWindow(
            Evaluation.Stage.FOLLOW_UP,
            last + timedelta(days=FOLLOW_UP_AFTER_DAYS),
            last + timedelta(days=FOLLOW_UP_CLOSES_DAYS),
        ),
    ]


def open_windows(session: Session, today: date) -> list[StageWindow]:
    return [window for window in stage_windows(session) if window.is_open(today)]


def sessions_with_stages_due(today: date):
    """Scheduled sessions that may have a stage open today (a superset: callers ask
    open_windows), with what deadlines and sending read counted in the same query."""
    booked = Q(bookings__status=Booking.Status.BOOKED)
    came = booked & Q(bookings__attended=True)
    start, end = local_days(
        today - timedelta(days=LOOK_BACK_DAYS + 1), today + timedelta(days=LOOK_AHEAD_DAYS + 1)
    )
    return (
        Session.objects.filter(status=Session.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=end)
        .select_related("course")
        .annotate(
            booked=Count("bookings", filter=booked, distinct=True),
            attended_count=Count("bookings", filter=came, distinct=True),
            unmarked=Count("bookings", filter=booked & Q(bookings__attended__isnull=True), distinct=True),
            **{
                # Those a stage goes to who have been asked it: the booked before the
                # session, those who attended after it.
                f"asked_{stage}": Count(
                    "bookings__evaluations",
                    filter=(booked if stage == Evaluation.Stage.BEFORE else came)
                    & Q(bookings__evaluations__stage=stage),
                    distinct=True,
                )
                for stage in Evaluation.Stage.values
            },
        )
        .order_by("starts_at", "pk")
    )


def still_to_ask(session, stage: str) -> int:
    """How many people a stage has yet to go to, from sessions_with_stages_due's counts:
    those booked (before), or those who attended (after, follow-up)."""
    asked = getattr(session, f"asked_{stage}")
    to = session.booked if stage == Evaluation.Stage.BEFORE else session.attended_count
    return max(to - asked, 0)
