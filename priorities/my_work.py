"""The priorities' part of "My work" (the contract: governance/work.py).

- Executive members (and the business unit) see every ask of the Executive not yet
  answered.
- A priority's leads and sponsor see their areas' open asks, their overdue
  deliverables and a missing period update.
- Everyone sees the deliverables they own that are overdue or due within the horizon.
"""

from datetime import date, timedelta

from django.db.models import Q

from governance.work import WorkItem, WorkList

from . import selectors
from .deadlines import missing_updates
from .models import Deliverable

OVERDUE = "govuk-tag--red"
HORIZON_DAYS = 30


def my_work(*, user, today: date) -> list[WorkList]:
    asks = WorkList("priority_asks", 25, "Asks of the Executive from the priorities")
    deliverables = WorkList("priority_deliverables", 26, "Priority deliverables")
    updates = WorkList("priority_updates", 27, "Priority updates due")
    if not user.has_perm("priorities.access_area"):
        return [asks, deliverables, updates]
    person = getattr(user, "person", None)
    led = list(
        selectors.areas_led_by(person)
        .select_related("cycle", "sponsor__user")
        .prefetch_related("leads__user")
    )
    led_ids = {area.pk for area in led}
    sees_every_ask = user.has_perm("priorities.respond_to_ask")

    if sees_every_ask or led_ids:
        open_asks = selectors.open_asks()
        if not sees_every_ask:
            open_asks = open_asks.filter(area_id__in=led_ids)
        for update in open_asks:
            asks.items.append(
                WorkItem(
                    title=f"{update.area.title}, {update.period_label}: {update.ask}",
                    url=update.get_absolute_url(),
                    tag="Awaiting the Executive",
                    tag_class="govuk-tag--yellow",
                )
            )

    scope = Q(objective__area_id__in=led_ids, forecast_on__lt=today)
    if person is not None:
        scope |= Q(owner=person, forecast_on__lte=today + timedelta(days=HORIZON_DAYS))
    for deliverable in (
        Deliverable.objects.exclude(status=Deliverable.Status.DONE)
        .filter(scope)
        .select_related("objective__area")
        .order_by("forecast_on", "pk")
    ):
        late = deliverable.forecast_on < today
        deliverables.items.append(
            WorkItem(
                title=f"{deliverable.objective.area.title}: {deliverable.title}",
                url=deliverable.get_absolute_url(),
                due_on=deliverable.forecast_on,
                due_label="forecast",
                tag="Overdue" if late else "",
                tag_class=OVERDUE if late else "",
                detail=f"Due {deliverable.due_on:%-d %B %Y}" if deliverable.is_slipped else "",
            )
        )

    if led:
        for deadline in missing_updates(today, areas=led):
            late = deadline.due_on < today
            updates.items.append(
                WorkItem(
                    title=deadline.title,
                    url=deadline.url,
                    due_on=deadline.due_on,
                    tag="Missing" if late else "",
                    tag_class=OVERDUE if late else "",
                )
            )
    return [asks, deliverables, updates]
