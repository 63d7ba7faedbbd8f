"""Governance's part of "My work" (the contract: governance/work.py)."""

from datetime import date

from django.template.defaultfilters import pluralize

from . import selectors
from .work import WorkItem, WorkList

OVERDUE = "govuk-tag--red"


def my_work(*, user, today: date) -> list[WorkList]:
    actions = WorkList("actions", 20, "My actions")
    overdue, upcoming = [], []
    for action in selectors.my_open_actions(user=user, today=today):
        late = action.due_date < today
        (overdue if late else upcoming).append(
            WorkItem(
                title=f"A{action.pk}: {action.title}",
                url=action.get_absolute_url(),
                due_on=action.due_date,
                tag="Overdue" if late else "",
                tag_class=OVERDUE if late else "",
            )
        )
    actions.items = overdue + upcoming
    risks = WorkList(
        "risks",
        30,
        "Risks I own, due for review",
        [
            WorkItem(
                title=risk.title,
                url=risk.get_absolute_url(),
                due_on=risk.review_date,
                due_label="review by",
                tag="Review overdue" if risk.review_date < today else "",
                tag_class=OVERDUE if risk.review_date < today else "",
            )
            for risk in selectors.my_risks_due_for_review(user=user, today=today)
        ],
    )
    meetings = WorkList(
        "meetings",
        40,
        "Meetings I chair with papers missing",
        [
            WorkItem(
                title=f"{meeting.group.name}, {meeting.starts_at:%-d %B %Y}",
                url=meeting.get_absolute_url(),
                detail=f"{meeting.missing_papers} paper{pluralize(meeting.missing_papers)} missing",
            )
            for meeting in selectors.my_meetings_missing_papers(user=user, today=today)
        ],
    )
    return [actions, risks, meetings]
