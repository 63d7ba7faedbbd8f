"""The webinars after reviews, as reviews' pages show them.

A webinar is recorded once, in training (a session of the kind "webinar", with its date
and time, joining link, bookings and attendance), linked to the review it came from by
governance's generic link (governance/learning_from.py). Reviews never imports training:
the composition root registers a provider here (thscp/learning.py). Without one, reviews
shows no webinars and offers no link to record one.

A provider has four methods, each a constant number of queries:

    of_reviews(reviews) -> list[WebinarSummary]     # the webinars after these reviews
    listing(user) -> a sequence of WebinarSummary    # all of them, newest first; pageable
    between(start, end) -> list[WebinarSummary]      # held between two dates (the report)
    record_url(user, review) -> str | None           # where this person records one, if they may
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WebinarSummary:
    title: str
    held_on: date
    # Everyone who attended: those who joined without booking and those booked who came.
    attendees: int | None
    recording_link: str
    url: str  # the webinar's own page
    change_url: str = ""  # empty unless the person may change it
    # The review it came from, as (model label, pk): for the case's own page only.
    review: tuple[str, int] | None = None


_provider = None


def register_webinar_provider(provider) -> None:
    global _provider
    _provider = provider


def webinars_of(reviews) -> list[WebinarSummary]:
    reviews = [review for review in reviews if review is not None]
    return _provider.of_reviews(reviews) if _provider and reviews else []


def all_webinars(*, user) -> Sequence[WebinarSummary]:
    return _provider.listing(user) if _provider else []


def webinars_between(start: date, end: date) -> list[WebinarSummary]:
    return _provider.between(start, end) if _provider else []


def record_webinar_url(*, user, review) -> str | None:
    return _provider.record_url(user, review) if _provider and review is not None else None
