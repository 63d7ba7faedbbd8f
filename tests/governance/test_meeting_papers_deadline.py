"""Meetings with papers missing are found by a range on their start in Europe/London,
so the index on starts_at serves the reminders and My work."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.deadlines import MEETING_PAPERS_HORIZON_DAYS, deadlines
from governance.models import AgendaItem
from governance.selectors import my_meetings_missing_papers
from tests.governance.factories import MeetingFactory, PartnershipGroupFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _london(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _without_paper(meeting):
    AgendaItem.objects.create(meeting=meeting, title="Neglect strategy", position=1)
    return meeting


def test_a_meeting_just_after_midnight_in_summer_on_the_horizons_last_day_counts(make_user):
    # 00:30 on the last day in London is 23:30 the day before in UTC.
    today = date(2026, 6, 1)
    last_day = today + timedelta(days=MEETING_PAPERS_HORIZON_DAYS)
    chair = PersonFactory(user=make_user())
    group = PartnershipGroupFactory(chair=chair)
    inside = _without_paper(MeetingFactory(group=group, starts_at=_london(last_day, 0, 30)))
    beyond = _without_paper(
        MeetingFactory(group=group, starts_at=_london(last_day + timedelta(days=1), 0, 30))
    )

    keys = {deadline.key for deadline in deadlines(today)}
    chaired = set(my_meetings_missing_papers(user=chair.user, today=today))

    assert f"governance:meeting-papers:{inside.pk}" in keys
    assert f"governance:meeting-papers:{beyond.pk}" not in keys
    assert chaired == {inside}


def test_meetings_with_papers_missing_are_found_by_a_range_on_their_start(make_user):
    chair = PersonFactory(user=make_user())
    with CaptureQueriesContext(connection) as captured:
        deadlines(timezone.localdate())
        list(my_meetings_missing_papers(user=chair.user, today=timezone.localdate()))
    meeting_queries = [q["sql"] for q in captured if 'FROM "governance_meeting"' in q["sql"]]

    assert len(meeting_queries) >= 2
    for sql in meeting_queries:
        assert '"governance_meeting"."starts_at" >=' in sql
        assert '"governance_meeting"."starts_at" <' in sql
        assert "AT TIME ZONE" not in sql and "cast_date" not in sql
