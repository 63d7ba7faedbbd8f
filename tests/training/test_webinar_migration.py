"""The webinars reviews kept become training's sessions, once each, with their attendance,
the review they came from and their History (thscp/migrations/0004)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from governance import roles
from tests.migrations import latest, migrate_to
from tests.reviews.factories import LocalReviewFactory, RapidReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("reviews", "0007_spotlight_presented_on"),
    ("training", "0001_offer_bookings_evaluation_bulletins_needs"),
    ("thscp", "0003_reminder_item_status"),
]


def test_each_webinar_becomes_one_session_with_its_attendance_review_and_history(make_user):
    user = make_user(roles.BUSINESS_UNIT)
    rapid = RapidReviewFactory()
    local = LocalReviewFactory()
    old = migrate_to(BEFORE)
    Webinar = old.get_model("reviews", "Webinar")
    History = old.get_model("reviews", "HistoricalWebinar")
    created = timezone.now() - timedelta(days=30)
    first = Webinar.objects.create(
        title="Learning webinar: neglect", held_on=date(2025, 6, 3), attendees=104, rapid_review_id=rapid.pk
    )
    Webinar.objects.create(
        title="Learning webinar: transitions", held_on=date(2025, 11, 20), attendees=88,
        rapid_review_id=local.rapid_review_id, local_review_id=local.pk,
    )  # fmt: skip
    common = {"title": first.title, "held_on": first.held_on, "recording_link": "", "created_at": created}
    History.objects.create(
        id=first.pk, **common, attendees=130, rapid_review_id=rapid.pk,
        history_date=created, history_type="+", history_user_id=user.pk,
    )  # fmt: skip
    History.objects.create(
        id=first.pk, **common, attendees=104, rapid_review_id=rapid.pk,
        history_date=created + timedelta(days=1), history_type="~", history_user_id=user.pk,
        history_change_reason="The platform's export counted 104 people, not 130.",
    )  # fmt: skip

    new = migrate_to(latest())

    Session = new.get_model("training", "Session")
    assert Session.objects.count() == 2
    neglect = Session.objects.get(title="Learning webinar: neglect")
    assert (neglect.kind, neglect.head_count, neglect.course_id) == ("webinar", 104, None)
    assert neglect.starts_at == datetime(2025, 6, 3, 12, 30, tzinfo=ZoneInfo("Europe/London"))
    assert neglect.ends_at - neglect.starts_at == timedelta(minutes=30)
    assert (neglect.learned_from_type.model, neglect.learned_from_id) == ("rapidreview", rapid.pk)
    transitions = Session.objects.get(title="Learning webinar: transitions")
    assert (transitions.learned_from_type.model, transitions.learned_from_id) == ("localreview", local.pk)
    versions = list(
        new.get_model("training", "HistoricalSession")
        .objects.filter(id=neglect.pk)
        .order_by("history_date")
        .values_list("history_type", "head_count", "history_user_id", "history_change_reason")
    )
    assert versions[:2] == [
        ("+", 130, user.pk, None),
        ("~", 104, user.pk, "The platform's export counted 104 people, not 130."),
    ]
    assert versions[2][0] == "~" and versions[2][3].startswith("Recorded once, in training")
    assert "Webinar" not in {model.__name__ for model in new.get_app_config("reviews").get_models()}
