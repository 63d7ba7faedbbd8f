"""Webinars after reviews are recorded once, in training (issue 15).

Each reviews.Webinar becomes a training Session of the kind "webinar" linked to the
review it came from (governance/learning_from.py): its title, date, number of attendees
(the session's number who attended without booking) and recording link. The time of day
was never recorded, so the session reads 12:30 to 13:00, London time (the 30-minute
lunchtime webinar), and can be corrected. A webinar linked to both reviews keeps the
local review, the more specific.

History: every version of the webinar becomes a version of the session, with its date,
who made it, its kind (created or changed) and the reason given for a correction, so
the session's History reads as the webinar's did; a last entry, by "System", says the
record moved. The history of a webinar deleted through the admin (no live record) has
no page to show it on and is not carried over; the service never deleted webinars.

It lives in thscp, the composition root, so that neither app's migrations depend on the
other: it runs after training has the link and before reviews removes the model.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
MOVED = (
    "Recorded once, in training: moved from the webinar record kept with the review. "
    "The time of day was not recorded there and reads 12:30 to 13:00."
)


def _times(held_on):
    starts_at = datetime.combine(held_on, time(12, 30), tzinfo=LONDON)
    return starts_at, starts_at + timedelta(minutes=30)


def move_webinars(apps, schema_editor):
    Webinar = apps.get_model("reviews", "Webinar")
    HistoricalWebinar = apps.get_model("reviews", "HistoricalWebinar")
    Session = apps.get_model("training", "Session")
    HistoricalSession = apps.get_model("training", "HistoricalSession")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Webinar.objects.exists():
        return
    rapid_review, _ = ContentType.objects.get_or_create(app_label="reviews", model="rapidreview")
    local_review, _ = ContentType.objects.get_or_create(app_label="reviews", model="localreview")

    def link(record) -> dict:
        if record.local_review_id:
            return {"learned_from_type_id": local_review.pk, "learned_from_id": record.local_review_id}
        if record.rapid_review_id:
            return {"learned_from_type_id": rapid_review.pk, "learned_from_id": record.rapid_review_id}
        return {"learned_from_type_id": None, "learned_from_id": None}

    def state(record) -> dict:
        starts_at, ends_at = _times(record.held_on)
        return {
            "kind": "webinar",
            "course_id": None,
            "title": record.title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": "",
            "joining_link": "",
            "trainer": "",
            "capacity": None,
            "head_count": record.attendees,
            "recording_link": record.recording_link,
            "status": "scheduled",
            "cancellation_reason": "",
            **link(record),
        }

    now = timezone.now()
    for webinar in Webinar.objects.order_by("pk"):
        session = Session.objects.create(**state(webinar))
        versions = HistoricalWebinar.objects.filter(id=webinar.pk).order_by("history_date", "history_id")
        HistoricalSession.objects.bulk_create(
            [
                HistoricalSession(
                    id=session.pk,
                    history_date=version.history_date,
                    history_type=version.history_type,
                    history_user_id=version.history_user_id,
                    history_change_reason=version.history_change_reason,
                    **state(version),
                )
                for version in versions
            ]
            + [
                HistoricalSession(
                    id=session.pk,
                    history_date=now,
                    history_type="~" if versions else "+",
                    history_user_id=None,
                    history_change_reason=MOVED,
                    **state(webinar),
                )
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("thscp", "0003_reminder_item_status"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("training", "0002_session_learned_from"),
        ("reviews", "0007_spotlight_presented_on"),
    ]
    run_before = [("reviews", "0008_webinars_recorded_in_training")]

    # Backwards, the sessions stay in training (nothing is lost) and reviews' table
    # comes back empty.
    operations = [migrations.RunPython(move_webinars, migrations.RunPython.noop)]
