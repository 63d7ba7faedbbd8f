"""What waits for a person: the one contract every area implements for the home page's
"My work".

An area that has work for people has a module `my_work.py` with

    def my_work(*, user, today: date) -> list[WorkList]

and thscp (thscp/home.py) shows every area's lists in their `order`. A list holds only
what the person may see: an area asks its own rules before it adds an item.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    # What the date means: "due", "review by", "meets on".
    due_on: date | None = None
    due_label: str = "due"
    # A status shown as a GOV.UK tag beside the title, with its colour class.
    tag: str = ""
    tag_class: str = ""
    detail: str = ""


@dataclass
class WorkList:
    key: str
    order: int
    heading: str
    items: list[WorkItem] = field(default_factory=list)
