from datetime import date

import pytest

from governance.periods import FinancialYear, Quarter


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (date(2026, 3, 31), 2025),
        (date(2026, 4, 1), 2026),
        (date(2026, 1, 1), 2025),
        (date(2025, 12, 31), 2025),
    ],
)
def test_a_day_falls_in_the_financial_year_that_starts_the_april_before(day, start_year):
    assert FinancialYear.containing(day) == FinancialYear(start_year)


def test_a_financial_year_runs_from_1_april_to_31_march_and_is_labelled_by_both_years():
    year = FinancialYear(2025)
    assert (year.start, year.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert (year.label, year.long_label, str(year)) == ("2025-26", "April 2025 to March 2026", "2025-26")
    assert date(2026, 2, 1) in year and date(2026, 4, 1) not in year


@pytest.mark.parametrize("text", ["2025-26", "2025/26", "2025-2026", "2025", " 2025-26 "])
def test_parsing_a_financial_year(text):
    assert FinancialYear.parse(text) == FinancialYear(2025)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-27", "the second year must follow the first"),
        ("25-26", "for example 2025-26"),
        ("next year", "for example 2025-26"),
        ("²⁰²⁵", "for example 2025-26"),
    ],
)
def test_parsing_a_bad_financial_year_says_what_to_give(text, message):
    with pytest.raises(ValueError, match=message):
        FinancialYear.parse(text)


def test_quarters_of_a_financial_year():
    q1, q2, q3, q4 = FinancialYear(2025).quarters
    assert (q1.start, q1.end) == (date(2025, 4, 1), date(2025, 6, 30))
    assert (q3.start, q3.end) == (date(2025, 10, 1), date(2025, 12, 31))
    assert (q4.start, q4.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert q2.label == "Q2 2025-26"
    assert q2.long_label == "July to September 2025"
    assert q4.long_label == "January to March 2026"
    assert q4.next == Quarter(FinancialYear(2026), 1)


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2025, 4, 1), "Q1 2025-26"), (date(2025, 9, 30), "Q2 2025-26"), (date(2026, 3, 31), "Q4 2025-26")],
)
def test_the_quarter_a_day_falls_in(day, label):
    assert Quarter.containing(day).label == label


def test_parsing_a_quarter():
    assert Quarter.parse("q3 2025/26") == Quarter(FinancialYear(2025), 3)
    with pytest.raises(ValueError, match="Q1 to Q4"):
        Quarter.parse("Q5 2025-26")
    with pytest.raises(ValueError):
        Quarter(FinancialYear(2025), 0)
