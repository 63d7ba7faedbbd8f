from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import capfirst

from . import rules
from .calendar import local_days
from .deadlines import MEETING_PAPERS_HORIZON_DAYS
from .models import ATTENDANCE, Action, Meeting, PartnershipGroup, Person, Risk
from .rules import may_view_kind
from .visibility import hidden_fields_over_time


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    changes: list[FieldChange]
    # Why, where the change was a correction that asked for a reason.
    reason: str = ""


_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


# Records whose names anyone who may see a record may also read beside it: the people,
# agencies, groups and themes its own page names. Any other related record is named only
# to those who may view it (History never names a case to someone who may not see it).
_NAMES_SHOWN_WITH_THE_RECORD = {
    # Roles (Django groups) are named on a person's History: who may sign for a partner.
    "auth.group",
    "governance.person",
    "governance.user",
    "governance.agency",
    "governance.partnershipgroup",
    "governance.theme",
}


class _Names:
    """Names for related records in History, fetched once per kind and checked against
    what the viewer may see."""

    def __init__(self, user):
        self.user = user
        self.cache: dict[tuple[type, object], str] = {}

    def name(self, model: type[models.Model], pk) -> str:
        key = (model, pk)
        if key not in self.cache:
            record = model._default_manager.filter(pk=pk).first()
            if record is None:
                self.cache[key] = "(a record since removed)"
            elif model._meta.label_lower in _NAMES_SHOWN_WITH_THE_RECORD or self.user.has_perm(
                f"{model._meta.app_label}.view_{model._meta.model_name}", record
            ):
                self.cache[key] = str(record)
            else:
                self.cache[key] = "(a record you cannot see)"
        return self.cache[key]


# What a generic link (an action's source) is called on the record's own page.
_GENERIC_LINK_LABELS = {"governance.action.source": "Came from"}
# Said instead of a linked record the viewer may not see, as the record's page says it.
NOT_YOURS_TO_SEE = "A record you do not have access to"


def _generic_links(model) -> list:
    return [field for field in model._meta.private_fields if isinstance(field, GenericForeignKey)]


def _generic_link_change(model, link, old, new, *, hidden: frozenset[str], user) -> FieldChange | None:
    """One row for a generic link, however many of its two columns changed: the linked
    record's kind and name where the viewer may see it, never its database numbers."""

    def describe(version) -> str:
        type_id, object_id = getattr(version, f"{link.ct_field}_id"), getattr(version, link.fk_field)
        if type_id is None or object_id is None:
            return "(blank)"
        if link.fk_field in hidden or link.ct_field in hidden:
            return NOT_YOURS_TO_SEE
        kind = ContentType.objects.get_for_id(type_id).model_class()
        if kind is None:
            return "(a record since removed)"
        record = kind._default_manager.filter(pk=object_id).first()
        if record is None:
            return "(a record since removed)"
        if not user.has_perm(f"{kind._meta.app_label}.view_{kind._meta.model_name}", record):
            return NOT_YOURS_TO_SEE
        return f"{capfirst(kind._meta.verbose_name)}: {record}"

    before, after = describe(old), describe(new)
    if before == after:
        return None
    label = _GENERIC_LINK_LABELS.get(f"{model._meta.label_lower}.{link.name}", capfirst(link.name))
    return FieldChange(field=label, old=before, new=after)


def _display(model: type[models.Model], field_name: str, value, names: _Names | None = None) -> str:
    """A value as a person reads it: names for related records, UK dates, the choice's
    label, Yes or No."""
    if value is None or value == "":
        return "(blank)"
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field since removed from the model
        return str(value)
    if isinstance(field, models.FileField):
        # The stored path is a machine name: the file's own name is in its "_name" field.
        return "A file"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.many_to_many and isinstance(value, list):  # many-to-many rows, as dicts of keys
        target = field.related_model
        key = field.m2m_reverse_field_name()
        pks = [row.get(key) if isinstance(row, dict) else row for row in value]
        shown = [names.name(target, pk) if names else str(pk) for pk in pks]
        return ", ".join(sorted(shown)) or "(none)"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(none)"
    if field_name in getattr(model, "money_fields", ()):
        from .templatetags.governance_tags import money

        return money(value)
    if (field.many_to_one or field.one_to_one) and names is not None:
        return names.name(field.related_model, value)
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return str(value)


