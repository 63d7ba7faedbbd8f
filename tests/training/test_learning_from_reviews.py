"""Webinars after rapid reviews are recorded once, in reviews; training's library and
yearly-report section show them through the composition root (thscp/learning.py),
without training importing reviews."""

from datetime import date

import pytest
from django.urls import reverse

from governance import roles
from governance.periods import FinancialYear
from tests.reviews.factories import SevenMinuteBriefingFactory, WebinarFactory
from training import report

pytestmark = pytest.mark.django_db


def test_a_webinar_recorded_in_reviews_is_in_the_training_report_with_its_attendance():
    WebinarFactory(title="Learning webinar: safe sleep", held_on=date(2025, 6, 3), attendees=130)
    (section,) = report.report_sections(FinancialYear(2025))
    html = str(section.html)
    assert not section.is_empty
    assert "Learning webinar: safe sleep" in html and "130" in html


def test_the_library_shows_published_learning_from_reviews_only(client, make_user):
    WebinarFactory(title="Learning webinar: neglect")
    SevenMinuteBriefingFactory(title="Published briefing", published_on=date(2025, 1, 1))
    SevenMinuteBriefingFactory(title="Draft briefing", published_on=None)
    client.force_login(make_user(roles.YOUNG_SCRUTINEER))
    html = client.get(reverse("training:library")).content.decode()
    assert "Learning webinar: neglect" in html
    assert "Published briefing" in html
    assert "Draft briefing" not in html


def test_training_never_imports_reviews():
    import pathlib
    import re

    for path in pathlib.Path("training").rglob("*.py"):
        assert not re.search(r"^\s*(from|import) reviews\b", path.read_text(), re.MULTILINE), path
