"""Scale data: more years of the partnership's records, copied from the demo in bulk.

`manage.py seed_scale --factor N` (after `seed_demo`) adds N copies of the demo's records,
each moved back in time: copy k is k years older (k * 2 for priorities, whose cycles are
two years long), so factor 9 gives ten years of meetings, actions, risks, cases, dataset
returns, priorities and training. Reference data (agencies, groups, themes, indicators,
courses, sign-in accounts) is shared, not copied: a partnership keeps its structure for
years. Each copy has its own contacts, with new names and no sign-in account, so the
contacts directory grows too and no demo login changes.

Records once a year or a quarter (a dataset return for an agency's quarter, a needs
analysis, a budget line) keep their one-per-period rule: a copy that would land on a
period already recorded is left out, so those grow to ten years' worth, not N times.

A copy is realistic in shape: what was still open in the demo is closed in the past
(actions done, cases closed with their dates, returns accepted, risks closed), so the
records that reminders and My work read stay those of the present. Everything is written
with bulk_create, with one History row each (created by the business unit, on the day
the copy says it was made), so History pages and the query counts of History-aware pages
see what a real partnership's would.

For benchmarks and demonstrations only: never on a live partnership.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Copies go to their own address domain: they never receive email and are easy to spot.
SCALE_EMAIL_DOMAIN = "scale.example.org"

FIRST_NAMES = [
    "Abdul",
    "Adaeze",
    "Aleksander",
    "Alice",
    "Amina",
    "Ana",
    "Arjun",
    "Ayesha",
    "Bashir",
    "Beatrice",
    "Bilal",
    "Caroline",
    "Chidi",
    "Claire",
    "Dawit",
    "Deborah",
    "Eleni",
    "Emeka",
    "Fatima",
    "Femi",
    "Gabriel",
    "Hana",
    "Harriet",
    "Ibrahim",
    "Imogen",
    "Isaac",
    "Jamal",
    "Joanna",
    "Kemi",
    "Kofi",
    "Layla",
    "Leon",
    "Lucy",
    "Mehmet",
    "Miriam",
    "Nadia",
    "Nasrin",
    "Oliver",
    "Omar",
    "Patrick",
    "Rahel",
    "Ravi",
    "Rosa",
    "Ruth",
    "Sadia",
    "Samuel",
    "Sofia",
    "Tariq",
    "Tomasz",
    "Ursula",
    "Victor",
    "Yusuf",
    "Zainab",
]
LAST_NAMES = [
    "Abbott",
    "Adebayo",
    "Ahmed",
    "Ali",
    "Baptiste",
    "Begum",
    "Bennett",
    "Chowdhury",
    "Clarke",
    "Costa",
    "Dasgupta",
    "Doyle",
    "Ekwueme",
    "Fernandes",
    "Fitzgerald",
    "Gallagher",
    "Ghosh",
    "Greene",
    "Haque",
    "Hughes",
    "Iqbal",
    "Jankowski",
    "Kaur",
    "Khan",
    "Kowalski",
    "Lindqvist",
    "Mahmood",
    "Mensah",
    "Miah",
    "Murphy",
    "Nowak",
    "Nwosu",
    "Okonkwo",
    "Oyelaran",
    "Patel",
    "Quinn",
    "Rahman",
    "Reid",
    "Santos",
    "Shah",
    "Silva",
    "Sullivan",
    "Thompson",
    "Uddin",
    "Walsh",
    "Whitfield",
    "Yilmaz",
    "Zielinski",
]


@dataclass
class Spec:
    """How one model's rows are copied."""

    label: str
    # Years back per copy: copy k moves back k * years_per_copy years.
    years_per_copy: int = 1
    # Called on each copy before it is written: settle what the past would have settled.
    settle: Callable[[models.Model, Context], None] | None = None
    # Many-to-many fields whose rows are copied with the record.
    m2m: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


@dataclass
class Context:
    copy: int
    years: int
    original: models.Model
    today: date
    references: dict[int, int] = field(default_factory=dict)

    def back(self, value):
        """A date or time moved back by this copy's years."""
        if value is None:
            return None
        return value - relativedelta(years=self.years)


