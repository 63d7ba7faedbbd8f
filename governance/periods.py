"""The reporting periods every area shares: financial years (April to March) and
their quarters. One place, so the yearly report, the statutory review figures, the
budget and the quarterly dataset all count the same days.
"""

from dataclasses import dataclass
from datetime import date

# The months each quarter of a financial year starts in: April, July, October, January.
_QUARTER_START_MONTHS = (4, 7, 10, 1)
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


# The financial years the budget accepts: from the year the partnership arrangements of
# Working Together 2018 began to two years ahead. A typing slip (1900, 3000) is refused.
EARLIEST_BUDGET_YEAR = 2019
BUDGET_YEARS_AHEAD = 2


def budget_years_allowed(today: date) -> list["FinancialYear"]:
    """The financial years a budget line may be for, newest first."""
    latest = FinancialYear.containing(today).start_year + BUDGET_YEARS_AHEAD
    return [FinancialYear(year) for year in range(latest, EARLIEST_BUDGET_YEAR - 1, -1)]


@dataclass(frozen=True, order=True)
class FinancialYear:
    """April to March, named by the year it starts: FinancialYear(2025) is 2025-26."""

    start_year: int

    @classmethod
    def containing(cls, day: date) -> "FinancialYear":
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, text: str) -> "FinancialYear":
        """'2025-26', '2025/26', '2025-2026' or '2025' for April 2025 to March 2026."""
        cleaned = str(text).strip().replace("/", "-")
        first, _, second = cleaned.partition("-")
        if not (first.isascii() and first.isdigit() and len(first) == 4):
            raise ValueError(f"Give the period as a financial year, for example 2025-26, not {text!r}")
        start_year = int(first)
        if second and second not in (str(start_year + 1)[2:], str(start_year + 1)):
            raise ValueError(f"{text!r} is not a financial year: the second year must follow the first")
        return cls(start_year)

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{str(self.start_year + 1)[2:]}"

    @property
    def long_label(self) -> str:
        return f"April {self.start_year} to March {self.start_year + 1}"

    @property
    def quarters(self) -> list["Quarter"]:
        return [Quarter(self, number) for number in (1, 2, 3, 4)]

    @property
    def previous(self) -> "FinancialYear":
        return FinancialYear(self.start_year - 1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a financial year: Q1 is April to June."""

    year: FinancialYear
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"A financial year has quarters 1 to 4, not {self.number}")

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        year = FinancialYear.containing(day)
        return cls(year, ((day.month - 4) % 12) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """'Q2 2025-26' (or 'q2 2025/26') for July to September 2025."""
        quarter, _, year = str(text).strip().partition(" ")
        if len(quarter) != 2 or quarter[0] not in "Qq" or quarter[1] not in "1234":
            raise ValueError(
                f"Give the quarter as Q1 to Q4 and a financial year, for example Q2 2025-26, not {text!r}"
            )
        return cls(FinancialYear.parse(year), int(quarter[1]))

    @property
    def start(self) -> date:
        month = _QUARTER_START_MONTHS[self.number - 1]
        return date(self.year.start_year + (month < 4), month, 1)

    @property
    def end(self) -> date:
        following = self.next.start
        return date.fromordinal(following.toordinal() - 1)

    @property
    def next(self) -> "Quarter":
        if self.number == 4:
            return Quarter(FinancialYear(self.year.start_year + 1), 1)
        return Quarter(self.year, self.number + 1)

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year.label}"

    @property
    def long_label(self) -> str:
        return f"{_MONTH_NAMES[self.start.month - 1]} to {_MONTH_NAMES[self.end.month - 1]} {self.end.year}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label
