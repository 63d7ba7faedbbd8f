"""The home page's "My work": the signed-in user's own deadlines, from every app."""

from dataclasses import dataclass, field
from datetime import date

from governance import selectors as governance_selectors
from governance.calendar import working_days_between
from governance.roles import BUSINESS_UNIT

from .reminders import services as reminders


@dataclass
class StatutoryClock:
    title: str
    due_on: date
    url: str
    working_days_left: int


@dataclass
class MyWork:
    overdue_actions: list = field(default_factory=list)
    upcoming_actions: list = field(default_factory=list)
    statutory_clocks: list[StatutoryClock] = field(default_factory=list)
    risks_due: list = field(default_factory=list)
    meetings_missing_papers: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.overdue_actions,
                self.upcoming_actions,
                self.statutory_clocks,
                self.risks_due,
                self.meetings_missing_papers,
            )
        )


def my_work(*, user, today: date) -> MyWork:
    work = MyWork()
    for action in governance_selectors.my_open_actions(user=user, today=today):
        (work.overdue_actions if action.due_date < today else work.upcoming_actions).append(action)
    work.risks_due = list(governance_selectors.my_risks_due_for_review(user=user, today=today))
    work.meetings_missing_papers = list(
        governance_selectors.my_meetings_missing_papers(user=user, today=today)
    )
    # Case deadlines only for those who may see cases: nothing about them reaches anyone else.
    if user.has_perm("reviews.access_area"):
        everyone_in_business_unit = user.has_role(BUSINESS_UNIT)
        for deadline in reminders.collect_statutory_case_deadlines(today):
            if everyone_in_business_unit or user.email in deadline.responsible:
                work.statutory_clocks.append(
                    StatutoryClock(
                        title=deadline.title,
                        due_on=deadline.due_on,
                        url=deadline.url,
                        working_days_left=working_days_between(today, deadline.due_on),
                    )
                )
    return work
