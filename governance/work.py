"""What waits for a person: the one contract every area implements for the home page's
"My work".

An area that has work for people has a module `my_work.py` with

    def my_work(*, user, today: date) -> list[WorkList]

and thscp (thscp/home.py) shows every area's lists in their `order`. A list holds only
what the person may see: an area asks its own rules before it adds an item.
"""

from dataclasses import dataclass, field
from datetime import date

from django.dispatch import Signal

from .calendar import working_days_between

# Sent (after the commit) when a service starts a clock for someone, with
# `deadlines=[Deadline, ...]`: thscp's reminders email those responsible at once.
work_started = Signal()


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    # What the date means: "due", "review by", "meets on".
    due_on: date | None = None
    due_label: str = "due"
    # A status shown as a GOV.UK tag beside the title, with its colour class.
    tag: str = ""
    tag_class: str = ""
    detail: str = ""


@dataclass
class WorkList:
    key: str
    order: int
    heading: str
    items: list[WorkItem] = field(default_factory=list)


# The one rule for how a due date reads, on My work and in the reminder email alike:
# calendar days decide overdue and due today (a risk due on Friday is overdue on
# Saturday, everywhere), working days decide "due soon" (the reminders' first step).
DUE_SOON_WORKING_DAYS = 5
# My work shows what is overdue and what falls due within this many days.
MY_WORK_HORIZON_DAYS = 30


@dataclass(frozen=True)
class DueStatus:
    urgency: str  # "overdue", "due today", "due soon" or "" (not yet)
    tag: str  # the words on the tag, e.g. "Overdue", "Review overdue"
    tag_class: str


def due_status(due_on: date, today: date, *, prefix: str = "") -> DueStatus:
    """How a date reads today. `prefix` names what is due ("Review", "Sign-off")."""
    if due_on < today:
        urgency, words, tag_class = "overdue", "overdue", "govuk-tag--red"
    elif due_on == today:
        urgency, words, tag_class = "due today", "due today", "govuk-tag--orange"
    elif working_days_between(today, due_on) <= DUE_SOON_WORKING_DAYS:
        urgency, words, tag_class = "due soon", "due soon", "govuk-tag--yellow"
    else:
        return DueStatus("", "", "")
    tag = f"{prefix} {words}" if prefix else words.capitalize()
    return DueStatus(urgency, tag, tag_class)


def is_waiting_for(deadline, email: str, today: date) -> bool:
    """Whether a deadline is this person's today: theirs, or escalated to them once overdue.

    The reminder job and My work both ask this, so they never disagree about whose it is.
    """
    if not email:
        return False
    email = email.lower()
    if email in (address.lower() for address in deadline.responsible):
        return True
    return deadline.due_on < today and email in (address.lower() for address in deadline.escalate_to)
