"""What the pages show: the clocks, the error messages, and pinned query counts."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance import roles
from governance.models import Action
from reviews import selectors
from reviews.models import LocalReview, RapidReview, SeriousIncident
from tests.governance.factories import ThemeFactory
from tests.governance.uploads import office_document
from tests.reviews.factories import (
    LocalReviewFactory,
    LocalReviewMilestoneFactory,
    PartnerDecisionFactory,
    RapidReviewFactory,
    RecommendationFactory,
    SeriousIncidentFactory,
    SevenMinuteBriefingFactory,
)
from tests.reviews.helpers import date_fields
from tests.training.factories import WebinarFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business_unit(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    return client


def error_summary(response) -> str:
    content = response.content.decode()
    start = content.index('class="govuk-error-summary"')
    return content[start : content.index("</ul>", start)]


def test_incident_form_says_not_to_enter_the_childs_name(business_unit):
    content = business_unit.get(reverse("reviews:incident_create")).content.decode()
    assert "Do not enter the child&#x27;s name" in content
    # No field for a name: the case is known by its reference.
    assert 'name="child_name"' not in content and 'name="name"' not in content


def test_incident_form_with_nothing_filled_in_lists_each_problem(business_unit):
    response = business_unit.post(reverse("reviews:incident_create"), {})
    summary = error_summary(response)
    assert "Select the type of harm" in summary
    assert "Select the child&#x27;s age band" in summary
    assert "Enter a short factual summary" in summary
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert "<title>Error: " in response.content.decode()
    assert not SeriousIncident.objects.exists()


def test_notification_before_awareness_shows_a_clear_error(business_unit):
    incident = SeriousIncidentFactory(aware_on=date(2025, 12, 22))
    response = business_unit.post(
        reverse("reviews:incident_notification", args=[incident.pk]),
        {**date_fields("notified_on", date(2025, 12, 19)), "late_notification_reason": ""},
    )
    assert "must be the same as or after the date the local authority became aware" in error_summary(response)
    incident.refresh_from_db()
    assert incident.notified_on is None


def test_late_notification_asks_for_the_reason(business_unit):
    incident = SeriousIncidentFactory(aware_on=date(2025, 12, 22))
    response = business_unit.post(
        reverse("reviews:incident_notification", args=[incident.pk]),
        {**date_fields("notified_on", date(2026, 1, 5)), "late_notification_reason": ""},
    )
    assert "enter the reason it was not made within 5 working days" in error_summary(response)


def test_incident_page_shows_a_late_notification_as_text(business_unit):
    incident = SeriousIncidentFactory(
        aware_on=date(2025, 12, 22), notified_on=date(2026, 1, 5), late_notification_reason="Learnt late."
    )
    content = business_unit.get(reverse("reviews:incident_detail", args=[incident.pk])).content.decode()
    assert "Completed late" in content
    assert ">Late</strong>" in content


def test_outcome_without_all_three_decisions_shows_a_clear_error(business_unit):
    review = RapidReviewFactory(decisions=False)
    PartnerDecisionFactory(incident=review.incident, partner="local_authority")
    response = business_unit.post(
        reverse("reviews:rapid_review_outcome", args=[review.incident_id]),
        {
            "outcome": "no_local_review",
            **date_fields("partners_approved_on", date(2026, 1, 20)),
            **date_fields("sent_to_panel_on", date(2026, 1, 21)),
        },
    )
    assert "until all three partners have recorded their decision" in error_summary(response)
    review.refresh_from_db()
    assert review.outcome == ""


def publication(**overrides):
    return {
        **date_fields("sent_to_panel_on", date(2026, 7, 13)),
        **date_fields("publication_planned_on", date(2026, 7, 21)),
        **date_fields("published_on", None),
        "publication_delay_reasons": "",
        "executive_route_decision": "",
        **overrides,
    }


def test_short_publication_notice_is_a_warning_to_confirm(business_unit):
    review = LocalReviewFactory()
    url = reverse("reviews:local_review_publication", args=[review.rapid_review.incident_id])
    response = business_unit.post(url, publication())
    assert "at least 7 working days before publication" in error_summary(response)
    assert "I confirm: publish with less than 7 working days" in response.content.decode()
    review.refresh_from_db()
    assert review.publication_planned_on is None


def test_short_publication_notice_is_saved_once_confirmed(business_unit):
    review = LocalReviewFactory()
    url = reverse("reviews:local_review_publication", args=[review.rapid_review.incident_id])
    response = business_unit.post(url, publication(confirm_short_notice="on"))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.publication_planned_on == date(2026, 7, 21)


def test_final_report_of_the_wrong_type_is_refused(business_unit):
    review = LocalReviewFactory()
    response = business_unit.post(
        reverse("reviews:local_review_edit", args=[review.rapid_review.incident_id]),
        {
            "reviewers": "An independent reviewer",
            "terms_of_reference": "",
            **date_fields("completed_on", None),
            "final_report": SimpleUploadedFile("report.exe", b"MZ not a document"),
        },
    )
    assert "must be a PDF, Word, Excel or PowerPoint file" in error_summary(response)
    review.refresh_from_db()
    assert not review.final_report


def test_final_report_is_downloaded_only_through_the_case(business_unit):
    review = LocalReviewFactory()
    business_unit.post(
        reverse("reviews:local_review_edit", args=[review.rapid_review.incident_id]),
        {
            **date_fields("decided_on", review.decided_on),
            "reviewers": "An independent reviewer",
            "terms_of_reference": "",
            **date_fields("completed_on", None),
            "final_report": SimpleUploadedFile("final.pdf", b"%PDF-1.7 the report"),
        },
    )
    review.refresh_from_db()
    assert review.final_report_name == "final.pdf"
    assert review.final_report.name.startswith("private/local-reviews/")
    response = business_unit.get(reverse("reviews:final_report", args=[review.rapid_review.incident_id]))
    assert b"".join(response.streaming_content) == b"%PDF-1.7 the report"


def test_briefing_that_is_not_a_pdf_is_refused(business_unit):
    review = RapidReviewFactory()
    response = business_unit.post(
        reverse("reviews:briefing_create", args=[review.incident_id]),
        {
            "title": "Safe sleep",
            "summary": "Anonymised learning.",
            **date_fields("published_on", date(2026, 2, 1)),
            "document": SimpleUploadedFile("briefing.docx", office_document(".docx")),
        },
    )
    assert "must be a PDF" in error_summary(response)


def test_rapid_review_page_shows_the_clock(business_unit):
    review = RapidReviewFactory(incident__notified_on=date(2025, 12, 30), sent_to_panel_on=None)
    content = business_unit.get(reverse("reviews:rapid_review_detail", args=[review.incident_id])).content
    content = content.decode()
    assert "Wednesday 21 January 2026" in content
    assert "Working days used" in content
    assert "Overdue" in content  # today is long after 21 January 2026


def test_dashboard_lists_an_open_case_with_what_is_due(business_unit):
    incident = SeriousIncidentFactory(aware_on=date(2025, 12, 22))
    content = business_unit.get(reverse("reviews:index")).content.decode()
    assert incident.reference in content
    assert "Notify the Panel" in content
    assert "Wednesday 31 December 2025" in content


def test_dashboard_leaves_out_closed_cases(business_unit):
    incident = SeriousIncidentFactory(stage=SeriousIncident.Stage.CLOSED)
    assert incident.reference not in business_unit.get(reverse("reviews:index")).content.decode()


def test_dashboard_flags_a_disagreement_for_the_executive(business_unit):
    SeriousIncidentFactory(stage=SeriousIncident.Stage.DISAGREEMENT, notified_on=date(2025, 12, 30))
    assert "For the Executive" in business_unit.get(reverse("reviews:index")).content.decode()


def test_timeliness_counts_notifications_within_five_working_days(business_unit):
    SeriousIncidentFactory(aware_on=date(2025, 12, 22), notified_on=date(2025, 12, 31))
    SeriousIncidentFactory(aware_on=date(2025, 12, 22), notified_on=date(2026, 1, 2))
    content = business_unit.get(reverse("reviews:timeliness") + "?year=2025").content.decode()
    assert "April 2025 to March 2026" in content
    assert "50%" in content


# Query counts: the same number of queries whatever the amount of data. Seven of each
# count are the request's own: the session, the user, their roles, the two-factor check,
# and saving the session (in a savepoint).


def make_cases(count):
    for _ in range(count):
        LocalReviewMilestoneFactory()
        SeriousIncidentFactory()
        RecommendationFactory()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("reviews:index", 10), ("reviews:case_list", 9), ("reviews:action_plan", 11), ("reviews:learning", 11)],
)
@pytest.mark.parametrize("size", [1, 8])
def test_list_pages_use_a_constant_number_of_queries(
    business_unit, django_assert_num_queries, name, expected, size
):
    make_cases(size)
    SevenMinuteBriefingFactory.create_batch(size)
    for review in RapidReviewFactory.create_batch(size):
        WebinarFactory(learned_from=review)
    with django_assert_num_queries(expected):
        assert business_unit.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_case_pages_use_a_constant_number_of_queries(business_unit, django_assert_num_queries, size):
    review = LocalReviewFactory()
    for _ in range(size):
        LocalReviewMilestoneFactory(local_review=review)
        RecommendationFactory(rapid_review=None, local_review=review)
    incident_id = review.rapid_review.incident_id
    # The same count for 1 or 8 of each; one of them is the case's other children.
    with django_assert_num_queries(17):
        assert (
            business_unit.get(reverse("reviews:local_review_detail", args=[incident_id])).status_code == 200
        )


def test_local_review_page_shows_its_target_and_publication_state(business_unit):
    review = LocalReviewFactory(publication_delayed=True, publication_delay_reasons="The family's concerns.")
    content = business_unit.get(
        reverse("reviews:local_review_detail", args=[review.rapid_review.incident_id])
    )
    content = content.content.decode()
    assert "Monday 20 July 2026" in content
    assert "Publication delayed" in content
    assert "The family&#x27;s concerns." in content


def test_local_review_and_rapid_review_models_are_linked_through_the_case():
    review = LocalReviewFactory()
    assert isinstance(review.rapid_review, RapidReview)
    assert LocalReview.objects.get().incident == review.rapid_review.incident


@pytest.mark.parametrize("size", [1, 8])
def test_rapid_review_page_uses_a_constant_number_of_queries(business_unit, django_assert_num_queries, size):
    from tests.reviews.factories import AgencyInformationRequestFactory

    review = RapidReviewFactory()
    for _ in range(size):
        AgencyInformationRequestFactory(rapid_review=review)
        RecommendationFactory(rapid_review=review)
    with django_assert_num_queries(16):
        assert (
            business_unit.get(reverse("reviews:rapid_review_detail", args=[review.incident_id])).status_code
            == 200
        )


@pytest.mark.parametrize("role", [roles.BUSINESS_UNIT, roles.RAPID_REVIEW_PANEL, roles.EXECUTIVE_MEMBER])
def test_each_case_role_sees_open_cases_on_the_dashboard(signed_in_client, role):
    client, _ = signed_in_client(role)
    incident = SeriousIncidentFactory()
    assert incident.reference in client.get(reverse("reviews:index")).content.decode()


def test_executive_member_resolves_a_disagreement(signed_in_client):
    client, _ = signed_in_client(roles.EXECUTIVE_MEMBER)
    incident = SeriousIncidentFactory(
        stage=SeriousIncident.Stage.DISAGREEMENT, notified_on=date(2025, 12, 30)
    )
    for partner, proceed in (("local_authority", True), ("integrated_care_board", False), ("police", True)):
        PartnerDecisionFactory(incident=incident, partner=partner, proceed=proceed)
    page = client.get(reverse("reviews:incident_detail", args=[incident.pk])).content.decode()
    assert "The partners disagree. The Executive decides." in page
    response = client.post(
        reverse("reviews:executive_decision", args=[incident.pk]),
        {
            "proceed": "True",
            **date_fields("decided_on", date(2026, 1, 2)),
            "executive_decision": "Hold a rapid review: the learning matters.",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.stage == SeriousIncident.Stage.RAPID_REVIEW


def test_the_action_plan_shows_a_page_of_recommendations_at_a_time(business_unit, django_assert_num_queries):
    theme = ThemeFactory(name="Information sharing")
    for number in range(30):
        RecommendationFactory(theme=theme, text=f"Share chronology {number:02d} now")

    with django_assert_num_queries(12):  # one more than page 1: is the theme continued?
        second = business_unit.get(reverse("reviews:action_plan"), {"page": 2}).content.decode()
    first = business_unit.get(reverse("reviews:action_plan")).content.decode()

    assert [n for n in range(30) if f"Share chronology {n:02d} now" in first] == list(range(25))
    assert [n for n in range(30) if f"Share chronology {n:02d} now" in second] == list(range(25, 30))
    assert "Information sharing (continued)" in second
    assert "Page 2 of 2" in second


def test_the_action_plan_summarises_each_theme_whatever_the_page(signed_in_client):
    _, user = signed_in_client(roles.BUSINESS_UNIT)
    theme = ThemeFactory(name="Safe sleep")
    overdue = RecommendationFactory(theme=theme)
    overdue.action.due_date = date(2020, 1, 1)
    overdue.action.save()
    done = RecommendationFactory(
        theme=theme, rapid_review=overdue.rapid_review, spotlight=True, spotlight_evidence="Audit of 30 cases"
    )
    done.action.status = Action.Status.DONE
    done.action.save()

    [row] = selectors.action_plan_summary(user=user, today=date(2026, 11, 28))

    assert (row.name, row.recommendations, row.reviews, row.open, row.overdue, row.spotlights) == (
        "Safe sleep",
        2,
        1,
        1,
        1,
        1,
    )


def test_the_action_plan_shows_only_open_recommendations_when_asked(business_unit):
    open_one = RecommendationFactory(text="Still to do")
    done = RecommendationFactory(text="Already done")
    done.action.status = Action.Status.DONE
    done.action.save()

    content = business_unit.get(reverse("reviews:action_plan"), {"state": "open"}).content.decode()

    assert open_one.text in content
    assert "Already done" not in content


def test_spotlight_item_is_flagged_on_the_action_plan(business_unit):
    from tests.governance.factories import PersonFactory

    recommendation = RecommendationFactory()
    agency = PersonFactory().agency
    response = business_unit.post(
        reverse("reviews:spotlight", args=[recommendation.pk]),
        {
            "agency": agency.pk,
            "evidence": "An audit showed the new checklist used in 27 of 30 cases.",
            **date_fields("presented_on", date(2026, 3, 12)),
        },
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.spotlight_presented_on == date(2026, 3, 12)
    content = business_unit.get(reverse("reviews:action_plan")).content.decode()
    assert "Spotlight item" in content
    assert "27 of 30 cases" in content


def test_spotlight_without_evidence_shows_a_clear_error(business_unit):
    recommendation = RecommendationFactory()
    response = business_unit.post(reverse("reviews:spotlight", args=[recommendation.pk]), {"agency": ""})
    summary = error_summary(response)
    assert "Select the agency presenting the evidence" in summary
    assert "Enter the evidence of implementation and impact" in summary


def test_timeliness_counts_rapid_reviews_and_local_reviews_within_time_and_by_harm_and_age():
    from reviews import selectors
    from tests.conftest import UserFactory

    user = UserFactory(roles=[roles.BUSINESS_UNIT])
    LocalReviewFactory(
        rapid_review__incident__harm_type=SeriousIncident.HarmType.DEATH, completed_on=date(2026, 7, 20)
    )
    LocalReviewFactory(rapid_review__sent_to_panel_on=date(2026, 1, 22), completed_on=date(2026, 7, 21))
    figures = selectors.timeliness(user=user, start_year=2025)
    assert (figures.rapid_reviews.within, figures.rapid_reviews.total) == (1, 2)
    assert dict(figures.by_harm_type) == {"Death": 1, "Serious harm": 1}
    assert dict(figures.by_age_band)["Under 1"] == 2
    # The local reviews were decided on 20 January 2026: their 6-month aim fell due on
    # 20 July 2026, so they count in 2026-27 (one completed that day, one a day late).
    assert (figures.local_reviews.within, figures.local_reviews.total) == (0, 0)
    next_year = selectors.timeliness(user=user, start_year=2026)
    assert (next_year.local_reviews.within, next_year.local_reviews.total) == (1, 2)


def test_timeliness_leaves_out_incidents_from_another_financial_year():
    from reviews import selectors
    from tests.conftest import UserFactory

    SeriousIncidentFactory(aware_on=date(2026, 4, 1))
    user = UserFactory(roles=[roles.BUSINESS_UNIT])
    assert selectors.timeliness(user=user, start_year=2025).incidents == 0
    assert selectors.timeliness(user=user, start_year=2026).incidents == 1


@pytest.mark.parametrize(
    "model_name",
    [
        "seriousincident",
        "partnerdecision",
        "rapidreview",
        "agencyinformationrequest",
        "localreview",
        "localreviewmilestone",
        "recommendation",
        "sevenminutebriefing",
        "caseaccesslog",
    ],
)
def test_every_reviews_model_has_history(model_name):
    from django.apps import apps

    assert hasattr(apps.get_model("reviews", model_name), "history")


def test_business_unit_corrects_an_incident_and_the_reference_stays(business_unit):
    incident = SeriousIncidentFactory(aware_on=date(2025, 12, 22))
    reference = incident.reference
    response = business_unit.post(
        reverse("reviews:incident_edit", args=[incident.pk]),
        {
            **date_fields("aware_on", date(2025, 12, 23)),
            "harm_type": "death",
            "age_band": "1_to_4",
            "abuse_or_neglect_suspected": "True",
            "looked_after": "False",
            "summary": "Corrected summary.",
            "change_reason": "The hospital's record gave the wrong day.",
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.reference, incident.harm_type, incident.aware_on) == (
        reference,
        "death",
        date(2025, 12, 23),
    )


def test_moving_awareness_after_the_notification_is_refused(business_unit):
    incident = SeriousIncidentFactory(aware_on=date(2025, 12, 22), notified_on=date(2025, 12, 30))
    response = business_unit.post(
        reverse("reviews:incident_edit", args=[incident.pk]),
        {
            **date_fields("aware_on", date(2026, 1, 5)),
            "harm_type": "death",
            "age_band": "1_to_4",
            "summary": "x",
        },
    )
    assert "There is a problem" in response.content.decode()
    incident.refresh_from_db()
    assert incident.aware_on == date(2025, 12, 22)


def test_the_rapid_review_panel_records_the_outcome_of_the_rapid_review(client, make_user):
    panel = make_user(roles.RAPID_REVIEW_PANEL)
    client.force_login(panel)
    review = RapidReviewFactory()

    page = client.get(reverse("reviews:rapid_review_detail", args=[review.incident_id])).content.decode()
    response = client.post(
        reverse("reviews:rapid_review_outcome", args=[review.incident_id]),
        {
            "outcome": "no_local_review",
            **date_fields("partners_approved_on", date(2026, 1, 20)),
            **date_fields("sent_to_panel_on", date(2026, 1, 21)),
        },
    )

    assert "Record the outcome" in page
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.outcome == "no_local_review"


def test_the_case_page_shows_the_rapid_review_clock_while_the_partners_decide(business_unit):
    incident = SeriousIncidentFactory(stage=SeriousIncident.Stage.DECISIONS, notified_on=date(2025, 12, 30))

    content = business_unit.get(reverse("reviews:incident_detail", args=[incident.pk])).content.decode()

    assert "Rapid review to the Panel" in content
    assert "Wednesday 21 January 2026" in content
