import pytest
from django.core.management import CommandError, call_command

from governance import roles
from governance.models import Agency, PartnershipGroup, Person, User

pytestmark = pytest.mark.django_db


def seed_demo():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="class")
def demo_partnership(shared_test_data):
    """Loaded once for the class below, whose tests only read it (or reload it, which
    their own transaction undoes)."""
    yield from shared_test_data(seed_demo, DEBUG=True)


@pytest.fixture
def seeded(demo_partnership, settings):
    settings.DEBUG = True


def counts():
    return (
        Agency.objects.count(),
        PartnershipGroup.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        Person.history.count(),
        PartnershipGroup.history.count(),
    )


def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")
    assert not Agency.objects.exists()


class TestWithTheDemoLoaded:
    def test_seed_demo_loads_the_three_statutory_partners(self, seeded):
        partners = set(
            Agency.objects.exclude(statutory_partner="").values_list("statutory_partner", flat=True)
        )
        assert partners == {"local_authority", "integrated_care_board", "police"}

    def test_seed_demo_loads_the_executive_and_seven_sub_groups_with_chairs(self, seeded):
        assert PartnershipGroup.objects.filter(is_executive=True).count() == 1
        sub_groups = PartnershipGroup.objects.filter(is_executive=False)
        assert sub_groups.count() == 7
        assert all(group.chair_role_title and group.chair_id for group in sub_groups)

    def test_seed_demo_loads_about_forty_people(self, seeded):
        assert 35 <= Person.objects.count() <= 50

    def test_seed_demo_has_one_demo_user_for_each_role(self, seeded):
        for role in roles.ALL_ROLES:
            assert User.objects.filter(groups__name=role).exists(), role

    def test_seed_demo_twice_changes_nothing(self, seeded):
        before = counts()
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert counts() == before


def test_seed_demo_prints_the_demo_logins(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "business.unit@example.org" in output
    assert "password for all" in output
