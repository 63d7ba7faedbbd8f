"""The priority forms in the GOV.UK Design System's way: radios ask a question with no
placeholder among the choices, the update form starts at a month still without an update,
feedback asks in plain words, and figures are text inputs with a numeric keyboard whose
ranges are checked (a percentage from 0 to 100, nothing below 0)."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import roles
from priorities import services
from priorities.models import Deliverable, Feedback, MeasureValue, OutcomeMeasure, month_start
from tests.governance.factories import PersonFactory
from tests.priorities.factories import (
    MeasureValueFactory,
    ObjectiveFactory,
    OutcomeMeasureFactory,
    PriorityAreaFactory,
    PriorityCycleFactory,
    ProgressUpdateFactory,
)
from tests.reviews.helpers import date_fields

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def business_unit(client, make_user):
    user = make_user(roles.BUSINESS_UNIT)
    client.force_login(user)
    return user


def page_of(client, url) -> str:
    """The page with its whitespace collapsed (the widgets put attributes on many lines)."""
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def error_summary(response) -> str:
    page = response.content.decode()
    assert response.status_code == 200
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert match, "no error summary"
    return match.group(0)


# The objective of a deliverable


def test_the_objective_is_a_question_with_only_objectives_as_choices(client, business_unit):
    area = PriorityAreaFactory()
    first = ObjectiveFactory(area=area, title="Every family gets safe sleep advice")
    second = ObjectiveFactory(area=area, title="Families in overcrowded housing are known")
    page = page_of(client, reverse("priorities:deliverable_create", args=[area.pk]))
    legend = re.search(r'<legend class="govuk-fieldset__legend"> (.*?) </legend>', page)
    assert legend.group(1) == "Which objective is it under?"
    radios = re.findall(r'<input type="radio" name="objective"[^>]*value="([^"]*)"', page)
    assert radios == [str(first.pk), str(second.pk)]
    assert "Select an objective" not in page


def test_one_objective_is_named_not_offered_as_a_choice_of_one(client, business_unit):
    objective = ObjectiveFactory(title="Every family gets safe sleep advice")
    url = reverse("priorities:deliverable_create", args=[objective.area.pk])
    page = page_of(client, url)
    assert 'type="radio"' not in page
    assert "Objective: Every family gets safe sleep advice" in page
    assert re.search(rf'<input type="hidden" name="objective" value="{objective.pk}"', page)
    client.post(
        url,
        {
            "objective": str(objective.pk),
            "title": "Publish a guide",
            "owner": str(PersonFactory().pk),
            **date_fields("due_on", today() + timedelta(days=30)),
        },
    )
    assert Deliverable.objects.get().objective == objective


def test_no_objective_chosen_says_what_to_do(client, business_unit):
    area = PriorityAreaFactory()
    ObjectiveFactory(area=area)
    ObjectiveFactory(area=area)
    response = client.post(reverse("priorities:deliverable_create", args=[area.pk]), {"title": "X"})
    assert "Select the objective the deliverable is under" in error_summary(response)


# The month of a period update


def month_before(month: date) -> date:
    return month_start(month - timedelta(days=1))


def selected_month(page: str) -> str:
    select = re.search(r'<select name="period".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="([^"]+)"( selected)?', select)
    return next(value for value, selected in options if selected)


def test_the_update_form_starts_at_the_newest_month_without_an_update(client, business_unit):
    this_month = month_start(today())
    area = PriorityAreaFactory(cycle__starts_on=date(today().year - 1, 1, 1))
    ProgressUpdateFactory(area=area, period=this_month)
    page = page_of(client, reverse("priorities:update_create", args=[area.pk]))
    assert selected_month(page) == month_before(this_month).isoformat()
    assert f'<option value="{this_month.isoformat()}"' not in page


def test_a_missed_earlier_month_is_still_offered(client, business_unit):
    this_month = month_start(today())
    missed = month_before(month_before(this_month))
    area = PriorityAreaFactory(cycle__starts_on=date(today().year - 1, 1, 1))
    ProgressUpdateFactory(area=area, period=this_month)
    ProgressUpdateFactory(area=area, period=month_before(this_month))
    page = page_of(client, reverse("priorities:update_create", args=[area.pk]))
    assert selected_month(page) == missed.isoformat()


def test_when_every_month_has_an_update_the_lead_is_told_to_correct_one(client, business_unit):
    this_month = month_start(today())
    cycle = PriorityCycleFactory(starts_on=month_before(this_month), ends_on=this_month + timedelta(days=400))
    area = PriorityAreaFactory(cycle=cycle)
    ProgressUpdateFactory(area=area, period=this_month)
    ProgressUpdateFactory(area=area, period=month_before(this_month))
    response = client.get(reverse("priorities:update_create", args=[area.pk]), follow=True)
    assert response.redirect_chain[0][0] == f"{area.get_absolute_url()}#period-updates"
    assert "so far has an update. To change one, open it and correct it." in response.content.decode()


# Feedback from children and young people


def test_feedback_sent_empty_says_what_is_missing_in_plain_words(client, business_unit):
    area = PriorityAreaFactory()
    response = client.post(reverse("priorities:feedback_create", args=[area.pk]), {})
    summary = error_summary(response)
    assert "Select who gave the feedback" in summary
    assert "Enter the date the feedback was given" in summary
    assert "Enter what they said" in summary
    assert "the who said it" not in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_feedback_form_asks_who_gave_it(client, business_unit):
    page = page_of(client, reverse("priorities:feedback_create", args=[PriorityAreaFactory().pk]))
    assert "Who gave the feedback?" in page
    assert "Date the feedback was given" in page
    assert "What they said" in page


def test_feedback_from_the_future_is_refused_with_its_field_s_words(client, business_unit):
    area = PriorityAreaFactory()
    response = client.post(
        reverse("priorities:feedback_create", args=[area.pk]),
        {
            "source": "camhs",
            **date_fields("received_on", today() + timedelta(days=2)),
            "said": "Ask us first.",
        },
    )
    assert "Date the feedback was given must be today or in the past" in error_summary(response)
    assert not Feedback.objects.exists()


def test_a_part_of_the_feedback_date_missing_is_named(client, business_unit):
    area = PriorityAreaFactory()
    response = client.post(
        reverse("priorities:feedback_create", args=[area.pk]),
        {"source": "camhs", "received_on_0": "3", "received_on_1": "", "received_on_2": "2026", "said": "Hi"},
    )
    assert "Date the feedback was given must include a month" in error_summary(response)


# Figures


def test_figures_are_text_inputs_with_a_numeric_keyboard(client, business_unit):
    measure = OutcomeMeasureFactory()
    pages = [
        page_of(client, reverse("priorities:measure_create", args=[measure.area.pk])),
        page_of(client, reverse("priorities:measure_value_add", args=[measure.pk])),
    ]
    inputs = [
        re.search(rf'<input [^>]*name="{name}"[^>]*>', page).group(0)
        for page, names in zip(pages, (["baseline", "target"], ["value"]), strict=True)
        for name in names
    ]
    assert len(inputs) == 3
    for tag in inputs:
        assert 'type="text"' in tag
        assert 'inputmode="decimal"' in tag
        assert 'spellcheck="false"' in tag
        assert 'type="number"' not in tag


def measure_data(**overrides):
    return {
        "title": "New birth visits within 14 days",
        "unit": "%",
        "baseline": "82",
        **date_fields("baseline_on", today() - timedelta(days=100)),
        "target": "95",
        **date_fields("target_on", None),
        "higher_is_better": "on",
        **overrides,
    }


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("baseline", "-5", "Baseline must be between 0 and 100, as the measure is a percentage"),
        ("target", "101", "Target must be between 0 and 100, as the measure is a percentage"),
        ("baseline", "eighty", "Baseline must be a number, like 84 or 84.5"),
        ("target", "95.125", "Target must have no more than 2 decimal places"),
    ],
)
def test_a_percentage_measure_outside_0_to_100_is_refused(client, business_unit, field, value, message):
    area = PriorityAreaFactory()
    response = client.post(
        reverse("priorities:measure_create", args=[area.pk]), measure_data(**{field: value})
    )
    assert message in error_summary(response)
    assert not OutcomeMeasure.objects.exists()


def test_a_count_cannot_be_negative_but_may_pass_100(client, business_unit):
    area = PriorityAreaFactory()
    url = reverse("priorities:measure_create", args=[area.pk])
    response = client.post(url, measure_data(unit="children", baseline="-1"))
    assert "Baseline must be 0 or more" in error_summary(response)
    client.post(url, measure_data(unit="children", baseline="120", target="380"))
    assert OutcomeMeasure.objects.get().target == Decimal("380")


@pytest.mark.parametrize(
    "unit, value, message",
    [
        ("%", "-5", "Figure must be between 0 and 100, as the measure is a percentage"),
        ("%", "100.5", "Figure must be between 0 and 100, as the measure is a percentage"),
        ("referrals", "-3", "Figure must be 0 or more"),
    ],
)
def test_a_figure_out_of_range_is_refused(client, business_unit, unit, value, message):
    measure = OutcomeMeasureFactory(unit=unit)
    response = client.post(
        reverse("priorities:measure_value_add", args=[measure.pk]),
        {**date_fields("measured_on", today() - timedelta(days=1)), "value": value, "source": ""},
    )
    assert message in error_summary(response)
    assert not MeasureValue.objects.exists()


def test_a_figure_from_the_future_is_refused(client, business_unit):
    measure = OutcomeMeasureFactory()
    response = client.post(
        reverse("priorities:measure_value_add", args=[measure.pk]),
        {**date_fields("measured_on", today() + timedelta(days=1)), "value": "50", "source": ""},
    )
    assert "Date of the figure must be today or in the past" in error_summary(response)
    assert not MeasureValue.objects.exists()


def test_the_figure_hint_says_the_range(client, business_unit):
    page = page_of(client, reverse("priorities:measure_value_add", args=[OutcomeMeasureFactory(unit="%").pk]))
    assert "A percentage from 0 to 100, like 84 or 84.5." in page


def test_a_measure_with_a_figure_over_100_cannot_become_a_percentage(make_user):
    measure = OutcomeMeasureFactory(unit="children", baseline=Decimal("20"), target=Decimal("40"))
    MeasureValueFactory(measure=measure, value=Decimal("120"))
    with pytest.raises(ValidationError) as error:
        services.save_measure(measure=measure, unit="%", by=make_user(roles.BUSINESS_UNIT))
    assert "cannot be a percentage: correct it first" in error.value.message_dict["unit"][0]
    measure.refresh_from_db()
    assert measure.unit == "children"
