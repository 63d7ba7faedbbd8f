import pytest
from playwright.sync_api import expect

from governance import roles
from tests.browser.axe import assert_accessible
from tests.browser.pages import HomePage, TwoFactorPage
from tests.conftest import current_totp_code

pytestmark = pytest.mark.django_db(transaction=True)

# What each role sees in the service navigation, besides "My work".
NAVIGATION = {
    roles.BUSINESS_UNIT: [
        "Governance", "Reviews", "Learning", "Priorities", "Dataset", "Training", "Reports", "Reminders",
    ],
    roles.EXECUTIVE_MEMBER: [
        "Governance", "Reviews", "Learning", "Priorities", "Dataset", "Training", "Reports",
    ],
    roles.SUB_GROUP_CHAIR: ["Governance", "Learning", "Priorities", "Dataset", "Training"],
    roles.GROUP_MEMBER: ["Governance", "Learning", "Priorities", "Training"],
    roles.AGENCY_DATA_LEAD: ["Governance", "Learning", "Priorities", "Dataset", "Training"],
    roles.INDEPENDENT_SCRUTINEER: ["Governance", "Learning", "Priorities", "Dataset", "Training", "Reports"],
    roles.YOUNG_SCRUTINEER: ["Governance", "Learning", "Priorities", "Training"],
    roles.RAPID_REVIEW_PANEL: ["Governance", "Reviews", "Learning", "Priorities", "Training"],
}  # fmt: skip


@pytest.mark.parametrize("role_name", roles.ALL_ROLES)
def test_each_role_signs_in_sees_its_navigation_and_signs_out(site, make_user, password, role_name):
    user = make_user(role_name)
    site.open_sign_in().submit(user.email, password)
    if user.needs_two_factor:
        TwoFactorPage(site.page).arrived().enter_code(current_totp_code(user.totp_secret))
    home = HomePage(site.page).arrived()
    assert home.navigation_labels() == ["My work", *NAVIGATION[role_name]]
    for label in NAVIGATION[role_name]:
        site.page.get_by_role("navigation", name="Menu").get_by_role("link", name=label).click()
        expect(site.page.get_by_role("heading", level=1)).to_contain_text(label)
        assert_accessible(site.page)
    site.page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    HomePage(site.page).arrived().sign_out()
    site.page.goto(f"{site.base_url}/")
    expect(site.page).to_have_url(f"{site.base_url}/accounts/login/?next=/")


def test_a_failed_sign_in_shows_the_error_summary(site, make_user):
    user = make_user(roles.GROUP_MEMBER)
    sign_in = site.open_sign_in()
    sign_in.submit(user.email, "not the right password")
    expect(sign_in.error_summary()).to_be_visible()
    expect(sign_in.error_summary()).to_contain_text("There is a problem")
    expect(site.page).to_have_title(f"Error: Sign in – {site.page.title().split('– ', 1)[1]}")
    assert_accessible(site.page)


def test_repeated_failures_lock_the_account_out(site, make_user, password):
    user = make_user(roles.GROUP_MEMBER)
    sign_in = site.open_sign_in()
    for _ in range(4):
        sign_in.submit(user.email, "not the right password")
        expect(sign_in.error_summary()).to_be_visible()
    sign_in.submit(user.email, "not the right password")
    expect(site.page.get_by_role("heading", level=1)).to_have_text("You cannot sign in for now")
    assert_accessible(site.page)
    # Even the right password is refused until the cool-off has passed.
    site.open_sign_in().submit(user.email, password)
    expect(site.page.get_by_role("heading", level=1)).to_have_text("You cannot sign in for now")
    site.page.goto(f"{site.base_url}/")
    expect(site.page).to_have_url(f"{site.base_url}/accounts/login/?next=/")


def test_a_page_the_role_may_not_use_is_refused_plainly(site, make_user):
    site.sign_in(make_user(roles.YOUNG_SCRUTINEER))
    page = site.open("/reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
