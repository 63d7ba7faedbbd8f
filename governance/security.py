"""The security audit trail: sign-in successes and failures, and the lockout key."""

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

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