# --- What the past settled -----------------------------------------------------------


def _weekday(moment: datetime) -> datetime:
    """Meetings and sessions moved onto a weekend go to the Friday before."""
    local = timezone.localtime(moment)
    shift = max(0, local.weekday() - 4)
    return moment - timedelta(days=shift)


def _settle_person(person, context: Context) -> None:
    index = context.original.pk * 7 + context.copy * 13
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index // len(FIRST_NAMES) + context.copy * 5) % len(LAST_NAMES)]
    person.full_name = f"{first} {last}"
    person.email = f"{first}.{last}.{context.original.pk}.{context.copy}@{SCALE_EMAIL_DOMAIN}".lower()
    person.user_id = None
    person.is_escalation_contact = False


def _settle_meeting(meeting, context: Context) -> None:
    meeting.starts_at = _weekday(meeting.starts_at)


def _settle_action(action, context: Context) -> None:
    if action.status not in ("done", "cancelled"):
        # Nine in ten were done, the rest cancelled, a few days either side of the due date.
        if context.original.pk % 10 == 0:
            action.status = "cancelled"
            action.closing_note = "No longer needed: overtaken by a later action."
        else:
            action.status = "done"
            action.closing_note = "Completed and evidenced to the group."
        action.closed_on = action.due_date + timedelta(days=(context.original.pk % 15) - 5)
    action.rag = "green" if action.status == "done" else action.rag


def _settle_risk(risk, context: Context) -> None:
    risk.status = "closed"


def _settle_escalation(escalation, context: Context) -> None:
    if escalation.status != "resolved":
        escalation.status = "resolved"
        escalation.resolved_on = escalation.stage_opened_on + timedelta(days=6)
        escalation.resolution = "Resolved by agreement between the agencies at this stage."


def _settle_document(document, context: Context) -> None:
    document.review_date = None  # an old document is not due for review


def _settle_document_version(version, context: Context) -> None:
    if version.status in ("draft", "awaiting"):
        version.status = "superseded"


def _settle_incident(incident, context: Context) -> None:
    if incident.stage != "withdrawn":
        incident.stage = "closed"
        if incident.notified_on is None:
            incident.notified_on = incident.aware_on + timedelta(days=3)
    year = incident.aware_on.year
    number = context.references.get(year, 0) + 1
    context.references[year] = number
    incident.reference_year = year
    incident.reference_number = number
    incident.reference = f"SI-{year}-{number:03d}"


def _settle_rapid_review(review, context: Context) -> None:
    review.partners_approved_on = review.partners_approved_on or review.opened_on + timedelta(days=18)
    review.sent_to_panel_on = review.sent_to_panel_on or review.opened_on + timedelta(days=20)
    review.outcome = review.outcome or "no_local_review"


def _settle_information_request(request, context: Context) -> None:
    request.received_on = request.received_on or request.due_on


def _settle_local_review(review, context: Context) -> None:
    review.completed_on = review.completed_on or review.decided_on + timedelta(days=170)
    review.sent_to_panel_on = review.sent_to_panel_on or review.completed_on + timedelta(days=14)
    review.published_on = review.published_on or review.sent_to_panel_on + timedelta(days=28)
    review.publication_planned_on = None
    review.publication_delayed = False
    review.publication_delay_reasons = ""
    review.final_report = ""  # files are never shared between records (erasure removes them)
    review.final_report_name = ""


def _settle_milestone(milestone, context: Context) -> None:
    milestone.completed_on = milestone.completed_on or milestone.due_on


def _settle_briefing(briefing, context: Context) -> None:
    briefing.document = ""
    briefing.document_name = ""


def _settle_agenda_item(item, context: Context) -> None:
    item.paper = ""
    item.paper_name = ""


def _settle_action_update(update, context: Context) -> None:
    update.evidence = ""
    update.evidence_name = ""


def _settle_cycle(cycle, context: Context) -> None:
    cycle.title = f"Priorities {cycle.starts_on.year}-{cycle.ends_on.year % 100:02d}"


