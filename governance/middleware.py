import logging
import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .security import client_address

logger = logging.getLogger("security")

SESSION_STARTED_KEY = "session_started_at"


class AbsoluteSessionLifetimeMiddleware:
    """Ends a session a fixed time after sign-in, however active it has been.

    Idle expiry comes from SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST; this
    adds the absolute lifetime that ASVS 3.3 asks for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logger.info("session ended at absolute lifetime user_id=%s", request.user.pk)
                logout(request)
                return redirect(f"{reverse('account_login')}?next={request.path}")
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Roles that can see case data must set up two-factor sign-in before anything else."""

    allowed_prefixes = ("/accounts/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REQUIRE_TWO_FACTOR
            and request.user.is_authenticated
            and request.user.needs_two_factor
            # path_info, not path: a SCRIPT_NAME of "/accounts" must not make every page exempt.
            and not request.path_info.startswith(self.allowed_prefixes)
            and not is_mfa_enabled(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class DeniedRequestLoggingMiddleware:
    """Every refused request (403) goes into the security log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            logger.warning(
                "request denied status=403 user_id=%s method=%s path=%s address=%s",
                getattr(user, "pk", None),
                request.method,
                request.path,
                client_address(request),
            )
        return response


class NoStoreForSignedInMiddleware:
    """Nothing shown to a signed-in person is kept by the browser or a shared cache:
    every page, file and export of theirs is marked no-store, not view by view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
