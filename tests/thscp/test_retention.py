"""Retention: what the daily job lists for the business unit, and what erasure leaves behind."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.models import HistoricalRecords

from governance import roles
from governance.models import Action, Person
from reviews.models import (
    CaseAccessLog,
    LocalReview,
    PartnerDecision,
    RapidReview,
    Recommendation,
    SeriousIncident,
)
from tests.governance.factories import (
    AgencyFactory,
    MeetingFactory,
    PartnershipGroupFactory,
    PersonFactory,
    UserFactory,
    pdf_upload,
)
from tests.reviews.factories import LocalReviewFactory, RecommendationFactory
from thscp.operations import retention
from thscp.operations.models import Erasure, RetentionDue
from thscp.operations.tasks import list_records_past_retention
from thscp.reminders.models import ReminderItem

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)
CLOSED = SeriousIncident.Stage.CLOSED
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def periods(settings):
    settings.RETENTION = {"reviews.seriousincident": 15, "governance.person": 2}


def closed_case(published_on: date, **fields) -> SeriousIncident:
    """A case closed when its local review was published, with children and a final report."""
    local_review = LocalReviewFactory(
        completed_on=published_on - timedelta(days=30),
        published_on=published_on,
        final_report=pdf_upload("final-report.pdf"),
        rapid_review__incident__stage=CLOSED,
        **fields,
    )
    incident = local_review.rapid_review.incident
    RecommendationFactory(rapid_review=local_review.rapid_review)
    return incident


def listed() -> set[tuple[str, int]]:
    return set(RetentionDue.objects.values_list("kind", "record_id"))


def test_a_case_closed_longer_ago_than_its_period_is_listed():
    incident = closed_case(published_on=date(2011, 11, 29))
    retention.list_records_past_retention(today=TODAY)
    due = RetentionDue.objects.get()
    assert (due.kind, due.record_id) == ("reviews.seriousincident", incident.pk)
    assert due.due_on == date(2026, 11, 29)
    assert due.listed_on == TODAY


def test_a_case_within_its_period_is_not_listed():
    closed_case(published_on=date(2011, 12, 1))
    retention.list_records_past_retention(today=TODAY)
    assert listed() == set()


def test_an_open_case_is_never_listed_however_old():
    case = closed_case(published_on=date(2001, 1, 1))
    SeriousIncident.objects.filter(pk=case.pk).update(stage=SeriousIncident.Stage.LOCAL_REVIEW)
    retention.list_records_past_retention(today=TODAY)
    assert listed() == set()


def test_a_withdrawn_case_counts_from_the_day_it_was_withdrawn():
    case = closed_case(published_on=date(2001, 1, 1))
    SeriousIncident.objects.filter(pk=case.pk).update(
        stage=SeriousIncident.Stage.WITHDRAWN, withdrawn_on=date(2012, 1, 1)
    )
    retention.list_records_past_retention(today=TODAY)
    assert listed() == set()
    retention.list_records_past_retention(today=date(2027, 1, 1))
    assert listed() == {("reviews.seriousincident", case.pk)}


def test_a_case_without_a_review_counts_from_telling_the_panel_none_would_be_held():
    case = closed_case(published_on=date(2001, 1, 1))
    RapidReview.objects.filter(incident=case).delete()
    SeriousIncident.objects.filter(pk=case.pk).update(panel_told_no_rapid_review_on=date(2011, 6, 1))
    retention.list_records_past_retention(today=TODAY)
    assert RetentionDue.objects.get().due_on == date(2026, 6, 1)


def test_a_listing_leaves_the_list_when_the_record_is_no_longer_past_its_period():
    case = closed_case(published_on=date(2001, 1, 1))
    retention.list_records_past_retention(today=TODAY)
    SeriousIncident.objects.filter(pk=case.pk).update(stage=SeriousIncident.Stage.LOCAL_REVIEW)
    retention.list_records_past_retention(today=TODAY)
    assert listed() == set()


def test_a_kind_with_no_period_is_kept(settings):
    closed_case(published_on=date(2001, 1, 1))
    settings.RETENTION = {"governance.person": 2}
    retention.list_records_past_retention(today=TODAY)
    assert listed() == set()


def test_the_period_comes_from_the_setting(settings):
    closed_case(published_on=date(2020, 1, 1))
    settings.RETENTION = {"reviews.seriousincident": 6}
    retention.list_records_past_retention(today=TODAY)
    assert RetentionDue.objects.get().due_on == date(2026, 1, 1)


def test_the_daily_job_is_scheduled_and_lists(settings):
    assert any(
        e["task"] == "thscp.list_records_past_retention" for e in settings.CELERY_BEAT_SCHEDULE.values()
    )
    closed_case(published_on=date(2001, 1, 1))
    assert list_records_past_retention.delay().get() == "1 records past retention"


def _untouched_contact() -> Person:
    person = PersonFactory()
    person.history.update(history_date=LONG_AGO)
    return person


def test_a_contact_in_no_use_counts_from_their_last_change():
    person = _untouched_contact()
    retention.list_records_past_retention(today=TODAY)
    assert listed() == {("governance.person", person.pk)}


@pytest.mark.parametrize(
    "in_use",
    [
        lambda person: setattr(person, "user", UserFactory()) or person.save(),
        lambda person: person.groups.add(PartnershipGroupFactory()),
        lambda person: MeetingFactory().attendances.create(person=person, status="present"),
        lambda person: PartnershipGroupFactory(chair=person),
    ],
    ids=["has an account", "sits in a group", "attended a meeting", "chairs a group"],
)
def test_a_contact_in_use_is_never_listed(in_use):
    person = _untouched_contact()
    in_use(person)
    Person.history.update(history_date=LONG_AGO)
    retention.list_records_past_retention(today=TODAY)
    assert listed() == set()


# --- Erasure ---------------------------------------------------------------------------


@pytest.fixture
def business_unit():
    return UserFactory(roles=[roles.BUSINESS_UNIT])


@pytest.fixture
def erasable_case(business_unit):
    """A case past its period, with what belongs to it: children, History of each, a
    final report, the access log, an action raised from it and a reminder naming it."""
    incident = closed_case(published_on=date(2001, 1, 1))
    rapid_review = incident.rapid_review
    incident.agencies_involved.add(AgencyFactory())
    CaseAccessLog.objects.create(user=business_unit, incident=incident, record="case", path="/reviews/")
    action = Action.objects.get(review_recommendation__rapid_review=rapid_review)
    action.source = incident
    action.save()
    ReminderItem.objects.create(
        key=f"reviews:incident:{incident.pk}:notification",
        stage="due",
        recipient="someone@example.org",
        title=f"{incident.reference}: notify the Panel",
        due_on=TODAY,
        url=f"/reviews/incidents/{incident.pk}/notification/",
        urgency="overdue",
    )
    retention.list_records_past_retention(today=TODAY)
    return incident


def erase(incident, by):
    return retention.erase_record(
        kind_key="reviews.seriousincident", record_id=incident.pk, by=by, today=TODAY
    )


def test_erasure_removes_the_case_and_everything_that_belongs_to_it(erasable_case, business_unit):
    pk, rapid_review_pk = erasable_case.pk, erasable_case.rapid_review.pk
    erase(erasable_case, business_unit)
    assert not SeriousIncident.objects.filter(pk=pk).exists()
    assert not PartnerDecision.objects.filter(incident_id=pk).exists()
    assert not RapidReview.objects.filter(pk=rapid_review_pk).exists()
    assert not LocalReview.objects.filter(rapid_review_id=rapid_review_pk).exists()
    assert not Recommendation.objects.filter(rapid_review_id=rapid_review_pk).exists()
    assert not CaseAccessLog._base_manager.filter(incident_id=pk).exists()


def test_erasure_leaves_no_history_of_the_case_or_its_children(erasable_case, business_unit):
    pk, rapid_review_pk = erasable_case.pk, erasable_case.rapid_review.pk
    history_before = SeriousIncident.history.filter(id=pk).count()
    assert history_before > 0
    erase(erasable_case, business_unit)
    assert not SeriousIncident.history.filter(id=pk).exists()
    assert not PartnerDecision.history.filter(incident_id=pk).exists()
    assert not RapidReview.history.filter(id=rapid_review_pk).exists()
    assert not LocalReview.history.filter(rapid_review_id=rapid_review_pk).exists()
    assert not Recommendation.history.filter(rapid_review_id=rapid_review_pk).exists()
    assert not CaseAccessLog.history.filter(incident_id=pk).exists()
    agencies_history = HistoricalRecords.m2m_models[SeriousIncident._meta.get_field("agencies_involved")]
    assert not agencies_history.objects.filter(seriousincident_id=pk).exists()


def test_erasure_removes_the_stored_files(erasable_case, business_unit, django_capture_on_commit_callbacks):
    name = erasable_case.rapid_review.local_review.final_report.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        erasure = erase(erasable_case, business_unit)
    assert not default_storage.exists(name)
    assert erasure.files_removed == 1


def test_erasure_keeps_a_file_another_record_still_names(
    erasable_case, business_unit, django_capture_on_commit_callbacks
):
    name = erasable_case.rapid_review.local_review.final_report.name
    other = closed_case(published_on=date(2020, 1, 1))
    LocalReview.objects.filter(rapid_review__incident=other).update(final_report=name)
    with django_capture_on_commit_callbacks(execute=True):
        erase(erasable_case, business_unit)
    assert default_storage.exists(name)


def test_erasure_records_that_it_happened_and_never_what_the_case_said(erasable_case, business_unit):
    reference, summary = erasable_case.reference, erasable_case.summary
    erasure = erase(erasable_case, business_unit)
    stored = Erasure.objects.get()
    assert stored == erasure
    assert (stored.kind, stored.record_id, stored.erased_by) == (
        "reviews.seriousincident",
        erasable_case.pk,
        business_unit,
    )
    assert stored.records_removed >= 6  # the case, decisions, reviews, recommendation, log
    assert stored.history_rows_removed >= stored.records_removed
    text = " ".join(str(value) for value in Erasure.objects.values().get().values())
    assert reference not in text
    assert summary not in text


def test_erasure_removes_reminders_naming_the_case_and_its_listing(erasable_case, business_unit):
    erase(erasable_case, business_unit)
    assert not ReminderItem.objects.exists()
    assert not RetentionDue.objects.exists()


def test_actions_raised_from_an_erased_case_stay_in_the_action_log(erasable_case, business_unit):
    action = Action.objects.get(source_id=erasable_case.pk)
    erase(erasable_case, business_unit)
    assert Action.objects.filter(pk=action.pk).exists()


def test_a_case_within_its_period_cannot_be_erased(business_unit):
    case = closed_case(published_on=date(2020, 1, 1))
    with pytest.raises(ValidationError, match="not past its retention period"):
        erase(case, business_unit)
    assert SeriousIncident.objects.filter(pk=case.pk).exists()
    assert not Erasure.objects.exists()


def test_the_erasure_log_cannot_be_changed_or_deleted(erasable_case, business_unit):
    erasure = erase(erasable_case, business_unit)
    with pytest.raises(PermissionError):
        erasure.save()
    with pytest.raises(PermissionError):
        Erasure.objects.all().delete()


def test_erasing_a_contact_removes_them_and_their_history(business_unit):
    person = _untouched_contact()
    retention.list_records_past_retention(today=TODAY)
    retention.erase_record(kind_key="governance.person", record_id=person.pk, by=business_unit, today=TODAY)
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Person.history.filter(id=person.pk).exists()


# --- The business unit's page ------------------------------------------------------------


def test_only_the_business_unit_reviews_retention(signed_in_client):
    client, _ = signed_in_client(roles.EXECUTIVE_MEMBER)
    assert client.get("/retention/").status_code == 403


def test_the_review_page_lists_what_is_past_its_period(signed_in_client, erasable_case):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    page = client.get("/retention/").content.decode()
    assert erasable_case.reference in page
    assert f"/retention/reviews.seriousincident/{erasable_case.pk}/erase/" in page


def test_the_review_page_runs_the_same_queries_however_many_are_listed(signed_in_client, erasable_case):
    _untouched_contact()
    retention.list_records_past_retention(today=TODAY)
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    client.get("/retention/")
    with CaptureQueriesContext(connection) as one:
        client.get("/retention/")
    closed_case(published_on=date(2002, 1, 1))
    _untouched_contact()
    _untouched_contact()
    retention.list_records_past_retention(today=TODAY)
    assert RetentionDue.objects.count() == 5
    with CaptureQueriesContext(connection) as more:
        client.get("/retention/")
    assert len(more) == len(one)


def test_my_work_tells_the_business_unit_what_waits_for_review(signed_in_client, erasable_case):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    page = client.get("/").content.decode()
    assert "1 record past its retention period" in page
    assert 'href="/retention/"' in page


def test_my_work_says_nothing_of_retention_to_other_roles(signed_in_client, erasable_case):
    client, _ = signed_in_client(roles.EXECUTIVE_MEMBER)
    assert "retention period" not in client.get("/").content.decode()


def test_erasing_from_the_page_needs_confirmation(signed_in_client, erasable_case, settings):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    url = f"/retention/reviews.seriousincident/{erasable_case.pk}/erase/"
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Confirm that you want to erase this record" in response.content.decode()
    assert SeriousIncident.objects.filter(pk=erasable_case.pk).exists()


def test_erasing_from_the_page_erases_and_says_so(signed_in_client, erasable_case, monkeypatch):
    monkeypatch.setattr("thscp.operations.views.timezone.localdate", lambda: TODAY)
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    response = client.post(
        f"/retention/reviews.seriousincident/{erasable_case.pk}/erase/", {"confirm": "on"}, follow=True
    )
    assert "Erased:" in response.content.decode()
    assert not SeriousIncident.objects.filter(pk=erasable_case.pk).exists()
    assert Erasure.objects.get().erased_by == user


def test_a_record_not_listed_has_no_erase_page(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    case = closed_case(published_on=date(2001, 1, 1))
    assert client.get(f"/retention/reviews.seriousincident/{case.pk}/erase/").status_code == 404