def history_entries(*, record: models.Model, user) -> list[HistoryEntry]:
    """A record's history, newest first, each version compared with the one before.

    A field the record's field rule hides from this user (governance.visibility) is left
    out: hidden if the record hides it now or if the version shown hid it then. A save
    that changed nothing this person may see, and gave no reason, is not listed.
    """
    versions = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    model = type(record)
    hidden_in = hidden_fields_over_time(user, record, [version.instance for version in versions])
    names = _Names(user)
    links = _generic_links(model)
    # A generic link is two columns (a kind and a number): shown as one row, by name.
    link_columns = {name for link in links for name in (link.ct_field, link.fk_field)}
    entries = []
    previous = None
    for index, version in enumerate(versions):
        changes = []
        if previous is not None:
            delta = version.diff_against(previous, foreign_keys_are_objs=False)
            raw = [(change.field, change.old, change.new) for change in delta.changes]
            raw += _changes_no_form_makes(previous, version)
            hidden = hidden_in[index] | hidden_in[index - 1]
            for field, old_value, new_value in sorted(raw, key=lambda change: change[0]):
                if field in hidden or field in link_columns:
                    continue
                old = _display(model, field, old_value, names)
                new = _display(model, field, new_value, names)
                if old == new:  # e.g. the same many-to-many rows saved again
                    continue
                changes.append(FieldChange(field=_verbose_name(model, field), old=old, new=new))
            changed = {field for field, _, _ in raw}
            for link in links:
                if changed & {link.ct_field, link.fk_field}:
                    row = _generic_link_change(model, link, previous, version, hidden=hidden, user=user)
                    if row is not None:
                        changes.append(row)
        previous = version
        # The reason may say what a hidden field said (a confidential paper's title): a
        # field rule hides it as "change_reason".
        reason = "" if "change_reason" in hidden_in[index] else (version.history_change_reason or "")
        # A save with a reason and no field change is a note on the record (a child
        # removed from a case's notification): it stays.
        if version.history_type == "~" and not changes and not reason:
            continue
        entries.append(
            HistoryEntry(
                when=version.history_date,
                who=str(version.history_user) if version.history_user else "System",
                kind=_KINDS.get(version.history_type, version.history_type),
                changes=changes,
                reason=reason,
            )
        )
    if isinstance(record, Person) and record.user_id:
        entries += _account_entries(account=record.user, user=user)
        entries.sort(key=lambda entry: entry.when)
    entries.reverse()
    return entries


# A person's History includes their sign-in account's: the roles they hold (who is an
# Executive member, and so may sign for a partner) and whether they may sign in.
_ACCOUNT_FIELDS = {"groups": "Roles", "is_active": "Can sign in"}


def _account_entries(*, account, user) -> list[HistoryEntry]:
    versions = list(account.history.select_related("history_user").order_by("history_date", "history_id"))
    names = _Names(user)
    entries = []
    previous = None
    for version in versions:
        changes = []
        if previous is not None:
            delta = version.diff_against(
                previous, included_fields=list(_ACCOUNT_FIELDS), foreign_keys_are_objs=False
            )
            for change in sorted(delta.changes, key=lambda change: change.field):
                old = _display(type(account), change.field, change.old, names)
                new = _display(type(account), change.field, change.new, names)
                if old != new:
                    changes.append(FieldChange(field=_ACCOUNT_FIELDS[change.field], old=old, new=new))
        if previous is None or changes:
            entries.append(
                HistoryEntry(
                    when=version.history_date,
                    who=str(version.history_user) if version.history_user else "System",
                    kind="Sign-in account created" if previous is None else "Sign-in account changed",
                    changes=changes,
                    reason=version.history_change_reason or "",
                )
            )
        previous = version
    return entries


