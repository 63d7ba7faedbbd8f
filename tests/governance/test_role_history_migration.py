"""Roles enter History with the roles each account holds at the time (governance 0012),
so the first change recorded afterwards compares with what was true."""

import pytest
from django.utils import timezone

from tests.migrations import latest, migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("governance", "0011_attendance_not_recorded")]


def test_each_accounts_latest_version_gets_the_roles_it_holds_when_roles_enter_history():
    old = migrate_to(BEFORE)
    User = old.get_model("governance", "User")
    Group = old.get_model("auth", "Group")
    HistoricalUser = old.get_model("governance", "HistoricalUser")
    executive, member = (
        Group.objects.get_or_create(name="Executive member")[0],
        Group.objects.get_or_create(name="Group member")[0],
    )
    user = User.objects.create(email="lead.police@example.org", full_name="Dee Jones", password="!")
    user.groups.add(executive, member)
    other = User.objects.create(email="never.changed@example.org", full_name="No History", password="!")
    other.groups.add(member)  # no History version at all: nothing to attach roles to
    now = timezone.now()
    fields = {"email": user.email, "full_name": user.full_name, "is_active": True}
    first = HistoricalUser.objects.create(id=user.pk, **fields, history_date=now, history_type="+")
    newest = HistoricalUser.objects.create(
        id=user.pk, **fields, history_date=now + timezone.timedelta(minutes=1), history_type="~"
    )

    new = migrate_to(latest())

    Roles = new.get_model("governance", "HistoricalUser_groups")
    held = sorted(Roles.objects.filter(history_id=newest.pk).values_list("user_id", "group_id"))
    assert held == sorted([(user.pk, executive.pk), (user.pk, member.pk)])
    assert not Roles.objects.filter(history_id=first.pk).exists()
    assert not Roles.objects.filter(user_id=other.pk).exists()
