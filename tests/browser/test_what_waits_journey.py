"""Issue 12 acceptance: the business unit sends the yearly report (with the arrangements)
for sign-off; each Executive member and the scrutineer sees it on My work and in an
email, signs from one click on My work, and the business unit sees it signed off. The
axe check runs on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from governance import roles, services
from governance.models import Agency, Document, DocumentVersion, SignOff
from tests.browser.axe import assert_accessible
from tests.governance.factories import AgencyFactory, PersonFactory, pdf_upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_signatories_hear_at_once_and_sign_from_one_click_on_my_work(site, make_user, mailoutbox, settings):
    settings.SITE_URL = site.base_url
    business_unit = make_user(roles.BUSINESS_UNIT)
    signers = {}
    for partner, label in Agency.StatutoryPartner.choices:
        user = make_user(roles.EXECUTIVE_MEMBER)
        PersonFactory(user=user, agency=AgencyFactory(name=f"{label} agency", statutory_partner=partner))
        signers[partner] = user
    signers[SignOff.SCRUTINEER] = make_user(roles.INDEPENDENT_SCRUTINEER)
    document = Document.objects.create(
        title="Annual report and arrangements 2025-26",
        kind=Document.Kind.YEARLY_REPORT,
        owner=PersonFactory(),
    )
    version = services.add_document_version(
        document=document, upload=pdf_upload("annual.pdf"), by=business_unit
    )

    # The business unit sends it for sign-off from the version's page.
    site.sign_in(business_unit)
    site.open(version.get_absolute_url())
    site.submit("Send for sign-off")
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text("Sent for sign-off")
    site.sign_out()

    link = f"{site.base_url}{version.get_absolute_url()}#sign-off"
    for number, user in enumerate(signers.values()):
        # The first signs on a phone: the page fits 375 px, the file's SHA-256 included.
        site.page.set_viewport_size({"width": 375 if number == 0 else 1024, "height": 800})
        [email] = [message for message in mailoutbox if message.to == [user.email]]
        assert "Sign off Annual report and arrangements 2025-26, version 1" in email.subject
        assert link in email.body

        home = site.sign_in(user)
        work = site.main().get_by_role("heading", name="Documents waiting for my sign-off")
        expect(work).to_be_visible()
        # One click from My work to the decision.
        site.main().get_by_role("link", name=re.compile("Sign off Annual report and arrangements")).click()
        expect(site.page).to_have_url(link)
        assert_accessible(site.page)
        expect(site.page.locator("#sign-off")).to_have_text("Your decision")
        assert site.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        site.page.get_by_label("I approve this version").check()
        site.submit("Record my decision")
        expect(site.page.locator(".govuk-notification-banner")).to_contain_text(
            "Your decision has been recorded"
        )
        # It has left their My work.
        site.page.goto(f"{site.base_url}/")
        expect(site.main()).not_to_contain_text("Annual report and arrangements")
        home.sign_out()

    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.SIGNED_OFF
    # The last signature told the business unit at once: an email and their My work.
    [email] = [message for message in mailoutbox if message.to == [business_unit.email]]
    assert "Publish Annual report and arrangements 2025-26, version 1" in email.subject
    assert f"{site.base_url}{version.get_absolute_url()}" in email.body
    site.sign_in(business_unit)
    expect(site.main().get_by_role("heading", name="Documents signed off, ready to publish")).to_be_visible()
    site.main().get_by_role("link", name=re.compile("Publish Annual report and arrangements")).click()
    assert_accessible(site.page)
    expect(site.main()).to_contain_text("Signed off")
    expect(site.main()).to_contain_text("This version is locked")
    site.main().get_by_role("button", name="Publish", exact=True).click()
    assert_accessible(site.page)
    site.submit("Yes, publish it")
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text("Published")
    site.page.goto(f"{site.base_url}/")
    expect(site.main()).not_to_contain_text("ready to publish")