def _settle_deliverable(deliverable, context: Context) -> None:
    if deliverable.status != "done":
        deliverable.status = "done"
        deliverable.completed_on = deliverable.forecast_on
        deliverable.blocked_reason = ""


def _settle_update(update, context: Context) -> None:
    if update.ask.strip() and not update.ask_response.strip():
        update.ask_response = "Noted by the Executive, who asked for an update next quarter."
        update.ask_responded_on = update.written_on + timedelta(days=21)


def _settle_return(quarterly_return, context: Context) -> None:
    quarterly_return.status = "accepted"
    quarterly_return.returned_reason = ""
    due = datetime.combine(
        quarterly_return.due_on, datetime.min.time(), tzinfo=timezone.get_current_timezone()
    )
    quarterly_return.submitted_at = quarterly_return.submitted_at or due - timedelta(days=3)
    quarterly_return.accepted_at = quarterly_return.accepted_at or due + timedelta(days=2)


def _settle_return_value(value, context: Context) -> None:
    value.status = "accepted"


def _settle_session(session, context: Context) -> None:
    length = session.ends_at - session.starts_at
    session.starts_at = _weekday(session.starts_at)
    session.ends_at = session.starts_at + length


def _settle_evaluation(evaluation, context: Context) -> None:
    import uuid

    evaluation.nonce = uuid.uuid4()


SPECS = [
    # governance
    Spec("governance.Person", settle=_settle_person),
    Spec("governance.Meeting", settle=_settle_meeting),
    Spec("governance.AgendaItem", settle=_settle_agenda_item),
    Spec("governance.Attendance"),
    Spec("governance.MeetingDecision"),
    Spec("governance.Action", settle=_settle_action),
    Spec("governance.ActionUpdate", settle=_settle_action_update),
    Spec("governance.Risk", settle=_settle_risk, m2m=("mitigating_actions",)),
    Spec("governance.Escalation", settle=_settle_escalation, m2m=("agencies",)),
    Spec("governance.ScrutinyActivity"),
    Spec("governance.ScrutinyRecommendation"),
    Spec("governance.Document", settle=_settle_document),
    Spec("governance.DocumentVersion", settle=_settle_document_version),
    Spec("governance.SignOff"),
    Spec("governance.BudgetContribution"),
    Spec("governance.BudgetSpend"),
    # reviews (the case access log is not copied: nobody viewed these copies)
    Spec("reviews.SeriousIncident", settle=_settle_incident, m2m=("agencies_involved",)),
    Spec("reviews.OtherChild"),
    Spec("reviews.PartnerDecision"),
    Spec("reviews.RapidReview", settle=_settle_rapid_review),
    Spec("reviews.AgencyInformationRequest", settle=_settle_information_request),
    Spec("reviews.LocalReview", settle=_settle_local_review),
    Spec("reviews.LocalReviewMilestone", settle=_settle_milestone),
    Spec("reviews.Recommendation"),
    Spec("reviews.SevenMinuteBriefing", settle=_settle_briefing),
    # priorities: cycles are two years long, so each copy is two years further back
    Spec("priorities.PriorityCycle", years_per_copy=2, settle=_settle_cycle),
    Spec("priorities.PriorityArea", years_per_copy=2, m2m=("leads",)),
    Spec("priorities.Objective", years_per_copy=2),
    Spec("priorities.Deliverable", years_per_copy=2, settle=_settle_deliverable),
    Spec("priorities.ForecastChange", years_per_copy=2),
    Spec("priorities.ProgressUpdate", years_per_copy=2, settle=_settle_update),
    Spec("priorities.OutcomeMeasure", years_per_copy=2),
    Spec("priorities.MeasureValue", years_per_copy=2),
    Spec("priorities.Feedback", years_per_copy=2),
    # dataset: indicators are shared; one return per agency per quarter
    Spec("dataset.QuarterlyReturn", settle=_settle_return),
    Spec("dataset.ReturnValue", settle=_settle_return_value),
    # training: courses are shared
    Spec("training.Session", settle=_settle_session),
    Spec("training.Booking"),
    Spec("training.Evaluation", settle=_settle_evaluation),
    Spec("training.Resource"),
    Spec("training.Bulletin"),
    Spec("training.BulletinSection"),
    Spec("training.BulletinDelivery"),
    Spec("training.NeedsAnalysis", m2m=("agencies",)),
    Spec("training.NeedsResponse"),
]

