"""Training's part of "My work" (the contract: governance/work.py): what the reminders
would say to this person today, from the same deadlines and the same whose-it-is rule."""

from datetime import date, timedelta

from governance.work import MY_WORK_HORIZON_DAYS, WorkItem, WorkList, due_status, is_waiting_for

from .deadlines import deadlines


def my_work(*, user, today: date) -> list[WorkList]:
    work = WorkList("training", 40, "Training and learning")
    if not user.has_perm("training.access_area"):
        return [work]
    horizon = today + timedelta(days=MY_WORK_HORIZON_DAYS)
    for deadline in sorted(deadlines(today, for_user=user), key=lambda d: (d.due_on, d.title)):
        if deadline.due_on > horizon or not is_waiting_for(deadline, user.email, today):
            continue
        status = due_status(deadline.due_on, today, prefix=deadline.status_prefix)
        work.items.append(
            WorkItem(
                title=deadline.title,
                url=deadline.url,
                due_on=deadline.due_on,
                tag=status.tag,
                tag_class=status.tag_class,
                detail=deadline.detail,
            )
        )
    return [work]