def _changes_no_form_makes(old, new) -> list[tuple[str, object, object]]:
    """Changes to the fields no form edits (editable=False: a withdrawal's date, reason
    and who; a case's stage), which simple-history's own diff leaves out; not timestamps
    it sets itself, nor machine values (a link's nonce)."""
    changes = []
    for field in new.tracked_fields:
        if (
            field.editable
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
            or isinstance(field, models.UUIDField)
        ):
            continue
        before, after = getattr(old, field.attname), getattr(new, field.attname)
        if before != after:
            changes.append((field.name, before, after))
    return changes


def _verbose_name(model, field_name: str) -> str:
    """The field's label as the forms show it: "RAG", not "Rag"."""
    try:
        return capfirst(str(model._meta.get_field(field_name).verbose_name))
    except Exception:  # noqa: BLE001
        return capfirst(field_name.replace("_", " "))


def action_source_kinds(*, user) -> list:
    """The kinds of record actions were raised from that this user may know of."""

    used = Action.objects.exclude(source_type=None).values_list("source_type", flat=True).distinct()
    return [
        kind for kind in ContentType.objects.filter(pk__in=used) if may_view_kind(user, kind.model_class())
    ]


# Scoping: lists show exactly what the detail pages would let the user see.


def _own_group_ids(user) -> list[int]:
    person = getattr(user, "person", None)
    if person is None:
        return []
    return list(person.groups.values_list("pk", flat=True))


def _reads_public(user) -> bool:

    return rules.reads_public_governance(user)


def visible_groups(*, user, include_retired: bool = False):

    groups = PartnershipGroup.objects.select_related("chair__agency", "vice_chair__agency")
    if not include_retired:
        groups = groups.filter(is_retired=False)
    if _reads_public(user):
        return groups
    return groups.filter(pk__in=_own_group_ids(user))


def visible_meetings(*, user, group=None):

    meetings = Meeting.objects.select_related("group").prefetch_related(ATTENDANCE)
    if group is not None:
        meetings = meetings.filter(group=group)
    if _reads_public(user):
        return meetings
    return meetings.filter(group_id__in=_own_group_ids(user))


def visible_actions(*, user):

    actions = Action.objects.select_related("group", "owner__agency", "theme", "source_type")
    if _reads_public(user):
        return actions
    person = getattr(user, "person", None)
    return actions.filter(Q(group_id__in=_own_group_ids(user)) | Q(owner=person))


def filter_actions(actions, *, filters: dict, user, today):
    """Apply the action-log filters; overdue is computed from the due date."""

    view = filters.get("view") or "all"
    person = getattr(user, "person", None)
    if view == "mine":
        actions = actions.filter(owner=person) if person else actions.none()
    elif view == "my_groups":
        actions = actions.filter(group_id__in=_own_group_ids(user))
    elif view == "overdue":
        actions = actions.exclude(status__in=Action.CLOSED_STATUSES).filter(due_date__lt=today)
    for key, lookup in (
        ("group", "group_id"),
        ("owner", "owner_id"),
        ("agency", "owner__agency_id"),
        ("status", "status"),
        ("theme", "theme_id"),
        ("source", "source_type_id"),
    ):
        value = filters.get(key)
        if value:
            actions = actions.filter(**{lookup: value})
    for word in (filters.get("owner_name") or "").split():
        actions = actions.filter(owner__full_name__icontains=word)
    return actions


def action_detail(*, action_id: int, user):
    return visible_actions(user=user).prefetch_related("updates__author").get(pk=action_id)


