"""The case access log holds exactly the views of case data: every view of a case
record (in the service, its History, the Django admin) and nothing else; and nobody,
not even a superuser, can change or delete a row."""

import pytest
from django.urls import reverse

from governance import roles
from governance.templatetags.governance_tags import history_url
from reviews.models import CaseAccessLog
from tests.conftest import enrol_two_factor
from tests.governance.factories import UserFactory
from tests.reviews.factories import (
    RapidReviewFactory,
    SeriousIncidentFactory,
    SevenMinuteBriefingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    enrol_two_factor(user)
    client.force_login(user)
    return client, user


def test_a_case_page_that_answers_404_writes_no_log_row(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    incident = SeriousIncidentFactory()  # no rapid review yet

    response = client.get(reverse("reviews:rapid_review_detail", args=[incident.pk]))

    assert response.status_code == 404
    assert not CaseAccessLog.objects.exists()


def test_a_case_page_that_is_shown_writes_one_log_row(signed_in_client):
    client, user = signed_in_client(roles.RAPID_REVIEW_PANEL)
    review = RapidReviewFactory()

    assert client.get(reverse("reviews:rapid_review_detail", args=[review.incident.pk])).status_code == 200

    assert list(CaseAccessLog.objects.values_list("user", "incident")) == [(user.pk, review.incident.pk)]


@pytest.mark.parametrize("role", [roles.GROUP_MEMBER, roles.YOUNG_SCRUTINEER, roles.BUSINESS_UNIT])
def test_the_history_of_learning_is_not_a_view_of_case_data(signed_in_client, role):
    client, _ = signed_in_client(role)
    output = SevenMinuteBriefingFactory(rapid_review=RapidReviewFactory())

    assert client.get(history_url(output)).status_code == 200

    assert not CaseAccessLog.objects.exists()


def test_the_history_of_learning_hides_the_review_it_came_from_from_non_case_roles(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    briefing = SevenMinuteBriefingFactory()
    review = RapidReviewFactory()
    briefing.rapid_review = review
    briefing.save()

    content = client.get(history_url(briefing)).content.decode()

    assert "Rapid review" not in content
    assert review.incident.reference not in content


def test_the_history_of_learning_names_the_review_to_case_roles(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    briefing = SevenMinuteBriefingFactory()
    briefing.rapid_review = RapidReviewFactory()
    briefing.save()

    assert "Rapid review" in client.get(history_url(briefing)).content.decode()


@pytest.mark.parametrize("role", [r for r in roles.ALL_ROLES if r != roles.BUSINESS_UNIT])
def test_an_unpublished_briefing_has_no_history_page_for_its_readers_until_published(signed_in_client, role):
    client, _ = signed_in_client(role)
    briefing = SevenMinuteBriefingFactory(published_on=None, summary="Not yet published")

    response = client.get(history_url(briefing))

    assert response.status_code == 404
    assert b"Not yet published" not in response.content


def test_the_business_unit_reads_the_history_of_an_unpublished_briefing(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    briefing = SevenMinuteBriefingFactory(published_on=None)

    assert client.get(history_url(briefing)).status_code == 200


@pytest.mark.parametrize("admin_page", ["change", "history"])
def test_viewing_a_case_record_in_the_django_admin_is_logged(superuser_client, admin_page):
    client, user = superuser_client
    incident = SeriousIncidentFactory()

    response = client.get(reverse(f"admin:reviews_seriousincident_{admin_page}", args=[incident.pk]))

    assert response.status_code == 200
    entry = CaseAccessLog.objects.get()
    assert (entry.user, entry.incident) == (user, incident)
    assert entry.record.startswith("Admin")


def test_the_django_admins_case_list_logs_each_case_it_shows(superuser_client):
    client, _ = superuser_client
    incidents = SeriousIncidentFactory.create_batch(2)

    assert client.get(reverse("admin:reviews_seriousincident_changelist")).status_code == 200

    assert set(CaseAccessLog.objects.values_list("incident", flat=True)) == {i.pk for i in incidents}


def test_the_access_log_cannot_be_changed_or_deleted_in_the_django_admin(superuser_client):
    client, _ = superuser_client
    incident = SeriousIncidentFactory()
    client.get(reverse("admin:reviews_seriousincident_change", args=[incident.pk]))
    entry = CaseAccessLog.objects.get()
    changelist = reverse("admin:reviews_caseaccesslog_changelist")

    delete = client.post(reverse("admin:reviews_caseaccesslog_delete", args=[entry.pk]), {"post": "yes"})
    bulk = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    change = client.post(reverse("admin:reviews_caseaccesslog_change", args=[entry.pk]), {"record": "edited"})

    assert delete.status_code == 403
    assert change.status_code == 403
    assert bulk.status_code in (200, 302)
    assert b"delete_selected" not in client.get(changelist).content
    entry.refresh_from_db()
    assert entry.record.startswith("Admin") and CaseAccessLog.objects.filter(pk=entry.pk).exists()


def test_the_access_log_refuses_changes_and_deletion_in_code(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    incident = SeriousIncidentFactory()
    client.get(reverse("reviews:incident_detail", args=[incident.pk]))
    entry = CaseAccessLog.objects.get()

    entry.record = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        CaseAccessLog.objects.all().delete()
    with pytest.raises(PermissionError):
        CaseAccessLog.objects.update(record="changed")
    with pytest.raises(Exception, match="protected"):
        incident.delete()
