"""The priorities' part of "My work" (the contract: governance/work.py).

Deliverables and period updates come from the same deadlines the reminder emails are
built from (priorities/deadlines.py), with the same rule for whose they are
(work.is_waiting_for) and the same status words (work.due_status), so the email and My
work agree item for item:

- an owner sees their deliverables due within the horizon; a priority's leads see its
  deliverables once overdue (escalated to them), its slipped deliverables and its
  missing period update;
- the asks of the Executive (which have no due date, so no reminder): every open ask for
  those who answer them (Executive members, the business unit), and their own areas'
  open asks for a priority's leads and sponsor.
"""

from datetime import date, timedelta

from governance.work import MY_WORK_HORIZON_DAYS, WorkItem, WorkList, due_status, is_waiting_for

from . import selectors
from .deadlines import deadlines

# Each kind of deadline (the second part of its key) and the list it goes in: for the
# person responsible, and for someone it is escalated to once overdue.
LISTS = {
    "deliverable": (
        ("priority_deliverables", 26, "Priority deliverables due"),
        ("priority_deliverables_late", 27, "Overdue deliverables in priorities I lead"),
    ),
    "forecast": (("priority_forecasts", 28, "Slipped priority deliverables, by their new forecast"), None),
    "update": (("priority_updates", 29, "Priority updates due"), None),
}


def _item(deadline, today: date) -> WorkItem:
    status = due_status(deadline.due_on, today, prefix=deadline.status_prefix)
    return WorkItem(
        title=deadline.title,
        url=deadline.url,
        due_on=deadline.due_on,
        # A slipped deliverable is dated by its forecast, not the date it was due.
        due_label="forecast" if deadline.status_prefix == "Forecast" else "due",
        tag=status.tag,
        tag_class=status.tag_class,
        detail=deadline.detail,
    )


def my_work(*, user, today: date) -> list[WorkList]:
    asks = WorkList("priority_asks", 25, "Asks of the Executive from the priorities")
    if not user.has_perm("priorities.access_area"):
        return [asks]
    lists: dict[str, WorkList] = {}
    email = getattr(user, "email", "")
    horizon = today + timedelta(days=MY_WORK_HORIZON_DAYS)
    for deadline in sorted(deadlines(today), key=lambda d: (d.due_on, d.title)):
        kind = deadline.key.split(":")[1]
        if kind not in LISTS or deadline.due_on > horizon or not is_waiting_for(deadline, email, today):
            continue
        own, escalated = LISTS[kind]
        responsible = email.lower() in (address.lower() for address in deadline.responsible)
        key, order, heading = own if responsible or escalated is None else escalated
        lists.setdefault(key, WorkList(key, order, heading)).items.append(_item(deadline, today))

    led_ids = set(selectors.areas_led_by(getattr(user, "person", None)).values_list("pk", flat=True))
    if user.has_perm("priorities.respond_to_ask") or led_ids:
        open_asks = selectors.open_asks()
        if not user.has_perm("priorities.respond_to_ask"):
            open_asks = open_asks.filter(area_id__in=led_ids)
        asks.items = [
            WorkItem(
                title=f"{update.area.title}, {update.period_label}: {update.ask}",
                url=update.get_absolute_url(),
                tag="Awaiting the Executive",
                tag_class="govuk-tag--yellow",
            )
            for update in open_asks
        ]
    return [asks, *sorted(lists.values(), key=lambda work_list: work_list.order)]
