"""Retention: which of the partnership's records are kept only for a period, and how to
find those past it. Governance's own kinds, and the contract every area follows.

UK GDPR Article 5(1)(e) keeps personal data no longer than needed; the ICO sets no fixed
periods, so each period is the partnership's decision, set in settings.RETENTION (years)
and justified in the README. An area says which of its record kinds are retained, and how
to find records past their period, in its own `retention.py`:

    def retention_kinds() -> list[RetentionKind]

thscp collects them (thscp/areas.py), lists what is past its period every morning for the
business unit to review, and erases what the business unit decides to erase, with the
History and files of everything that belongs to the record, recording only that the
erasure happened (thscp/operations/retention.py). A kind with no period in
settings.RETENTION is kept.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import TruncDate
from simple_history.models import HistoricalChanges

from .models import Person


@dataclass(frozen=True)
class RetentionKind:
    # The model's label in lower case, as in settings.RETENTION: "reviews.seriousincident".
    key: str
    # What the business unit reads on the review page: "Serious incidents (case records)".
    label: str
    # What the period counts from, after "N years": "after the case closed".
    counts_from: str
    # Every record of the kind, annotated `retention_from` (a date): the day its period
    # starts. None while the record is still in use; such a record is never listed.
    records: Callable[[], models.QuerySet]
    # How the business unit recognises one record on the review page.
    describe: Callable[[models.Model], str]
    # Records that do not cascade from the record but go with it (each a list of the same
    # model), erased first; for example the case access log, which protects its case.
    belongings: Callable[[models.Model], list[list[models.Model]]] = field(default=lambda record: [])


def last_changed_on(model: type[models.Model]) -> TruncDate:
    """The day a record was last changed, from its History: what a record with no date
    of its own counts its period from."""
    newest = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return TruncDate(Subquery(newest.values("history_date")[:1], output_field=models.DateTimeField()))


def is_history(model: type[models.Model]) -> bool:
    """A History table (a record's versions, or the rows of one of its many-to-many fields)."""
    return issubclass(model, HistoricalChanges) or any(f.name == "m2m_history_id" for f in model._meta.fields)


def referenced(model: type[models.Model]) -> Q:
    """True where any other record (live, not History) refers to the record, through any
    relation in any app, including those with no reverse accessor (related_name="+")."""
    condition = Q()
    for relation in model._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or not relation.is_relation:
            continue
        if relation.many_to_many:
            through = relation.through
            source = next(f for f in through._meta.fields if f.is_relation and f.related_model is model)
            rows = through._default_manager.filter(**{source.name: OuterRef("pk")})
        else:
            if is_history(relation.related_model):
                continue  # History keeps only the key; it reads "(a record since removed)"
            rows = relation.related_model._base_manager.filter(**{relation.field.name: OuterRef("pk")})
        condition |= Q(Exists(rows))
    for forward in model._meta.many_to_many:  # the record's own links, e.g. a contact's groups
        through = forward.remote_field.through
        rows = through._default_manager.filter(**{forward.m2m_field_name(): OuterRef("pk")})
        condition |= Q(Exists(rows))
    return condition


def _contacts():
    # A contact is in use while they can sign in, sit in a group, or are named in any
    # record (an attendance, an action, a booking, a bulletin sent): those records keep
    # them, for as long as they are kept themselves.
    return Person.objects.select_related("agency").annotate(
        retention_from=Case(
            When(Q(user__isnull=False) | referenced(Person), then=Value(None)),
            default=last_changed_on(Person),
            output_field=models.DateField(),
        )
    )


def retention_kinds() -> list[RetentionKind]:
    return [
        RetentionKind(
            key="governance.person",
            label="Contacts no longer in use",
            counts_from="after the contact last changed, with no account, no group and named in no record",
            records=_contacts,
            describe=lambda person: f"{person.full_name}, {person.agency.name}",
        )
    ]
