from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render

from . import security


class PartnershipAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the business unit, never by self sign-up."""

    def is_open_for_signup(self, request):
        return False


def two_factor_lockout_response(request):
    # 429, as django-axes answers a locked-out password sign-in.
    return render(
        request,
        "account/two_factor_lockout.html",
        {"lockout_minutes": int(settings.TWO_FACTOR_LOCKOUT_TIME.total_seconds() // 60)},
        status=429,
    )


class LimitedCodeMixin:
    """Every code tried on this form counts against the account's limit
    (governance.security): refused outright while paused or locked, so that even the
    right code is not accepted then; each wrong one logged; a right one resets the count."""

    purpose = "sign-in"

    def clean_code(self):
        request = context.request
        refusal = security.claim_two_factor_attempt(user=self.user, purpose=self.purpose, request=request)
        self._refuse(refusal, request)
        try:
            code = super().clean_code()
        except ValidationError:
            self._refuse(
                security.two_factor_code_failed(user=self.user, purpose=self.purpose, request=request),
                request,
            )
            raise
        security.reset_two_factor_failures(user=self.user)
        return code

    def _refuse(self, refusal, request):
        if refusal == security.TWO_FACTOR_LOCKED:
            raise ImmediateHttpResponse(two_factor_lockout_response(request))
        if refusal == security.TWO_FACTOR_PAUSED:
            raise ValidationError(
                "You have entered too many wrong codes. Wait 1 minute, then try again",
                code="two_factor_paused",
            )


class LimitedAuthenticateForm(LimitedCodeMixin, AuthenticateForm):
    purpose = "sign-in"


class LimitedReauthenticateForm(LimitedCodeMixin, ReauthenticateForm):
    purpose = "reauthentication"


class LimitedActivateTOTPForm(LimitedCodeMixin, ActivateTOTPForm):
    purpose = "set-up"
