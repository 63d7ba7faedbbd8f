"""What is due in the priority projects, as plain records for reminders (the contract:
governance/deadlines.py). Nothing here sends email.

- A deliverable not done is due on its forecast date, which is its due date until it
  moves (its owner; the area's leads hear when it is overdue).
- A slipped deliverable, forecast past its due date, is due on that forecast, to its
  owner and the area's leads (its sponsor hears when it is overdue).
- Each area of a running cycle owes one update a month, due by the month's last day
  (the leads; the sponsor hears when it is missing): this month's, and last month's if
  it never came.

A constant number of queries, however many records there are.
"""

from datetime import date, timedelta

from django.urls import reverse

from governance.deadlines import Deadline

from .models import Deliverable, PriorityArea, ProgressUpdate, month_label, month_start


def _emails(*people) -> tuple[str, ...]:
    return tuple(
        sorted(
            {
                person.user.email
                for person in people
                if person is not None and person.user_id and person.user.is_active
            }
        )
    )


def month_end(month: date) -> date:
    following = date(month.year + (month.month == 12), 1 if month.month == 12 else month.month + 1, 1)
    return following - timedelta(days=1)


def previous_month(month: date) -> date:
    return month_start(month - timedelta(days=1))


def _areas():
    return PriorityArea.objects.select_related("cycle", "sponsor__user").prefetch_related("leads__user")


def deadlines(today: date) -> list[Deadline]:
    found: list[Deadline] = []
    areas = {area.pk: area for area in _areas()}
    open_deliverables = (
        Deliverable.objects.exclude(status=Deliverable.Status.DONE)
        .select_related("owner__user", "objective")
        .order_by("pk")
    )
    for deliverable in open_deliverables:
        area = areas[deliverable.objective.area_id]
        leads = _emails(*area.leads.all())
        url = reverse("priorities:deliverable_detail", args=[deliverable.pk])
        # One deadline a deliverable, at its forecast: the date now committed to. A move
        # of the forecast (with its reason) is a new deadline, reminded afresh.
        if deliverable.forecast_on > deliverable.due_on:
            found.append(
                Deadline(
                    key=f"priorities:forecast:{deliverable.pk}:{deliverable.forecast_on.isoformat()}",
                    # Dated by its forecast (the email and My work say "Forecast due soon"
                    # or "Forecast overdue" beside it); the date it was due is the detail.
                    title=f"{area.title}: slipped deliverable: {deliverable.title}",
                    due_on=deliverable.forecast_on,
                    responsible=tuple(sorted({*_emails(deliverable.owner), *leads})),
                    url=url,
                    statutory=False,
                    escalate_to=_emails(area.sponsor),
                    status_prefix="Forecast",
                    detail=f"first due {deliverable.due_on:%-d %B %Y}",
                )
            )
        else:
            found.append(
                Deadline(
                    key=f"priorities:deliverable:{deliverable.pk}:{deliverable.forecast_on.isoformat()}",
                    title=f"{area.title}: deliverable due: {deliverable.title}",
                    due_on=deliverable.forecast_on,
                    responsible=_emails(deliverable.owner) or leads,
                    url=url,
                    statutory=False,
                    escalate_to=leads,
                )
            )
    found.extend(missing_updates(today, areas=list(areas.values())))
    return found


def months_owed(area: PriorityArea, today: date) -> list[date]:
    """This month and last month, where the area's cycle ran in them."""
    this_month = month_start(today)
    return [
        month
        for month in (previous_month(this_month), this_month)
        if area.cycle.starts_on <= month_end(month) and month <= area.cycle.ends_on
    ]


def missing_updates(today: date, *, areas=None) -> list[Deadline]:
    areas = list(_areas()) if areas is None else areas
    this_month = month_start(today)
    posted = set(
        ProgressUpdate.objects.filter(
            period__gte=previous_month(this_month), period__lte=this_month
        ).values_list("area_id", "period")
    )
    found = []
    for area in areas:
        for month in months_owed(area, today):
            if (area.pk, month) in posted:
                continue
            found.append(
                Deadline(
                    key=f"priorities:update:{area.pk}:{month:%Y-%m}",
                    title=f"{area.title}: the update for {month_label(month)}",
                    due_on=month_end(month),
                    responsible=_emails(*area.leads.all()),
                    url=reverse("priorities:update_create", args=[area.pk]),
                    statutory=False,
                    escalate_to=_emails(area.sponsor),
                    status_prefix="Update",
                )
            )
    return found
