"""A webinar after a review is recorded once, in training (a session with its bookings
and attendance), linked to the review by governance's generic link; reviews' pages, the
library and the yearly report all read that one record, and reviews and training never
import each other (thscp/learning.py joins them)."""

import pathlib
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from governance import roles
from governance.periods import FinancialYear
from governance.templatetags.governance_tags import history_url
from reviews import services as review_services
from tests.governance.factories import PersonFactory
from tests.reviews.factories import LocalReviewFactory, RapidReviewFactory, SevenMinuteBriefingFactory
from tests.training.factories import BookingFactory, SessionFactory, WebinarFactory, at_ten
from thscp.learning import DEMO_WEBINARS, load_learning_demo
from training import report, services
from training.models import Session

pytestmark = pytest.mark.django_db


def _new_webinar_data(review_key: str, **more) -> dict:
    return {
        "kind": "webinar",
        "title": "Learning webinar: safe sleep",
        "learned_from": review_key,
        "day_0": "3",
        "day_1": "12",
        "day_2": str(date.today().year + 1),
        "start_time": "12:30",
        "end_time": "13:00",
        "joining_link": "https://meet.example.org/learning",
        **more,
    }


def test_the_case_page_offers_the_business_unit_to_record_a_webinar_in_training(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    review = RapidReviewFactory()

    html = client.get(review.incident.get_absolute_url()).content.decode()

    link = f"/training/sessions/add/?kind=webinar&amp;learning_from=rapid_review%3A{review.pk}"
    assert link in html
    assert "/reviews/incidents/" not in link


def test_the_form_from_the_case_page_has_the_kind_and_the_review_chosen(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    review = RapidReviewFactory()

    html = client.get(
        reverse("training:session_create") + f"?kind=webinar&learning_from=rapid_review:{review.pk}"
    ).content.decode()

    assert re.search(r'value="webinar"[^>]*checked', html)
    assert re.search(rf'<option value="rapid_review:{review.pk}" selected>{review.incident.reference}', html)


def test_recording_the_webinar_links_it_to_the_review_and_the_case_page_lists_it(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    review = RapidReviewFactory()

    response = client.post(reverse("training:session_create"), _new_webinar_data(f"rapid_review:{review.pk}"))

    session = Session.objects.get()
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert session.learned_from == review
    case_page = client.get(review.incident.get_absolute_url()).content.decode()
    assert "Learning webinar: safe sleep" in case_page and session.get_absolute_url() in case_page


def test_the_case_page_gives_each_webinars_attendance_from_the_one_record(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    review = LocalReviewFactory()
    webinar = WebinarFactory(title="Learning webinar: neglect", head_count=100, learned_from=review)
    BookingFactory.create_batch(3, session=webinar, attended=True)

    html = client.get(review.rapid_review.incident.get_absolute_url()).content.decode()

    assert re.search(r"Learning webinar: neglect</a></th><td[^>]*>[^<]+</td><td[^>]*>103</td>", html)


def test_the_panel_sees_the_webinars_after_a_review_but_is_not_offered_to_record_one(signed_in_client):
    client, _ = signed_in_client(roles.RAPID_REVIEW_PANEL)
    review = RapidReviewFactory()
    WebinarFactory(title="Learning webinar: neglect", learned_from=review)

    html = client.get(review.incident.get_absolute_url()).content.decode()

    assert "Learning webinar: neglect" in html
    assert "Record a webinar" not in html


def test_a_review_the_link_names_that_does_not_exist_is_ignored(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    RapidReviewFactory()

    html = client.get(
        reverse("training:session_create") + "?kind=webinar&learning_from=rapid_review:999999"
    ).content.decode()

    choices = html.split('name="learned_from"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>No, not from a review' in choices
    assert choices.count(" selected>") == 1


def test_a_tampered_review_is_refused_in_the_error_summary_and_nothing_is_saved(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)

    response = client.post(reverse("training:session_create"), _new_webinar_data("rapid_review:999999"))

    assert response.status_code == 200
    assert "Select the review from the list" in response.content.decode()
    assert not Session.objects.exists()


def test_only_a_webinar_is_recorded_as_after_a_review(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    review = RapidReviewFactory()
    course = SessionFactory().course

    response = client.post(
        reverse("training:session_create"),
        _new_webinar_data(f"rapid_review:{review.pk}", kind="course", course=str(course.pk), title=""),
    )

    assert "Only a webinar is recorded as after a review" in response.content.decode()
    assert Session.objects.count() == 1


def test_a_withdrawn_cases_reviews_are_not_offered_for_a_new_webinar(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    kept, withdrawn = RapidReviewFactory(), RapidReviewFactory()
    review_services.withdraw_serious_incident(incident=withdrawn.incident, reason="A duplicate.", by=user)

    html = client.get(reverse("training:session_create")).content.decode()

    assert f"rapid_review:{kept.pk}" in html
    assert f"rapid_review:{withdrawn.pk}" not in html


def test_a_webinar_linked_before_its_case_was_withdrawn_keeps_its_link_when_changed(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    review = RapidReviewFactory()
    webinar = WebinarFactory(learned_from=review)
    review_services.withdraw_serious_incident(incident=review.incident, reason="A duplicate.", by=user)

    html = client.get(reverse("training:session_edit", args=[webinar.pk])).content.decode()

    assert re.search(rf'<option value="rapid_review:{review.pk}" selected>', html)


def test_the_review_a_webinar_came_from_is_shown_to_case_roles_on_its_page(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    review = RapidReviewFactory()
    webinar = WebinarFactory(learned_from=review)

    html = client.get(webinar.get_absolute_url()).content.decode()

    assert "Learning from" in html and review.incident.reference in html


@pytest.mark.parametrize("role", [roles.YOUNG_SCRUTINEER, roles.GROUP_MEMBER, roles.INDEPENDENT_SCRUTINEER])
def test_the_review_a_webinar_came_from_is_hidden_from_others_on_its_page_and_history(
    signed_in_client, role, make_user
):
    review = RapidReviewFactory()
    webinar = WebinarFactory(title="Learning webinar: neglect")
    # Linked by a change, so History has a version that made the link.
    services.save_session(by=make_user(roles.BUSINESS_UNIT), session=webinar, learned_from=review)
    client, _ = signed_in_client(role)

    for url in (webinar.get_absolute_url(), history_url(webinar)):
        html = client.get(url).content.decode()
        assert "Learning webinar: neglect" in html
        assert review.incident.reference not in html
        assert "Learning from</dt>" not in html and "Learning from (" not in html
        assert "/reviews/incidents/" not in html


def test_reviews_learning_page_lists_the_webinars_with_a_change_link_for_the_business_unit(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    webinar = WebinarFactory(title="Learning webinar: neglect", learned_from=RapidReviewFactory())

    html = client.get(reverse("reviews:learning")).content.decode()

    assert "Learning webinar: neglect" in html
    assert reverse("training:session_edit", args=[webinar.pk]) in html


def test_reviews_learning_page_lists_only_webinars_after_reviews(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    WebinarFactory(title="Learning webinar: neglect", learned_from=RapidReviewFactory())
    WebinarFactory(title="Webinar: the new threshold document")

    html = client.get(reverse("reviews:learning")).content.decode()

    assert "Learning webinar: neglect" in html
    assert "the new threshold document" not in html
    assert "/training/sessions/" in html
    assert not re.search(r"/training/sessions/\d+/change/", html)


def test_a_webinar_after_a_review_is_in_the_training_report_once_with_its_attendance():
    review = RapidReviewFactory()
    webinar = WebinarFactory(
        title="Learning webinar: safe sleep", starts_at=at_ten(date(2025, 6, 3)), head_count=128
    )
    webinar.learned_from = review
    webinar.save()
    BookingFactory.create_batch(2, session=webinar, attended=True)

    (section,) = report.report_sections(FinancialYear(2025))

    html = str(section.html)
    assert not section.is_empty
    assert html.count("Learning webinar: safe sleep") == 1
    row = r"safe sleep</th><td[^>]*>3 June 2025</td><td[^>]*>Learning from reviews</td><td[^>]*>130<"
    assert re.search(row, html)
    assert review.incident.reference not in html


def test_the_library_lists_webinars_and_published_briefings_from_reviews(client, make_user):
    WebinarFactory(title="Learning webinar: neglect", learned_from=RapidReviewFactory())
    SevenMinuteBriefingFactory(title="Published briefing", published_on=date(2025, 1, 1))
    SevenMinuteBriefingFactory(title="Draft briefing", published_on=None)
    client.force_login(make_user(roles.YOUNG_SCRUTINEER))

    html = client.get(reverse("training:library")).content.decode()

    assert "Learning webinar: neglect" in html and "Learning from reviews" in html
    assert "Published briefing" in html
    assert "Draft briefing" not in html


def test_a_person_books_a_webinar_after_a_review_like_any_session(
    client, make_user, django_capture_on_commit_callbacks
):
    user = make_user(roles.GROUP_MEMBER)
    person = PersonFactory(user=user)
    webinar = SessionFactory(
        kind="webinar", course=None, title="Learning webinar: neglect", capacity=None,
        learned_from=RapidReviewFactory(),
    )  # fmt: skip
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("training:book_self", args=[webinar.pk]))

    assert webinar.bookings.get().person == person
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_the_demo_has_three_webinars_of_88_to_130_after_reviews_sent_to_the_panel(make_user):
    make_user(roles.BUSINESS_UNIT, email="business.unit@example.org")
    for weeks_ago in (20, 12, 6, 1):
        RapidReviewFactory(sent_to_panel_on=date.today() - timedelta(weeks=weeks_ago))

    load_learning_demo()
    load_learning_demo()  # twice adds nothing

    webinars = list(Session.objects.filter(kind="webinar").exclude(learned_from_type=None))
    assert sorted(webinar.head_count for webinar in webinars) == sorted(n for _, n in DEMO_WEBINARS)
    for webinar in webinars:
        assert 88 <= webinar.head_count <= 130
        assert webinar.learned_from.sent_to_panel_on < webinar.day < date.today()


@pytest.mark.parametrize(("area", "other"), [("training", "reviews"), ("reviews", "training")])
def test_reviews_and_training_never_import_each_other(area, other):
    for path in pathlib.Path(area).rglob("*.py"):
        assert not re.search(rf"^\s*(from|import) {other}\b", path.read_text(), re.MULTILINE), path


def test_the_yearly_report_counts_a_webinars_attendance_once_in_training():
    """Reviews' learning section counts the webinars after reviews and leaves their
    attendance to the Training section (the lead applies reviews/report.py's change)."""
    from thscp.reports.services import report_sections

    webinar = WebinarFactory(
        title="Learning webinar: safe sleep", starts_at=at_ten(date(2025, 6, 3)), head_count=128,
        learned_from=RapidReviewFactory(),
    )  # fmt: skip
    BookingFactory.create_batch(2, session=webinar, attended=True)

    sections = {section.key: str(section.html) for section in report_sections(FinancialYear(2025))}

    assert re.search(r"safe sleep</th>.*?>130<", sections["training"])
    assert "1 webinar after reviews was held" in sections["learning"]
    assert "130" not in sections["learning"]
