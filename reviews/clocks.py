"""The statutory review clocks: one place that says what is due, and whether it is late.

Working days come from governance.calendar (the only working-day arithmetic in the
product); the lengths come from governance.statutory.statutory_clocks().
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from governance.calendar import add_working_days, working_days_between
from governance.statutory import statutory_clocks

# A clock with this many working days left, or fewer, is "due soon".
DUE_SOON_WORKING_DAYS = 3

ON_TRACK = "on_track"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
COMPLETED_ON_TIME = "completed_on_time"
COMPLETED_LATE = "completed_late"
WAITING = "waiting"

STATE_LABELS = {
    ON_TRACK: "On track",
    DUE_SOON: "Due soon",
    OVERDUE: "Overdue",
    COMPLETED_ON_TIME: "Completed on time",
    COMPLETED_LATE: "Completed late",
    WAITING: "Not started",
}
# GOV.UK tag colours; the state is always shown as text too.
STATE_COLOURS = {
    ON_TRACK: "green",
    DUE_SOON: "yellow",
    OVERDUE: "red",
    COMPLETED_ON_TIME: "blue",
    COMPLETED_LATE: "orange",
    WAITING: "grey",
}


def notification_due(aware_on: date) -> date:
    # Children Act 2004 s16C, WT 2023: notify the Panel within 5 working days of awareness.
    return add_working_days(aware_on, statutory_clocks().notification_working_days)


def rapid_review_due(notified_on: date) -> date:
    # The Panel's guidance: the rapid review goes to the Panel 15 working days after notification.
    return add_working_days(notified_on, statutory_clocks().rapid_review_working_days)


# The Panel's typical rapid review timetable, in working days after notification:
# agency summaries on days 2-10, the panel meeting on days 10-12, the partners approve
# and sign off on days 12-15. A guide for planning, not a statutory limit.
TYPICAL_TIMETABLE = (
    ("Agency summaries in", 10),
    ("Panel meeting held", 12),
    ("Partners approve and sign off", 15),
)


def information_due(notified_on: date) -> date:
    """When agency summaries are due, by the typical timetable."""
    return add_working_days(notified_on, TYPICAL_TIMETABLE[0][1])


def typical_timetable(notified_on: date) -> list[tuple[str, date]]:
    return [(step, add_working_days(notified_on, day)) for step, day in TYPICAL_TIMETABLE]


def local_review_target(decided_on: date) -> date:
    # WT 2023: an LCSPR should be completed within 6 months of the decision to hold one.
    # The same day that many months later, or the last day of a shorter month.
    return decided_on + relativedelta(months=statutory_clocks().local_review_months)


def latest_panel_notice(publication_on: date) -> date:
    # WT 2023: the final report goes to the Panel and the Secretary of State at least
    # 7 working days before publication.
    return add_working_days(publication_on, -statutory_clocks().pre_publication_notice_working_days)


def publication_notice_is_short(*, sent_to_panel_on: date, publication_on: date) -> bool:
    """Short if sent after the latest day it could go: derived from latest_panel_notice, so
    the reminder's date and this warning never disagree (a Saturday or a bank holiday
    publication included)."""
    return sent_to_panel_on > latest_panel_notice(publication_on)


@dataclass(frozen=True)
class Clock:
    """Where a statutory clock stands on `today`."""

    starts_on: date | None
    due_on: date | None
    completed_on: date | None
    today: date

    @property
    def state(self) -> str:
        if self.due_on is None:
            return WAITING
        if self.completed_on is not None:
            return COMPLETED_ON_TIME if self.completed_on <= self.due_on else COMPLETED_LATE
        if self.today > self.due_on:
            return OVERDUE
        if working_days_between(self.today, self.due_on) <= DUE_SOON_WORKING_DAYS:
            return DUE_SOON
        return ON_TRACK

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def colour(self) -> str:
        return STATE_COLOURS[self.state]

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None

    @property
    def working_days_used(self) -> int | None:
        if self.starts_on is None:
            return None
        end = self.completed_on or self.today
        return max(working_days_between(self.starts_on, end), 0)

    @property
    def working_days_left(self) -> int | None:
        """Working days from today to the due date; negative when overdue; None when done."""
        if self.due_on is None or self.completed_on is not None:
            return None
        return working_days_between(self.today, self.due_on)

    @property
    def working_days_overdue(self) -> int:
        left = self.working_days_left
        return -left if left is not None and left < 0 else 0


def clock(*, starts_on: date | None, due_on: date | None, completed_on: date | None, today: date) -> Clock:
    return Clock(starts_on=starts_on, due_on=due_on, completed_on=completed_on, today=today)
