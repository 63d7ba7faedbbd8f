"""Checks a serving process makes before it starts."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = "SECRET_KEY must be set when DEBUG is off."  # noqa: S105 - a message, not a key


def refuse_to_start_without_a_secret_key() -> None:
    """A web or worker process without a secret key would sign sessions and password
    reset links with nothing: it must not start at all."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    if not key:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)
