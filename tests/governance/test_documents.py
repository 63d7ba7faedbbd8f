import hashlib
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from governance import roles, services
from governance.deadlines import deadlines
from governance.models import Agency, Document, DocumentVersion, SignOff
from tests.governance.factories import PDF_BYTES, AgencyFactory, PersonFactory, UserFactory, pdf_upload

pytestmark = pytest.mark.django_db

PARTNERS = [value for value, _ in Agency.StatutoryPartner.choices]


@pytest.fixture
def business_unit(make_user):
    return make_user(roles.BUSINESS_UNIT)


@pytest.fixture
def signatories(make_user):
    """An Executive member for each statutory partner, and the independent scrutineer."""
    found = {}
    for partner in PARTNERS:
        agency = AgencyFactory(name=f"Partner {partner}", statutory_partner=partner)
        user = make_user(roles.EXECUTIVE_MEMBER)
        PersonFactory(agency=agency, user=user)
        found[partner] = user
    found[SignOff.SCRUTINEER] = UserFactory(roles=[roles.INDEPENDENT_SCRUTINEER])
    return found


def a_document(kind=Document.Kind.YEARLY_REPORT):
    return Document.objects.create(title="Yearly report 2025-26", kind=kind, owner=PersonFactory())


def awaiting(business_unit, kind=Document.Kind.YEARLY_REPORT):
    version = services.add_document_version(document=a_document(kind), upload=pdf_upload(), by=business_unit)
    return services.send_for_sign_off(version=version, by=business_unit)


def sign(version, slot, user, approve=True, comments=""):
    return services.record_sign_off(
        version=version, slot=slot, approve=approve, comments=comments, sha256=version.sha256, by=user
    )


def test_a_version_records_the_sha256_of_its_file(business_unit):
    version = services.add_document_version(document=a_document(), upload=pdf_upload(), by=business_unit)
    assert version.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert version.number == 1


def test_the_yearly_report_needs_the_three_partners_and_the_scrutineer():
    assert a_document().required_slots() == [*PARTNERS, SignOff.SCRUTINEER]
    assert a_document(Document.Kind.THRESHOLD).required_slots() == PARTNERS
    assert a_document(Document.Kind.OTHER).required_slots() == []


def test_all_signatures_lock_the_version(business_unit, signatories):
    version = awaiting(business_unit)
    for slot, user in signatories.items():
        sign(version, slot, user)
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.SIGNED_OFF
    assert {s.sha256 for s in version.sign_offs.all()} == {version.sha256}
    version.file_name = "changed.pdf"
    version.status = DocumentVersion.Status.DRAFT
    with pytest.raises(ValidationError, match="locked"):
        version.save()
    with pytest.raises(ValidationError, match="locked"):
        DocumentVersion.objects.get(pk=version.pk).delete()


def test_the_version_is_not_signed_off_until_every_signatory_has_approved(business_unit, signatories):
    version = awaiting(business_unit)
    for partner in PARTNERS:
        sign(version, partner, signatories[partner])
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.AWAITING_SIGN_OFF


def test_an_executive_member_signs_only_for_their_own_partner(business_unit, signatories):
    version = awaiting(business_unit)
    police = signatories[Agency.StatutoryPartner.POLICE]
    with pytest.raises(ValidationError, match="cannot sign for this partner"):
        sign(version, Agency.StatutoryPartner.LOCAL_AUTHORITY, police)
    assert not version.sign_offs.exists()


def test_someone_without_the_executive_role_cannot_sign(business_unit, signatories):
    version = awaiting(business_unit)
    staff = UserFactory(roles=[roles.GROUP_MEMBER])
    PersonFactory(agency=Agency.objects.get(statutory_partner=Agency.StatutoryPartner.POLICE), user=staff)
    with pytest.raises(ValidationError):
        sign(version, Agency.StatutoryPartner.POLICE, staff)


def test_a_sign_off_of_a_file_that_has_changed_is_refused(business_unit, signatories):
    version = awaiting(business_unit)
    with pytest.raises(ValidationError, match="changed since you opened it"):
        services.record_sign_off(
            version=version,
            slot=Agency.StatutoryPartner.POLICE,
            approve=True,
            sha256="0" * 64,
            by=signatories[Agency.StatutoryPartner.POLICE],
        )


