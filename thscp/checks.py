from django.conf import settings
from django.core.checks import Error, Tags, register

from .startup import MISSING_SECRET_KEY, refuse_to_start_without_a_secret_key


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    try:
        refuse_to_start_without_a_secret_key()
    except Exception:  # noqa: BLE001 - ImproperlyConfigured, reported as a check error
        return [Error(MISSING_SECRET_KEY, hint="Set SECRET_KEY in the environment.", id="thscp.E001")]
    return []
