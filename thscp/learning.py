"""Learning from reviews, shown in training's learning library.

reviews and training never import each other; the composition root joins them. Training
asks for library items (training/library.py); this module answers from reviews' own
selectors, asking reviews' own rules, so the library never shows a briefing its own
page would refuse (drafts stay the business unit's) and never names the case a piece of
learning came from.
"""

from django.urls import reverse


def reviews_learning(user) -> list:
    from reviews import selectors
    from training.library import LibraryItem

    if not user.has_perm("reviews.view_learning"):
        return []
    items = [
        LibraryItem(
            title=briefing.title,
            kind="7-minute briefing",
            summary=briefing.summary,
            topic="Learning from reviews",
            audience="Everyone in the partnership",
            url=reverse("reviews:learning"),
            published_on=briefing.published_on,
            source="Learning from reviews",
        )
        for briefing in selectors.published_briefings()[:50]
    ]
    items += [
        LibraryItem(
            title=webinar.title,
            kind=f"Webinar ({webinar.attendees} attended)" if webinar.attendees else "Webinar",
            summary="",
            topic="Learning from reviews",
            audience="Everyone in the partnership",
            url=webinar.recording_link or reverse("reviews:learning"),
            published_on=webinar.held_on,
            source="Learning from reviews",
        )
        for webinar in selectors.webinars()[:50]
    ]
    return items


def reviews_webinars(start, end) -> list:
    """The webinars after reviews held between two dates: one record, in reviews."""
    from reviews.models import Webinar
    from training.library import WebinarRecord

    return [
        WebinarRecord(title=title, held_on=held_on, attendees=attendees)
        for title, held_on, attendees in Webinar.objects.filter(held_on__range=(start, end))
        .order_by("held_on", "pk")
        .values_list("title", "held_on", "attendees")
    ]


def register() -> None:
    from training.library import register_library_source, register_webinar_source

    register_library_source(reviews_learning)
    register_webinar_source(reviews_webinars)
