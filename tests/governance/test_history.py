import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape

from governance import roles
from governance.templatetags.governance_tags import history_url
from tests.governance.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_changes_made_in_a_request_record_the_signed_in_user(rf, make_user):
    from simple_history.middleware import HistoryRequestMiddleware

    user = make_user(roles.BUSINESS_UNIT)
    person = PersonFactory(job_title="Named nurse")

    def view(request):
        person.job_title = "Designated nurse"
        person.save()
        return HttpResponse("saved")

    request = rf.post("/")
    request.user = user
    HistoryRequestMiddleware(view)(request)
    latest = person.history.first()
    assert latest.history_user == user
    assert latest.job_title == "Designated nurse"


def test_history_page_shows_who_changed_which_field_from_what_to_what(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    person = PersonFactory(job_title="Named nurse")
    person.job_title = "Designated nurse"
    person._history_user = user
    person.save()
    response = client.get(history_url(person))
    content = response.content.decode()
    assert response.status_code == 200
    # Names like O'Connor are escaped in the page, as every name should be.
    assert f"Changed by {escape(user.full_name)}" in content
    assert "Job title" in content
    assert "Named nurse" in content and "Designated nurse" in content
    assert "Created by System" in content


def test_history_of_a_record_the_user_may_not_see_is_not_found(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    assert client.get(history_url(PersonFactory())).status_code == 404


def test_history_of_an_unknown_kind_of_record_is_not_found(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    url = reverse("governance:history", kwargs={"app_label": "nope", "model_name": "nothing", "pk": 1})
    assert client.get(url).status_code == 404


def test_history_of_a_model_without_history_is_not_found(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    url = reverse("governance:history", kwargs={"app_label": "auth", "model_name": "group", "pk": 1})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "model_name",
    ["user", "agency", "partnershipgroup", "person"],
)
def test_every_governance_model_has_history(model_name):
    from django.apps import apps

    assert hasattr(apps.get_model("governance", model_name), "history")
