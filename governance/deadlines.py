"""What is due in governance, as plain records for reminders.

thscp collects these from every app (``deadlines(today)``) and decides who is
reminded when; nothing here sends email. Other apps return records of the same
shape, using this Deadline type.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Q
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from . import document_hooks, roles
from .calendar import add_working_days, local_days
from .models import (
    Action,
    Document,
    DocumentVersion,
    Escalation,
    ExecutiveChairTerm,
    Meeting,
    Risk,
    SignOff,
    User,
)
from .statutory import statutory_clocks

# The partnership's own rule: signatories have two working weeks to decide.
SIGN_OFF_WORKING_DAYS = 10
# The partnership's own rule: the business unit publishes a signed-off document within two
# working weeks of the last signature (WT 2023 asks that arrangements be published).
PUBLICATION_WORKING_DAYS = 10

# WT 2023 gives no figure for papers; a week before the meeting is the partnership's rule.
PAPERS_DUE_DAYS_BEFORE_MEETING = 7
MEETING_PAPERS_HORIZON_DAYS = 21


@dataclass(frozen=True)
class Deadline:
    key: str  # stable across runs: a reminder is sent once per key and stage
    title: str
    due_on: date
    responsible: tuple[str, ...]  # email addresses
    url: str
    statutory: bool
    # Who else hears when it is overdue (e.g. the group's chair for an overdue action).
    escalate_to: tuple[str, ...] = ()
    # What is due, in the status words: "Review" reads "Review overdue" (governance/work.py).
    status_prefix: str = ""
    # A line of detail shown beside the item, e.g. "2 papers missing".
    detail: str = ""


def _email(person) -> str | None:
    return person.user.email if person is not None and person.user_id and person.user.is_active else None


def _emails(*people) -> tuple[str, ...]:
    return tuple(sorted({email for email in map(_email, people) if email}))


def deadlines(today: date, *, for_user=None) -> list[Deadline]:
    """Every open governance deadline: actions, risk reviews, meeting papers, escalation stages.

    With `for_user`, only a superset of that person's is read (My work filters it with
    governance.work.is_waiting_for, the rule the reminders use), so the home page does
    not read the whole partnership's action log. A constant number of queries, however
    many records there are.
    """
    found: list[Deadline] = []
    person = getattr(for_user, "person", None) if for_user is not None else None
    # The Executive's chair is the rotation's (ExecutiveChairTerm), never a stored chair.
    terms = list(ExecutiveChairTerm.objects.select_related("chair__user"))
    executive_chair = next((t.chair for t in terms if t.starts_on <= today < t.ends_on), None)
    chairs_rotation = person is not None and any(t.chair_id == person.pk for t in terms)
    actions = Action.objects.exclude(status__in=Action.CLOSED_STATUSES)
    risks = Risk.objects.filter(status=Risk.Status.OPEN)
    if for_user is not None:
        # Their own, and (once overdue) those of the groups they chair.
        mine = (
            Q(owner__user=for_user)
            | Q(due_date__lt=today, group__chair__user=for_user)
            | Q(due_date__lt=today, group__vice_chair__user=for_user)
        )
        if person is not None and executive_chair is not None and executive_chair.pk == person.pk:
            mine |= Q(due_date__lt=today, group__is_executive=True)
        actions = actions.filter(mine)
        risks = risks.filter(owner__user=for_user)
    actions = (
        actions
        .select_related("owner__user", "group__chair__user", "group__vice_chair__user")
        .only(
            "pk", "title", "due_date", "owner__user__email", "owner__user__is_active", "group__is_executive",
            "group__chair__user__email", "group__chair__user__is_active",
            "group__vice_chair__user__email", "group__vice_chair__user__is_active",
        )
    )  # fmt: skip
    for action in actions.iterator(chunk_size=2000):
        found.append(
            Deadline(
                key=f"governance:action:{action.pk}",
                title=f"Action A{action.pk}: {action.title}",
                due_on=action.due_date,
                responsible=_emails(action.owner),
                url=reverse("governance:action_detail", args=[action.pk]),
                statutory=False,
                escalate_to=_emails(
                    executive_chair if action.group.is_executive else action.group.chair,
                    action.group.vice_chair,
                ),
            )
        )
    for risk in risks.select_related("owner__user"):
        found.append(
            Deadline(
                key=f"governance:risk-review:{risk.pk}:{risk.review_date.isoformat()}",
                title=f"Review the risk: {risk.title}",
                due_on=risk.review_date,
                responsible=_emails(risk.owner),
                url=reverse("governance:risk_detail", args=[risk.pk]),
                statutory=False,
                status_prefix="Review",
            )
        )
    horizon = today + timedelta(days=MEETING_PAPERS_HORIZON_DAYS)
    first_instant, after_horizon = local_days(today, horizon)
    upcoming = (
        Meeting.objects.filter(starts_at__gte=first_instant, starts_at__lt=after_horizon)
        .annotate(
            missing_papers=Count(
                "agenda_items", filter=Q(agenda_items__paper="", agenda_items__withdrawn_on=None)
            )
        )
        .filter(missing_papers__gt=0)
        .select_related("group__chair__user", "group__vice_chair__user")
    )
    if for_user is not None:
        chaired = Q(group__chair__user=for_user) | Q(group__vice_chair__user=for_user)
        if chairs_rotation:
            chaired |= Q(group__is_executive=True)
        upcoming = upcoming.filter(chaired)
    for meeting in upcoming:
        due = meeting.starts_at.date() - timedelta(days=PAPERS_DUE_DAYS_BEFORE_MEETING)
        chair = meeting.group.chair
        if meeting.group.is_executive:
            day = meeting.starts_at.date()
            chair = next((t.chair for t in terms if t.starts_on <= day < t.ends_on), None)
        found.append(
            Deadline(
                key=f"governance:meeting-papers:{meeting.pk}",
                title=f"Papers for the {meeting.group.name} meeting on {meeting.starts_at:%-d %B %Y}",
                due_on=due,
                responsible=_emails(chair, meeting.group.vice_chair),
                url=reverse("governance:meeting_detail", args=[meeting.pk]),
                statutory=False,
                status_prefix="Papers",
                detail=f"{meeting.missing_papers} paper{pluralize(meeting.missing_papers)} missing",
            )
        )
    business_unit = business_unit_emails()
    if for_user is not None and not for_user.has_role(roles.BUSINESS_UNIT):
        # Escalations, document reviews without an owner and the yearly report's sending
        # are the business unit's; the rest of the documents' deadlines are read below.
        found.extend(_document_deadlines(today, business_unit, for_user=for_user, person=person))
        return found
    for escalation in Escalation.objects.filter(status=Escalation.Status.OPEN):
        found.append(
            Deadline(
                key=f"governance:escalation:{escalation.pk}:stage-{escalation.stage}",
                title=f"Escalation response ({escalation.get_stage_display()}): {escalation.summary}",
                due_on=escalation.response_due,
                responsible=business_unit,
                url=reverse("governance:escalation_detail", args=[escalation.pk]),
                statutory=False,
            )
        )
    found.extend(_document_deadlines(today, business_unit))
    return found


def _document_deadlines(
    today: date, business_unit: tuple[str, ...], *, for_user=None, person=None
) -> list[Deadline]:
    found = []
    awaiting = DocumentVersion.objects.filter(status=DocumentVersion.Status.AWAITING_SIGN_OFF)
    found.extend(sign_off_deadlines(awaiting, business_unit=business_unit, today=today))
    reviews = Document.objects.filter(review_date__isnull=False).select_related("owner__user")
    if for_user is not None and person is not None and not for_user.has_role(roles.BUSINESS_UNIT):
        reviews = reviews.filter(owner=person)
    elif for_user is not None and not for_user.has_role(roles.BUSINESS_UNIT):
        reviews = reviews.none()
    for document in reviews:
        found.append(
            Deadline(
                key=f"governance:document-review:{document.pk}:{document.review_date.isoformat()}",
                title=f"Review the document: {document.title}",
                due_on=document.review_date,
                responsible=_emails(document.owner) or business_unit,
                url=reverse("governance:document_detail", args=[document.pk]),
                statutory=False,
                status_prefix="Review",
            )
        )
    if for_user is not None and not for_user.has_role(roles.BUSINESS_UNIT):
        return found
    signed_off = DocumentVersion.objects.filter(status=DocumentVersion.Status.SIGNED_OFF)
    found.extend(publication_deadlines(signed_off, business_unit=business_unit))
    # WT 2023: the yearly report goes to the Panel and Foundations within 7 days of publication.
    # A report whose sending its own area tracks per recipient is reminded there.
    published_reports = (
        DocumentVersion.objects.filter(
            document__kind=Document.Kind.YEARLY_REPORT,
            status=DocumentVersion.Status.PUBLISHED,
            sent_to_panel_on__isnull=True,
        )
        .exclude(document_id__in=document_hooks.documents_tracking_sending())
        .select_related("document")
    )
    for version in published_reports:
        found.append(
            Deadline(
                key=f"governance:yearly-report-sending:{version.pk}",
                title=f"Send {version.document.title} to the Panel and Foundations",
                due_on=version.published_on + timedelta(days=statutory_clocks().yearly_report_sending_days),
                responsible=business_unit,
                url=reverse("governance:version_detail", args=[version.pk]),
                statutory=True,
            )
        )
    return found


def sign_off_deadlines(
    versions, *, business_unit: tuple[str, ...] | None = None, today: date
) -> list[Deadline]:
    """A deadline for each version awaiting sign-off, for the signatories who have not
    yet signed it: each statutory partner's Executive members and the scrutineer."""
    if business_unit is None:
        business_unit = business_unit_emails()
    signers = list(
        User.objects.filter(
            is_active=True, groups__name__in=[roles.EXECUTIVE_MEMBER, roles.INDEPENDENT_SCRUTINEER]
        )
        .select_related("person__agency")
        .prefetch_related("groups")
        .distinct()
    )
    versions = list(versions.select_related("document"))
    approvals = {}
    for version_id, slot in SignOff.objects.filter(
        version__in=[version.pk for version in versions], decision=SignOff.Decision.APPROVED, voided=False
    ).values_list("version_id", "slot"):
        approvals.setdefault(version_id, set()).add(slot)
    found = []
    for version in versions:
        missing = set(version.document.required_slots()) - approvals.get(version.pk, set())
        responsible = set()
        for user in signers:
            person = getattr(user, "person", None)
            if SignOff.SCRUTINEER in missing and user.has_role(roles.INDEPENDENT_SCRUTINEER):
                responsible.add(user.email)
            if (
                person
                and person.agency.statutory_partner in missing
                and user.has_role(roles.EXECUTIVE_MEMBER)
            ):
                responsible.add(user.email)
        found.append(
            Deadline(
                key=f"governance:sign-off:{version.pk}",
                title=f"Sign off {version.document.title}, version {version.number}",
                due_on=add_working_days(version.sent_for_sign_off_on or today, SIGN_OFF_WORKING_DAYS),
                responsible=tuple(sorted(responsible)),
                # Straight to the form on the version's page: one click from My work.
                url=reverse("governance:version_detail", args=[version.pk]) + "#sign-off",
                statutory=False,
                escalate_to=business_unit,
                status_prefix="Sign-off",
            )
        )
    return found


