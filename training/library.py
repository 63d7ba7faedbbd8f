"""Learning from elsewhere in the product, shown in the learning library.

Training never imports another area. The composition root (thscp/learning.py)
registers a source for each area with learning to show (reviews: its 7-minute
briefings), so the library lists it beside training's own resources without knowing
where it is kept. Webinars after reviews are training's own sessions (linked to the
review by governance/learning_from.py), so the library lists them itself.

A source is a function `(user) -> list[LibraryItem]` returning only what the user may
see, in a constant number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LibraryItem:
    title: str
    kind: str  # "7-minute briefing"
    summary: str
    topic: str
    audience: str
    url: str
    published_on: date | None
    source: str  # "Learning from reviews"


_sources: list[Callable] = []


def register_library_source(source: Callable) -> None:
    if source not in _sources:
        _sources.append(source)


def items_from_elsewhere(user) -> list[LibraryItem]:
    found: list[LibraryItem] = []
    for source in _sources:
        found.extend(source(user))
    return sorted(found, key=lambda item: item.published_on or date.min, reverse=True)
