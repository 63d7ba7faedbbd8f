"""Learning from a record of another area: the one generic link from a piece of learning
(a webinar, an event) to the record it came from (a rapid review, a local review).

Areas never import each other. The area that keeps the learning stores the link as a
content type and an id (the abstract model ``LearningFrom``); the area that keeps the
source records registers them once, saying who may see them and how they are named:

    register_learning_source(
        "rapid_review",                      # the ?learning_from=rapid_review:12 key
        "reviews.rapidreview",               # the model
        view_permission="reviews.view_rapidreview",
        records=lambda: RapidReview.objects.select_related("incident"),
        offered=lambda reviews: reviews.exclude(incident__stage="withdrawn"),
        label=lambda review: f"{review.incident.reference}: rapid review",
        url=lambda review: review.incident.get_absolute_url(),
        public_label="Learning from reviews",
    )

Which record a piece of learning came from may itself be confidential (a case is
need-to-know; the webinar after it is for everyone), so the link is shown, offered and
recorded only for those who may see the source (``may_see``, ``choices``), and each
area's field rule hides it from everyone else on every view of the record.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .filters import parse_whole_number


class LearningFrom(models.Model):
    """The link, for a model that keeps learning: which record it came from, if any."""

    learned_from_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="learning from (kind of record)",
    )
    learned_from_id = models.PositiveBigIntegerField("learning from (record)", null=True, blank=True)
    learned_from = GenericForeignKey("learned_from_type", "learned_from_id")

    class Meta:
        abstract = True

    @property
    def is_learning_from_elsewhere(self) -> bool:
        return self.learned_from_type_id is not None


@dataclass(frozen=True)
class LearningSource:
    key: str
    model_label: str
    view_permission: str
    # The records, with what `label` and `url` read joined in; `offered` narrows them to
    # those a new link may be made to (a withdrawn case keeps its links, gets no new ones).
    records: Callable
    label: Callable
    url: Callable
    # How the source is named where the record itself may not be: "Learning from reviews".
    public_label: str
    offered: Callable | None = None

    def offered_records(self):
        return self.offered(self.records()) if self.offered else self.records()

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def key_for(self, record) -> str:
        return f"{self.key}:{record.pk}"


_sources: dict[str, LearningSource] = {}


def register_learning_source(
    key: str,
    model_label: str,
    *,
    view_permission: str,
    records: Callable,
    label: Callable,
    url: Callable,
    public_label: str,
    offered: Callable | None = None,
) -> LearningSource:
    if key in _sources:
        raise ValueError(f"A learning source called {key!r} is already registered.")
    source = LearningSource(
        key, model_label.lower(), view_permission, records, label, url, public_label, offered
    )
    _sources[key] = source
    return source


def learning_sources() -> list[LearningSource]:
    return list(_sources.values())


def source_for(content_type) -> LearningSource | None:
    """The source a content type names (read from the row itself: no query, so callers
    select_related it and a page's query count never depends on Django's cache)."""
    if content_type is None:
        return None
    label = f"{content_type.app_label}.{content_type.model}"
    return next((source for source in _sources.values() if source.model_label == label), None)


def may_see_sources(user) -> bool:
    """Whether this person may see every kind of source: only then is the link shown,
    offered or kept in History for them."""
    return bool(_sources) and all(user.has_perm(source.view_permission) for source in _sources.values())


def record_for_key(key: str, *, user):
    """The source record a key such as "rapid_review:12" names, if this person may see it;
    otherwise None (an unknown, tampered or forbidden key is as if none were given)."""
    kind, _, pk = (key or "").partition(":")
    source = _sources.get(kind)
    pk = parse_whole_number(pk)
    if source is None or pk is None or not user.has_perm(source.view_permission):
        return None
    return source.offered_records().filter(pk=pk).first()


def key_for(record) -> str:
    if record is None:
        return ""
    label = record._meta.label_lower
    source = next((s for s in _sources.values() if s.model_label == label), None)
    return source.key_for(record) if source else ""


def choices(*, user, keep=None) -> list[tuple[str, str]]:
    """(key, label) of every source record this person may choose, the record already
    linked (`keep`) included even if it would no longer be offered."""
    found = []
    for source in _sources.values():
        if not user.has_perm(source.view_permission):
            continue
        found.extend((source.key_for(record), source.label(record)) for record in source.offered_records())
    if keep is not None and key_for(keep) not in {key for key, _ in found}:
        found.insert(0, (key_for(keep), describe(keep)["label"]))
    return found


def is_source(record) -> bool:
    return bool(key_for(record))


def describe(record) -> dict:
    """The source record's name and page, for those who may see it (callers ask may_see)."""
    source = next(s for s in _sources.values() if s.model_label == record._meta.label_lower)
    return {"label": source.label(record), "url": source.url(record), "public_label": source.public_label}


def linked_record(learning: LearningFrom):
    """The record a piece of learning came from, read through its source's queryset (so
    its label and page need no further query); None if there is none. Select
    learned_from_type with the learning to save a query."""
    source = source_for(learning.learned_from_type) if learning.learned_from_type_id else None
    if source is None or learning.learned_from_id is None:
        return None
    return source.records().filter(pk=learning.learned_from_id).first()


def may_see(user, record) -> bool:
    source = next((s for s in _sources.values() if s.model_label == record._meta.label_lower), None)
    return source is not None and user.has_perm(source.view_permission, record)