def publication_deadlines(versions, *, business_unit: tuple[str, ...] | None = None) -> list[Deadline]:
    """A deadline for the business unit for each version every signatory has signed off:
    it is theirs to publish. Due a set time after the last signature."""
    if business_unit is None:
        business_unit = business_unit_emails()
    last_signed = Max(
        "sign_offs__signed_at",
        filter=Q(sign_offs__decision=SignOff.Decision.APPROVED, sign_offs__voided=False),
    )
    found = []
    for version in versions.select_related("document").annotate(last_signed=last_signed):
        signed_on = timezone.localdate(version.last_signed) if version.last_signed else timezone.localdate()
        found.append(
            Deadline(
                key=f"governance:publication:{version.pk}",
                title=f"Publish {version.document.title}, version {version.number}: "
                "signed off by every signatory",
                due_on=add_working_days(signed_on, PUBLICATION_WORKING_DAYS),
                responsible=business_unit,
                url=reverse("governance:version_detail", args=[version.pk]),
                statutory=False,
                status_prefix="Publication",
                detail=f"Signed off on {signed_on:%-d %B %Y}",
            )
        )
    return found


def business_unit_emails() -> tuple[str, ...]:
    return emails_of_role(roles.BUSINESS_UNIT)


# Within one collection of every area's deadlines or My work (thscp.areas.collect), who
# holds a role does not change, and each area asks for the business unit: read once.
_role_emails: ContextVar[dict | None] = ContextVar("role_emails", default=None)


@contextmanager
def remembering_role_emails():
    """Inside this block, each role's addresses are read from the database once."""
    if _role_emails.get() is not None:  # already inside one
        yield
        return
    token = _role_emails.set({})
    try:
        yield
    finally:
        _role_emails.reset(token)


def emails_of_role(*role_names: str) -> tuple[str, ...]:
    """The sign-in addresses of everyone active in any of these roles."""
    remembered = _role_emails.get()
    key = tuple(sorted(role_names))
    if remembered is not None and key in remembered:
        return remembered[key]
    found = tuple(
        User.objects.filter(is_active=True, groups__name__in=role_names)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    if remembered is not None:
        remembered[key] = found
    return found
