"""The dataset's workflows: keeping the catalogue, making a return, reviewing it.

Every write goes through here, in a transaction, validated with full_clean(); a
ValidationError says what a person can fix. Errors about one figure are keyed by the
return form's field names (value_<indicator id>, numerator_<id>, denominator_<id>,
comment_<id>), so the form shows each beside its box.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from governance.models import Agency, User
from governance.periods import Quarter

from . import selectors
from .models import Indicator, QuarterlyReturn, ReturnValue, return_due_on
from .validation import Figure, computed_value, figure_problems, moved_too_far

INDICATOR_FIELDS = (
    "code",
    "title",
    "definition",
    "numerator_definition",
    "denominator_definition",
    "agency",
    "unit",
    "polarity",
    "theme",
    "target",
    "amber_tolerance",
    "change_needing_comment",
    "is_headline",
    "display_order",
)


def field_name(part: str, indicator: Indicator) -> str:
    return f"{part}_{indicator.pk}"


# The catalogue -------------------------------------------------------------------------


@transaction.atomic
def save_indicator(
    *, by: User, indicator: Indicator | None = None, today: date | None = None, **fields
) -> Indicator:
    """Add an indicator, or change one. A change to what is counted (DEFINING_FIELDS) of
    an indicator that already has figures starts a new version: the old one is kept,
    marked superseded, and its figures keep the meaning they were given under."""
    today = today or timezone.localdate()
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Not indicator fields: {sorted(unknown)}")
    if indicator is None:
        indicator = Indicator(**fields)
        indicator.full_clean()
        indicator.save()
        return indicator
    if not indicator.is_current:
        raise ValidationError("This is an earlier version of the indicator: change the current version")
    if "code" in fields and fields["code"] != indicator.code:
        raise ValidationError({"code": "The code of an indicator cannot change: retire it and add a new one"})
    redefined = any(
        name in fields and fields[name] != getattr(indicator, name) for name in Indicator.DEFINING_FIELDS
    )
    if redefined and indicator.values.exists():
        old_pk = indicator.pk
        indicator.superseded_on = today
        indicator._change_reason = "Definition changed: a new version was started"
        indicator.save()
        new = Indicator.objects.get(pk=old_pk)
        new.pk = None
        new.id = None
        new.superseded_on = None
        new.version = indicator.version + 1
        new.previous_version = indicator
        for name, value in fields.items():
            setattr(new, name, value)
        new.full_clean()
        new._change_reason = f"Version {new.version}: the definition changed"
        new.save()
        return new
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def retire_indicator(*, indicator: Indicator, reason: str, by: User, today: date | None = None) -> Indicator:
    """Stop collecting an indicator. It and its figures stay, with their history."""
    if not indicator.is_active:
        raise ValidationError("This indicator is already retired or superseded")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the indicator is being retired"})
    indicator.retired_on = today or timezone.localdate()
    indicator.retirement_reason = reason.strip()
    indicator._change_reason = reason.strip()
    indicator.save()
    return indicator


@transaction.atomic
def reinstate_indicator(*, indicator: Indicator, by: User) -> Indicator:
    if indicator.retired_on is None or not indicator.is_current:
        raise ValidationError("Only a retired indicator can be collected again")
    indicator.retired_on = None
    indicator.retirement_reason = ""
    indicator.save()
    return indicator


# Returns --------------------------------------------------------------------------------


@transaction.atomic
def open_return(*, agency: Agency, period: Quarter, by: User) -> QuarterlyReturn:
    """The agency's return for the quarter, made the first time anyone opens it."""
    found, _ = QuarterlyReturn.objects.get_or_create(
        agency=agency,
        year=period.year.start_year,
        quarter=period.number,
        defaults={"due_on": return_due_on(period)},
    )
    return found


def _require_open(quarterly_return: QuarterlyReturn) -> None:
    if not quarterly_return.is_open:
        raise ValidationError(
            f"This return is {quarterly_return.get_status_display().lower()}: "
            "its figures cannot be changed now"
        )


