"""Issue 15's acceptance journey in the browser, with the axe check on every page: the
business unit, as a new user would, creates a course and a session of 2 places, books 3
people (the third waits), cancels one (the third is promoted and emailed), marks
attendance once the session has been held, sends the after-session evaluation; a
person answers it through the emailed link without signing in; the business unit sees
the results."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from governance import roles
from tests.browser.axe import assert_accessible
from tests.governance.factories import AgencyFactory, PersonFactory
from training.models import Booking, Evaluation, Session

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_business_unit_runs_a_session_from_booking_to_evaluation(site, make_user):
    business_unit = make_user(roles.BUSINESS_UNIT, full_name="Amira Hussain")
    agency = AgencyFactory(name="Royal London Hospital")
    people = [
        PersonFactory(full_name=name, agency=agency, email=f"{name.split()[0].lower()}@example.org")
        for name in ("Ada Obi", "Ben Cole", "Cara Diaz")
    ]
    page = site.page
    tomorrow = timezone.localdate() + timedelta(days=1)

    site.sign_in(business_unit)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    assert_accessible(page)

    # A course: sent empty first, the error summary says what is missing.
    site.follow("Add a course")
    site.submit("Save")
    expect(site.error_summary()).to_contain_text("Enter the title")
    expect(page).to_have_title(re.compile(r"^Error: "))
    main = site.main()
    main.get_by_label("Title").fill("Recognising neglect")
    main.get_by_label("Summary").fill("Seeing and acting on neglect.")
    main.get_by_label("Provider agency").select_option(label="Royal London Hospital")
    main.get_by_label("Audience").fill("Practitioners")
    main.get_by_label("Level 2: practitioners working with children").check()
    main.get_by_label("In person").check()
    main.get_by_label("Learning outcomes").fill("Spot the signs\nKnow whom to tell")
    site.submit("Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Course added")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recognising neglect")

    # A session of 2 places, tomorrow.
    site.follow("Add a session")
    site.fill_date("day", tomorrow)
    site.main().get_by_label("Start time").fill("09:30")
    site.main().get_by_label("End time").fill("12:30")
    site.main().get_by_label("Places").fill("2")
    site.submit("Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Session added")
    session = Session.objects.get()

    # Three people booked: the third waits.
    for person in people:
        site.follow("Book a place for someone")
        site.main().get_by_label("Who is booking?").select_option(
            label=f"{person.full_name} (Royal London Hospital)"
        )
        site.submit("Book")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Cara Diaz is on the waiting list")
    bookings = site.main().locator("table")
    expect(bookings).to_contain_text("Waiting list")

    # Ada cancels (the business unit on her behalf): Cara is promoted and emailed.
    mail.outbox.clear()
    site.submit("Cancel the booking of Ada Obi")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Booking for Ada Obi cancelled")
    assert Booking.objects.get(person=people[2]).status == Booking.Status.BOOKED
    assert [m.to for m in mail.outbox] == [["cara@example.org"]]
    assert "A place has come free" in mail.outbox[0].body

    # The session is held (time passes), attendance is marked.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=4), ends_at=timezone.now() - timedelta(hours=1)
    )
    page.reload()
    site.follow("Mark attendance")
    site.main().get_by_label("Ben Cole (Royal London Hospital)").check()
    site.main().get_by_label("Cara Diaz (Royal London Hospital)").check()
    site.submit("Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance saved")

    # The after-session evaluation, sent by email.
    mail.outbox.clear()
    site.follow("Send an evaluation form")
    site.main().get_by_label("Straight after").check()
    site.submit("Send")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent to 2 people")
    to_cara = next(m for m in mail.outbox if m.to == ["cara@example.org"])
    path = re.search(r"/training/evaluate/\S+/", to_cara.body).group(0)

    # Cara answers through the link, without signing in (a fresh browser context).
    other = page.context.browser.new_context()
    try:
        answer = other.new_page()
        answer.goto(f"{site.base_url}{path}")
        assert_accessible(answer)
        expect(answer.locator("main")).not_to_contain_text("Ben Cole")
        answer.locator("main").get_by_role("group", name=re.compile("confident")).get_by_label("4").check()
        answer.locator("main").get_by_role("group", name=re.compile("useful")).get_by_label("5").check()
        answer.locator("main").get_by_role("button", name="Send").click()
        expect(answer.locator("h1")).to_have_text("Thank you")
        assert_accessible(answer)
        answer.goto(f"{site.base_url}{path}")
        expect(answer.locator("main")).to_contain_text("already been answered")
    finally:
        other.close()
    assert Evaluation.objects.filter(answered_at__isnull=False).count() == 1

    # The results: a chart with its table.
    page.reload()
    site.follow("Evaluation results")
    expect(site.main().locator("svg title")).to_have_count(1)
    expect(site.main().locator("table").first).to_contain_text("Straight after")
    expect(site.main()).to_contain_text("4.0")


def test_a_webinar_after_a_review_is_recorded_once_and_seen_from_both_sides(site, make_user):
    """From a case's page the business unit records a webinar in training with the review
    chosen; the case lists it; a young scrutineer sees the webinar, never the case."""
    from tests.reviews.factories import RapidReviewFactory

    review = RapidReviewFactory()
    page = site.page
    site.sign_in(make_user(roles.BUSINESS_UNIT))
    site.open(review.incident.get_absolute_url())
    site.follow("Record a webinar after the rapid review")
    expect(site.main().get_by_label("Webinar", exact=True)).to_be_checked()
    chosen = site.main().get_by_label("Is it learning from a review?")
    expect(chosen).to_have_value(f"rapid_review:{review.pk}")
    site.main().get_by_label("Title").fill("Learning webinar: safe sleep")
    site.fill_date("day", timezone.localdate() + timedelta(days=7))
    site.main().get_by_label("Start time").fill("12:30")
    site.main().get_by_label("End time").fill("13:00")
    site.main().get_by_label("Joining link").fill("https://meet.example.org/learning")
    site.submit("Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Session added")
    expect(site.main()).to_contain_text(f"{review.incident.reference}: rapid review")
    webinar = Session.objects.get()
    assert webinar.learned_from == review

    site.open(review.incident.get_absolute_url())
    expect(site.main().get_by_role("link", name="Learning webinar: safe sleep")).to_be_visible()
    site.open("/training/attendance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance by agency")

    site.sign_out()
    site.sign_in(make_user(roles.YOUNG_SCRUTINEER))
    site.open(webinar.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning webinar: safe sleep")
    expect(site.main()).not_to_contain_text(review.incident.reference)
    site.open("/reviews/learning/")
    expect(site.main()).to_contain_text("Learning webinar: safe sleep")
    expect(site.main()).not_to_contain_text(review.incident.reference)
