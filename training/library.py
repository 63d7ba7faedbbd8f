"""Learning from elsewhere in the product, shown in the learning library.

Training never imports another area. The composition root (thscp/learning.py)
registers a source for each area with learning to show (reviews: 7-minute briefings
and the webinars after rapid reviews), so the library lists it beside training's own
resources without knowing where it is kept.

A source is a function `(user) -> list[LibraryItem]` returning only what the user may
see, in a constant number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LibraryItem:
    title: str
    kind: str  # "7-minute briefing", "Webinar recording"
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


# Webinars after rapid reviews are recorded once, where the review is (reviews); the
# training report and library read them through this hook, which thscp/learning.py
# fills. A source is a function `(start: date, end: date) -> list[WebinarRecord]`:
# counts and anonymised titles only, for the public report.


@dataclass(frozen=True)
class WebinarRecord:
    title: str
    held_on: date
    attendees: int | None


_webinar_sources: list[Callable] = []


def register_webinar_source(source: Callable) -> None:
    if source not in _webinar_sources:
        _webinar_sources.append(source)


def webinars_between(start: date, end: date) -> list[WebinarRecord]:
    found: list[WebinarRecord] = []
    for source in _webinar_sources:
        found.extend(source(start, end))
    return sorted(found, key=lambda webinar: (webinar.held_on, webinar.title))