def test_returning_a_version_needs_comments_and_puts_it_back_to_draft(business_unit, signatories):
    version = awaiting(business_unit)
    police = signatories[Agency.StatutoryPartner.POLICE]
    with pytest.raises(ValidationError):
        sign(version, Agency.StatutoryPartner.POLICE, police, approve=False)
    sign(
        version, Agency.StatutoryPartner.POLICE, police, approve=False, comments="Add the exploitation data."
    )
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.DRAFT


def test_a_new_version_voids_earlier_sign_offs(business_unit, signatories):
    version = awaiting(business_unit)
    sign(version, Agency.StatutoryPartner.POLICE, signatories[Agency.StatutoryPartner.POLICE])
    newer = services.add_document_version(
        document=version.document, upload=pdf_upload("v2.pdf"), by=business_unit
    )
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.SUPERSEDED
    assert version.sign_offs.get().voided
    assert newer.number == 2 and newer.status == DocumentVersion.Status.DRAFT


def test_only_the_newest_draft_can_be_sent_for_sign_off(business_unit):
    first = services.add_document_version(document=a_document(), upload=pdf_upload(), by=business_unit)
    services.add_document_version(document=first.document, upload=pdf_upload("v2.pdf"), by=business_unit)
    first.refresh_from_db()
    with pytest.raises(ValidationError):
        services.send_for_sign_off(version=first, by=business_unit)


