"""The dataset's part of "My work" (the contract: governance/work.py).

- An agency data lead sees their agency's returns still to come in (from deadlines(),
  the source of the reminder emails, so the two agree).
- The business unit sees every return still to come in, and every submitted return
  waiting for it to accept or return.
"""

from datetime import date

from governance.roles import AGENCY_DATA_LEAD, BUSINESS_UNIT
from governance.work import WorkItem, WorkList, due_status, is_waiting_for

from .deadlines import deadlines
from .models import QuarterlyReturn


def my_work(*, user, today: date) -> list[WorkList]:
    due = WorkList("dataset_returns", 30, "Dataset returns due")
    to_review = WorkList("dataset_review", 31, "Dataset returns to check")
    if not user.has_perm("dataset.access_area"):
        return [due, to_review]
    everyone = user.has_role(BUSINESS_UNIT)
    # A return is its agency's data leads' (the business unit's where it has none, and
    # the business unit's too once overdue): nobody else's, so not read for them.
    may_be_waiting = everyone or user.has_role(AGENCY_DATA_LEAD)
    for deadline in sorted(deadlines(today) if may_be_waiting else [], key=lambda d: (d.due_on, d.key)):
        if not (everyone or is_waiting_for(deadline, user.email, today)):
            continue
        status = due_status(deadline.due_on, today, prefix=deadline.status_prefix)
        due.items.append(
            WorkItem(
                title=deadline.title,
                url=deadline.url,
                due_on=deadline.due_on,
                tag=status.tag,
                tag_class=status.tag_class,
                detail=deadline.detail,
            )
        )
    if user.has_perm("dataset.review_return"):
        submitted = QuarterlyReturn.objects.filter(status=QuarterlyReturn.Status.SUBMITTED).select_related(
            "agency"
        )
        for found in submitted.order_by("year", "quarter", "agency__name"):
            to_review.items.append(
                WorkItem(
                    title=f"{found.agency.name}: the {found.period.label} dataset return",
                    url=found.get_absolute_url(),
                    tag="Submitted",
                    tag_class="govuk-tag--blue",
                    detail=f"Submitted {found.submitted_at:%-d %B %Y}" if found.submitted_at else "",
                )
            )
    return [due, to_review]
