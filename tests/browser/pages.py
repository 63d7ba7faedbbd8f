"""Page objects for the browser journeys. Each arrival on a page runs the axe check."""

from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible


@dataclass
class Site:
    page: Page
    base_url: str

    def open_sign_in(self) -> "SignInPage":
        self.page.goto(f"{self.base_url}/accounts/login/")
        return SignInPage(self.page).arrived()

    def open(self, path: str) -> Page:
        self.page.goto(f"{self.base_url}{path}")
        assert_accessible(self.page)
        return self.page


class SignInPage:
    def __init__(self, page: Page):
        self.page = page

    def arrived(self) -> "SignInPage":
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Sign in")
        assert_accessible(self.page)
        return self

    def submit(self, email: str, password: str) -> None:
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def error_summary(self):
        return self.page.locator(".govuk-error-summary")


class TwoFactorPage:
    def __init__(self, page: Page):
        self.page = page

    def arrived(self) -> "TwoFactorPage":
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Two-Factor Authentication")
        assert_accessible(self.page)
        return self

    def enter_code(self, code: str) -> None:
        self.page.get_by_label("Code").fill(code)
        self.page.get_by_role("button", name="Sign In").click()


class HomePage:
    def __init__(self, page: Page):
        self.page = page

    def arrived(self) -> "HomePage":
        expect(self.page.get_by_role("heading", level=1)).to_have_text("My work")
        assert_accessible(self.page)
        return self

    def navigation_labels(self) -> list[str]:
        links = self.page.get_by_role("navigation", name="Menu").get_by_role("link")
        return [text.strip() for text in links.all_inner_texts()]

    def sign_out(self) -> SignInPage:
        self.page.get_by_role("button", name="Sign out").click()
        return SignInPage(self.page).arrived()
