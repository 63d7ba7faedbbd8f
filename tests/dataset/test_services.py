"""The dataset's workflows: the catalogue's versions and retirement, filling in,
submitting, returning and accepting a return, and correcting an accepted figure. Every
rule a figure must meet, each in its own test; a refusal saves nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dataset import services
from dataset.models import Indicator, QuarterlyReturn, ReturnValue, return_due_on
from dataset.validation import Figure, figure_problems, moved_too_far
from governance.periods import FinancialYear, Quarter
from tests.dataset.factories import (
    IndicatorFactory,
    QuarterlyReturnFactory,
    ReturnValueFactory,
    accepted_value,
    submitted_return,
)
from tests.governance.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


# The rules for one figure ------------------------------------------------------------------


def problems(unit=Indicator.Unit.PERCENTAGE, ratio=False, **figure):
    indicator = Indicator(code="X1", unit=unit)
    if ratio:
        indicator.numerator_definition, indicator.denominator_definition = "Seen", "Referred"
    return figure_problems(indicator, Figure(**{k: Decimal(str(v)) for k, v in figure.items()}))


def test_a_percentage_over_100_is_refused():
    assert problems(value=100.5) == {"value": "The percentage for X1 must be 100 or less"}


def test_a_percentage_of_100_is_accepted():
    assert problems(value=100) == {}


def test_a_negative_count_is_refused():
    assert problems(Indicator.Unit.COUNT, value=-1) == {"value": "The count for X1 cannot be negative"}


def test_a_count_must_be_whole():
    assert problems(Indicator.Unit.COUNT, value=2.5) == {"value": "The count for X1 must be a whole number"}


def test_a_rate_over_10000_per_10000_is_refused():
    assert problems(Indicator.Unit.RATE, value=10001) == {
        "value": "The rate per 10,000 for X1 must be 10,000 or less"
    }


def test_a_numerator_over_its_denominator_is_refused():
    assert problems(ratio=True, numerator=51, denominator=50) == {
        "numerator": "The numerator for X1 cannot be more than its denominator"
    }


def test_a_zero_denominator_is_refused():
    assert problems(ratio=True, numerator=0, denominator=0) == {
        "denominator": "The denominator for X1 must be more than 0"
    }


def test_a_numerator_without_its_denominator_is_refused():
    assert problems(ratio=True, numerator=5) == {"denominator": "Enter the denominator for X1"}


def test_a_negative_denominator_is_refused():
    assert (
        problems(ratio=True, numerator=1, denominator=-4)["denominator"]
        == "The denominator for X1 cannot be negative"
    )


def test_a_move_beyond_the_set_amount_from_the_previous_four_quarters_needs_a_comment():
    indicator = Indicator(code="X1", unit=Indicator.Unit.COUNT, change_needing_comment=Decimal(20))
    previous = [Decimal(100), Decimal(110), Decimal(90), Decimal(100)]
    assert moved_too_far(indicator, Decimal(121), previous)
    assert not moved_too_far(indicator, Decimal(120), previous)
    assert not moved_too_far(indicator, Decimal(500), [])


# The catalogue -------------------------------------------------------------------------------


def indicator_fields(**changes):
    return {
        "code": "CSC01",
        "title": "Re-referrals within 12 months",
        "definition": "Referrals within 12 months of a previous one.",
        "numerator_definition": "",
        "denominator_definition": "",
        "agency": AgencyFactory(),
        "unit": Indicator.Unit.PERCENTAGE,
        "polarity": Indicator.Polarity.LOWER,
        "theme": Indicator.Theme.FRONT_DOOR,
        "target": Decimal(20),
        "amber_tolerance": Decimal(3),
        "change_needing_comment": Decimal(20),
        "is_headline": True,
        "display_order": 1,
        **changes,
    }


def test_a_percentage_target_over_100_is_refused(user):
    with pytest.raises(ValidationError) as caught:
        services.save_indicator(by=user, **indicator_fields(target=Decimal(120)))
    assert caught.value.message_dict["target"] == ["A percentage target must be 100 or less"]
    assert not Indicator.objects.exists()


def test_a_second_indicator_with_the_same_code_is_refused(user):
    services.save_indicator(by=user, **indicator_fields())
    with pytest.raises(ValidationError, match="already exists"):
        services.save_indicator(by=user, **indicator_fields())


def test_changing_the_definition_of_an_indicator_with_figures_starts_a_new_version(user):
    old = services.save_indicator(by=user, **indicator_fields())
    figure = ReturnValueFactory(indicator=old, quarterly_return__agency=old.agency, value=Decimal(21))
    new = services.save_indicator(
        by=user, indicator=old, definition="Now counted over 6 months.", today=date(2026, 1, 5)
    )
    old.refresh_from_db()
    assert new.pk != old.pk and new.version == 2 and new.previous_version == old
    assert old.superseded_on == date(2026, 1, 5)
    assert old.definition == "Referrals within 12 months of a previous one."
    figure.refresh_from_db()
    assert figure.indicator == old  # the old figure keeps its old meaning


def test_changing_the_target_changes_the_indicator_in_place(user):
    indicator = services.save_indicator(by=user, **indicator_fields())
    ReturnValueFactory(indicator=indicator, quarterly_return__agency=indicator.agency)
    same = services.save_indicator(by=user, indicator=indicator, target=Decimal(18))
    assert same.pk == indicator.pk and same.version == 1 and same.target == 18
    assert indicator.history.count() == 2


def test_retiring_an_indicator_keeps_it_and_its_figures(user):
    value = ReturnValueFactory()
    services.retire_indicator(indicator=value.indicator, reason="The DfE stopped asking.", by=user)
    value.indicator.refresh_from_db()
    assert value.indicator.retired_on is not None
    assert ReturnValue.objects.filter(pk=value.pk).exists()
    assert value.indicator.history.first().history_change_reason == "The DfE stopped asking."


def test_retiring_needs_a_reason(user):
    with pytest.raises(ValidationError):
        services.retire_indicator(indicator=IndicatorFactory(), reason=" ", by=user)


# Returns --------------------------------------------------------------------------------------


def test_a_return_is_due_20_working_days_after_its_quarter_ends():
    # Q2 2025-26 ends on Tuesday 30 September 2025; 20 working days later is 28 October.
    assert return_due_on(Quarter(FinancialYear(2025), 2)) == date(2025, 10, 28)


def test_the_working_days_allowed_are_configurable(settings):
    settings.DATASET_RETURN_WORKING_DAYS = 10
    assert return_due_on(Quarter(FinancialYear(2025), 2)) == date(2025, 10, 14)


def test_the_due_date_skips_christmas_bank_holidays():
    # Q3 2025-26 ends Wednesday 31 December 2025; 1 January is a bank holiday.
    assert return_due_on(Quarter(FinancialYear(2025), 3)) == date(2026, 1, 29)


def test_opening_a_return_twice_gives_the_same_return(user):
    agency = AgencyFactory()
    period = Quarter(FinancialYear(2025), 1)
    first = services.open_return(agency=agency, period=period, by=user)
    assert services.open_return(agency=agency, period=period, by=user) == first
    assert first.due_on == return_due_on(period)


def test_saving_figures_checks_all_before_storing_any(user):
    found = QuarterlyReturnFactory(status=QuarterlyReturn.Status.NOT_STARTED)
    good = IndicatorFactory(agency=found.agency)
    bad = IndicatorFactory(agency=found.agency)
    with pytest.raises(ValidationError) as caught:
        services.save_figures(
            quarterly_return=found,
            figures={good.pk: Figure(value=Decimal(50)), bad.pk: Figure(value=Decimal(140))},
            by=user,
        )
    assert list(caught.value.message_dict) == [f"value_{bad.pk}"]
    assert not ReturnValue.objects.exists()
    found.refresh_from_db()
    assert found.status == QuarterlyReturn.Status.NOT_STARTED


def test_a_figure_for_another_agencys_indicator_is_refused(user):
    found = QuarterlyReturnFactory()
    with pytest.raises(ValidationError, match="does not supply"):
        services.save_figures(quarterly_return=found, figures={IndicatorFactory().pk: Figure()}, by=user)


def test_a_rate_is_worked_out_from_its_numerator_and_denominator(user):
    found = QuarterlyReturnFactory()
    indicator = IndicatorFactory(
        agency=found.agency,
        unit=Indicator.Unit.RATE,
        numerator_definition="Referrals",
        denominator_definition="Children",
    )
    services.save_figures(
        quarterly_return=found,
        figures={indicator.pk: Figure(numerator=Decimal(630), denominator=Decimal(63000))},
        by=user,
    )
    assert found.values.get().value == 100


def test_submitting_needs_every_figure_or_a_comment_saying_why_not(user):
    found = QuarterlyReturnFactory()
    indicator = IndicatorFactory(agency=found.agency)
    with pytest.raises(ValidationError) as caught:
        services.submit_return(quarterly_return=found, by=user)
    assert caught.value.message_dict[f"value_{indicator.pk}"] == [
        f"Enter the figure for {indicator.code}, or a comment saying why there is none"
    ]
    services.save_figures(
        quarterly_return=found, figures={indicator.pk: Figure(comment="System down.")}, by=user
    )
    assert services.submit_return(quarterly_return=found, by=user).status == QuarterlyReturn.Status.SUBMITTED


def test_a_big_move_needs_a_comment_before_submission(user):
    indicator = IndicatorFactory(unit=Indicator.Unit.COUNT, target=None)
    for quarter, figure in ((4, 100), (1, 100)):
        year = 2024 if quarter == 4 else 2025
        accepted_value(
            indicator=indicator,
            value=figure,
            quarterly_return__agency=indicator.agency,
            quarterly_return__year=year,
            quarterly_return__quarter=quarter,
        )
    found = QuarterlyReturnFactory(agency=indicator.agency)
    services.save_figures(quarterly_return=found, figures={indicator.pk: Figure(value=Decimal(150))}, by=user)
    with pytest.raises(ValidationError) as caught:
        services.submit_return(quarterly_return=found, by=user)
    assert "moved more than 20% from the average" in caught.value.message_dict[f"comment_{indicator.pk}"][0]
    services.save_figures(
        quarterly_return=found,
        figures={indicator.pk: Figure(value=Decimal(150), comment="A new team.")},
        by=user,
    )
    assert services.submit_return(quarterly_return=found, by=user).status == QuarterlyReturn.Status.SUBMITTED


def test_a_submitted_return_cannot_be_changed(user):
    found = submitted_return()
    with pytest.raises(ValidationError, match="submitted: its figures cannot be changed"):
        services.save_figures(quarterly_return=found, figures={}, by=user)


def test_returning_one_figure_then_accepting_the_rest_leaves_the_return_with_the_agency(user):
    found = submitted_return()
    other = ReturnValueFactory(quarterly_return=found)
    wrong = found.values.exclude(pk=other.pk).get()
    services.return_value_for_correction(value=wrong, reason="Three times last quarter.", by=user)
    found = services.accept_return(quarterly_return=found, by=user)
    assert found.status == QuarterlyReturn.Status.RETURNED
    other.refresh_from_db()
    wrong.refresh_from_db()
    assert other.status == ReturnValue.Status.ACCEPTED
    assert (
        wrong.status == ReturnValue.Status.RETURNED and wrong.returned_reason == "Three times last quarter."
    )
    # The agency corrects the returned figure and submits; the business unit accepts.
    services.save_figures(
        quarterly_return=found, figures={wrong.indicator_id: Figure(value=Decimal(30))}, by=user
    )
    services.submit_return(quarterly_return=found, by=user)
    found = services.accept_return(quarterly_return=found, by=user)
    assert found.status == QuarterlyReturn.Status.ACCEPTED
    assert set(found.values.values_list("status", flat=True)) == {ReturnValue.Status.ACCEPTED}


def test_the_accepted_figures_are_not_changed_by_a_resubmission(user):
    found = submitted_return()
    other = ReturnValueFactory(quarterly_return=found, value=Decimal(60))
    services.return_value_for_correction(
        value=found.values.exclude(pk=other.pk).get(), reason="Check.", by=user
    )
    services.accept_return(quarterly_return=found, by=user)
    services.save_figures(
        quarterly_return=found, figures={other.indicator_id: Figure(value=Decimal(99))}, by=user
    )
    other.refresh_from_db()
    assert other.value == 60


def test_returning_a_whole_return_needs_a_reason(user):
    with pytest.raises(ValidationError):
        services.return_for_correction(quarterly_return=submitted_return(), reason="", by=user)


def test_a_draft_cannot_be_accepted(user):
    with pytest.raises(ValidationError, match="no submitted figures"):
        services.accept_return(quarterly_return=QuarterlyReturnFactory(), by=user)


def test_an_accepted_figure_changes_only_with_a_reason_which_history_keeps(user):
    value = accepted_value(value=Decimal(80))
    with pytest.raises(ValidationError) as caught:
        services.correct_value(value=value, figure=Figure(value=Decimal(82)), reason="", by=user)
    assert caught.value.message_dict["reason"] == ["Enter the reason for correcting the figure"]
    services.correct_value(value=value, figure=Figure(value=Decimal(82)), reason="A typing slip.", by=user)
    value.refresh_from_db()
    assert value.value == 82
    latest, before = value.history.all()[:2]
    assert latest.history_change_reason == "A typing slip." and before.value == 80


def test_a_correction_obeys_the_same_rules_as_a_return(user):
    value = accepted_value()
    with pytest.raises(ValidationError) as caught:
        services.correct_value(value=value, figure=Figure(value=Decimal(101)), reason="Typo.", by=user)
    assert "100 or less" in caught.value.message_dict["value"][0]
