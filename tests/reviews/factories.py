"""Factories for statutory reviews. Cases go through the services where a workflow
matters (stages, the rapid review opening); these build the records directly."""

from datetime import date

import factory

from governance.models import Agency, Theme
from reviews.models import (
    AgencyInformationRequest,
    LocalReview,
    LocalReviewMilestone,
    PartnerDecision,
    RapidReview,
    Recommendation,
    SeriousIncident,
    SevenMinuteBriefing,
)
from tests.governance.factories import ActionFactory, AgencyFactory, UserFactory

PARTNERS = [value for value, _ in Agency.StatutoryPartner.choices]


class SeriousIncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeriousIncident

    aware_on = date(2025, 12, 22)
    reference_year = factory.LazyAttribute(lambda incident: incident.aware_on.year)
    reference_number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(
        lambda incident: f"SI-{incident.reference_year}-{incident.reference_number:03d}"
    )
    harm_type = SeriousIncident.HarmType.SERIOUS_HARM
    age_band = SeriousIncident.AgeBand.UNDER_1
    summary = "A short factual summary with no identifying details."
    created_by = factory.SubFactory(UserFactory)


class PartnerDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerDecision

    incident = factory.SubFactory(SeriousIncidentFactory)
    partner = Agency.StatutoryPartner.LOCAL_AUTHORITY
    proceed = True
    rationale = "Meets the criteria for a rapid review."
    decided_on = factory.LazyAttribute(
        lambda decision: decision.incident.notified_on or decision.incident.aware_on
    )
    recorded_by = factory.SubFactory(UserFactory)


class RapidReviewFactory(factory.django.DjangoModelFactory):
    """A rapid review with its incident notified and all three partners' 'yes'."""

    class Meta:
        model = RapidReview
        skip_postgeneration_save = True

    incident = factory.SubFactory(
        SeriousIncidentFactory,
        notified_on=date(2025, 12, 30),
        stage=SeriousIncident.Stage.RAPID_REVIEW,
    )
    opened_on = date(2025, 12, 31)

    @factory.post_generation
    def decisions(self, create, extracted, **kwargs):
        if create and extracted is not False:
            for partner in PARTNERS:
                PartnerDecisionFactory(incident=self.incident, partner=partner, proceed=True)


class AgencyInformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyInformationRequest

    rapid_review = factory.SubFactory(RapidReviewFactory)
    agency = factory.SubFactory(AgencyFactory)
    request = "A chronology of involvement and key practice episodes."
    requested_on = date(2026, 1, 2)
    due_on = date(2026, 1, 9)


class LocalReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalReview

    rapid_review = factory.SubFactory(
        RapidReviewFactory,
        incident__stage=SeriousIncident.Stage.LOCAL_REVIEW,
        outcome=RapidReview.Outcome.LOCAL_REVIEW,
        partners_approved_on=date(2026, 1, 20),
        sent_to_panel_on=date(2026, 1, 21),
    )
    decided_on = date(2026, 1, 20)
    reviewers = "An independent reviewer"


class LocalReviewMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalReviewMilestone

    local_review = factory.SubFactory(LocalReviewFactory)
    title = "Practitioner event"
    due_on = date(2026, 3, 2)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Theme {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    rapid_review = factory.SubFactory(RapidReviewFactory)
    text = "Strengthen information sharing between health visiting and children's social care."
    theme = factory.SubFactory(ThemeFactory)
    action = factory.SubFactory(ActionFactory, theme=factory.SelfAttribute("..theme"))


class SevenMinuteBriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SevenMinuteBriefing

    title = factory.Sequence(lambda n: f"7-minute briefing {n}: safe sleep")
    summary = "Anonymised learning about safe sleep for infants."
    published_on = date(2026, 2, 1)
