"""A form sent twice (a second press, or again after Back) adds nothing twice: the same
deliverable under an objective, objective or outcome measure of a priority, or feedback,
is refused with a message on the field that repeats it, as is a second cycle or
priority of the same name."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import roles
from priorities.models import Deliverable, Feedback, Objective, OutcomeMeasure, PriorityArea, PriorityCycle
from tests.governance.factories import PersonFactory
from tests.priorities.factories import (
    DeliverableFactory,
    ObjectiveFactory,
    OutcomeMeasureFactory,
    PriorityAreaFactory,
    PriorityCycleFactory,
)
from tests.reviews.helpers import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, make_user):
    client.force_login(make_user(roles.BUSINESS_UNIT))
    return client


def today():
    return timezone.localdate()


def sent_twice(client, url, data) -> str:
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200
    page = again.content.decode()
    assert 'class="govuk-error-summary"' in page
    return page


def test_a_deliverable_sent_twice_is_added_once(signed_in):
    objective = ObjectiveFactory()
    page = sent_twice(
        signed_in,
        reverse("priorities:deliverable_create", args=[objective.area.pk]),
        {
            "objective": str(objective.pk),
            "title": "Publish a safe sleep guide",
            "owner": str(PersonFactory().pk),
            **date_fields("due_on", today() + timedelta(days=30)),
        },
    )
    assert "This objective already has a deliverable called Publish a safe sleep guide" in page
    assert Deliverable.objects.count() == 1


def test_a_deliverable_renamed_to_a_sibling_s_title_is_refused(signed_in):
    objective = ObjectiveFactory()
    DeliverableFactory(objective=objective, title="Publish a safe sleep guide")
    other = DeliverableFactory(objective=objective, title="Train housing officers")
    response = signed_in.post(
        reverse("priorities:deliverable_edit", args=[other.pk]),
        {
            "objective": str(objective.pk),
            "title": "publish a safe sleep guide",
            "owner": str(other.owner_id),
            **date_fields("due_on", other.due_on),
        },
    )
    assert "already has a deliverable called publish a safe sleep guide" in response.content.decode()
    other.refresh_from_db()
    assert other.title == "Train housing officers"


def test_the_same_title_under_another_objective_is_fine(signed_in):
    DeliverableFactory(title="Publish a guide")
    objective = ObjectiveFactory()
    signed_in.post(
        reverse("priorities:deliverable_create", args=[objective.area.pk]),
        {
            "objective": str(objective.pk),
            "title": "Publish a guide",
            "owner": str(PersonFactory().pk),
            **date_fields("due_on", today() + timedelta(days=30)),
        },
    )
    assert Deliverable.objects.filter(title="Publish a guide").count() == 2


def test_an_objective_sent_twice_is_added_once(signed_in):
    area = PriorityAreaFactory()
    page = sent_twice(
        signed_in,
        reverse("priorities:objective_create", args=[area.pk]),
        {"title": "Every family gets safe sleep advice", "description": ""},
    )
    assert "This priority already has an objective called Every family gets safe sleep advice" in page
    assert Objective.objects.count() == 1


def test_an_outcome_measure_sent_twice_is_added_once(signed_in):
    area = PriorityAreaFactory()
    OutcomeMeasureFactory(area=area, title="New birth visits within 14 days")
    response = signed_in.post(
        reverse("priorities:measure_create", args=[area.pk]),
        {
            "title": "New birth visits within 14 days",
            "unit": "%",
            "baseline": "82",
            **date_fields("baseline_on", today() - timedelta(days=100)),
            "target": "95",
            **date_fields("target_on", None),
        },
    )
    assert "This priority already has an outcome measure called New birth visits within 14 days" in (
        response.content.decode()
    )
    assert OutcomeMeasure.objects.count() == 1


def test_feedback_sent_twice_is_added_once(signed_in):
    area = PriorityAreaFactory()
    page = sent_twice(
        signed_in,
        reverse("priorities:feedback_create", args=[area.pk]),
        {
            "source": "young_scrutineers",
            **date_fields("received_on", today()),
            "said": "The safe sleep video is too long to watch on a phone.",
        },
    )
    assert "This feedback is already recorded for this priority" in page
    assert Feedback.objects.count() == 1


def test_a_cycle_sent_twice_is_added_once(signed_in):
    data = {
        "title": "Priorities 2026-28",
        **date_fields("starts_on", date(2026, 12, 1)),
        **date_fields("ends_on", date(2028, 11, 30)),
    }
    page = sent_twice(signed_in, reverse("priorities:cycle_create"), data)
    assert "There is already a priority cycle called Priorities 2026-28" in page
    assert "already exists" not in page
    assert PriorityCycle.objects.count() == 1


def test_a_priority_sent_twice_is_added_once(signed_in):
    cycle = PriorityCycleFactory(title="Priorities 2025-27")
    PriorityAreaFactory(cycle=cycle, title="Neglect")
    response = signed_in.post(
        reverse("priorities:area_create", args=[cycle.pk]),
        {"title": "Neglect", "rationale": "Audits found it late.", "oversight_group": ""},
    )
    page = response.content.decode()
    assert "Priorities 2025-27 already has a priority called Neglect" in page
    assert PriorityArea.objects.filter(cycle=cycle).count() == 1
