"""The rules a figure must meet, in one place: the web form, the workbook upload and a
correction all ask these, so a figure refused one way is refused every way.

Each rule returns the problem in words a person can act on, naming the indicator.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .models import Indicator

PERCENTAGE_SCALE = Decimal(100)
RATE_SCALE = Decimal(10000)


@dataclass(frozen=True)
class Figure:
    """What an agency gives for one indicator."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    comment: str = ""

    @property
    def is_blank(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None


def number_text(text: str, *, percentage: bool = False) -> str:
    """Typed text as a number would be written: people write '1,234' and '87.5%'. The
    per cent sign is dropped only from a percentage."""
    text = str(text).strip().replace(",", "").replace(" ", "")
    if percentage and text.endswith("%"):
        text = text[:-1].strip()
    return text


def parse_number(raw, *, percentage: bool = False) -> Decimal | None:
    """A typed or cell value as a number; None when blank. Raises ValueError for text."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("not a number")
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
    else:
        text = number_text(raw, percentage=percentage)
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise ValueError("not a number") from error
    if not number.is_finite():
        raise ValueError("not a number")
    return number


def computed_value(indicator: Indicator, figure: Figure) -> Decimal | None:
    """The figure itself, or the rate the product computes from numerator and denominator."""
    if not indicator.has_numerator:
        return figure.value
    if figure.numerator is None or not figure.denominator:
        return None
    scale = PERCENTAGE_SCALE if indicator.unit == Indicator.Unit.PERCENTAGE else RATE_SCALE
    return (figure.numerator / figure.denominator * scale).quantize(Decimal("0.0001"))


def figure_problems(indicator: Indicator, figure: Figure) -> dict[str, str]:
    """Problems with one figure, by the part they concern ('value', 'numerator',
    'denominator'). Blank is not a problem here: submission asks for completeness."""
    problems: dict[str, str] = {}
    code = indicator.code
    if indicator.has_numerator:
        if figure.value is not None and figure.numerator is None:
            problems["numerator"] = f"Enter the numerator for {code}: the product works out the rate"
        for part in ("numerator", "denominator"):
            number = getattr(figure, part)
            if number is not None and number < 0:
                problems[part] = f"The {part} for {code} cannot be negative"
            elif number is not None and number != number.to_integral_value():
                problems[part] = f"The {part} for {code} must be a whole number"
        if figure.numerator is not None and figure.denominator is None and "numerator" not in problems:
            problems["denominator"] = f"Enter the denominator for {code}"
        if figure.denominator is not None and figure.numerator is None and "numerator" not in problems:
            problems["numerator"] = f"Enter the numerator for {code}"
        if figure.denominator == 0 and "denominator" not in problems:
            problems["denominator"] = f"The denominator for {code} must be more than 0"
        if (
            not problems
            and figure.numerator is not None
            and figure.denominator is not None
            and figure.numerator > figure.denominator
        ):
            problems["numerator"] = f"The numerator for {code} cannot be more than its denominator"
        return problems
    value = figure.value
    if value is None:
        return problems
    if value < 0:
        kind = "count" if indicator.unit == Indicator.Unit.COUNT else "figure"
        problems["value"] = f"The {kind} for {code} cannot be negative"
    elif indicator.unit == Indicator.Unit.COUNT and value != value.to_integral_value():
        problems["value"] = f"The count for {code} must be a whole number"
    elif indicator.unit == Indicator.Unit.PERCENTAGE and value > PERCENTAGE_SCALE:
        problems["value"] = f"The percentage for {code} must be 100 or less"
    elif indicator.unit == Indicator.Unit.RATE and value > RATE_SCALE:
        problems["value"] = f"The rate per 10,000 for {code} must be 10,000 or less"
    return problems


def moved_too_far(indicator: Indicator, value: Decimal | None, previous: list[Decimal]) -> bool:
    """Does the figure move more than the indicator allows from the average of the
    previous four quarters (those there are)?"""
    if value is None or not previous:
        return False
    average = sum(previous) / len(previous)
    if average == 0:
        return value != 0
    change = abs(value - average) / abs(average) * 100
    return change > indicator.change_needing_comment
