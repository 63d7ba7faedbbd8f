"""Working days in England: the one place the product counts them.

A working day is Monday to Friday, excluding the bank holidays of England and Wales,
with substitute days when one falls at a weekend and the one-off days proclaimed
(for example 19 September 2022 and 8 May 2023). Counting starts the day after the
trigger: 5 working days after Monday 22 December 2025 is Wednesday 31 December 2025.

Every statutory clock calls these functions; nothing else does working-day arithmetic.

Also here: the instants that bound whole days in the partnership's time zone
(`local_days`), for filtering timestamps by day.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # The holidays package's UK calendar for England, which includes substitute days
    # and one-off proclamations; England and Wales share the same bank holidays.
    return frozenset(holidays.UK(subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (counting from the day after).

    With days=0, `start` itself if it is a working day, else the next working day.
    Negative `days` count backwards, for reminders before a deadline.
    """
    if days == 0:
        day = start
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    step = timedelta(days=1 if days > 0 else -1)
    remaining = abs(days)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative if `end` is earlier.

    So working_days_between(d, add_working_days(d, n)) == n for any n >= 0.
    """
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def local_days(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants from the start of `first` to the end of `last` in the partnership's
    time zone (Europe/London), the end exclusive: filter `starts_at__gte`/`__lt` with them
    rather than `starts_at__date`, a function of the column that no index can serve."""
    zone = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), zone),
        timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone),
    )
