"""Reviews' part of "My work" (the contract: governance/work.py): the partners' decisions
waiting for a person and the open statutory clocks, for those who may see cases and only
those. Both come from deadlines(), the source of the reminder emails, so the two agree."""

from datetime import date

from governance.calendar import working_days_between
from governance.roles import BUSINESS_UNIT
from governance.work import WorkItem, WorkList, due_status, is_waiting_for

from .deadlines import deadlines

DECISION_PREFIX = "reviews:partner_decision:"


def _item(deadline, today: date) -> WorkItem:
    # The status words are the reminder email's (governance.work.due_status).
    status = due_status(deadline.due_on, today)
    left = working_days_between(today, deadline.due_on)
    detail = f"{left} working day{'s' if left != 1 else ''} left" if left > 0 else ""
    return WorkItem(
        title=deadline.title,
        url=deadline.url,
        due_on=deadline.due_on,
        tag=status.tag,
        tag_class=status.tag_class,
        detail=detail,
    )


def my_work(*, user, today: date) -> list[WorkList]:
    decisions = WorkList("case_decisions", 9, "Decisions on cases waiting for you")
    clocks = WorkList("statutory_clocks", 10, "Statutory clocks")
    # Case deadlines only for those who may see cases: nothing about them reaches anyone else.
    if not user.has_perm("reviews.access_area"):
        return [decisions, clocks]
    everyone = user.has_role(BUSINESS_UNIT)
    for deadline in sorted(deadlines(today), key=lambda d: (d.due_on, d.key)):
        if not (everyone or is_waiting_for(deadline, user.email, today)):
            continue
        if deadline.key.startswith(DECISION_PREFIX):
            decisions.items.append(_item(deadline, today))
        elif deadline.statutory:
            clocks.items.append(_item(deadline, today))
    return [decisions, clocks]
