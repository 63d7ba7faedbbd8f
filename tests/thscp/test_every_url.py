"""Every URL the project has, requested as each kind of visitor: the expected status,
never a 500.

The URLs are enumerated from the URL conf, so a new page is tested the day it is
added: a page with no expectation in some tests/<app>/url_expectations.py fails
this test until one is written.
"""

import importlib
import pkgutil
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.url_matrix import ANONYMOUS, NO_ROLE, VISITORS

# Pages from django-allauth: sign-in, password and two-factor flows. Their status
# depends on the flow's state; what matters here is that none fails or leaks.
THIRD_PARTY_OK = {200, 302, 404, 405}
THIRD_PARTY_SAMPLES = {"object_id": 1, "id": 1, "content_type_id": 1, "key": "not-a-key", "uidb36": "1"}


def collect_expectations() -> dict:
    collected = {}
    for module_info in pkgutil.iter_modules(tests.__path__):
        try:
            module = importlib.import_module(f"tests.{module_info.name}.url_expectations")
        except ModuleNotFoundError:
            continue
        overlap = set(collected) & set(module.EXPECTATIONS)
        assert not overlap, f"Expectations given twice: {overlap}"
        collected.update(module.EXPECTATIONS)
    return collected


EXPECTATIONS = collect_expectations()


def walk(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield prefix + str(pattern.pattern), name


def third_party_path(route: str) -> str:
    """Turn a route (path converters or regex) into a requestable path."""
    samples = {**THIRD_PARTY_SAMPLES, "url": "no-such-page/", "app_label": "governance"}
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(samples[m.group(1)]), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(samples[m.group(1)]), path)
    path = re.sub(r"\([^)]*\)", "1", path)
    return "/" + path.replace("^", "").replace("$", "")


def is_third_party(name):
    return name is None or name.startswith(("admin:", "account_", "mfa_"))


ALL_ROUTES = sorted(set(walk(get_resolver())), key=lambda item: item[0])


def test_every_project_page_has_an_expectation():
    own = {name for _, name in ALL_ROUTES if not is_third_party(name)}
    assert own <= set(EXPECTATIONS), f"Add expectations for: {sorted(own - set(EXPECTATIONS))}"
    gone = set(EXPECTATIONS) - own
    assert not gone, f"Expectations for pages that no longer exist: {sorted(gone)}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", VISITORS)
def test_every_url_answers_each_visitor_as_expected(client, make_user, who):
    if who != ANONYMOUS:
        client.force_login(make_user() if who == NO_ROLE else make_user(who))
    failures = []
    for route, name in ALL_ROUTES:
        if name in EXPECTATIONS:
            expectation = EXPECTATIONS[name]
            path = reverse(name, kwargs=expectation.kwargs())
            expected = expectation.status(who)
            status = client.get(path).status_code
            if status != expected:
                failures.append(f"{path} ({name}): {status}, expected {expected}")
            continue
        if not is_third_party(name):
            continue  # reported by test_every_project_page_has_an_expectation
        path = third_party_path(route)
        status = client.get(path).status_code
        if name is None or name.startswith("admin:"):
            # The admin is for superusers only: everyone else is sent to sign in, except
            # that its sign-in page refuses someone already signed in (no loop).
            expected = 403 if who != ANONYMOUS and path == reverse("admin:login") else 302
            if status != expected:
                failures.append(f"{path} ({name}): {status}, expected {expected} (admin)")
        elif status not in THIRD_PARTY_OK:
            failures.append(f"{path} ({name}): {status}")
    assert not failures, "\n".join(failures)
