from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance import roles
from priorities import services
from priorities.models import Deliverable, ForecastChange, ProgressUpdate, month_start
from tests.governance.factories import PersonFactory
from tests.priorities.factories import (
    DeliverableFactory,
    FeedbackFactory,
    ObjectiveFactory,
    OutcomeMeasureFactory,
    PriorityAreaFactory,
    PriorityCycleFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def by(make_user):
    return make_user(roles.BUSINESS_UNIT)


def today():
    return timezone.localdate()


# Cycles


def test_a_cycle_must_end_after_it_starts(by):
    with pytest.raises(ValidationError) as error:
        services.save_cycle(
            title="Priorities 2026-28", starts_on=date(2026, 4, 1), ends_on=date(2026, 3, 1), by=by
        )
    assert "ends_on" in error.value.message_dict


# Deliverables and their forecasts


def test_a_new_deliverable_is_to_do_and_forecast_for_its_due_date(by):
    deliverable = services.add_deliverable(
        objective=ObjectiveFactory(),
        title="Publish a guide",
        owner=PersonFactory(),
        due_on=date(2026, 6, 30),
        by=by,
    )
    assert deliverable.status == Deliverable.Status.TO_DO
    assert deliverable.forecast_on == date(2026, 6, 30)
    assert not deliverable.is_slipped


def planned(**fields):
    """A deliverable of a cycle pinned to 2025-27, so fixed dates stay inside it."""
    cycle = PriorityCycleFactory(starts_on=date(2025, 4, 1), ends_on=date(2027, 3, 31))
    return DeliverableFactory(objective__area__cycle=cycle, **fields)


def test_moving_the_forecast_needs_a_reason_and_saves_nothing_without_one(by):
    deliverable = planned(due_on=date(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.move_forecast(
            deliverable=deliverable,
            forecast_on=date(2026, 9, 30),
            reason="  ",
            changed_on=date(2026, 6, 1),
            by=by,
        )
    assert "reason" in error.value.message_dict
    deliverable.refresh_from_db()
    assert deliverable.forecast_on == date(2026, 6, 30)
    assert not ForecastChange.objects.exists()


def test_moving_the_forecast_to_the_same_date_is_refused(by):
    deliverable = planned(due_on=date(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.move_forecast(
            deliverable=deliverable, forecast_on=date(2026, 6, 30), reason="No change", by=by
        )
    assert "forecast_on" in error.value.message_dict


def test_a_forecast_move_is_kept_with_its_reason_and_measures_slippage(by):
    deliverable = planned(due_on=date(2026, 6, 30))
    services.move_forecast(
        deliverable=deliverable,
        forecast_on=date(2026, 7, 30),
        reason="Staff shortage",
        changed_on=date(2026, 6, 1),
        by=by,
    )
    change = ForecastChange.objects.get()
    assert (change.previous_forecast_on, change.forecast_on, change.reason) == (
        date(2026, 6, 30),
        date(2026, 7, 30),
        "Staff shortage",
    )
    deliverable.refresh_from_db()
    assert deliverable.slipped_days == 30
    assert deliverable.is_slipped
    # History shows each forecast the deliverable had, and why it moved.
    assert list(
        deliverable.history.order_by("history_date").values_list("forecast_on", "history_change_reason")
    ) == [(date(2026, 6, 30), None), (date(2026, 7, 30), "Staff shortage")]


def test_correcting_the_due_date_of_an_unmoved_forecast_is_not_slippage(by):
    deliverable = planned(due_on=date(2026, 6, 30))
    services.update_deliverable(deliverable=deliverable, due_on=date(2026, 8, 31), by=by)
    deliverable.refresh_from_db()
    assert deliverable.forecast_on == date(2026, 8, 31)
    assert not deliverable.is_slipped


def test_a_deliverable_moves_only_to_an_objective_of_its_own_priority(by):
    deliverable = DeliverableFactory()
    with pytest.raises(ValidationError) as error:
        services.update_deliverable(deliverable=deliverable, objective=ObjectiveFactory(), by=by)
    assert "objective" in error.value.message_dict


def test_done_records_the_day_and_leaving_done_clears_it(by):
    deliverable = DeliverableFactory()
    services.set_deliverable_status(deliverable=deliverable, status="done", by=by)
    assert deliverable.completed_on == today()
    services.set_deliverable_status(deliverable=deliverable, status="doing", by=by)
    deliverable.refresh_from_db()
    assert deliverable.completed_on is None
    assert deliverable.status == "doing"


def test_done_cannot_be_in_the_future(by):
    deliverable = DeliverableFactory()
    with pytest.raises(ValidationError):
        services.set_deliverable_status(
            deliverable=deliverable, status="done", completed_on=today() + timedelta(days=1), by=by
        )
    deliverable.refresh_from_db()
    assert deliverable.status == "to_do"


def test_blocked_needs_what_is_blocking_it(by):
    deliverable = DeliverableFactory()
    with pytest.raises(ValidationError) as error:
        services.set_deliverable_status(deliverable=deliverable, status="blocked", by=by)
    assert "blocked_reason" in error.value.message_dict
    services.set_deliverable_status(
        deliverable=deliverable, status="blocked", blocked_reason="No data.", by=by
    )
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.blocked_reason) == ("blocked", "No data.")


# Period updates


def update(area, by, **fields):
    values = {"rag": "green", "progress": "Moved.", "period": today(), **fields}
    return services.post_update(area=area, by=by, **values)


def test_an_update_is_for_a_month(by):
    posted = update(PriorityAreaFactory(), by, period=date(2026, 10, 17), written_on=date(2026, 10, 20))
    assert posted.period == date(2026, 10, 1)
    assert posted.period_label == "October 2026"


def test_one_update_per_period_per_area(by):
    area = PriorityAreaFactory()
    update(area, by, period=date(2026, 10, 1), written_on=date(2026, 10, 20))
    with pytest.raises(ValidationError) as error:
        update(area, by, period=date(2026, 10, 9), written_on=date(2026, 10, 21))
    assert "period" in error.value.message_dict
    assert ProgressUpdate.objects.count() == 1
    # Another area may post for the same month.
    update(PriorityAreaFactory(), by, period=date(2026, 10, 1), written_on=date(2026, 10, 20))


def test_an_update_is_for_a_month_of_the_cycle_that_has_begun(by):
    area = PriorityAreaFactory()
    with pytest.raises(ValidationError) as error:
        update(area, by, period=month_start(today()) + timedelta(days=40))
    assert "future" in error.value.message_dict["period"][0]
    with pytest.raises(ValidationError) as error:
        update(area, by, period=area.cycle.starts_on - timedelta(days=1))
    assert "within" in error.value.message_dict["period"][0]
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("rag", ["amber", "red"])
def test_amber_or_red_needs_a_reason(by, rag):
    with pytest.raises(ValidationError) as error:
        update(PriorityAreaFactory(), by, rag=rag)
    assert "rag_reason" in error.value.message_dict
    assert not ProgressUpdate.objects.exists()


def test_green_needs_no_reason(by):
    assert update(PriorityAreaFactory(), by, rag="green").rag_reason == ""


def test_an_update_cannot_be_written_in_the_future(by):
    with pytest.raises(ValidationError) as error:
        update(PriorityAreaFactory(), by, written_on=today() + timedelta(days=1))
    assert "written_on" in error.value.message_dict


def test_a_correction_keeps_the_rules(by):
    posted = ProgressUpdateFactory()
    with pytest.raises(ValidationError):
        services.correct_update(update=posted, rag="red", rag_reason="", by=by)
    posted.refresh_from_db()
    assert posted.rag == "green"
    services.correct_update(update=posted, rag="red", rag_reason="Off track.", by=by)
    assert posted.history.count() == 2


def test_the_executive_responds_to_an_ask(by):
    posted = ProgressUpdateFactory(ask="Fund a post.")
    assert posted.has_open_ask
    services.respond_to_ask(update=posted, response="Agreed.", by=by)
    assert not posted.has_open_ask
    assert posted.ask_responded_on == today()


def test_there_is_no_response_to_an_update_that_asks_nothing(by):
    with pytest.raises(ValidationError):
        services.respond_to_ask(update=ProgressUpdateFactory(), response="Agreed.", by=by)


# Outcome measures


def test_a_target_date_must_follow_the_baseline(by):
    with pytest.raises(ValidationError) as error:
        services.save_measure(
            area=PriorityAreaFactory(),
            title="Visits",
            unit="%",
            baseline=Decimal("80"),
            baseline_on=date(2026, 1, 1),
            target=Decimal("95"),
            target_on=date(2025, 1, 1),
            by=by,
        )
    assert "target_on" in error.value.message_dict


def test_a_figure_cannot_predate_the_baseline(by):
    measure = OutcomeMeasureFactory(baseline_on=date(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.record_measure_value(
            measure=measure, measured_on=date(2025, 12, 31), value=Decimal("5"), by=by
        )
    assert "measured_on" in error.value.message_dict


def test_one_figure_per_measure_per_date(by):
    measure = OutcomeMeasureFactory(baseline_on=date(2026, 1, 1))
    services.record_measure_value(measure=measure, measured_on=date(2026, 3, 31), value=Decimal("5"), by=by)
    with pytest.raises(ValidationError):
        services.record_measure_value(
            measure=measure, measured_on=date(2026, 3, 31), value=Decimal("6"), by=by
        )
    assert measure.values.count() == 1


# The voice of the child


def test_feedback_is_answered_with_what_we_did(by):
    feedback = FeedbackFactory(received_on=today() - timedelta(days=5))
    services.respond_to_feedback(feedback=feedback, response="We changed the leaflet.", by=by)
    feedback.refresh_from_db()
    assert (feedback.response, feedback.responded_on, feedback.responded_by) == (
        "We changed the leaflet.",
        today(),
        by,
    )


def test_a_response_cannot_come_before_the_feedback(by):
    feedback = FeedbackFactory(received_on=today() - timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        services.respond_to_feedback(
            feedback=feedback, response="Done.", responded_on=today() - timedelta(days=6), by=by
        )
    assert "responded_on" in error.value.message_dict
    feedback.refresh_from_db()
    assert feedback.response == ""


def test_feedback_cannot_be_from_the_future(by):
    with pytest.raises(ValidationError):
        services.add_feedback(
            area=PriorityAreaFactory(),
            source="camhs",
            received_on=today() + timedelta(days=1),
            said="x",
            by=by,
        )
