from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


@register(Tags.caches, deploy=True)
def shared_state_for_several_web_nodes(app_configs, **kwargs):
    """Object storage means several nodes may serve: then nothing may live in one node's
    memory. Rate-limit counters and used authenticator codes are in the cache."""
    from .storage import uses_object_storage

    backend = settings.CACHES["default"]["BACKEND"]
    if uses_object_storage() and backend.endswith("LocMemCache"):
        return [
            Warning(
                "Files are in object storage, as for several web nodes, but the cache is in each "
                "process's memory: rate limits and used two-factor codes would not be shared.",
                hint="Set REDIS_URL.",
                id="thscp.W001",
            )
        ]
    return []
