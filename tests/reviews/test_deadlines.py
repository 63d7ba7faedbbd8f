from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from governance import roles
from reviews.deadlines import Deadline, deadlines
from reviews.models import SeriousIncident
from reviews.selectors import next_due
from tests.reviews.factories import (
    AgencyInformationRequestFactory,
    LocalReviewFactory,
    LocalReviewMilestoneFactory,
    RapidReviewFactory,
    SeriousIncidentFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 5)


def by_kind(found):
    return {deadline.key.split(":")[1]: deadline for deadline in found}


def test_notification_due_is_a_statutory_deadline_for_the_business_unit(make_user):
    user = make_user(roles.BUSINESS_UNIT)
    incident = SeriousIncidentFactory(aware_on=date(2025, 12, 22))
    deadline = by_kind(deadlines(TODAY))["notification"]
    assert deadline.key == f"reviews:notification:{incident.pk}"
    assert deadline.due_on == date(2025, 12, 31)
    assert deadline.statutory
    assert deadline.responsible == (user.email,)
    assert deadline.url == f"/reviews/incidents/{incident.pk}/"
    assert incident.reference in deadline.title


def test_rapid_review_due_is_listed_until_it_is_sent_to_the_panel():
    review = RapidReviewFactory(incident__notified_on=date(2025, 12, 30))
    assert by_kind(deadlines(TODAY))["rapid_review_due"].due_on == date(2026, 1, 21)
    review.sent_to_panel_on = date(2026, 1, 20)
    review.save()
    assert "rapid_review_due" not in by_kind(deadlines(TODAY))


@pytest.mark.parametrize("stage", [SeriousIncident.Stage.DECISIONS, SeriousIncident.Stage.DISAGREEMENT])
def test_the_rapid_review_clock_runs_from_the_notification_while_the_partners_decide(stage, make_user):
    panel = make_user(roles.RAPID_REVIEW_PANEL)
    incident = SeriousIncidentFactory(stage=stage, notified_on=date(2025, 12, 30))

    found = by_kind(deadlines(TODAY))["rapid_review_due"]

    assert found.due_on == date(2026, 1, 21) == incident.rapid_review_due
    assert found.statutory and panel.email in found.responsible
    assert next_due(incident, today=TODAY).clock.due_on == date(2026, 1, 21)


def test_the_rapid_review_clock_keeps_its_key_when_the_review_opens():
    incident = SeriousIncidentFactory(stage=SeriousIncident.Stage.DECISIONS, notified_on=date(2025, 12, 30))
    before = by_kind(deadlines(TODAY))["rapid_review_due"].key
    RapidReviewFactory(incident=incident)
    incident.stage = SeriousIncident.Stage.RAPID_REVIEW
    incident.save()
    assert by_kind(deadlines(TODAY))["rapid_review_due"].key == before


def test_agency_information_due_is_listed_until_received():
    request = AgencyInformationRequestFactory(due_on=date(2026, 1, 9))
    found = by_kind(deadlines(TODAY))
    assert found["information_request"].due_on == date(2026, 1, 9)
    assert not found["information_request"].statutory
    request.received_on = date(2026, 1, 8)
    request.save()
    assert "information_request" not in by_kind(deadlines(TODAY))


def test_local_review_milestones_and_target_are_listed():
    milestone = LocalReviewMilestoneFactory(due_on=date(2026, 3, 2))
    found = by_kind(deadlines(TODAY))
    assert found["milestone"].key == f"reviews:milestone:{milestone.pk}"
    assert found["local_review"].due_on == date(2026, 7, 20)


def test_pre_publication_notice_is_seven_working_days_before_the_planned_publication():
    LocalReviewFactory(completed_on=date(2026, 6, 30), publication_planned_on=date(2026, 7, 21))
    assert by_kind(deadlines(TODAY))["pre_publication_notice"].due_on == date(2026, 7, 10)


def test_closed_cases_have_no_deadlines():
    SeriousIncidentFactory(stage=SeriousIncident.Stage.CLOSED)
    assert deadlines(TODAY) == []


def test_deadlines_are_sorted_soonest_first_and_frozen():
    SeriousIncidentFactory(aware_on=date(2025, 12, 22))
    SeriousIncidentFactory(aware_on=date(2025, 12, 1))
    found = deadlines(TODAY)
    assert [deadline.due_on for deadline in found] == sorted(deadline.due_on for deadline in found)
    with pytest.raises(FrozenInstanceError):
        found[0].title = "changed"
    assert isinstance(found[0], Deadline)