# Integer fields that hold a year move back with the copy.
YEAR_FIELDS = {"year", "financial_year", "reference_year"}


@contextmanager
def _stored_as_given(model: type[models.Model]) -> Iterator[None]:
    """bulk_create stamps auto_now_add fields with now: a copy keeps its own past date."""
    stamped = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
    ]
    saved = [(f, f.auto_now_add, f.auto_now) for f in stamped]
    for f in stamped:
        f.auto_now_add = f.auto_now = False
    try:
        yield
    finally:
        for f, auto_now_add, auto_now in saved:
            f.auto_now_add, f.auto_now = auto_now_add, auto_now


def _unique_keys(model: type[models.Model]) -> list[tuple[str, ...]]:
    keys = [(f.attname,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    # A conditional constraint is treated as if it always held: a copy may be left out
    # that the database would have taken, never the other way round.
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            keys.append(tuple(model._meta.get_field(name).attname for name in constraint.fields))
    return keys


class Scaler:
    def __init__(self, *, factor: int, history_user, today: date | None = None, batch_size: int = 2000):
        self.factor = factor
        self.history_user = history_user
        self.today = today or timezone.localdate()
        self.batch_size = batch_size
        # model -> copy -> {original pk: copy pk}
        self.copies: dict[type[models.Model], dict[int, dict[int, int]]] = {}
        # model -> [(copy, instance)] written, for History at the end
        self.written: dict[type[models.Model], list[tuple[int, models.Model]]] = defaultdict(list)
        self.skipped: dict[str, int] = defaultdict(int)

    @transaction.atomic
    def run(self) -> dict[str, int]:
        for spec in SPECS:
            self._copy_model(spec)
        self._relink_action_sources()
        for model, rows in self.written.items():
            self._write_history(model, rows)
        return {model._meta.label: len(rows) for model, rows in self.written.items()}

    # -- copying --

    def _copy_model(self, spec: Spec) -> None:
        model = spec.model
        originals = list(model._default_manager.order_by("pk"))
        keys = _unique_keys(model)
        taken = {key: set(model._default_manager.values_list(*key)) for key in keys}
        references = self._reference_numbers() if model._meta.label == "reviews.SeriousIncident" else {}
        plan: list[tuple[int, models.Model, models.Model]] = []
        for copy in range(1, self.factor + 1):
            years = copy * spec.years_per_copy
            for original in originals:
                context = Context(
                    copy=copy, years=years, original=original, today=self.today, references=references
                )
                clone = self._clone(model, original, context)
                if clone is None:
                    self.skipped[model._meta.label] += 1
                    continue
                if spec.settle:
                    spec.settle(clone, context)
                # NULLs never collide, as in the database.
                row_keys = [
                    (key, value)
                    for key in keys
                    if None not in (value := tuple(getattr(clone, name) for name in key))
                ]
                if any(value in taken[key] for key, value in row_keys):
                    self.skipped[model._meta.label] += 1  # that period is already recorded
                    continue
                for key, value in row_keys:
                    taken[key].add(value)
                plan.append((copy, original, clone))
        with _stored_as_given(model):
            created = model._default_manager.bulk_create(
                [clone for _, _, clone in plan], batch_size=self.batch_size
            )
        mapping: dict[int, dict[int, int]] = defaultdict(dict)
        for (copy, original, _), clone in zip(plan, created, strict=True):
            mapping[copy][original.pk] = clone.pk
            self.written[model].append((copy, clone))
        self.copies[model] = mapping
        for name in spec.m2m:
            self._copy_m2m(model, name, plan, created)

    def _clone(self, model, original, context: Context):
        values = {}
        for f in model._meta.concrete_fields:
            if f.primary_key:
                continue
            value = getattr(original, f.attname)
            if f.is_relation and value is not None and f.related_model in self.copies:
                value = self.copies[f.related_model].get(context.copy, {}).get(value)
                if value is None:
                    return None  # its parent was left out
            elif isinstance(f, models.DateTimeField | models.DateField):
                value = context.back(value)
            elif f.name in YEAR_FIELDS and isinstance(value, int):
                value -= context.years
            values[f.attname] = value
        return model(**values)

    def _copy_m2m(self, model, name: str, plan, created) -> None:
        m2m = model._meta.get_field(name)
        through = m2m.remote_field.through
        source = m2m.m2m_field_name()
        target = m2m.m2m_reverse_field_name()
        target_model = m2m.related_model
        source_attname = through._meta.get_field(source).attname
        target_attname = through._meta.get_field(target).attname
        by_original = defaultdict(list)
        for row in through.objects.filter(**{f"{source}__in": {original.pk for _, original, _ in plan}}):
            by_original[getattr(row, source_attname)].append(getattr(row, target_attname))
        rows = []
        for (copy, original, _), clone in zip(plan, created, strict=True):
            for target_pk in by_original.get(original.pk, ()):
                if target_model in self.copies:
                    target_pk = self.copies[target_model].get(copy, {}).get(target_pk)
                    if target_pk is None:
                        continue
                rows.append(through(**{source_attname: clone.pk, target_attname: target_pk}))
        through.objects.bulk_create(rows, batch_size=self.batch_size, ignore_conflicts=True)

    def _reference_numbers(self) -> dict[int, int]:
        incident = apps.get_model("reviews.SeriousIncident")
        rows = incident.objects.values("reference_year").annotate(last=models.Max("reference_number"))
        return {row["reference_year"]: row["last"] for row in rows}

    def _relink_action_sources(self) -> None:
        """An action raised from a case or a deliverable points at that record's copy."""
        action_model = apps.get_model("governance.Action")
        changed = []
        types = {ct.pk: ct.model_class() for ct in ContentType.objects.all()}
        for copy, action in self.written.get(action_model, []):
            source_model = types.get(action.source_type_id)
            if source_model in self.copies:
                action.source_id = self.copies[source_model].get(copy, {}).get(action.source_id)
                if action.source_id is None:
                    action.source_type_id = None
                changed.append(action)
        action_model.objects.bulk_update(changed, ["source_type", "source_id"], batch_size=self.batch_size)

    # -- History --

    def _write_history(self, model, rows: list[tuple[int, models.Model]]) -> None:
        if not hasattr(model, "history") or not rows:
            return
        now = timezone.now()
        instances = []
        for copy, instance in rows:
            years = copy * next(s.years_per_copy for s in SPECS if s.model is model)
            instance._history_date = now - relativedelta(years=years)
            instances.append(instance)
        historical = model.history.bulk_history_create(
            instances, batch_size=self.batch_size, default_user=self.history_user
        )
        m2m_fields = getattr(model.history.model, "_history_m2m_fields", [])
        for m2m in m2m_fields:
            self._write_m2m_history(model, m2m, historical)

    def _write_m2m_history(self, model, m2m, historical) -> None:
        m2m_history_model = HistoricalRecords.m2m_models[m2m]
        through = m2m.remote_field.through
        source = through._meta.get_field(m2m.m2m_field_name()).attname
        names = [f.attname for f in through._meta.fields]
        by_record = defaultdict(list)
        record_ids = [row.id for row in historical]
        for batch in _batches(record_ids, 5000):
            for row in through.objects.filter(**{f"{source}__in": batch}):
                by_record[getattr(row, source)].append(row)
        rows = []
        for history_row in historical:
            for row in by_record.get(history_row.id, ()):
                rows.append(
                    m2m_history_model(
                        history_id=history_row.pk, **{name: getattr(row, name) for name in names}
                    )
                )
        m2m_history_model.objects.bulk_create(rows, batch_size=self.batch_size)


def _batches(items: list, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
