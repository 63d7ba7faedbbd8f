"""What is due in the dataset, as plain records for reminders and My work
(the contract: governance/deadlines.py).

Each supplying agency's return is due a number of working days after its quarter ends
(models.return_working_days, 20 by default). Until it is submitted it is the agency's
data leads'; once overdue the business unit hears too. A return sent back for
correction is due again at once: the original due date still stands.
"""

from datetime import date

from django.urls import reverse

from governance import roles
from governance.deadlines import Deadline, business_unit_emails
from governance.models import User

from . import selectors
from .models import QuarterlyReturn

KEY_PREFIX = "dataset:return:"


def data_lead_emails() -> dict[int, tuple[str, ...]]:
    """Each agency's active data leads' addresses, by agency id: one query."""
    found: dict[int, set[str]] = {}
    leads = User.objects.filter(
        is_active=True, groups__name=roles.AGENCY_DATA_LEAD, person__isnull=False
    ).values_list("person__agency_id", "email")
    for agency_id, email in leads:
        found.setdefault(agency_id, set()).add(email)
    return {agency_id: tuple(sorted(emails)) for agency_id, emails in found.items()}


def _url(row) -> str:
    if row.quarterly_return is not None:
        return row.quarterly_return.get_absolute_url()
    return reverse(
        "dataset:return_for_period", args=[row.agency.pk, row.period.year.start_year, row.period.number]
    )


def deadlines(today: date) -> list[Deadline]:
    """Every return still to come in: the latest ended quarter's from each supplying
    agency, and any earlier return still open. A fixed number of queries."""
    period = selectors.collection_period(today)
    rows = selectors.returns_for_period(user=None, period=period, today=today)
    earlier = (
        QuarterlyReturn.objects.filter(status__in=QuarterlyReturn.OPEN_STATUSES)
        .exclude(year=period.year.start_year, quarter=period.number)
        .select_related("agency")
    )
    rows += [
        selectors.ReturnRow(
            agency=found.agency, period=found.period, quarterly_return=found, due_on=found.due_on
        )
        for found in earlier
        if found.period < period
    ]
    leads = data_lead_emails()
    business_unit = business_unit_emails()
    found = []
    for row in rows:
        if row.status not in QuarterlyReturn.OPEN_STATUSES:
            continue
        returned = row.status == QuarterlyReturn.Status.RETURNED
        found.append(
            Deadline(
                key=f"{KEY_PREFIX}{row.agency.pk}:{row.period.year.start_year}-q{row.period.number}",
                title=f"{row.agency.name}: the {row.period.label} dataset return"
                + (" (returned for correction)" if returned else ""),
                due_on=row.due_on,
                responsible=leads.get(row.agency.pk) or business_unit,
                url=_url(row),
                statutory=False,
                escalate_to=business_unit,
                status_prefix="Return",
                detail=row.status_label,
            )
        )
    return found
