import pytest
from django.contrib.auth.models import Group as Role

from governance import roles

pytestmark = pytest.mark.django_db


def test_data_migration_creates_every_role_with_its_exact_name():
    assert set(Role.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)
    assert roles.ALL_ROLES == [
        "Business unit",
        "Executive member",
        "Sub-group chair",
        "Group member",
        "Agency data lead",
        "Independent scrutineer",
        "Young scrutineer",
        "Rapid review panel",
    ]


def test_a_user_may_hold_several_roles(make_user):
    user = make_user(roles.SUB_GROUP_CHAIR, roles.GROUP_MEMBER)
    assert user.role_names == {roles.SUB_GROUP_CHAIR, roles.GROUP_MEMBER}
    assert user.has_role(roles.GROUP_MEMBER)
    assert not user.has_role(roles.BUSINESS_UNIT)


@pytest.mark.parametrize("role_name", roles.CASE_DATA_ROLES)
def test_case_data_roles_need_two_factor(make_user, role_name):
    assert make_user(role_name).needs_two_factor


@pytest.mark.parametrize("role_name", sorted(set(roles.ALL_ROLES) - set(roles.CASE_DATA_ROLES)))
def test_other_roles_do_not_need_two_factor(make_user, role_name):
    assert not make_user(role_name).needs_two_factor


def test_users_sign_in_by_email_case_insensitively_stored(django_user_model):
    user = django_user_model.objects.create_user(
        email="Someone@Example.ORG", password="x" * 12, full_name="A"
    )
    assert user.email == "someone@example.org"
    assert django_user_model.USERNAME_FIELD == "email"


def test_superusers_need_two_factor(make_user):
    assert make_user(is_superuser=True).needs_two_factor
