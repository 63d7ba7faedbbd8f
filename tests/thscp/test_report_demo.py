"""The demo's 2025-26 narrative agrees with the demo's records of 2025-26.

The demo is seeded as a deployment seeds it, and each statement is read where the
business unit reads it before sign-off: on the review page, beside the records of the
same period. A statement that speaks of something the records hold none of ("an
exercise at the start of the year" with no scrutiny recorded, "webinars after every
rapid review" with no webinar recorded), or that denies what they hold ("no learning
webinar followed" beside two), is a disagreement.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from governance.models import User
from tests.conftest import enrol_two_factor
from tests.thscp.report_helpers import html_errors
from thscp.reports.demo import DEMO_AUTHOR_EMAIL, DEMO_PERIOD

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module (it takes a minute) and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", force=True, stdout=io.StringIO())
        business_unit = User.objects.get(email=DEMO_AUTHOR_EMAIL)
        if business_unit.needs_two_factor:
            enrol_two_factor(business_unit)
        yield business_unit
        transaction.set_rollback(True)


@pytest.fixture
def demo_review(demo, client):
    client.force_login(demo)
    response = client.get(reverse("reports:review", args=[DEMO_PERIOD.start_year]))
    assert response.status_code == 200
    return response


def _row(response, key):
    return next(row for row in response.context["review_rows"] if row["key"] == key)


def _statement(row, words):
    return next(statement for statement in row["statements"] if words in statement.text)


def test_every_statement_of_the_demo_narrative_agrees_with_the_year_s_records(demo_review):
    disagreements = [
        f"{row['title']}: {statement.text!r} "
        f"(none recorded: {[fact.label for fact in statement.unsupported]}, "
        f"denied but recorded: {[fact.label for fact in statement.contradicted]})"
        for row in demo_review.context["review_rows"]
        for statement in row["statements"]
        if statement.disagrees
    ]
    assert disagreements == []
    assert demo_review.context["disagreements"] == 0
    page = demo_review.content.decode()
    assert "Records: none" not in page and "Records: some" not in page


def test_the_scrutineer_s_exercise_is_in_the_scrutiny_records_of_the_year(demo_review):
    statement = _statement(_row(demo_review, "scrutineer_statement"), "Six Steps")
    scrutiny = next(fact for fact in statement.facts if fact.key == "scrutiny")
    assert scrutiny.count >= 1
    assert "Six Steps for Independent Scrutiny review (May 2025)" in scrutiny.detail


def test_the_achievements_table_s_webinar_claim_has_a_webinar_for_each_of_the_year_s_rapid_reviews(
    demo_review,
):
    row = _row(demo_review, "achievements")
    statement = _statement(row, "A learning webinar followed each of the year's rapid reviews")
    by_key = {fact.key: fact for fact in statement.facts}
    assert by_key["rapid_reviews"].count >= 1
    assert by_key["webinars"].count >= by_key["rapid_reviews"].count


def test_the_challenges_deny_only_what_the_records_do_not_hold(demo_review):
    statement = _statement(_row(demo_review, "challenges"), "Learning from reviews")
    by_key = {fact.key: fact for fact in statement.facts}
    assert by_key["briefings"].count == 0  # "no 7-minute briefing was published in the year"
    assert by_key["webinars"].count >= 1  # "a learning webinar followed each"
    assert statement.contradicted == []


def test_the_demo_report_s_preview_is_valid_html(demo, client):
    client.force_login(demo)
    page = client.get(reverse("reports:report", args=[DEMO_PERIOD.start_year])).content.decode()
    assert page.count("<figcaption") >= 2
    assert html_errors(page) == []
