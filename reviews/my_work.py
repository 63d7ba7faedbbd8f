"""Reviews' part of "My work" (the contract: governance/work.py): the open statutory
clocks, for those who may see cases and only those."""

from datetime import date

from governance.calendar import working_days_between
from governance.roles import BUSINESS_UNIT
from governance.work import WorkItem, WorkList

from .deadlines import deadlines


def my_work(*, user, today: date) -> list[WorkList]:
    clocks = WorkList("statutory_clocks", 10, "Statutory clocks")
    # Case deadlines only for those who may see cases: nothing about them reaches anyone else.
    if not user.has_perm("reviews.access_area"):
        return [clocks]
    everyone = user.has_role(BUSINESS_UNIT)
    for deadline in sorted((d for d in deadlines(today) if d.statutory), key=lambda d: d.due_on):
        if not (everyone or user.email in deadline.responsible):
            continue
        left = working_days_between(today, deadline.due_on)
        if left < 0:
            tag, tag_class, detail = f"Overdue by {-left}", "govuk-tag--red", ""
        elif left == 0:
            tag, tag_class, detail = "Due today", "govuk-tag--orange", ""
        else:
            tag, tag_class, detail = "", "", f"{left} working day{'s' if left != 1 else ''} left"
        clocks.items.append(
            WorkItem(
                title=deadline.title,
                url=deadline.url,
                due_on=deadline.due_on,
                tag=tag,
                tag_class=tag_class,
                detail=detail,
            )
        )
    return [clocks]
