import pytest

from governance import roles
from governance.templatetags.governance_tags import history_url
from reviews.models import CaseAccessLog
from tests.reviews.factories import PartnerDecisionFactory, SeriousIncidentFactory

pytestmark = pytest.mark.django_db


def test_viewing_a_case_records_history_is_logged(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    incident = SeriousIncidentFactory()
    assert client.get(history_url(incident)).status_code == 200
    entry = CaseAccessLog.objects.get(incident=incident)
    assert entry.user == user and "History" in entry.record


def test_viewing_the_history_of_a_record_within_a_case_logs_the_case(signed_in_client):
    client, _ = signed_in_client(roles.RAPID_REVIEW_PANEL)
    decision = PartnerDecisionFactory()
    assert client.get(history_url(decision)).status_code == 200
    assert CaseAccessLog.objects.filter(incident=decision.incident).exists()


def test_a_refused_history_page_logs_nothing(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    incident = SeriousIncidentFactory()
    assert client.get(history_url(incident)).status_code == 404
    assert not CaseAccessLog.objects.exists()
