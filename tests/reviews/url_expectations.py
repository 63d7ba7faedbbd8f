"""Every reviews page, as each kind of visitor. Case pages answer 404 to roles that may
not see cases (as if nothing were there); case roles without the right to change a
record get 403, since they know the case exists."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from governance import roles
from reviews.models import OtherChild, SeriousIncident
from tests.reviews.factories import (
    AgencyInformationRequestFactory,
    LocalReviewFactory,
    LocalReviewMilestoneFactory,
    PartnerDecisionFactory,
    RapidReviewFactory,
    RecommendationFactory,
    SeriousIncidentFactory,
    SevenMinuteBriefingFactory,
)
from tests.url_matrix import ANONYMOUS, ANY_ROLE, CASE_ROLES, Expect, allowed

BUSINESS_UNIT = [roles.BUSINESS_UNIT]
RAPID_REVIEWERS = [roles.BUSINESS_UNIT, roles.RAPID_REVIEW_PANEL]
EXECUTIVE_DECIDERS = [roles.BUSINESS_UNIT, roles.EXECUTIVE_MEMBER]


def case_page(roles_allowed=CASE_ROLES):
    """200 for the roles allowed, 403 for other case roles, 404 for everyone else."""

    def status(who):
        if who in roles_allowed:
            return 200
        if who == ANONYMOUS:
            return 302
        return 403 if who in CASE_ROLES else 404

    return status


def _incident():
    return {"pk": SeriousIncidentFactory().pk}


def _incident_with_rapid_review():
    return {"pk": RapidReviewFactory().incident_id}


def _incident_with_local_review():
    return {"pk": LocalReviewFactory().rapid_review.incident_id}


def _incident_in_disagreement():
    incident = SeriousIncidentFactory(stage=SeriousIncident.Stage.DISAGREEMENT)
    PartnerDecisionFactory(incident=incident, partner="local_authority", proceed=True)
    PartnerDecisionFactory(incident=incident, partner="integrated_care_board", proceed=False)
    PartnerDecisionFactory(incident=incident, partner="police", proceed=True)
    return {"pk": incident.pk}


def _information_request():
    information_request = AgencyInformationRequestFactory()
    return {"pk": information_request.rapid_review.incident_id, "request_pk": information_request.pk}


def _milestone():
    milestone = LocalReviewMilestoneFactory()
    return {"pk": milestone.local_review.rapid_review.incident_id, "milestone_pk": milestone.pk}


def _final_report():
    review = LocalReviewFactory(
        final_report=SimpleUploadedFile("report.pdf", b"%PDF-1.4 final report"),
        final_report_name="report.pdf",
    )
    return {"pk": review.rapid_review.incident_id}


def _recommendation():
    return {"recommendation_pk": RecommendationFactory().pk}


def _briefing():
    briefing = SevenMinuteBriefingFactory(
        document=SimpleUploadedFile("briefing.pdf", b"%PDF-1.4 briefing"), document_name="briefing.pdf"
    )
    return {"briefing_pk": briefing.pk}


def _incident_with_decision():
    decision = PartnerDecisionFactory(partner="local_authority")
    return {"pk": decision.incident_id, "partner": "local_authority"}


def _incident_without_rapid_review():
    incident = SeriousIncidentFactory(
        stage=SeriousIncident.Stage.NO_RAPID_REVIEW, notified_on=date(2025, 12, 23)
    )
    for partner in ("local_authority", "integrated_care_board", "police"):
        PartnerDecisionFactory(incident=incident, partner=partner, proceed=False)
    return {"pk": incident.pk}


def _withdrawn_incident():
    incident = SeriousIncidentFactory(
        stage=SeriousIncident.Stage.WITHDRAWN,
        withdrawn_from_stage=SeriousIncident.Stage.DECISIONS,
        withdrawn_on=date(2026, 1, 5),
        withdrawn_reason="A duplicate.",
    )
    return {"pk": incident.pk}


def _other_child():
    child = OtherChild.objects.create(
        incident=SeriousIncidentFactory(), harm_type="serious_harm", age_band="5_to_9", looked_after=False
    )
    return {"pk": child.incident_id, "child_pk": child.pk}


def _incident_with_rapid_review_sent():
    review = RapidReviewFactory(
        outcome="no_local_review", partners_approved_on=date(2026, 1, 19), sent_to_panel_on=date(2026, 1, 20)
    )
    return {"pk": review.incident_id}


EXPECTATIONS = {
    # The area page names no case: refused plainly (403) like any area a role may not use.
    "reviews:index": Expect(allowed(CASE_ROLES)),
    "reviews:case_list": Expect(case_page()),
    "reviews:incident_create": Expect(case_page(BUSINESS_UNIT)),
    "reviews:incident_detail": Expect(case_page(), _incident),
    "reviews:incident_edit": Expect(case_page(BUSINESS_UNIT), _incident),
    "reviews:incident_notification": Expect(case_page(BUSINESS_UNIT), _incident),
    "reviews:decision_create": Expect(case_page(BUSINESS_UNIT), _incident),
    # An Executive member decides for their own partner only: these visitors have none.
    "reviews:decision_change": Expect(case_page(BUSINESS_UNIT), _incident_with_decision),
    "reviews:no_rapid_review": Expect(case_page(BUSINESS_UNIT), _incident_without_rapid_review),
    "reviews:incident_withdraw": Expect(case_page(BUSINESS_UNIT), _incident),
    "reviews:incident_reinstate": Expect(case_page(BUSINESS_UNIT), _withdrawn_incident),
    "reviews:other_child_create": Expect(case_page(BUSINESS_UNIT), _incident),
    "reviews:other_child_change": Expect(case_page(BUSINESS_UNIT), _other_child),
    "reviews:other_child_remove": Expect(case_page(BUSINESS_UNIT), _other_child),
    "reviews:panel_response": Expect(case_page(RAPID_REVIEWERS), _incident_with_rapid_review_sent),
    "reviews:information_request_change": Expect(case_page(RAPID_REVIEWERS), _information_request),
    "reviews:milestone_change": Expect(case_page(BUSINESS_UNIT), _milestone),
    "reviews:national_recommendation_create": Expect(case_page(BUSINESS_UNIT)),
    "reviews:briefing_change": Expect(
        allowed(BUSINESS_UNIT), lambda: {"briefing_pk": SevenMinuteBriefingFactory().pk}
    ),
    "reviews:executive_decision": Expect(case_page(EXECUTIVE_DECIDERS), _incident_in_disagreement),
    "reviews:access_log": Expect(allowed(BUSINESS_UNIT, denied=404), _incident),
    "reviews:rapid_review_detail": Expect(case_page(), _incident_with_rapid_review),
    "reviews:rapid_review_findings": Expect(case_page(RAPID_REVIEWERS), _incident_with_rapid_review),
    "reviews:rapid_review_outcome": Expect(case_page(RAPID_REVIEWERS), _incident_with_rapid_review),
    "reviews:information_request_create": Expect(case_page(RAPID_REVIEWERS), _incident_with_rapid_review),
    "reviews:information_received": Expect(case_page(RAPID_REVIEWERS), _information_request),
    "reviews:local_review_detail": Expect(case_page(), _incident_with_local_review),
    "reviews:local_review_edit": Expect(case_page(BUSINESS_UNIT), _incident_with_local_review),
    "reviews:local_review_publication": Expect(case_page(BUSINESS_UNIT), _incident_with_local_review),
    "reviews:milestone_create": Expect(case_page(BUSINESS_UNIT), _incident_with_local_review),
    "reviews:milestone_complete": Expect(case_page(BUSINESS_UNIT), _milestone),
    "reviews:final_report": Expect(case_page(), _final_report),
    "reviews:recommendation_create": Expect(case_page(BUSINESS_UNIT), _incident_with_rapid_review),
    "reviews:briefing_create": Expect(case_page(BUSINESS_UNIT), _incident_with_rapid_review),
    "reviews:action_plan": Expect(case_page(), lambda: {}),
    "reviews:spotlight": Expect(case_page(BUSINESS_UNIT), _recommendation),
    "reviews:timeliness": Expect(case_page()),
    # Published learning is for every partner user, young scrutineers included.
    "reviews:learning": Expect(allowed(ANY_ROLE)),
    "reviews:briefing_document": Expect(allowed(ANY_ROLE), _briefing),
}
