import time

from django.test import Client, override_settings

from thscp.cache import ResilientRedisCache


def test_an_unreachable_redis_cache_misses_instead_of_failing():
    cache = ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    started = time.monotonic()
    assert cache.get("anything", "default") == "default"
    cache.set("key", "value")
    assert cache.add("key", "value") is True
    assert cache.incr("counter") == 1
    assert time.monotonic() - started < 10


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "thscp.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
)
def test_the_sign_in_page_answers_with_redis_down(db):
    response = Client().post(
        "/accounts/login/", {"login": "someone@example.org", "password": "wrong password"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
