"""An action raised from a case review says so only to those who may see case records:
its page, the action log, the log's filter and its CSV ask the same rule."""

import pytest
from django.contrib.contenttypes.models import ContentType

from governance import roles
from reviews.models import Recommendation
from tests.reviews.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_action():
    recommendation = RecommendationFactory()
    action = recommendation.action
    action.source_type = ContentType.objects.get_for_model(Recommendation)
    action.source_id = recommendation.pk
    action.save()
    return action


@pytest.mark.parametrize(
    "role", [roles.YOUNG_SCRUTINEER, roles.SUB_GROUP_CHAIR, roles.INDEPENDENT_SCRUTINEER]
)
def test_the_action_log_and_its_csv_do_not_say_an_action_came_from_a_case(
    signed_in_client, case_action, role
):
    client, _ = signed_in_client(role)
    kind = ContentType.objects.get_for_model(Recommendation)

    page = client.get("/governance/actions/").content.decode()
    csv = client.get("/governance/actions/?format=csv").content.decode()
    filtered = client.get(f"/governance/actions/?source={kind.pk}").content.decode()
    detail = client.get(case_action.get_absolute_url()).content.decode()

    assert case_action.title in page and case_action.title in csv
    assert "recommendation" not in page.lower()
    assert "recommendation" not in csv.lower()
    assert "recommendation" not in filtered.lower()
    assert "A record you do not have access to" in detail
    assert "recommendation" not in detail.lower()


def test_case_roles_see_where_the_action_came_from(signed_in_client, case_action):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)

    assert "from a recommendation" in client.get("/governance/actions/").content.decode()
    assert "recommendation" in client.get("/governance/actions/?format=csv").content.decode()
    assert (
        "A record you do not have access to"
        not in client.get(case_action.get_absolute_url()).content.decode()
    )
