"""Every URL the project has, requested as each role: the expected status, never a 500.

The URLs are enumerated from the URL conf, so a new page is tested the day it is
added: a page with no expectation below fails this test until one is written.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from governance import roles
from tests.governance.factories import PersonFactory

ANONYMOUS = "anonymous"
NO_ROLE = "signed in with no role"
EVERYONE = [*roles.ALL_ROLES, NO_ROLE]
ANY_ROLE = roles.ALL_ROLES
CASE_ROLES = [roles.BUSINESS_UNIT, roles.RAPID_REVIEW_PANEL, roles.EXECUTIVE_MEMBER]
CONTACTS_ROLES = [
    roles.BUSINESS_UNIT,
    roles.EXECUTIVE_MEMBER,
    roles.SUB_GROUP_CHAIR,
    roles.INDEPENDENT_SCRUTINEER,
]
DATASET_ROLES = [
    roles.BUSINESS_UNIT,
    roles.EXECUTIVE_MEMBER,
    roles.AGENCY_DATA_LEAD,
    roles.INDEPENDENT_SCRUTINEER,
    roles.SUB_GROUP_CHAIR,
]
REPORT_ROLES = [roles.BUSINESS_UNIT, roles.EXECUTIVE_MEMBER, roles.INDEPENDENT_SCRUTINEER]


def allowed(roles_allowed, denied=403):
    """200 for the roles named, `denied` for other signed-in users, sign-in for anonymous."""
    return lambda who: 200 if who in roles_allowed else (302 if who == ANONYMOUS else denied)


# The project's own pages: exact status for each kind of visitor.
EXPECTED = {
    "home": allowed(EVERYONE),
    "accessibility": lambda who: 200,
    "governance:index": allowed(ANY_ROLE),
    # A record one may not see is answered as if it did not exist.
    "governance:history": allowed(CONTACTS_ROLES, denied=404),
    "reviews:index": allowed(CASE_ROLES),
    "priorities:index": allowed(ANY_ROLE),
    "dataset:index": allowed(DATASET_ROLES),
    "training:index": allowed(ANY_ROLE),
    "reports:index": allowed(REPORT_ROLES),
}

# Pages from django-allauth: sign-in, password and two-factor flows. Their status
# depends on the flow's state; what matters here is that none fails or leaks.
THIRD_PARTY_OK = {200, 302, 404, 405}


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


def concrete_path(route: str, samples: dict) -> str:
    """Turn a route (path converters or regex) into a requestable path."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(samples[m.group(1)]), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(samples[m.group(1)]), path)
    path = re.sub(r"\([^)]*\)", "1", path)
    return "/" + path.replace("^", "").replace("$", "")


ALL_ROUTES = sorted(set(walk(get_resolver())), key=lambda item: item[0])


def test_every_project_page_has_an_expectation():
    own = {name for _, name in ALL_ROUTES if name and not _is_third_party(name)}
    assert own <= set(EXPECTED), f"Add expectations for: {sorted(own - set(EXPECTED))}"
    assert set(EXPECTED) <= own, f"Expectations for pages that no longer exist: {sorted(set(EXPECTED) - own)}"


def _is_third_party(name):
    return name is None or name.startswith(("admin:", "account_", "mfa_"))


@pytest.fixture
def samples(db):
    person = PersonFactory()
    return {
        "app_label": "governance",
        "model_name": "person",
        "pk": person.pk,
        "object_id": 1,
        "id": 1,
        "content_type_id": 1,
        "key": "not-a-real-key",
        "uidb36": "1",
        "url": "no-such-page/",
    }


@pytest.mark.parametrize("who", [ANONYMOUS, NO_ROLE, *roles.ALL_ROLES])
def test_every_url_answers_each_role_as_expected(client, make_user, samples, who):
    if who != ANONYMOUS:
        user = make_user() if who == NO_ROLE else make_user(who)
        client.force_login(user)
    failures = []
    for route, name in ALL_ROUTES:
        path = concrete_path(route, samples)
        response = client.get(path)
        if name in EXPECTED:
            expected = EXPECTED[name](who)
            if response.status_code != expected:
                failures.append(f"{path} ({name}): {response.status_code}, expected {expected}")
        elif name is None or name.startswith("admin:"):
            # The admin is for superusers only: everyone else is sent to sign in.
            if response.status_code != 302:
                failures.append(f"{path} ({name}): {response.status_code}, expected 302 (admin)")
        elif response.status_code not in THIRD_PARTY_OK:
            failures.append(f"{path} ({name}): {response.status_code}")
    assert not failures, "\n".join(failures)
