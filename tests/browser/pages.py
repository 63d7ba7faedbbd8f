"""Page objects for the browser journeys. Each arrival on a page runs the axe check."""

from dataclasses import dataclass
from datetime import date

from playwright.sync_api import Locator, Page, expect

from tests.browser.axe import assert_accessible

# The backend a sign-in through the form records (allauth's, not Axes' or rules').
SIGN_IN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def signed_in_session(user) -> str:
    """The key of a new session signed in as `user`, as the sign-in form and, for those
    with an authenticator app, the two-factor step leave it: Django's login and allauth's
    record of each step (what its reauthentication reads)."""
    from importlib import import_module

    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest

    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend=SIGN_IN_BACKEND)
    record_authentication(request, user, method="password", email=user.email)
    for authenticator in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP):
        record_authentication(request, user, method="mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
    return request.session.session_key


@dataclass
class Site:
    """The service as a journey uses it, on one browser page."""

    page: Page
    base_url: str

    def open_sign_in(self) -> "SignInPage":
        self.page.goto(f"{self.base_url}/accounts/login/")
        return SignInPage(self.page).arrived()

    def open(self, path: str) -> Page:
        self.page.goto(f"{self.base_url}{path}")
        assert_accessible(self.page)
        return self.page

    def sign_in(self, user) -> "HomePage":
        """Signed in as `user` through a session cookie made on the server, then on My
        work. Two-factor sign-in is still required: a user who needs it and has no
        authenticator app is sent to set one up. The form and the two-factor step
        themselves are driven in test_sign_in_journeys.py."""
        from django.conf import settings

        self.page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": signed_in_session(user),
                    "url": self.base_url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )
        self.page.goto(f"{self.base_url}/")
        return HomePage(self.page).arrived()

    def sign_out(self) -> "SignInPage":
        self.page.get_by_role("button", name="Sign out").click()
        return SignInPage(self.page).arrived()

    def main(self) -> Locator:
        return self.page.locator("main")

    def follow(self, name: str, *, exact: bool = False) -> None:
        """Follow the first link so named in the page's main content, then check the page."""
        self.main().get_by_role("link", name=name, exact=exact).first.click()
        assert_accessible(self.page)

    def submit(self, label: str) -> None:
        """Press the main content's button with that label, then check the page it gives."""
        self.main().get_by_role("button", name=label).click()
        assert_accessible(self.page)

    def fill_date(self, field: str, day: date) -> None:
        """Fill a GOV.UK date input (day, month and year boxes) of the form field."""
        self.page.locator(f"#id_{field}_0").fill(str(day.day))
        self.page.locator(f"#id_{field}_1").fill(str(day.month))
        self.page.locator(f"#id_{field}_2").fill(str(day.year))

    def error_summary(self) -> Locator:
        return self.page.locator(".govuk-error-summary")


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

    def error_summary(self) -> Locator:
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
