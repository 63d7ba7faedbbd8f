"""The yearly report's part of My work (the contract: governance/work.py): publishing
it on time and sending it to the Panel and Foundations, for the business unit.

Built from the same deadlines as the reminders (deadlines.py), with the same rule for
whose they are and the same status words."""

from datetime import date, timedelta

from governance.work import MY_WORK_HORIZON_DAYS, WorkItem, WorkList, due_status, is_waiting_for

from .deadlines import deadlines

LISTS = {
    "yearly-report-publication": ("report_publication", 8, "The yearly report to publish"),
    "yearly-report-sending": ("report_sending", 7, "Yearly reports to send to the Panel and Foundations"),
}
# Sending waits for someone whatever the date; publication shows once it falls due soon.
ALWAYS_SHOWN = {"yearly-report-sending"}


def my_work(*, user, today: date) -> list[WorkList]:
    email = getattr(user, "email", "")
    if not email:
        return []
    lists: dict[str, WorkList] = {}
    horizon = today + timedelta(days=MY_WORK_HORIZON_DAYS)
    for deadline in sorted(deadlines(today), key=lambda d: (d.due_on, d.title)):
        kind = deadline.key.split(":")[1]
        if kind not in LISTS or not is_waiting_for(deadline, email, today):
            continue
        if deadline.due_on > horizon and kind not in ALWAYS_SHOWN:
            continue
        key, order, heading = LISTS[kind]
        status = due_status(deadline.due_on, today, prefix=deadline.status_prefix)
        lists.setdefault(key, WorkList(key, order, heading)).items.append(
            WorkItem(
                title=deadline.title,
                url=deadline.url,
                due_on=deadline.due_on,
                tag=status.tag,
                tag_class=status.tag_class,
                detail=deadline.detail,
            )
        )
    return sorted(lists.values(), key=lambda work_list: work_list.order)
