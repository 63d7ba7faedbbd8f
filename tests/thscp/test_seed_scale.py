"""seed_scale: N more copies of the demo's records, years further back, in bulk, with History.

Built on a small partnership made with the factories (the demo itself takes too long to
load for a unit test); `make bench` runs it on the demo at factor 9."""

from datetime import timedelta
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import CommandError, call_command
from django.utils import timezone

from dataset.models import QuarterlyReturn
from governance import roles
from governance.models import Action, Attendance, Meeting, Person, Risk, User
from priorities.models import PriorityArea, PriorityCycle
from reviews.models import Recommendation, SeriousIncident
from tests.dataset.factories import ReturnValueFactory
from tests.governance.factories import (
    MeetingFactory,
    PersonFactory,
    RiskFactory,
    UserFactory,
)
from tests.priorities.factories import PriorityAreaFactory
from tests.reviews.factories import RecommendationFactory
from tests.training.factories import EvaluationFactory
from thscp.scale import SCALE_EMAIL_DOMAIN
from training.models import Evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership(settings):
    """One of each kind of record, linked as the demo links them."""
    settings.DEBUG = True
    business_unit = UserFactory(email="business.unit@example.org", roles=[roles.BUSINESS_UNIT])
    owner = PersonFactory(user=business_unit)
    meeting = MeetingFactory()
    Attendance.objects.create(meeting=meeting, person=owner, status=Attendance.Status.PRESENT)
    recommendation = RecommendationFactory(action__owner=owner)
    incident = recommendation.rapid_review.incident
    action = recommendation.action
    action.source = incident
    action.save()
    risk = RiskFactory()
    risk.mitigating_actions.add(action)
    PriorityAreaFactory(leads=[owner])
    ReturnValueFactory()
    EvaluationFactory()
    return {"business_unit": business_unit, "owner": owner, "incident": incident, "action": action}


def seed_scale(factor: int, **options) -> str:
    output = StringIO()
    call_command("seed_scale", factor=factor, stdout=output, **options)
    return output.getvalue()


def test_seed_scale_refuses_with_debug_off_unless_forced(partnership, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        seed_scale(1)
    assert Meeting.objects.count() == 1


def test_seed_scale_refuses_to_copy_copies(partnership):
    seed_scale(1)
    with pytest.raises(CommandError, match="already loaded"):
        seed_scale(1)


def test_seed_scale_adds_factor_copies_each_a_year_further_back(partnership):
    original = Meeting.objects.get()
    seed_scale(2)
    copies = Meeting.objects.exclude(pk=original.pk).order_by("-starts_at")
    assert copies.count() == 2
    for years, copy in enumerate(copies, start=1):
        moved = original.starts_at - relativedelta(years=years)
        # A copy that lands on a weekend moves back to the Friday.
        assert timedelta(0) <= moved - copy.starts_at <= timedelta(days=2)
        assert timezone.localtime(copy.starts_at).weekday() < 5


def test_priorities_move_back_a_whole_cycle_with_a_title_of_their_years(partnership):
    original = PriorityCycle.objects.get()
    seed_scale(1)
    copy = PriorityCycle.objects.exclude(pk=original.pk).get()
    assert copy.starts_on == original.starts_on - relativedelta(years=2)
    assert copy.title == f"Priorities {copy.starts_on.year}-{copy.ends_on.year % 100:02d}"
    assert PriorityArea.objects.get(cycle=copy).leads.get().email.endswith(SCALE_EMAIL_DOMAIN)


def test_copies_link_to_each_others_copies(partnership):
    seed_scale(1)
    incident = SeriousIncident.objects.exclude(pk=partnership["incident"].pk).get()
    recommendation = Recommendation.objects.get(rapid_review__incident=incident)
    copied_action = recommendation.action
    assert copied_action != partnership["action"]
    assert copied_action.source == incident
    assert copied_action.owner.email.endswith(f"@{SCALE_EMAIL_DOMAIN}")
    assert list(
        Risk.objects.exclude(mitigating_actions=partnership["action"]).get().mitigating_actions.all()
    ) == [copied_action]
    attendance = Attendance.objects.exclude(meeting__attendances__person=partnership["owner"]).get()
    assert attendance.person.email.endswith(f"@{SCALE_EMAIL_DOMAIN}")


def test_what_was_open_is_closed_in_the_past(partnership):
    seed_scale(1)
    copied_action = Action.objects.exclude(pk=partnership["action"].pk).get()
    assert copied_action.status in Action.CLOSED_STATUSES
    assert copied_action.closed_on is not None
    incident = SeriousIncident.objects.exclude(pk=partnership["incident"].pk).get()
    assert incident.stage == SeriousIncident.Stage.CLOSED
    assert incident.reference == f"SI-{incident.aware_on.year}-{incident.reference_number:03d}"
    assert incident.rapid_review.sent_to_panel_on is not None


def test_each_copy_has_one_history_row_by_the_business_unit(partnership):
    before = Action.history.count()
    seed_scale(2)
    copies = Action.objects.exclude(pk=partnership["action"].pk)
    rows = Action.history.filter(id__in=copies.values("pk"))
    assert rows.count() == 2
    assert Action.history.count() == before + 2
    assert set(rows.values_list("history_user", flat=True)) == {partnership["business_unit"].pk}
    assert set(rows.values_list("history_type", flat=True)) == {"+"}
    copied_risk = Risk.objects.exclude(mitigating_actions=partnership["action"]).first()
    assert copied_risk.history.get().mitigating_actions.count() == 1


def test_demo_sign_ins_are_unchanged(partnership, client, password):
    users = set(User.objects.values_list("pk", "email", "password"))
    seed_scale(2)
    assert set(User.objects.values_list("pk", "email", "password")) == users
    assert not Person.objects.filter(email__endswith=SCALE_EMAIL_DOMAIN, user__isnull=False).exists()
    response = client.post("/accounts/login/", {"login": "business.unit@example.org", "password": password})
    assert response.status_code == 302  # the password is right: on to two-factor sign-in


def test_a_second_return_for_an_agencys_quarter_is_left_out(partnership):
    original = QuarterlyReturn.objects.get()
    QuarterlyReturn.objects.create(
        agency=original.agency, year=original.year - 1, quarter=original.quarter, due_on=original.due_on
    )
    output = seed_scale(1)
    assert QuarterlyReturn.objects.filter(agency=original.agency).count() == 3
    assert "left out" in output
    assert set(QuarterlyReturn.objects.values_list("year", flat=True)) == {
        original.year,
        original.year - 1,
        original.year - 2,
    }


def test_evaluation_links_of_copies_are_their_own(partnership):
    seed_scale(1)
    nonces = list(Evaluation.objects.values_list("nonce", flat=True))
    assert len(nonces) == len(set(nonces)) == 2
