"""Learning from reviews, joined up across reviews and training.

reviews and training never import each other; the composition root joins them:

- Training's learning library lists reviews' published 7-minute briefings (a library
  source, training/library.py), answered from reviews' own selectors and rules, so the
  library never shows a briefing its own page would refuse (drafts stay the business
  unit's) and never names the case a piece of learning came from.
- A webinar after a review is recorded once, in training: a session of the kind
  "webinar", with its bookings and attendance, linked to the review it came from by
  governance's generic link (governance/learning_from.py; reviews registers its rapid
  and local reviews as sources). Reviews' pages show those webinars through the
  provider below (reviews/webinars.py), and reviews' "Record a webinar" goes to
  training's form with the review chosen, for those who may do both.
"""

from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from governance import learning_from


def reviews_learning(user) -> list:
    from reviews import selectors
    from training.library import LibraryItem

    if not user.has_perm("reviews.view_learning"):
        return []
    return [
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


# Webinars after reviews: those linked to one of reviews' records. Matched on the content
# type's own columns (a join), not on ids from Django's content-type cache, so the pages'
# query counts never depend on what the cache already holds.
REVIEW_MODELS = ("rapidreview", "localreview")


def _after_reviews() -> Q:
    return Q(learned_from_type__app_label="reviews", learned_from_type__model__in=REVIEW_MODELS)


class _Summaries:
    """A queryset of sessions seen as WebinarSummary rows: counted and sliced lazily, so
    reviews' page can page through it (Django's Paginator) in a constant number of queries."""

    def __init__(self, sessions, *, may_change: bool):
        self.sessions = sessions
        self.may_change = may_change

    def count(self) -> int:
        return self.sessions.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_summary(session, may_change=self.may_change) for session in self.sessions[index]]
        return _summary(self.sessions[index], may_change=self.may_change)


def _summary(session, *, may_change: bool = False):
    from reviews.webinars import WebinarSummary

    if not session.has_happened:
        attendees = None
    elif session.head_count is None and not session.attended_count:
        attendees = None  # not yet recorded
    else:
        attendees = (session.head_count or 0) + session.attended_count
    content_type = session.learned_from_type
    return WebinarSummary(
        title=session.name,
        held_on=session.day,
        attendees=attendees,
        recording_link=session.recording_link,
        url=session.get_absolute_url(),
        change_url=reverse("training:session_edit", args=[session.pk]) if may_change else "",
        review=(f"{content_type.app_label}.{content_type.model}", session.learned_from_id)
        if content_type
        else None,
    )


class TrainingWebinars:
    """reviews/webinars.py's provider: the webinars after reviews are training's sessions."""

    @staticmethod
    def _sessions():
        from training import selectors
        from training.models import Session

        return (
            selectors.sessions()
            .filter(_after_reviews(), kind=Session.Kind.WEBINAR)
            .exclude(status=Session.Status.CANCELLED)
            .select_related("learned_from_type")
        )

    def of_reviews(self, reviews) -> list:
        match = Q(pk__in=[])
        for review in reviews:
            match |= Q(learned_from_type__model=review._meta.model_name, learned_from_id=review.pk)
        return [_summary(session) for session in self._sessions().filter(match).order_by("starts_at", "pk")]

    def listing(self, user):
        return _Summaries(
            self._sessions().order_by("-starts_at", "-pk"), may_change=user.has_perm("training.manage")
        )

    def between(self, start: date, end: date) -> list:
        sessions = self._sessions().filter(starts_at__date__gte=start, starts_at__date__lte=end)
        return [_summary(session) for session in sessions.order_by("starts_at", "pk")]

    def record_url(self, user, review) -> str | None:
        if not user.has_perm("training.manage") or not learning_from.may_see(user, review):
            return None
        query = urlencode({"kind": "webinar", "learning_from": learning_from.key_for(review)})
        return f"{reverse('training:session_create')}?{query}"


def register() -> None:
    from reviews.webinars import register_webinar_provider
    from training.library import register_library_source

    register_library_source(reviews_learning)
    register_webinar_provider(TrainingWebinars())


# The demo: three webinars after rapid reviews (88 to 130 attendees each), recorded once,
# in training, with the review each came from, held two weeks after the review went to the
# Panel. Loaded after reviews' and training's demos; adds nothing the second time.
DEMO_WEBINARS = [
    ("Learning webinar: neglect in the early years", 104),
    ("Learning webinar: safe sleep and infant safety", 130),
    ("Learning webinar: exploitation and transitions", 88),
]
WEEKS_AFTER_THE_REVIEW = 2


def load_learning_demo(*, today: date | None = None) -> None:
    from governance.models import User
    from reviews.models import RapidReview
    from training import services
    from training.models import Session

    today = today or timezone.localdate()
    by = User.objects.filter(email="business.unit@example.org").first()
    latest = today - timedelta(weeks=WEEKS_AFTER_THE_REVIEW, days=1)
    reviews = list(
        RapidReview.objects.filter(sent_to_panel_on__lte=latest)
        .exclude(incident__stage="withdrawn")
        .order_by("sent_to_panel_on", "pk")
    )
    for (title, attendees), review in zip(DEMO_WEBINARS, reviews, strict=False):
        if Session.objects.filter(title=title).exists():
            continue
        day = review.sent_to_panel_on + timedelta(weeks=WEEKS_AFTER_THE_REVIEW)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        starts_at = timezone.make_aware(datetime.combine(day, time(12, 30)))
        services.save_session(
            by=by,
            kind=Session.Kind.WEBINAR,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=30),
            joining_link="https://meet.example.org/thscp-learning",
            trainer="Amira Hussain",
            head_count=attendees,
            recording_link="https://example.org/recordings/learning-webinar",
            learned_from=review,
        )
