"""A deliverable's dates belong to its priority cycle, and cycles never overlap: due
within the cycle, forecast not before it starts (nor more than a year after it ends, nor
in the past when it moves), completed not before it starts nor in the future. Each is
refused with a GOV.UK message and nothing saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import roles
from priorities import services
from priorities.models import Deliverable, ForecastChange, PriorityCycle
from tests.governance.factories import PersonFactory
from tests.priorities.factories import (
    DeliverableFactory,
    ObjectiveFactory,
    PriorityAreaFactory,
    PriorityCycleFactory,
    ProgressUpdateFactory,
)
from tests.reviews.helpers import date_fields

pytestmark = pytest.mark.django_db

START, END = date(2025, 4, 1), date(2027, 3, 31)


@pytest.fixture
def by(make_user):
    return make_user(roles.BUSINESS_UNIT)


def today():
    return timezone.localdate()


def cycle_of(starts_on=START, ends_on=END, title="Priorities 2025-27"):
    return PriorityCycleFactory(title=title, starts_on=starts_on, ends_on=ends_on)


def add(objective, due_on, by):
    return services.add_deliverable(
        objective=objective, title="Publish a guide", owner=PersonFactory(), due_on=due_on, by=by
    )


# Due dates


@pytest.mark.parametrize("due_on", [START - timedelta(days=1), END + timedelta(days=1)])
def test_a_deliverable_due_outside_its_cycle_is_refused(by, due_on):
    objective = ObjectiveFactory(area__cycle=cycle_of())
    with pytest.raises(ValidationError) as error:
        add(objective, due_on, by)
    assert error.value.message_dict["due_on"] == [
        "Due date must be between 1 April 2025 and 31 March 2027, the dates of Priorities 2025-27"
    ]
    assert not Deliverable.objects.exists()


@pytest.mark.parametrize("due_on", [START, END])
def test_a_deliverable_may_be_due_on_the_first_or_last_day_of_its_cycle(by, due_on):
    assert add(ObjectiveFactory(area__cycle=cycle_of()), due_on, by).due_on == due_on


def test_a_corrected_due_date_stays_within_the_cycle(by):
    deliverable = DeliverableFactory(objective__area__cycle=cycle_of(), due_on=date(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.update_deliverable(deliverable=deliverable, due_on=date(2027, 6, 30), by=by)
    assert "due_on" in error.value.message_dict
    deliverable.refresh_from_db()
    assert deliverable.due_on == date(2026, 6, 30)


def test_the_deliverable_form_shows_a_due_date_outside_the_cycle_in_the_error_summary(client, by):
    objective = ObjectiveFactory(area__cycle=cycle_of())
    client.force_login(by)
    response = client.post(
        reverse("priorities:deliverable_create", args=[objective.area.pk]),
        {
            "objective": str(objective.pk),
            "title": "Publish a guide",
            "owner": str(PersonFactory().pk),
            **date_fields("due_on", date(2027, 9, 30)),
        },
    )
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert "Due date must be between 1 April 2025 and 31 March 2027, the dates of Priorities 2025-27" in page
    assert not Deliverable.objects.exists()


def test_the_deliverable_form_gives_the_cycle_s_dates_as_its_hint(client, by):
    objective = ObjectiveFactory(area__cycle=cycle_of())
    client.force_login(by)
    page = client.get(reverse("priorities:deliverable_create", args=[objective.area.pk])).content.decode()
    assert "Between 1 April 2025 and 31 March 2027, the dates of Priorities 2025-27" in page


# Forecasts


def test_a_forecast_may_run_up_to_a_year_past_the_end_of_the_cycle(by):
    deliverable = DeliverableFactory(objective__area__cycle=cycle_of(), due_on=date(2027, 1, 31))
    services.move_forecast(
        deliverable=deliverable,
        forecast_on=date(2028, 3, 31),
        reason="Carried into the next cycle.",
        changed_on=date(2027, 1, 10),
        by=by,
    )
    deliverable.refresh_from_db()
    assert deliverable.forecast_on == date(2028, 3, 31)


def test_a_forecast_more_than_a_year_past_the_cycle_is_refused(by):
    deliverable = DeliverableFactory(objective__area__cycle=cycle_of(), due_on=date(2027, 1, 31))
    with pytest.raises(ValidationError) as error:
        services.move_forecast(
            deliverable=deliverable,
            forecast_on=date(2028, 4, 1),
            reason="A typing slip of the year.",
            changed_on=date(2027, 1, 10),
            by=by,
        )
    assert error.value.message_dict["forecast_on"] == [
        "Forecast date must be between 1 April 2025 and 31 March 2028: "
        "not before Priorities 2025-27 starts, nor more than a year after it ends"
    ]
    assert not ForecastChange.objects.exists()
    deliverable.refresh_from_db()
    assert deliverable.forecast_on == date(2027, 1, 31)


def test_a_forecast_before_the_cycle_starts_is_refused(by):
    # A cycle still to come: its plan is being written now.
    cycle = cycle_of(starts_on=today() + timedelta(days=30), ends_on=today() + timedelta(days=760))
    deliverable = DeliverableFactory(objective__area__cycle=cycle, due_on=today() + timedelta(days=90))
    with pytest.raises(ValidationError) as error:
        services.move_forecast(
            deliverable=deliverable, forecast_on=today() + timedelta(days=10), reason="Sooner.", by=by
        )
    assert "not before Priorities 2025-27 starts" in error.value.message_dict["forecast_on"][0]
    assert not ForecastChange.objects.exists()


def test_a_forecast_cannot_move_into_the_past(by):
    deliverable = DeliverableFactory(due_on=today() + timedelta(days=30))
    with pytest.raises(ValidationError) as error:
        services.move_forecast(
            deliverable=deliverable, forecast_on=today() - timedelta(days=1), reason="Late.", by=by
        )
    assert error.value.message_dict["forecast_on"] == ["New forecast date must be today or in the future"]
    assert not ForecastChange.objects.exists()


def test_the_forecast_page_shows_a_past_date_in_the_error_summary(client, by):
    deliverable = DeliverableFactory(due_on=today() + timedelta(days=30))
    client.force_login(by)
    response = client.post(
        reverse("priorities:deliverable_forecast", args=[deliverable.pk]),
        {**date_fields("forecast_on", today() - timedelta(days=3)), "reason": "Staff left."},
    )
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert "New forecast date must be today or in the future" in page
    assert not ForecastChange.objects.exists()


def test_a_done_deliverable_s_forecast_does_not_move(client, by):
    deliverable = DeliverableFactory(due_on=today() + timedelta(days=30))
    services.set_deliverable_status(deliverable=deliverable, status="done", by=by)
    with pytest.raises(ValidationError) as error:
        services.move_forecast(
            deliverable=deliverable, forecast_on=today() + timedelta(days=60), reason="Late.", by=by
        )
    assert "The deliverable is done" in error.value.message_dict["forecast_on"][0]
    client.force_login(by)
    page = client.get(deliverable.get_absolute_url()).content.decode()
    assert "Move the forecast date" not in page


# Completion


def test_a_deliverable_cannot_be_completed_before_its_cycle_starts(by):
    deliverable = DeliverableFactory(objective__area__cycle=cycle_of(), due_on=date(2025, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.set_deliverable_status(
            deliverable=deliverable, status="done", completed_on=date(2025, 3, 31), by=by
        )
    assert error.value.message_dict["completed_on"] == [
        "Date completed must be the same as or after 1 April 2025, when Priorities 2025-27 starts"
    ]
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.completed_on) == ("to_do", None)


def test_the_status_page_shows_a_completion_date_in_the_future_in_the_error_summary(client, by):
    deliverable = DeliverableFactory(due_on=today() + timedelta(days=30))
    client.force_login(by)
    response = client.post(
        reverse("priorities:deliverable_status", args=[deliverable.pk]),
        {"status": "done", **date_fields("completed_on", today() + timedelta(days=1))},
    )
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert "Date completed must be today or in the past" in page
    deliverable.refresh_from_db()
    assert deliverable.status == "to_do"


def test_a_board_move_the_plan_refuses_is_explained_on_the_board(client, by):
    """Done today, in a cycle that has not started: refused with the reason, not a 500."""
    cycle = cycle_of(starts_on=today() + timedelta(days=30), ends_on=today() + timedelta(days=760))
    deliverable = DeliverableFactory(
        objective__area__cycle=cycle, title="Publish a guide", due_on=today() + timedelta(days=90)
    )
    client.force_login(by)
    response = client.post(
        reverse("priorities:deliverable_move", args=[deliverable.pk]), {"status": "done"}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Publish a guide was not moved to Done: Date completed must be the same as or after" in page
    deliverable.refresh_from_db()
    assert deliverable.status == "to_do"


# Cycles never overlap


@pytest.fixture
def current(by):
    return services.save_cycle(
        title="Priorities 2024-26", starts_on=date(2024, 12, 1), ends_on=date(2026, 11, 30), by=by
    )


def test_a_cycle_starting_inside_another_is_refused(by, current):
    with pytest.raises(ValidationError) as error:
        services.save_cycle(
            title="Priorities 2026-28", starts_on=date(2026, 4, 1), ends_on=date(2028, 3, 31), by=by
        )
    assert error.value.message_dict["starts_on"] == [
        "Start date must be after 30 November 2026, when Priorities 2024-26 ends: cycles cannot overlap"
    ]
    assert PriorityCycle.objects.count() == 1


@pytest.mark.parametrize(
    "starts_on, ends_on",
    [
        (date(2023, 4, 1), date(2025, 3, 31)),  # ends inside it
        (date(2024, 4, 1), date(2027, 3, 31)),  # runs all around it
    ],
)
def test_a_cycle_ending_inside_or_around_another_is_refused(by, current, starts_on, ends_on):
    with pytest.raises(ValidationError) as error:
        services.save_cycle(title="Priorities 2023-25", starts_on=starts_on, ends_on=ends_on, by=by)
    assert error.value.message_dict["ends_on"] == [
        "End date must be before 1 December 2024, when Priorities 2024-26 starts: cycles cannot overlap"
    ]
    assert PriorityCycle.objects.count() == 1


def test_a_cycle_may_start_the_day_after_another_ends(by, current):
    services.save_cycle(
        title="Priorities 2026-28", starts_on=date(2026, 12, 1), ends_on=date(2028, 11, 30), by=by
    )
    assert PriorityCycle.objects.count() == 2


def test_correcting_a_cycle_is_no_overlap_with_itself(by, current):
    services.save_cycle(cycle=current, title="Priorities 2024 to 2026", by=by)
    current.refresh_from_db()
    assert current.title == "Priorities 2024 to 2026"


def test_correcting_a_cycle_onto_another_is_refused(by, current):
    later = services.save_cycle(
        title="Priorities 2026-28", starts_on=date(2026, 12, 1), ends_on=date(2028, 11, 30), by=by
    )
    with pytest.raises(ValidationError) as error:
        services.save_cycle(cycle=later, starts_on=date(2026, 10, 1), by=by)
    assert "when Priorities 2024-26 ends" in error.value.message_dict["starts_on"][0]
    later.refresh_from_db()
    assert later.starts_on == date(2026, 12, 1)


def test_the_cycle_form_shows_an_overlap_in_the_error_summary(client, by, current):
    client.force_login(by)
    response = client.post(
        reverse("priorities:cycle_create"),
        {
            "title": "Priorities 2026-28",
            **date_fields("starts_on", date(2026, 4, 1)),
            **date_fields("ends_on", date(2028, 3, 31)),
        },
    )
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert "Start date must be after 30 November 2026, when Priorities 2024-26 ends" in page
    assert PriorityCycle.objects.count() == 1


def test_a_cycle_cannot_be_shortened_to_leave_out_its_own_deliverables(by, current):
    DeliverableFactory(objective__area__cycle=current, due_on=date(2026, 9, 30))
    with pytest.raises(ValidationError) as error:
        services.save_cycle(cycle=current, ends_on=date(2026, 8, 31), by=by)
    assert error.value.message_dict["ends_on"] == [
        "End date must be the same as or after 30 September 2026: a deliverable is due then"
    ]


def test_a_cycle_cannot_start_after_its_own_first_update(by, current):
    ProgressUpdateFactory(area__cycle=current, period=date(2024, 12, 1), written_on=date(2024, 12, 20))
    with pytest.raises(ValidationError) as error:
        services.save_cycle(cycle=current, starts_on=date(2025, 1, 1), by=by)
    assert error.value.message_dict["starts_on"] == [
        "Start date must be the same as or before 1 December 2024: there is an update for that month"
    ]


# Period updates


def test_an_update_cannot_be_written_before_its_month_began(by):
    area = PriorityAreaFactory(cycle=cycle_of())
    with pytest.raises(ValidationError) as error:
        services.post_update(
            area=area,
            period=date(2026, 6, 1),
            rag="green",
            progress="Met.",
            written_on=date(2026, 5, 31),
            by=by,
        )
    assert error.value.message_dict["written_on"] == [
        "Date of the update must be the same as or after 1 June 2026, the start of June 2026"
    ]
    assert not area.updates.exists()
