"""Issue 11 through the pages: corrections with their reasons, the GOV.UK error summary
when something is missing (and nothing saved), withdrawal, decisions recorded by the
partner's own Executive member, the Panel's response and national recommendations."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from governance import roles
from reviews import services
from reviews.models import OtherChild, PartnerDecision, RapidReview, SeriousIncident
from tests.governance.factories import PartnershipGroupFactory, PersonFactory
from tests.reviews.factories import (
    AgencyInformationRequestFactory,
    LocalReviewFactory,
    LocalReviewMilestoneFactory,
    PartnerDecisionFactory,
    RapidReviewFactory,
    SeriousIncidentFactory,
    ThemeFactory,
)
from tests.reviews.helpers import date_fields, statutory_partners

pytestmark = pytest.mark.django_db

LA, ICB, POLICE = "local_authority", "integrated_care_board", "police"
Stage = SeriousIncident.Stage
AWARE_ON = date(2025, 12, 22)  # the notification is due on 31 December 2025


@pytest.fixture
def business_unit(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    return client


def error_summary(response) -> str:
    content = response.content.decode()
    start = content.index('class="govuk-error-summary"')
    return content[start : content.index("</ul>", start)]


def success_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def details(aware_on, **overrides):
    """The incident details form, as the business unit fills it in."""
    return {
        **date_fields("aware_on", aware_on),
        "harm_type": "death",
        "age_band": "1_to_4",
        "abuse_or_neglect_suspected": "True",
        "looked_after": "False",
        "summary": "A factual summary.",
        "late_notification_reason": "",
        "change_reason": "",
        **overrides,
    }


def notified_incident(notified_on=date(2025, 12, 31), **fields):
    return SeriousIncidentFactory(aware_on=AWARE_ON, notified_on=notified_on, **fields)


# Correcting the awareness date


def test_correcting_awareness_that_makes_the_notification_late_asks_for_the_late_reason(business_unit):
    incident = notified_incident()

    response = business_unit.post(
        reverse("reviews:incident_edit", args=[incident.pk]),
        details(date(2025, 12, 15), change_reason="The hospital's record gave the wrong day."),
    )

    assert response.status_code == 200
    summary = error_summary(response)
    assert "The notification is late (it was due on 22 December 2025)" in summary
    incident.refresh_from_db()
    assert incident.aware_on == AWARE_ON


def test_correcting_awareness_without_a_reason_asks_for_one(business_unit):
    incident = notified_incident()

    response = business_unit.post(
        reverse("reviews:incident_edit", args=[incident.pk]),
        details(date(2025, 12, 15), late_notification_reason="The record was wrong."),
    )

    assert "Enter the reason for changing the date the local authority became aware" in error_summary(
        response
    )
    incident.refresh_from_db()
    assert (incident.aware_on, incident.late_notification_reason) == (AWARE_ON, "")


def test_correcting_awareness_with_the_late_reason_and_the_reason_for_the_change_is_saved(business_unit):
    incident = notified_incident()

    response = business_unit.post(
        reverse("reviews:incident_edit", args=[incident.pk]),
        details(
            date(2025, 12, 15),
            late_notification_reason="The record of awareness was wrong.",
            change_reason="The hospital's record gave the wrong day.",
        ),
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.aware_on, incident.is_notified_late) == (date(2025, 12, 15), True)
    assert incident.late_notification_reason == "The record of awareness was wrong."
    assert incident.history.first().history_change_reason == "The hospital's record gave the wrong day."


def test_the_history_page_shows_the_reason_for_a_correction(business_unit):
    incident = notified_incident()
    business_unit.post(
        reverse("reviews:incident_edit", args=[incident.pk]),
        details(date(2025, 12, 23), change_reason="The hospital record gave the wrong day."),
    )
    incident.refresh_from_db()
    assert incident.aware_on == date(2025, 12, 23)

    content = business_unit.get(
        reverse("governance:history", args=["reviews", "seriousincident", incident.pk])
    ).content.decode()

    assert "The hospital record gave the wrong day." in content


def test_correcting_awareness_so_the_notification_is_on_time_says_the_late_reason_was_removed(
    business_unit,
):
    incident = notified_incident(notified_on=date(2026, 1, 5), late_notification_reason="Learnt late.")

    response = business_unit.post(
        reverse("reviews:incident_edit", args=[incident.pk]),
        details(
            date(2025, 12, 29),  # due 6 January 2026: 5 January is on time
            late_notification_reason="Learnt late.",
            change_reason="The awareness date was mistyped.",
        ),
    )

    assert response.status_code == 302
    assert any("the reason it was late has been removed" in message for message in success_messages(response))
    incident.refresh_from_db()
    assert incident.late_notification_reason == ""


def test_a_late_reason_for_an_on_time_notification_is_removed_and_the_page_says_so(business_unit):
    incident = SeriousIncidentFactory(aware_on=AWARE_ON)

    response = business_unit.post(
        reverse("reviews:incident_notification", args=[incident.pk]),
        {
            **date_fields("notified_on", date(2025, 12, 31)),
            "late_notification_reason": "Thought it was late.",
            "panel_reference": "",
            **date_fields("partners_told_on", None),
            **date_fields("ofsted_told_on", None),
        },
    )

    assert response.status_code == 302
    assert any("the reason it was late has been removed" in message for message in success_messages(response))
    incident.refresh_from_db()
    assert (incident.notified_on, incident.late_notification_reason) == (date(2025, 12, 31), "")


def test_correcting_the_notification_date_without_a_reason_asks_for_one(business_unit):
    incident = notified_incident(notified_on=date(2025, 12, 30))

    response = business_unit.post(
        reverse("reviews:incident_notification", args=[incident.pk]),
        {
            **date_fields("notified_on", date(2025, 12, 31)),
            "late_notification_reason": "",
            "panel_reference": "",
            **date_fields("partners_told_on", None),
            **date_fields("ofsted_told_on", None),
            "change_reason": "",
        },
    )

    assert "Enter the reason for changing the date notified to the Panel" in error_summary(response)
    incident.refresh_from_db()
    assert incident.notified_on == date(2025, 12, 30)


# Recorded twice; withdrawn


def new_incident():
    return {
        **date_fields("aware_on", AWARE_ON),
        **date_fields("notified_on", None),
        "late_notification_reason": "",
        "harm_type": "death",
        "age_band": "1_to_4",
        "abuse_or_neglect_suspected": "True",
        "looked_after": "False",
        "summary": "A factual summary.",
    }


def test_submitting_the_same_incident_twice_is_refused_with_the_first_reference(business_unit):
    first = business_unit.post(reverse("reviews:incident_create"), new_incident())
    assert first.status_code == 302

    again = business_unit.post(reverse("reviews:incident_create"), new_incident())

    assert again.status_code == 200
    assert "already recorded as SI-2025-001" in error_summary(again)
    assert SeriousIncident.objects.count() == 1


def test_the_business_unit_withdraws_a_duplicate_and_the_case_page_shows_the_reason(business_unit):
    incident = SeriousIncidentFactory()

    response = business_unit.post(
        reverse("reviews:incident_withdraw", args=[incident.pk]),
        {"withdrawn_reason": "A duplicate of SI-2025-010, recorded twice by mistake."},
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.stage == Stage.WITHDRAWN
    content = business_unit.get(reverse("reviews:incident_detail", args=[incident.pk])).content.decode()
    assert "Reason: A duplicate of SI-2025-010, recorded twice by mistake." in content
    assert incident.reference not in business_unit.get(reverse("reviews:index")).content.decode()


def test_withdrawing_without_a_reason_shows_the_error_summary_and_saves_nothing(business_unit):
    incident = SeriousIncidentFactory()

    response = business_unit.post(
        reverse("reviews:incident_withdraw", args=[incident.pk]), {"withdrawn_reason": ""}
    )

    assert response.status_code == 200
    assert "Enter the reason the case is withdrawn, for example the case it duplicates" in error_summary(
        response
    )
    incident.refresh_from_db()
    assert (incident.stage, incident.withdrawn_reason) == (Stage.DECISIONS, "")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.RAPID_REVIEW_PANEL, 403),
        (roles.EXECUTIVE_MEMBER, 403),
        (roles.SUB_GROUP_CHAIR, 404),
        (roles.GROUP_MEMBER, 404),
        (roles.AGENCY_DATA_LEAD, 404),
        (roles.INDEPENDENT_SCRUTINEER, 404),
        (roles.YOUNG_SCRUTINEER, 404),
    ],
)
def test_only_the_business_unit_withdraws_a_case(signed_in_client, role, status):
    client, _ = signed_in_client(role)
    incident = SeriousIncidentFactory()

    response = client.post(
        reverse("reviews:incident_withdraw", args=[incident.pk]), {"withdrawn_reason": "Mine."}
    )

    assert response.status_code == status
    incident.refresh_from_db()
    assert incident.stage == Stage.DECISIONS


def test_a_withdrawn_case_cannot_be_changed_through_its_edit_page(business_unit):
    incident = SeriousIncidentFactory(stage=Stage.WITHDRAWN, withdrawn_reason="A duplicate.")

    response = business_unit.post(
        reverse("reviews:incident_edit", args=[incident.pk]), details(AWARE_ON, summary="Changed.")
    )

    assert "This case was withdrawn: it cannot be changed" in error_summary(response)
    incident.refresh_from_db()
    assert incident.summary == "A short factual summary with no identifying details."


# Partner decisions


@pytest.fixture
def local_authority_executive(client, make_user):
    partners = statutory_partners()
    user = make_user(roles.EXECUTIVE_MEMBER)
    PersonFactory(user=user, full_name=user.full_name, agency=partners[LA])
    client.force_login(user)
    return client, user


def decision(partner, decided_on=date(2026, 1, 2), **overrides):
    return {
        "partner": partner,
        "proceed": "True",
        **date_fields("decided_on", decided_on),
        "rationale": "Meets the criteria for a rapid review.",
        **overrides,
    }


def test_an_executive_member_records_their_partners_decision_with_its_date(local_authority_executive):
    client, executive = local_authority_executive
    incident = notified_incident()

    response = client.post(reverse("reviews:decision_create", args=[incident.pk]), decision(LA))

    assert response.status_code == 302
    recorded = PartnerDecision.objects.get(incident=incident)
    assert (recorded.partner, recorded.decided_on, recorded.recorded_by) == (LA, date(2026, 1, 2), executive)


def test_an_executive_member_cannot_record_the_polices_decision(local_authority_executive):
    client, _ = local_authority_executive
    incident = notified_incident()

    response = client.post(reverse("reviews:decision_create", args=[incident.pk]), decision(POLICE))

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not PartnerDecision.objects.exists()


def test_a_decision_without_its_date_shows_the_error_summary(business_unit):
    incident = notified_incident()

    response = business_unit.post(
        reverse("reviews:decision_create", args=[incident.pk]), decision(LA, decided_on=None)
    )

    assert "Enter the date the partner decided" in error_summary(response)
    assert not PartnerDecision.objects.exists()


def test_changing_a_decision_without_a_reason_shows_the_error_summary(business_unit):
    incident = notified_incident()
    PartnerDecisionFactory(incident=incident, partner=LA, proceed=True)

    response = business_unit.post(
        reverse("reviews:decision_change", args=[incident.pk, LA]),
        {
            "proceed": "False",
            **date_fields("decided_on", date(2026, 1, 2)),
            "rationale": "Reconsidered.",
            "change_reason": "",
        },
    )

    assert "Enter the reason for changing the decision" in error_summary(response)
    assert PartnerDecision.objects.get(incident=incident).proceed is True


def test_the_case_page_offers_the_executive_member_their_own_partners_decision_only(
    local_authority_executive,
):
    client, _ = local_authority_executive
    incident = notified_incident()

    content = client.get(reverse("reviews:incident_detail", args=[incident.pk])).content.decode()

    assert reverse("reviews:decision_create", args=[incident.pk]) + f"?partner={LA}" in content
    assert f"?partner={POLICE}" not in content
    assert f"?partner={ICB}" not in content


# No rapid review


def test_no_rapid_review_without_the_reason_shows_the_error_summary(business_unit):
    incident = notified_incident(stage=Stage.NO_RAPID_REVIEW)

    response = business_unit.post(
        reverse("reviews:no_rapid_review", args=[incident.pk]),
        {"no_rapid_review_reason": "", **date_fields("panel_told_no_rapid_review_on", date(2026, 1, 8))},
    )

    assert "Enter why no rapid review is held" in error_summary(response)
    incident.refresh_from_db()
    assert (incident.stage, incident.panel_told_no_rapid_review_on) == (Stage.NO_RAPID_REVIEW, None)


# The Panel's response and the LCSPR decision date


def test_the_panels_response_received_before_the_review_was_sent_shows_the_error_summary(business_unit):
    review = LocalReviewFactory().rapid_review  # sent on 21 January 2026

    response = business_unit.post(
        reverse("reviews:panel_response", args=[review.incident_id]),
        {
            **date_fields("panel_response_received_on", date(2026, 1, 20)),
            "panel_response": "The Panel agrees.",
            "panel_view_of_local_review": RapidReview.PanelView.AGREES,
        },
    )

    assert "cannot be received before the rapid review was sent to it" in error_summary(response)
    review.refresh_from_db()
    assert review.panel_response_received_on is None


def test_the_panels_response_page_sends_back_a_review_not_yet_sent(business_unit):
    review = RapidReviewFactory()

    response = business_unit.post(
        reverse("reviews:panel_response", args=[review.incident_id]),
        {
            **date_fields("panel_response_received_on", date(2026, 1, 20)),
            "panel_response": "The Panel agrees.",
            "panel_view_of_local_review": RapidReview.PanelView.AGREES,
        },
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.panel_response_received_on, review.panel_response) == (None, "")


def test_the_case_page_points_to_the_panels_response_once_the_review_is_sent(business_unit):
    review = LocalReviewFactory().rapid_review

    content = business_unit.get(
        reverse("reviews:incident_detail", args=[review.incident_id])
    ).content.decode()

    assert reverse("reviews:panel_response", args=[review.incident_id]) in content
    assert "Record the Panel&#x27;s response to the rapid review" in content


def test_correcting_the_local_review_decision_date_says_the_six_month_aim_moved(business_unit):
    review = LocalReviewFactory()  # decided 20 January 2026

    response = business_unit.post(
        reverse("reviews:local_review_edit", args=[review.rapid_review.incident_id]),
        {
            **date_fields("decided_on", date(2026, 2, 10)),
            "reviewers": "An independent reviewer",
            "terms_of_reference": "",
            **date_fields("completed_on", None),
            "change_reason": "The partners decided again after the Panel's response.",
        },
    )

    assert response.status_code == 302
    assert any(
        "The 6-month aim moved from 20 July 2026 to 10 August 2026" in message
        for message in success_messages(response)
    )


def test_correcting_the_local_review_decision_date_without_a_reason_shows_the_error_summary(business_unit):
    review = LocalReviewFactory()

    response = business_unit.post(
        reverse("reviews:local_review_edit", args=[review.rapid_review.incident_id]),
        {
            **date_fields("decided_on", date(2026, 2, 10)),
            "reviewers": "An independent reviewer",
            "terms_of_reference": "",
            **date_fields("completed_on", None),
            "change_reason": "",
        },
    )

    assert "Enter the reason for changing the date of the decision to hold a local review" in error_summary(
        response
    )
    review.refresh_from_db()
    assert review.decided_on == date(2026, 1, 20)


# Other children in the notification


def test_a_fifth_child_in_one_notification_is_turned_back_to_the_case_with_the_reason(business_unit):
    incident = SeriousIncidentFactory()
    for _ in range(OtherChild.MOST):
        OtherChild.objects.create(incident=incident, harm_type="serious_harm", age_band="5_to_9")

    response = business_unit.post(
        reverse("reviews:other_child_create", args=[incident.pk]),
        {"harm_type": "serious_harm", "age_band": "1_to_4", "looked_after": "False"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == incident.get_absolute_url()
    assert "already covers four children" in response.content.decode()
    assert OtherChild.objects.filter(incident=incident).count() == OtherChild.MOST


def test_removing_a_child_without_a_reason_shows_the_error_summary(business_unit):
    incident = SeriousIncidentFactory()
    child = OtherChild.objects.create(incident=incident, harm_type="serious_harm", age_band="5_to_9")

    response = business_unit.post(
        reverse("reviews:other_child_remove", args=[incident.pk, child.pk]), {"reason": ""}
    )

    assert "Enter the reason for removing the child from the notification" in error_summary(response)
    assert OtherChild.objects.filter(pk=child.pk).exists()


def test_the_cases_history_page_shows_the_reason_a_child_was_removed(business_unit):
    incident = SeriousIncidentFactory()
    child = OtherChild.objects.create(incident=incident, harm_type="serious_harm", age_band="5_to_9")

    response = business_unit.post(
        reverse("reviews:other_child_remove", args=[incident.pk, child.pk]),
        {"reason": "Recorded by mistake: the sibling was not harmed."},
    )

    assert response.status_code == 302
    content = business_unit.get(
        reverse("governance:history", args=["reviews", "seriousincident", incident.pk])
    ).content.decode()
    assert "Recorded by mistake: the sibling was not harmed." in content


# Corrections of information requests and milestones


def test_correcting_an_information_requests_due_date_without_a_reason_shows_the_error_summary(business_unit):
    information_request = AgencyInformationRequestFactory()

    response = business_unit.post(
        reverse(
            "reviews:information_request_change",
            args=[information_request.rapid_review.incident_id, information_request.pk],
        ),
        {
            "agency": information_request.agency_id,
            "request": information_request.request,
            **date_fields("requested_on", information_request.requested_on),
            **date_fields("due_on", date(2026, 1, 12)),
            **date_fields("received_on", None),
            "change_reason": "",
        },
    )

    assert "Enter the reason for changing the" in error_summary(response)
    information_request.refresh_from_db()
    assert information_request.due_on == date(2026, 1, 9)


def _information_request_due_date_moved():
    information_request = AgencyInformationRequestFactory()
    url = reverse(
        "reviews:information_request_change",
        args=[information_request.rapid_review.incident_id, information_request.pk],
    )
    return url, {
        "agency": information_request.agency_id,
        "request": information_request.request,
        **date_fields("requested_on", information_request.requested_on),
        **date_fields("due_on", date(2026, 1, 12)),
        **date_fields("received_on", None),
        "change_reason": "",
    }


def _milestone_due_date_moved():
    milestone = LocalReviewMilestoneFactory()
    url = reverse(
        "reviews:milestone_change", args=[milestone.local_review.rapid_review.incident_id, milestone.pk]
    )
    return url, {
        "title": milestone.title,
        **date_fields("due_on", date(2026, 3, 9)),
        **date_fields("completed_on", None),
        "change_reason": "",
    }


@pytest.mark.parametrize("correction", [_information_request_due_date_moved, _milestone_due_date_moved])
def test_the_reason_asked_for_a_corrected_due_date_names_the_date_in_words(business_unit, correction):
    url, data = correction()

    summary = error_summary(business_unit.post(url, data))

    assert "Enter the reason for changing the due date" in summary


def test_a_milestone_is_corrected_through_its_page(business_unit):
    milestone = LocalReviewMilestoneFactory()

    response = business_unit.post(
        reverse(
            "reviews:milestone_change", args=[milestone.local_review.rapid_review.incident_id, milestone.pk]
        ),
        {
            "title": "Practitioner learning event",
            **date_fields("due_on", date(2026, 3, 9)),
            **date_fields("completed_on", None),
            "change_reason": "The venue moved the event.",
        },
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_on) == ("Practitioner learning event", date(2026, 3, 9))


# National review recommendations


def test_the_action_plan_shows_a_national_review_recommendation_without_a_link_to_a_case(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    recommendation = services.add_national_recommendation(
        national_review="Child protection in England",
        text="Multi-agency child protection units in every area.",
        theme=ThemeFactory(name="Multi-agency working"),
        owner=PersonFactory(),
        due_date=date(2026, 12, 31),
        group=PartnershipGroupFactory(),
        by=user,
    )

    content = client.get(reverse("reviews:action_plan")).content.decode()

    assert "National review: Child protection in England" in content
    assert recommendation.text in content
    assert "/reviews/incidents/" not in content


# Query counts


@pytest.mark.parametrize("children", [1, 3])
def test_the_case_page_uses_the_same_number_of_queries_for_more_children_and_decisions(
    business_unit, django_assert_num_queries, children
):
    incident = notified_incident()
    for partner, proceed in ((LA, True), (ICB, False), (POLICE, True)):
        PartnerDecisionFactory(incident=incident, partner=partner, proceed=proceed)
    for _ in range(children):
        OtherChild.objects.create(incident=incident, harm_type="serious_harm", age_band="5_to_9")

    with django_assert_num_queries(14):
        assert business_unit.get(reverse("reviews:incident_detail", args=[incident.pk])).status_code == 200
