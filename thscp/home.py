"""The home page's "My work": what waits for the signed-in person, from every area's
my_work.py (thscp/areas.py; the contract is governance/work.py)."""

from dataclasses import dataclass
from datetime import date

from governance.work import WorkItem, WorkList

from .areas import collect, modules_providing

# Every area's, and the yearly report's own (publishing it and sending it on).
MY_WORK_SOURCES = [*modules_providing("my_work"), "thscp.reports.my_work"]


@dataclass
class MyWork:
    lists: list[WorkList]

    @property
    def is_empty(self) -> bool:
        return not any(work_list.items for work_list in self.lists)


def my_work(*, user, today: date) -> MyWork:
    lists = collect(MY_WORK_SOURCES, "my_work", user=user, today=today) + _retention(user)
    return MyWork(lists=sorted((w for w in lists if w.items), key=lambda w: w.order))


def _retention(user) -> list[WorkList]:
    """The business unit's prompt to review what the daily retention job listed."""
    from django.urls import reverse

    from .operations.models import RetentionDue

    if not user.has_perm("thscp.review_retention"):
        return []
    listed = RetentionDue.objects.count()
    if not listed:
        return []
    item = WorkItem(
        title="1 record past its retention period"
        if listed == 1
        else f"{listed} records past their retention period",
        url=reverse("retention"),
        tag="Review",
        tag_class="govuk-tag--yellow",
    )
    return [WorkList(key="retention", order=900, heading="Retention", items=[item])]
