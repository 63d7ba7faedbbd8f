"""The security audit trail: sign-in successes and failures, the lockout key, and the
limit on two-factor codes."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger("security")


def client_ip(request) -> str:
    """The client's address, trusting X-Forwarded-For only as far as our own proxies.

    Each of our PROXY_COUNT proxies appends the address it saw, so the client is the
    PROXY_COUNT-th entry from the right; anything further left is the client's to forge.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def client_address(request) -> str:
    if request is None:
        return "-"
    return client_ip(request) or "-"


def axes_username(request, credentials) -> str:
    """The account a sign-in attempt is for, however the form named the field.

    allauth passes the email as ``email`` to authenticate(); its form posts it as
    ``login``. Lower-cased so that case changes do not reset the failure count.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        value = request.POST.get("login") or request.POST.get("email")
    return (value or "").strip().lower()


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    logger.info("sign-in succeeded user_id=%s address=%s", user.pk, client_address(request))


@receiver(user_login_failed)
def log_sign_in_failure(sender, credentials, request=None, **kwargs):
    # The attempted account is recorded, never the password (credentials are cleansed).
    logger.warning(
        "sign-in failed account=%s address=%s", axes_username(request, credentials), client_address(request)
    )


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    logger.info("sign-out user_id=%s address=%s", getattr(user, "pk", None), client_address(request))


# Two-factor codes. django-axes guards the password; once it is given, each code tried
# (authenticator or recovery, at sign-in, reauthentication or set-up) is counted against
# the account here, in the database, so the limit holds whether or not the cache is up.
TWO_FACTOR_PAUSED = "paused"
TWO_FACTOR_LOCKED = "locked"


def two_factor_refusal(user, now=None) -> str | None:
    """Why no code may be tried for this account now, if that is so.

    Locked: the lockout number of wrong codes in a row, the last within the lockout
    time. Once that time has passed one more code may be tried, and a wrong one locks
    the account again. Paused: a multiple of the pause number of wrong codes in a row,
    the last under a minute ago.
    """
    failures, last = user.two_factor_failures, user.two_factor_failed_at
    if not failures or last is None:
        return None
    now = now or timezone.now()
    if failures >= settings.TWO_FACTOR_LOCKOUT_FAILURES:
        return TWO_FACTOR_LOCKED if now < last + settings.TWO_FACTOR_LOCKOUT_TIME else None
    if failures % settings.TWO_FACTOR_FAILURES_BEFORE_PAUSE == 0 and now < last + settings.TWO_FACTOR_PAUSE:
        return TWO_FACTOR_PAUSED
    return None


@transaction.atomic
def claim_two_factor_attempt(*, user, purpose: str, request=None) -> str | None:
    """Count a code as wrong before it is checked (a right one resets the count), so
    that codes sent at once cannot all be checked before any is counted. Returns why
    the attempt is refused, if it is; then nothing is counted and no code is checked."""
    now = timezone.now()
    current = (
        get_user_model()
        .objects.select_for_update()
        .only("pk", "two_factor_failures", "two_factor_failed_at")
        .get(pk=user.pk)
    )
    refusal = two_factor_refusal(current, now)
    if refusal is None:
        current.two_factor_failures += 1
        current.two_factor_failed_at = now
        get_user_model().objects.filter(pk=user.pk).update(
            two_factor_failures=current.two_factor_failures, two_factor_failed_at=now
        )
    else:
        logger.warning(
            "two-factor code refused (%s) user_id=%s purpose=%s failures=%s address=%s",
            refusal,
            user.pk,
            purpose,
            current.two_factor_failures,
            client_address(request),
        )
    user.two_factor_failures = current.two_factor_failures
    user.two_factor_failed_at = current.two_factor_failed_at
    return refusal


def two_factor_code_failed(*, user, purpose: str, request=None) -> str | None:
    """Log a wrong code (never the code itself); returns whether the account is now
    paused or locked."""
    logger.warning(
        "two-factor code failed user_id=%s purpose=%s failures=%s address=%s",
        user.pk,
        purpose,
        user.two_factor_failures,
        client_address(request),
    )
    refusal = two_factor_refusal(user)
    if refusal == TWO_FACTOR_LOCKED:
        logger.warning(
            "two-factor locked user_id=%s failures=%s address=%s",
            user.pk,
            user.two_factor_failures,
            client_address(request),
        )
    return refusal


def reset_two_factor_failures(*, user) -> None:
    get_user_model().objects.filter(pk=user.pk).update(two_factor_failures=0, two_factor_failed_at=None)
    user.two_factor_failures = 0
    user.two_factor_failed_at = None