@transaction.atomic
def save_figures(
    *, quarterly_return: QuarterlyReturn, figures: dict[int, Figure], by: User
) -> QuarterlyReturn:
    """Fill in the draft: a Figure for each indicator id. Every figure is checked before
    any is stored; accepted figures are left alone (they change only by a correction)."""
    quarterly_return = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
    _require_open(quarterly_return)
    indicators = {indicator.pk: indicator for indicator in selectors.indicators_for_return(quarterly_return)}
    existing = {value.indicator_id: value for value in quarterly_return.values.all()}
    errors: dict[str, list[str]] = {}
    for indicator_id, figure in figures.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise ValidationError("A figure was given for an indicator this agency does not supply")
        for part, message in figure_problems(indicator, figure).items():
            errors.setdefault(field_name(part, indicator), []).append(message)
    if errors:
        raise ValidationError(errors)
    for indicator_id, figure in figures.items():
        indicator = indicators[indicator_id]
        value = existing.get(indicator_id) or ReturnValue(
            quarterly_return=quarterly_return, indicator=indicator
        )
        if value.status == ReturnValue.Status.ACCEPTED:
            continue
        new = (
            computed_value(indicator, figure),
            figure.numerator,
            figure.denominator,
            figure.comment.strip(),
        )
        if value.pk and new == (value.value, value.numerator, value.denominator, value.comment):
            continue
        value.value, value.numerator, value.denominator, value.comment = new
        value.full_clean()
        value.save()
    if quarterly_return.status == QuarterlyReturn.Status.NOT_STARTED:
        quarterly_return.status = QuarterlyReturn.Status.DRAFT
        quarterly_return.save()
    return quarterly_return


def submission_problems(quarterly_return: QuarterlyReturn) -> dict[str, list[str]]:
    """What stops the return being submitted: a figure missing without a comment saying
    why, or a figure that moved more than its indicator allows without a comment."""
    values = {value.indicator_id: value for value in quarterly_return.values.all()}
    indicators = selectors.indicators_for_return(quarterly_return)
    previous = selectors.previous_values(quarterly_return, indicators)
    problems: dict[str, list[str]] = {}
    for indicator in indicators:
        value = values.get(indicator.pk)
        comment = value.comment.strip() if value else ""
        figure = value.value if value else None
        if figure is None and not comment:
            part = "numerator" if indicator.has_numerator else "value"
            problems[field_name(part, indicator)] = [
                f"Enter the figure for {indicator.code}, or a comment saying why there is none"
            ]
        elif not comment and moved_too_far(indicator, figure, previous.get(indicator.code, [])):
            problems[field_name("comment", indicator)] = [
                f"Enter a comment for {indicator.code}: the figure moved more than "
                f"{indicator.change_needing_comment.normalize():f}% from the average of "
                "the previous four quarters"
            ]
    return problems


@transaction.atomic
def submit_return(*, quarterly_return: QuarterlyReturn, by: User) -> QuarterlyReturn:
    quarterly_return = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
    if quarterly_return.status not in (QuarterlyReturn.Status.DRAFT, QuarterlyReturn.Status.RETURNED):
        raise ValidationError("Only a draft, or a return sent back for correction, can be submitted")
    problems = submission_problems(quarterly_return)
    if problems:
        raise ValidationError(problems)
    for value in quarterly_return.values.filter(status=ReturnValue.Status.RETURNED):
        value.status = ReturnValue.Status.PENDING
        value.save()
    quarterly_return.status = QuarterlyReturn.Status.SUBMITTED
    quarterly_return.submitted_at = timezone.now()
    quarterly_return.submitted_by = by
    quarterly_return.returned_reason = ""
    quarterly_return.save()
    return quarterly_return


