"""Issue 12: what waits for a person is on their My work, in their reminder email and,
where it starts a clock, in an email the moment it starts; all from one source."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import roles, services
from governance.deadlines import sign_off_deadlines
from governance.models import Agency, Document, SignOff
from governance.my_work import my_work
from governance.work import due_status
from tests.conftest import enrol_two_factor
from tests.governance.factories import (
    ActionFactory,
    AgencyFactory,
    PartnershipGroupFactory,
    PersonFactory,
    RiskFactory,
    UserFactory,
    pdf_upload,
)
from thscp.reminders import services as reminders

pytestmark = pytest.mark.django_db

FRIDAY = date(2026, 11, 27)
SATURDAY = date(2026, 11, 28)
MONDAY = date(2026, 11, 30)


def _signatories(make_user=None):
    make_user = make_user or (lambda *names: UserFactory(roles=list(names)))
    signers = {}
    for partner, label in Agency.StatutoryPartner.choices:
        user = make_user(roles.EXECUTIVE_MEMBER)
        PersonFactory(user=user, agency=AgencyFactory(name=f"{label} agency", statutory_partner=partner))
        signers[partner] = user
    signers[SignOff.SCRUTINEER] = make_user(roles.INDEPENDENT_SCRUTINEER)
    return signers


def _sent_for_sign_off(django_capture_on_commit_callbacks, kind=Document.Kind.YEARLY_REPORT):
    business_unit = UserFactory(roles=[roles.BUSINESS_UNIT])
    document = Document.objects.create(title="Annual arrangements", kind=kind, owner=PersonFactory())
    version = services.add_document_version(document=document, upload=pdf_upload(), by=business_unit)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_for_sign_off(version=version, by=business_unit)
    return version


def _items(user, today):
    return [item for work_list in my_work(user=user, today=today) for item in work_list.items]


def test_sending_for_sign_off_emails_each_signatory_at_once_with_a_link_to_sign(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://hub.example.org"
    signers = _signatories()
    bystander = UserFactory(roles=[roles.GROUP_MEMBER])
    version = _sent_for_sign_off(django_capture_on_commit_callbacks)
    link = f"https://hub.example.org{reverse('governance:version_detail', args=[version.pk])}#sign-off"
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted(user.email for user in signers.values())
    assert bystander.email not in recipients
    for message in mailoutbox:
        assert "Sign off Annual arrangements, version 1" in message.subject
        assert link in message.body


def test_the_email_when_sign_off_starts_is_sent_once_even_if_the_reminders_run_again(
    mailoutbox, django_capture_on_commit_callbacks
):
    _signatories()
    version = _sent_for_sign_off(django_capture_on_commit_callbacks)
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind_now(
            deadlines=sign_off_deadlines(type(version).objects.filter(pk=version.pk), today=MONDAY),
            today=MONDAY,
            triggered_by="test",
        )
    assert len(mailoutbox) == sent


def test_a_document_waiting_for_sign_off_is_on_each_signatorys_my_work_with_a_link_to_sign(
    django_capture_on_commit_callbacks, client, make_user
):
    signers = _signatories(make_user)
    version = _sent_for_sign_off(django_capture_on_commit_callbacks)
    for user in signers.values():
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert "Documents waiting for my sign-off" in page
        assert f'href="{reverse("governance:version_detail", args=[version.pk])}#sign-off"' in page
    member = UserFactory(roles=[roles.GROUP_MEMBER])
    client.force_login(member)
    assert "Annual arrangements" not in client.get(reverse("home")).content.decode()


def test_once_a_partner_has_signed_it_leaves_their_my_work_but_not_the_others(
    django_capture_on_commit_callbacks,
):
    signers = _signatories()
    version = _sent_for_sign_off(django_capture_on_commit_callbacks)
    police = signers[Agency.StatutoryPartner.POLICE]
    services.record_sign_off(
        version=version, slot=Agency.StatutoryPartner.POLICE, approve=True, sha256=version.sha256, by=police
    )
    today = version.sent_for_sign_off_on
    assert not [item for item in _items(police, today) if "Annual arrangements" in item.title]
    scrutineer = signers[SignOff.SCRUTINEER]
    assert [item for item in _items(scrutineer, today) if "Annual arrangements" in item.title]


def test_a_risk_due_on_friday_is_overdue_on_saturday_and_monday_in_both_my_work_and_the_email():
    assert reminders.stage_for(due_on=FRIDAY, statutory=False, today=SATURDAY)[1] == "overdue"
    assert reminders.stage_for(due_on=FRIDAY, statutory=False, today=MONDAY)[1] == "overdue"
    assert reminders.stage_for(due_on=SATURDAY, statutory=True, today=MONDAY)[1] == "overdue"
    assert reminders.stage_for(due_on=SATURDAY, statutory=False, today=FRIDAY)[1] == "due soon"
    assert due_status(FRIDAY, SATURDAY, prefix="Review").tag == "Review overdue"
    owner = UserFactory(roles=[roles.EXECUTIVE_MEMBER])
    RiskFactory(owner=PersonFactory(user=owner), title="Capacity risk", review_date=FRIDAY)
    [planned] = [item for item in reminders.plan_reminders(MONDAY) if item.recipient == owner.email]
    [shown] = _items(owner, MONDAY)
    assert planned.status == shown.tag == "Review overdue"
    assert planned.urgency == "overdue"


def test_my_work_and_the_reminder_email_agree_item_for_item():
    """Every item the email would carry today is on My work, with the same title, link,
    date and status words."""
    chair = UserFactory(roles=[roles.SUB_GROUP_CHAIR])
    me = UserFactory(roles=[roles.EXECUTIVE_MEMBER])
    person = PersonFactory(user=me)
    group = PartnershipGroupFactory(chair=PersonFactory(user=chair))
    ActionFactory(owner=person, group=group, due_date=MONDAY - timedelta(days=10), title="Late audit")
    ActionFactory(owner=person, group=group, due_date=MONDAY, title="Due now")
    ActionFactory(owner=person, group=group, due_date=MONDAY + timedelta(days=3), title="Soon")
    ActionFactory(owner=person, group=group, due_date=MONDAY + timedelta(days=20), title="Later")
    RiskFactory(owner=person, review_date=MONDAY + timedelta(days=1), title="Capacity risk")
    planned = reminders.plan_reminders(MONDAY)
    for user in (me, chair):
        emailed = {(p.title, p.url, p.due_on, p.status) for p in planned if p.recipient == user.email}
        shown = {(i.title, i.url, i.due_on, i.tag) for i in _items(user, MONDAY)}
        assert emailed, user
        assert emailed <= shown
    # The chair hears of the overdue action only, and sees it in a list of its own.
    chair_lists = {w.heading: [i.title for i in w.items] for w in my_work(user=chair, today=MONDAY)}
    assert list(chair_lists) == ["Overdue actions in groups I chair"]
    assert len(chair_lists["Overdue actions in groups I chair"]) == 1


def test_my_work_reads_the_same_number_of_queries_however_many_actions_there_are():
    me = UserFactory(roles=[roles.GROUP_MEMBER])
    person = PersonFactory(user=me)
    ActionFactory(owner=person, due_date=MONDAY)
    few = _count(me)
    ActionFactory.create_batch(5, owner=person, due_date=MONDAY)
    ActionFactory.create_batch(5, due_date=MONDAY)
    assert _count(me) == few


def _count(user):
    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as context:
        my_work(user=fresh, today=MONDAY)
    return len(context.captured_queries)


# The Executive's chair is the rotation's


def _executive_with_rotation(today):
    from governance.models import ExecutiveChairTerm
    from tests.governance.factories import executive_group

    executive = executive_group()
    chairs = {}
    start = date(today.year - 1, 4, 1)
    for partner, label in (
        (Agency.StatutoryPartner.LOCAL_AUTHORITY, "Council"),
        (Agency.StatutoryPartner.POLICE, "Police"),
    ):
        user = UserFactory(roles=[roles.EXECUTIVE_MEMBER])
        chairs[partner] = PersonFactory(
            user=user, agency=AgencyFactory(name=f"{label} agency", statutory_partner=partner)
        )
        ExecutiveChairTerm.objects.create(
            partner=partner, chair=chairs[partner], starts_on=start, ends_on=date(start.year + 1, 4, 1)
        )
        start = date(start.year + 1, 4, 1)
    return executive, chairs


def test_an_overdue_executive_action_goes_to_the_chair_the_rotation_names():
    today = date(2026, 11, 30)
    executive, chairs = _executive_with_rotation(today)
    police_chair = chairs[Agency.StatutoryPartner.POLICE]
    ActionFactory(group=executive, due_date=today - timedelta(days=8), title="Overdue Executive action")
    recipients = {p.recipient for p in reminders.plan_reminders(today) if "Overdue Executive" in p.title}
    assert police_chair.user.email in recipients
    assert chairs[Agency.StatutoryPartner.LOCAL_AUTHORITY].user.email not in recipients
    titles = [item.title for item in _items(police_chair.user, today)]
    assert any("Overdue Executive action" in title for title in titles)


def test_the_executive_cannot_be_given_a_chair_apart_from_the_rotation(signed_in_client):
    from django.core.exceptions import ValidationError

    from governance.forms import PartnershipGroupForm

    executive, chairs = _executive_with_rotation(date(2026, 11, 30))
    assert "chair" not in PartnershipGroupForm(instance=executive).fields
    executive.chair = chairs[Agency.StatutoryPartner.LOCAL_AUTHORITY]
    with pytest.raises(ValidationError):
        executive.full_clean()


def test_the_executive_page_names_the_rotations_chair(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    today = date.today()
    executive, chairs = _executive_with_rotation(today)
    from governance.models import ExecutiveChairTerm

    current = ExecutiveChairTerm.covering(today)
    page = client.get(reverse("governance:group_detail", args=[executive.slug])).content.decode()
    chaired_by = page.split("Chaired by", 1)[1].split("</div>", 1)[0]
    assert current.chair.full_name in chaired_by and "by rotation" in chaired_by


# The business unit hears when a document is fully signed off: it is theirs to publish.


def _sign_all(version, signers, django_capture_on_commit_callbacks, *, leave_out=None):
    for slot in version.document.required_slots():
        if slot == leave_out:
            continue
        with django_capture_on_commit_callbacks(execute=True):
            services.record_sign_off(
                version=version, slot=slot, approve=True, sha256=version.sha256, by=signers[slot]
            )


def _business_unit_mail(mailoutbox):
    business_unit = set(
        UserFactory._meta.model.objects.filter(groups__name=roles.BUSINESS_UNIT).values_list(
            "email", flat=True
        )
    )
    return [message for message in mailoutbox if set(message.to) & business_unit]


def test_the_business_unit_is_emailed_when_the_last_signature_lands_and_not_before(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://hub.example.org"
    signers = _signatories()
    version = _sent_for_sign_off(django_capture_on_commit_callbacks)
    _sign_all(version, signers, django_capture_on_commit_callbacks, leave_out=SignOff.SCRUTINEER)
    assert _business_unit_mail(mailoutbox) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.record_sign_off(
            version=version,
            slot=SignOff.SCRUTINEER,
            approve=True,
            sha256=version.sha256,
            by=signers[SignOff.SCRUTINEER],
        )
    [message] = _business_unit_mail(mailoutbox)
    assert "Publish Annual arrangements, version 1: signed off by every signatory" in message.subject
    assert f"https://hub.example.org{reverse('governance:version_detail', args=[version.pk])}" in message.body


def test_a_signed_off_document_is_on_the_business_units_my_work_until_it_is_published(
    django_capture_on_commit_callbacks, client
):
    signers = _signatories()
    version = _sent_for_sign_off(django_capture_on_commit_callbacks, kind=Document.Kind.ARRANGEMENTS)
    _sign_all(version, signers, django_capture_on_commit_callbacks)
    business_unit = UserFactory._meta.model.objects.get(groups__name=roles.BUSINESS_UNIT)
    enrol_two_factor(business_unit)  # as the role must, to see My work
    client.force_login(business_unit)
    page = client.get(reverse("home")).content.decode()
    assert "Documents signed off, ready to publish" in page
    assert "Publish Annual arrangements, version 1: signed off by every signatory" in page
    assert f'href="{reverse("governance:version_detail", args=[version.pk])}"' in page
    # The same item, in the same words, in the reminder email when it falls due.
    today = version.sent_for_sign_off_on
    [item] = [item for item in _items(business_unit, today) if item.title.startswith("Publish")]
    due = [d for d in reminders.collect_deadlines(today) if d.key == f"governance:publication:{version.pk}"]
    assert [d.title for d in due] == [item.title] and due[0].responsible == (business_unit.email,)
    for signer in signers.values():
        assert not [i for i in _items(signer, today) if i.title.startswith("Publish")]
    version.refresh_from_db()
    services.publish_version(version=version, by=business_unit)
    assert "ready to publish" not in client.get(reverse("home")).content.decode()
