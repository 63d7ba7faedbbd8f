"""Governance's part of "My work" (the contract: governance/work.py).

Built from the same deadlines the reminder emails are built from (governance/deadlines.py),
with the same rule for whose they are (work.is_waiting_for) and the same status words
(work.due_status), so the email and My work agree item for item.
"""

from datetime import date, timedelta

from .deadlines import deadlines
from .work import MY_WORK_HORIZON_DAYS, WorkItem, WorkList, due_status, is_waiting_for

# Each kind of deadline (the second part of its key) and the list it goes in: for the
# person responsible, and for someone it is escalated to once overdue.
LISTS = {
    "sign-off": (
        ("sign_off", 5, "Documents waiting for my sign-off"),
        ("sign_off_late", 6, "Sign-offs running late"),
    ),
    "publication": (("documents_to_publish", 7, "Documents signed off, ready to publish"), None),
    "yearly-report-sending": (("documents_to_send", 8, "Reports to send to the Panel"), None),
    "action": (("actions", 20, "My actions"), ("group_actions", 25, "Overdue actions in groups I chair")),
    "risk-review": (("risks", 30, "Risks I own, due for review"), None),
    "meeting-papers": (("meetings", 40, "Meetings I chair with papers missing"), None),
    "escalation": (("escalations", 45, "Escalations waiting for a response"), None),
    "document-review": (("document_reviews", 50, "Documents due for review"), None),
}
# Waiting for a decision whatever the date: a signature has no "too early to show".
ALWAYS_SHOWN = {"sign-off", "publication", "yearly-report-sending"}


def _item(deadline, today: date) -> WorkItem:
    status = due_status(deadline.due_on, today, prefix=deadline.status_prefix)
    return WorkItem(
        title=deadline.title,
        url=deadline.url,
        due_on=deadline.due_on,
        tag=status.tag,
        tag_class=status.tag_class,
        detail=deadline.detail,
    )


def my_work(*, user, today: date) -> list[WorkList]:
    email = getattr(user, "email", "")
    lists: dict[str, WorkList] = {}
    horizon = today + timedelta(days=MY_WORK_HORIZON_DAYS)
    for deadline in sorted(deadlines(today, for_user=user), key=lambda d: (d.due_on, d.title)):
        kind = deadline.key.split(":")[1]
        if kind not in LISTS or not is_waiting_for(deadline, email, today):
            continue
        if deadline.due_on > horizon and kind not in ALWAYS_SHOWN:
            continue
        own, escalated = LISTS[kind]
        responsible = email.lower() in (address.lower() for address in deadline.responsible)
        key, order, heading = own if responsible or escalated is None else escalated
        lists.setdefault(key, WorkList(key, order, heading)).items.append(_item(deadline, today))
    return sorted(lists.values(), key=lambda work_list: work_list.order)
