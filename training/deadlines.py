"""What is due in training, as plain records for reminders (the contract:
governance/deadlines.py). Nothing here sends email.

- A session tomorrow: each person booked is reminded the day before.
- An evaluation stage that is due (schedule.py) and not yet sent to everyone it goes to:
  the business unit's. Its forms go out automatically at the reminders job's morning run
  (due_work.py, run before the reminders are planned), so what remains is what could not
  go: usually attendance not yet marked.
- An evaluation form not yet answered: due when its link expires (the person asked).
- The needs analysis: each agency asked and yet to answer, by the due date (its data
  leads; the business unit hears when it is overdue).

A constant number of queries, however many records there are. With `for_user` (My
work), only a superset of that person's deadlines is read: their own bookings and
evaluations, the evaluation stages if they are in the business unit, the needs analysis
if they are a data lead or in the business unit; the reminder job reads everyone's.
"""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from governance import roles
from governance.deadlines import Deadline
from governance.models import Person, User

from . import schedule
from .models import Booking, Evaluation, NeedsAnalysis, NeedsResponse


def deadlines(today: date, *, for_user=None) -> list[Deadline]:
    found: list[Deadline] = []
    everyone = for_user is None
    in_business_unit = everyone or for_user.has_role(roles.BUSINESS_UNIT)
    tomorrow = today + timedelta(days=1)
    # A range on starts_at, so the index on it applies (not starts_at__date).
    start, end = schedule.local_days(tomorrow, tomorrow)
    bookings = Booking.objects.filter(
        status=Booking.Status.BOOKED,
        session__status="scheduled",
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    ).select_related("session__course", "person__user")
    if not everyone:
        bookings = bookings.filter(person__user=for_user)
    for booking in bookings:
        user = booking.person.user
        found.append(
            Deadline(
                key=f"training:session:{booking.pk}",
                title=f"Training tomorrow: {booking.session.name}",
                due_on=tomorrow,
                responsible=(user.email,) if user and user.is_active else (),
                url=booking.session.get_absolute_url(),
                statutory=False,
                status_prefix="Session",
            )
        )
    data_lead = everyone or for_user.has_role(roles.AGENCY_DATA_LEAD)
    # Whom the evaluation stages are for, and the needs analysis escalates to.
    business_unit = ()
    if in_business_unit or data_lead:
        business_unit = tuple(
            sorted(
                User.objects.filter(groups__name=roles.BUSINESS_UNIT, is_active=True).values_list(
                    "email", flat=True
                )
            )
        )
    if in_business_unit:
        found.extend(_evaluation_stages(today, business_unit))
    now = timezone.now()
    waiting = Evaluation.objects.filter(answered_at=None, expires_at__gt=now).select_related(
        "booking__session__course", "booking__person__user"
    )
    if not everyone:
        waiting = waiting.filter(booking__person__user=for_user)
    for evaluation in waiting:
        user = evaluation.booking.person.user
        stage = evaluation.get_stage_display().lower()
        found.append(
            Deadline(
                key=f"training:evaluation:{evaluation.pk}:{evaluation.nonce.hex[:8]}",
                title=f"Evaluate {evaluation.booking.session.name} ({stage})",
                due_on=timezone.localtime(evaluation.expires_at).date(),
                responsible=(user.email,) if user and user.is_active else (),
                url=reverse("training:index"),
                statutory=False,
                status_prefix="Evaluation",
                detail="Use the link in the email we sent you.",
            )
        )
    if in_business_unit or data_lead:
        found.extend(_needs_analyses(today, business_unit))
    return found


def _needs_analyses(today: date, business_unit: tuple[str, ...]) -> list[Deadline]:
    """Each agency asked for the needs analysis and yet to answer: its data leads'."""
    found = []
    leads = {}
    for person in Person.objects.filter(
        user__groups__name=roles.AGENCY_DATA_LEAD, user__is_active=True
    ).select_related("user"):
        leads.setdefault(person.agency_id, []).append(person.user.email)
    answered = set(NeedsResponse.objects.values_list("analysis_id", "agency_id").distinct())
    for analysis in NeedsAnalysis.objects.filter(due_on__gte=today - timedelta(days=60)).prefetch_related(
        "agencies"
    ):
        for agency in analysis.agencies.all():
            if (analysis.pk, agency.pk) in answered:
                continue
            found.append(
                Deadline(
                    key=f"training:needs:{analysis.pk}:{agency.pk}",
                    title=f"{analysis} for {agency}",
                    due_on=analysis.due_on,
                    responsible=tuple(sorted(leads.get(agency.pk, []))),
                    url=analysis.get_absolute_url(),
                    statutory=False,
                    escalate_to=business_unit,
                    status_prefix="Needs analysis",
                )
            )
    return found


def _evaluation_stages(today: date, business_unit: tuple[str, ...]) -> list[Deadline]:
    found = []
    for session in schedule.sessions_with_stages_due(today):
        for window in schedule.open_windows(session, today):
            waiting_for = schedule.still_to_ask(session, window.stage)
            unmarked = window.stage != Evaluation.Stage.BEFORE and session.unmarked
            if not waiting_for and not unmarked:
                continue
            stage = Evaluation.Stage(window.stage).label.lower()
            if unmarked:
                detail = "Mark attendance: the form goes to those who attended, at the next morning's run."
            else:
                detail = "The form goes to each person by email at the next morning's run."
            found.append(
                Deadline(
                    key=f"training:evaluation-stage:{session.pk}:{window.stage}",
                    title=f"Evaluation ({stage}): {session.name}, {session.day:%-d %B %Y}",
                    due_on=window.due_on,
                    responsible=business_unit,
                    url=session.get_absolute_url(),
                    statutory=False,
                    status_prefix="Evaluation",
                    detail=detail,
                )
            )
    return found
