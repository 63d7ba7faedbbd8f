"""The notification starts the rapid review clock: each partner's Executive members hear
at once by email that their decision is needed, and My work says the same as the email."""

from datetime import date

import pytest

from governance import roles
from governance.models import Agency
from reviews import services
from reviews.models import SeriousIncident
from tests.governance.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def executive_of(partner, make_user):
    user = make_user(roles.EXECUTIVE_MEMBER)
    PersonFactory(user=user, agency=AgencyFactory(statutory_partner=partner, kind=Agency.Kind.OTHER))
    return user


def notify(incident, by, capture, on=date(2025, 12, 23)):
    with capture(execute=True):
        services.record_notification(incident=incident, notified_on=on, by=by)


@pytest.fixture
def incident(make_user):
    return services.record_serious_incident(
        aware_on=date(2025, 12, 22),
        harm_type=SeriousIncident.HarmType.DEATH,
        age_band=SeriousIncident.AgeBand.UNDER_1,
        summary="A factual summary.",
        by=make_user(roles.BUSINESS_UNIT),
    )


def test_the_notification_emails_each_partner_s_executive_member_at_once(
    incident, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    police = executive_of(Agency.StatutoryPartner.POLICE, make_user)
    bystander = make_user(roles.GROUP_MEMBER)

    notify(incident, incident.created_by, django_capture_on_commit_callbacks)

    to_police = [message for message in mailoutbox if police.email in message.to]
    assert len(to_police) == 1
    body = to_police[0].body
    assert f"{incident.reference}: Chief officer of police's decision on holding a rapid review" in body
    assert f"/reviews/incidents/{incident.pk}/decisions/add/?partner=police" in body
    assert not [message for message in mailoutbox if bystander.email in message.to]


def test_correcting_the_notification_date_sends_nothing_new(
    incident, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    executive_of(Agency.StatutoryPartner.POLICE, make_user)
    notify(incident, incident.created_by, django_capture_on_commit_callbacks)
    sent = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        services.record_notification(
            incident=incident,
            notified_on=date(2025, 12, 24),
            change_reason="Typed wrongly.",
            by=incident.created_by,
        )

    assert len(mailoutbox) == sent