def visible_people(*, search: str = "", agency=None, group=None):

    people = Person.objects.select_related("agency").prefetch_related("groups")
    for word in search.split():
        # Each word may be in the name, the role, the agency or the email address.
        people = people.filter(
            Q(full_name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(agency__name__icontains=word)
            | Q(email__icontains=word)
        )
    if agency:
        people = people.filter(agency_id=agency)
    if group:
        people = people.filter(groups__id=group)
    return people.distinct().order_by("full_name")


def risk_register(*, order: str = "score"):

    risks = (
        Risk.objects.select_related("owner__agency")
        .prefetch_related("mitigating_actions")
        .annotate(score_value=F("current_likelihood") * F("current_impact"))
    )
    if order == "score":
        return risks.order_by("-score_value", "title")
    if order == "review":
        return risks.order_by("review_date", "title")
    return risks.order_by("title")


def risk_trends(risks) -> dict[int, str]:
    """Trend of each risk's current score since its previous review, from history.

    One query for all the risks: their history, newest first.
    """

    ids = [risk.pk for risk in risks]
    current = {risk.pk: risk.score("current") for risk in risks}
    previous: dict[int, int] = {}
    rows = (
        Risk.history.filter(id__in=ids)
        .order_by("id", "-history_date")
        .values_list("id", "current_likelihood", "current_impact")
    )
    for risk_id, likelihood, impact in rows:
        score = likelihood * impact
        if risk_id not in previous and score != current[risk_id]:
            previous[risk_id] = score
    trends = {}
    for risk_id in ids:
        before = previous.get(risk_id)
        if before is None:
            trends[risk_id] = "No change"
        elif current[risk_id] < before:
            trends[risk_id] = "Improving"
        else:
            trends[risk_id] = "Worsening"
    return trends


def heat_map(risks) -> list[list[list]]:
    """A 5x5 grid [impact 5..1][likelihood 1..5] of the open risks in each cell."""
    grid = [[[] for _ in range(5)] for _ in range(5)]
    for risk in risks:
        if risk.status == "open":
            grid[5 - risk.current_impact][risk.current_likelihood - 1].append(risk)
    return grid


def groups_for_new_actions(*, user):
    """The groups the user may add actions to: all for the business unit, chairs their own."""

    groups = PartnershipGroup.objects.filter(is_retired=False)
    if user.has_perm("governance.add_action"):
        return groups
    person = getattr(user, "person", None)
    if person is None or not rules.is_sub_group_chair(user):
        return groups.none()
    return groups.filter(Q(chair=person) | Q(vice_chair=person))


# "My work" on the home page.

MY_WORK_HORIZON_DAYS = 30


def my_open_actions(*, user, today):
    """The user's own open actions: overdue, and due within the horizon."""

    person = getattr(user, "person", None)
    if person is None:
        return Action.objects.none()
    return (
        Action.objects.filter(owner=person, due_date__lte=today + timedelta(days=MY_WORK_HORIZON_DAYS))
        .exclude(status__in=Action.CLOSED_STATUSES)
        .select_related("group")
        .order_by("due_date")
    )


def my_risks_due_for_review(*, user, today):

    person = getattr(user, "person", None)
    if person is None:
        return Risk.objects.none()
    return Risk.objects.filter(
        owner=person, status=Risk.Status.OPEN, review_date__lte=today + timedelta(days=MY_WORK_HORIZON_DAYS)
    ).order_by("review_date")


def my_meetings_missing_papers(*, user, today):
    """Upcoming meetings of groups the user chairs where an agenda item has no paper yet."""

    person = getattr(user, "person", None)
    if person is None:
        return Meeting.objects.none()
    start, end = local_days(today, today + timedelta(days=MEETING_PAPERS_HORIZON_DAYS))
    return (
        Meeting.objects.filter(
            Q(group__chair=person) | Q(group__vice_chair=person),
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .annotate(
            missing_papers=Count(
                "agenda_items", filter=Q(agenda_items__paper="", agenda_items__withdrawn_on=None)
            )
        )
        .filter(missing_papers__gt=0)
        .select_related("group")
        .order_by("starts_at")
    )