def test_publishing_needs_every_signature_and_the_stable_link_serves_it(
    business_unit, signatories, signed_in_client
):
    version = awaiting(business_unit)
    with pytest.raises(ValidationError, match="signed off by every signatory"):
        services.publish_version(version=version, by=business_unit)
    for slot, user in signatories.items():
        sign(version, slot, user)
    version.refresh_from_db()
    services.publish_version(version=version, by=business_unit)
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    response = client.get(reverse("governance:published_file", args=[version.document_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_published_yearly_report_must_reach_the_panel_within_seven_days(business_unit, signatories):
    version = awaiting(business_unit)
    for slot, user in signatories.items():
        sign(version, slot, user)
    # Signed before it was published (a publication date cannot precede the sign-off).
    version.sign_offs.update(signed_at=timezone.make_aware(datetime(2026, 8, 28, 10, 0)))
    version.refresh_from_db()
    services.publish_version(version=version, by=business_unit, published_on=date(2026, 9, 1))
    due = {d.key: d for d in deadlines(date(2026, 9, 2))}
    sending = due[f"governance:yearly-report-sending:{version.pk}"]
    assert sending.due_on == date(2026, 9, 8) and sending.statutory
    services.record_sent_to_panel(version=version, sent_on=date(2026, 9, 4), by=business_unit)
    assert f"governance:yearly-report-sending:{version.pk}" not in {
        d.key for d in deadlines(date(2026, 9, 2))
    }


def test_a_sign_off_awaiting_is_a_deadline_for_those_yet_to_sign(business_unit, signatories):
    version = awaiting(business_unit)
    sign(version, Agency.StatutoryPartner.POLICE, signatories[Agency.StatutoryPartner.POLICE])
    due = {d.key: d for d in deadlines(date.today())}[f"governance:sign-off:{version.pk}"]
    assert signatories[Agency.StatutoryPartner.POLICE].email not in due.responsible
    assert signatories[Agency.StatutoryPartner.LOCAL_AUTHORITY].email in due.responsible
    assert signatories[SignOff.SCRUTINEER].email in due.responsible


def test_a_document_past_its_review_date_is_a_deadline_for_its_owner(business_unit):
    owner = PersonFactory(user=UserFactory())
    document = Document.objects.create(
        title="Escalation policy",
        kind=Document.Kind.ESCALATION_POLICY,
        owner=owner,
        review_date=date(2026, 1, 5),
    )
    due = {d.key: d for d in deadlines(date(2026, 2, 1))}
    assert due[f"governance:document-review:{document.pk}:2026-01-05"].responsible == (owner.user.email,)


# Pages


def test_the_business_unit_uploads_a_version_and_a_wrong_file_is_refused(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    document = a_document(Document.Kind.THRESHOLD)
    url = reverse("governance:version_add", args=[document.pk])
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(url, {"file": bad})
    assert "There is a problem" in response.content.decode()
    assert not document.versions.exists()
    response = client.post(url, {"file": pdf_upload(), "notes": "First draft"})
    assert response.status_code == 302
    assert document.versions.get().notes == "First draft"


def test_the_sign_off_page_shows_exactly_what_is_approved_and_records_the_decision(
    business_unit, signatories, client
):
    version = awaiting(business_unit)
    police = signatories[Agency.StatutoryPartner.POLICE]
    client.force_login(police)
    url = reverse("governance:version_detail", args=[version.pk])
    page = client.get(url).content.decode()
    assert version.sha256 in page
    assert "Your decision" in page
    response = client.post(
        url, {"decision": "approve", "slot": Agency.StatutoryPartner.POLICE, "sha256": version.sha256}
    )
    assert response.status_code == 302
    sign_off = version.sign_offs.get()
    assert sign_off.signed_by == police and sign_off.sha256 == version.sha256


def test_signing_again_from_a_form_left_open_says_the_decision_is_already_recorded(
    business_unit, signatories, client
):
    """Back and resubmit, or a second tab: one signature, and words that say why."""
    version = awaiting(business_unit)
    police = signatories[Agency.StatutoryPartner.POLICE]
    client.force_login(police)
    url = reverse("governance:version_detail", args=[version.pk])
    data = {"decision": "approve", "slot": Agency.StatutoryPartner.POLICE, "sha256": version.sha256}
    client.post(url, data)
    page = client.post(url, data, follow=True).content.decode()
    assert "You have already recorded your decision on this version" in page
    assert version.sign_offs.count() == 1


def test_returning_without_comments_shows_the_error_summary(business_unit, signatories, client):
    version = awaiting(business_unit)
    client.force_login(signatories[SignOff.SCRUTINEER])
    url = reverse("governance:version_detail", args=[version.pk])
    response = client.post(url, {"decision": "return", "slot": SignOff.SCRUTINEER, "sha256": version.sha256})
    page = response.content.decode()
    assert "There is a problem" in page and "Say what needs to change" in page
    assert not version.sign_offs.exists()


def test_history_shows_the_whole_sign_off_trail(business_unit, signatories, client):
    version = awaiting(business_unit)
    sign(version, Agency.StatutoryPartner.POLICE, signatories[Agency.StatutoryPartner.POLICE])
    client.force_login(business_unit)
    url = reverse(
        "governance:history",
        kwargs={"app_label": "governance", "model_name": "documentversion", "pk": version.pk},
    )
    page = client.get(url).content.decode()
    assert "Awaiting sign-off" in page and "Draft" in page


def test_budget_shows_each_partners_contribution_and_spending(signed_in_client):
    from governance.models import BudgetContribution, BudgetSpend

    client, _ = signed_in_client(roles.EXECUTIVE_MEMBER)
    police = AgencyFactory(name="Met Police", statutory_partner=Agency.StatutoryPartner.POLICE)
    BudgetContribution.objects.create(financial_year=2025, agency=police, amount=5000)
    BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.SCRUTINY, amount=38000)
    page = client.get(reverse("governance:budget")).content.decode()
    assert "2025-26" in page and "Met Police" in page and "£5,000" in page
    assert "Independent scrutiny" in page and "£38,000" in page
    assert "<svg" in page and "Spending by category, 2025-26" in page


def test_a_second_contribution_for_the_same_partner_and_year_is_refused(signed_in_client):
    from governance.models import BudgetContribution

    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    police = AgencyFactory(name="Met Police", statutory_partner=Agency.StatutoryPartner.POLICE)
    BudgetContribution.objects.create(financial_year=2025, agency=police, amount=5000)
    response = client.post(
        reverse("governance:contribution_add"),
        {"financial_year": 2025, "agency": police.pk, "amount": "6000"},
    )
    assert "There is a problem" in response.content.decode()
    assert BudgetContribution.objects.get().amount == 5000


def test_a_draft_sent_for_sign_off_has_a_due_date_two_working_weeks_later(business_unit):
    version = awaiting(business_unit)
    due = {d.key: d for d in deadlines(date.today())}[f"governance:sign-off:{version.pk}"]
    assert due.due_on > version.sent_for_sign_off_on + timedelta(days=11)
