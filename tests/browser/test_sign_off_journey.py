"""Issue 6: the yearly report's sign-off in the browser, with the axe check on each page."""

import pytest
from playwright.sync_api import expect

from governance import roles, services
from governance.models import Agency, Document, DocumentVersion, SignOff
from tests.browser.axe import assert_accessible
from tests.governance.factories import AgencyFactory, PersonFactory, pdf_upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_three_partners_and_the_scrutineer_sign_off_then_the_business_unit_publishes(site, make_user):
    business_unit = make_user(roles.BUSINESS_UNIT)
    signers = {}
    for partner, label in Agency.StatutoryPartner.choices:
        user = make_user(roles.EXECUTIVE_MEMBER)
        PersonFactory(user=user, agency=AgencyFactory(name=f"{label} agency", statutory_partner=partner))
        signers[partner] = user
    signers[SignOff.SCRUTINEER] = make_user(roles.INDEPENDENT_SCRUTINEER)
    document = Document.objects.create(
        title="Yearly report 2025-26", kind=Document.Kind.YEARLY_REPORT, owner=PersonFactory()
    )
    version = services.add_document_version(
        document=document, upload=pdf_upload("report.pdf"), by=business_unit
    )
    services.send_for_sign_off(version=version, by=business_unit)
    url = f"{site.base_url}/governance/versions/{version.pk}/"

    for user in signers.values():
        site.sign_in(user)
        site.page.goto(url)
        assert_accessible(site.page)
        expect(site.page.locator("main")).to_contain_text(version.sha256)
        site.page.get_by_label("I approve this version").check()
        site.page.locator("main").get_by_role("button", name="Record my decision").click()
        expect(site.page.locator(".govuk-notification-banner")).to_contain_text(
            "Your decision has been recorded"
        )
        assert_accessible(site.page)
        site.sign_out()

    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.SIGNED_OFF
    site.sign_in(business_unit)
    site.page.goto(url)
    expect(site.page.locator("main")).to_contain_text("This version is locked")
    site.page.locator("main").get_by_role("button", name="Publish").click()
    # Publishing cannot be undone, so it is confirmed first (issue 12).
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Publish version 1?")
    assert_accessible(site.page)
    site.page.locator("main").get_by_role("button", name="Yes, publish it").click()
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text("Published")
    assert_accessible(site.page)
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.PUBLISHED
