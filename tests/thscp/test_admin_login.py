"""Pen test finding 12: the admin's sign-in page for someone already signed in."""

import pytest

from governance import roles
from tests.conftest import current_totp_code

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


@pytest.fixture
def superuser(make_user):
    return make_user(is_staff=True, is_superuser=True)


def test_a_signed_in_superuser_goes_on_to_the_admin(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/login/?next=/admin/", follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert response.status_code == 200
    assert "Partnership Hub administration" in response.content.decode()


def test_a_signed_in_superuser_without_next_goes_to_the_admin_index(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_a_signed_in_superuser_is_sent_to_a_safe_next(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/login/?next=/admin/governance/user/")
    assert response.url == "/admin/governance/user/"


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example.org/admin/", "//evil.example.org/", "javascript:alert(1)"]
)
def test_a_next_on_another_site_is_ignored(client, superuser, unsafe):
    client.force_login(superuser)
    response = client.get("/admin/login/", {"next": unsafe})
    assert response.url == "/admin/"


def test_a_signed_in_non_superuser_is_refused_not_sent_round(client, make_user):
    client.force_login(make_user(roles.BUSINESS_UNIT, is_staff=True))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]


def test_someone_signed_out_is_sent_to_the_services_sign_in_and_then_to_the_admin(
    client, superuser, password
):
    response = client.get("/admin/login/?next=/admin/")
    assert response.url == f"{LOGIN_URL}?next=%2Fadmin%2F"
    response = client.post(response.url, {"login": superuser.email, "password": password})
    response = client.post(response.url, {"code": current_totp_code(superuser.totp_secret)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