@transaction.atomic
def return_value_for_correction(*, value: ReturnValue, reason: str, by: User) -> ReturnValue:
    """The business unit sends one figure back to the agency with the reason. The rest of
    the return may still be accepted; the return waits for the agency's correction."""
    quarterly_return = QuarterlyReturn.objects.select_for_update().get(pk=value.quarterly_return_id)
    if quarterly_return.status not in (QuarterlyReturn.Status.SUBMITTED, QuarterlyReturn.Status.RETURNED):
        raise ValidationError("Only a figure of a submitted return can be returned for correction")
    if value.status != ReturnValue.Status.PENDING:
        raise ValidationError(f"This figure is {value.get_status_display().lower()} already")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the figure is being returned"})
    value.status = ReturnValue.Status.RETURNED
    value.returned_reason = reason.strip()
    value._change_reason = reason.strip()
    value.save()
    quarterly_return.status = QuarterlyReturn.Status.RETURNED
    quarterly_return.returned_reason = f"{value.indicator.code}: {reason.strip()}"
    quarterly_return.save()
    return value


@transaction.atomic
def return_for_correction(*, quarterly_return: QuarterlyReturn, reason: str, by: User) -> QuarterlyReturn:
    """The business unit sends the whole return back, with the reason."""
    quarterly_return = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
    if quarterly_return.status != QuarterlyReturn.Status.SUBMITTED:
        raise ValidationError("Only a submitted return can be returned for correction")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the return is being returned"})
    quarterly_return.status = QuarterlyReturn.Status.RETURNED
    quarterly_return.returned_reason = reason.strip()
    quarterly_return._change_reason = reason.strip()
    quarterly_return.save()
    return quarterly_return


@transaction.atomic
def accept_return(*, quarterly_return: QuarterlyReturn, by: User) -> QuarterlyReturn:
    """Accept every figure not returned for correction. When none is waiting for a
    correction, the return is accepted."""
    quarterly_return = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
    pending = list(quarterly_return.values.filter(status=ReturnValue.Status.PENDING))
    if quarterly_return.status not in (QuarterlyReturn.Status.SUBMITTED, QuarterlyReturn.Status.RETURNED) or (
        quarterly_return.status == QuarterlyReturn.Status.RETURNED and not pending
    ):
        raise ValidationError("There are no submitted figures to accept")
    for value in pending:
        value.status = ReturnValue.Status.ACCEPTED
        value.save()
    if not quarterly_return.values.filter(status=ReturnValue.Status.RETURNED).exists():
        quarterly_return.status = QuarterlyReturn.Status.ACCEPTED
        quarterly_return.accepted_at = timezone.now()
        quarterly_return.accepted_by = by
        quarterly_return.returned_reason = ""
        quarterly_return.save()
    return quarterly_return


@transaction.atomic
def correct_value(*, value: ReturnValue, figure: Figure, reason: str, by: User) -> ReturnValue:
    """Change an accepted figure: only with a reason, which History shows with the change."""
    value = ReturnValue.objects.select_for_update().select_related("indicator").get(pk=value.pk)
    if value.status != ReturnValue.Status.ACCEPTED:
        raise ValidationError("Only an accepted figure is corrected this way: change it on the return")
    errors = {part: [message] for part, message in figure_problems(value.indicator, figure).items()}
    if figure.is_blank:
        errors.setdefault("numerator" if value.indicator.has_numerator else "value", []).append(
            f"Enter the figure for {value.indicator.code}"
        )
    if not reason.strip():
        errors["reason"] = ["Enter the reason for correcting the figure"]
    if errors:
        raise ValidationError(errors)
    new = (
        computed_value(value.indicator, figure),
        figure.numerator,
        figure.denominator,
        figure.comment.strip(),
    )
    if new == (value.value, value.numerator, value.denominator, value.comment):
        raise ValidationError({"reason": "The figure and comment are unchanged: there is nothing to correct"})
    value.value, value.numerator, value.denominator, value.comment = new
    value._change_reason = reason.strip()
    value.full_clean()
    value.save()
    return value


@transaction.atomic
def upload_workbook(*, quarterly_return: QuarterlyReturn, upload, by: User) -> QuarterlyReturn:
    """Fill the draft from the agency's workbook. The whole file is checked first; any
    problem refuses it, listed by sheet, row and column, and nothing from it is saved."""
    from .workbook import read_return_workbook

    _require_open(quarterly_return)
    indicators = selectors.indicators_for_return(quarterly_return)
    figures = read_return_workbook(upload, quarterly_return=quarterly_return, indicators=indicators)
    return save_figures(quarterly_return=quarterly_return, figures=figures, by=by)
