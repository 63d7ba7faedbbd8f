"""A Redis cache that degrades instead of failing when Redis is down.

The cache holds nothing that pages need to be correct (rate-limit counters, used
authenticator codes), so an unreachable Redis must not turn every page into an
error: reads miss, writes are dropped, and the failure is logged.
"""

import logging

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


def _tolerant(method_name, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), method_name)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - redis-py raises several unrelated types
            logger.warning("cache %s failed, carrying on without it: %s", method_name, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = method_name
    return method


class ResilientRedisCache(RedisCache):
    get = _tolerant("get", lambda key, default=None, version=None: default)
    get_many = _tolerant("get_many", {})
    set = _tolerant("set", None)
    add = _tolerant("add", True)
    set_many = _tolerant("set_many", [])
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
    has_key = _tolerant("has_key", False)
    touch = _tolerant("touch", False)
    incr = _tolerant("incr", lambda key, delta=1, version=None: delta)
    clear = _tolerant("clear", None)
