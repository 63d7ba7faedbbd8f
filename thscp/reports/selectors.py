"""Reads for the yearly report: who may be named, what is unsafe to publish, the figures
the narrative is checked against."""

from dataclasses import dataclass

from django.db.models import Q

from governance import roles
from governance.models import Person
from reviews.models import (
    AgencyInformationRequest,
    LocalReview,
    PartnerDecision,
    RapidReview,
    SeriousIncident,
)

from .models import NamingConsent
from .safety import Sensitive

# Every date recorded on a case: the serious incident, the partners' decisions, the rapid
# review and its requests to agencies, the local review.
CASE_DATE_FIELDS = {
    SeriousIncident: (
        "aware_on", "notified_on", "partners_told_on", "ofsted_told_on", "executive_decided_on",
        "panel_told_no_rapid_review_on", "withdrawn_on",
    ),
    PartnerDecision: ("decided_on",),
    RapidReview: (
        "opened_on", "panel_meeting_on", "partners_approved_on", "sent_to_panel_on",
        "panel_response_received_on",
    ),
    AgencyInformationRequest: ("requested_on", "received_on"),
    LocalReview: ("decided_on", "completed_on", "sent_to_panel_on", "publication_planned_on", "published_on"),
}  # fmt: skip


def young_scrutineers():
    """People in the directory who are young scrutineers: by their sign-in's role, or by
    their job title where they have no sign-in."""
    return (
        Person.objects.filter(
            Q(user__groups__name=roles.YOUNG_SCRUTINEER) | Q(job_title__icontains="young scrutineer")
        )
        .select_related("agency")
        .distinct()
        .order_by("full_name")
    )


def consented_person_ids() -> set[int]:
    """Those with a consent to be named standing (not withdrawn)."""
    return set(NamingConsent.objects.filter(withdrawn_on=None).values_list("person_id", flat=True))


@dataclass(frozen=True)
class Unnamed:
    """A young scrutineer the report may not name, with the words that would name them."""

    full_name: str
    job_title: str


def young_scrutineers_not_to_name() -> list[Unnamed]:
    consented = consented_person_ids()
    return [
        Unnamed(person.full_name, person.job_title)
        for person in young_scrutineers()
        if person.pk not in consented
    ]


def sensitive_values() -> Sensitive:
    references = set()
    for reference, panel_reference in SeriousIncident.objects.values_list("reference", "panel_reference"):
        references.add(reference.upper())
        if panel_reference.strip():
            references.add(panel_reference.strip().upper())
    case_dates = set()
    for model, fields in CASE_DATE_FIELDS.items():
        for row in model.objects.values_list(*fields):
            case_dates.update(day for day in row if day)
    return Sensitive(
        references=references,
        case_dates=case_dates,
        unconsented_names={person.full_name for person in young_scrutineers_not_to_name()},
    )
