"""Which case records are kept for a period (settings.RETENTION), and how to find those
past it: the contract is governance/retention.py.

A serious incident is retained with everything that belongs to it: the other children
in its notification, the partners' decisions, the rapid review with its information
requests and recommendations, the local review with its milestones and final report, and
the case access log of who viewed it. They cascade from the incident and go with it when
it is erased. Actions raised from the case stay in the partnership's action log, and
anonymised learning (7-minute briefings, webinars) stays in the library.
"""

from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce

from governance.retention import RetentionKind, last_changed_on

from .models import CaseAccessLog, SeriousIncident

Stage = SeriousIncident.Stage


def closed_on():
    """The day a case closed: its local review was published; or, without one, its rapid
    review went to the Panel; or the Panel was told no rapid review would be held. A case
    withdrawn as recorded by mistake, the day it was withdrawn. A closed case missing those
    dates counts from its last change. An open case has none, and is never listed."""
    return Case(
        When(stage=Stage.WITHDRAWN, then=F("withdrawn_on")),
        When(
            stage=Stage.CLOSED,
            then=Coalesce(
                F("rapid_review__local_review__published_on"),
                F("rapid_review__sent_to_panel_on"),
                F("panel_told_no_rapid_review_on"),
                last_changed_on(SeriousIncident),
            ),
        ),
        default=Value(None),
        output_field=models.DateField(),
    )


def _cases():
    return SeriousIncident.objects.annotate(retention_from=closed_on())


def _describe(incident: SeriousIncident) -> str:
    return f"{incident.reference} ({incident.get_stage_display().lower()})"


def _access_log(incident: SeriousIncident) -> list[list[models.Model]]:
    # The log protects its case from deletion (it is append-only); at the end of the
    # case's retention it goes with the case, and the erasure record says that it did.
    return [list(CaseAccessLog.objects.filter(incident=incident))]


def retention_kinds() -> list[RetentionKind]:
    return [
        RetentionKind(
            key="reviews.seriousincident",
            label="Serious incidents (case records)",
            counts_from="after the case closed",
            records=_cases,
            describe=_describe,
            belongings=_access_log,
        )
    ]
