"""Bad filter values in a list's query string are ignored (or answer 404), never 500."""

import pytest

from governance import roles
from governance.filters import parse_whole_number

HUGE = "99999999999999999999"

URLS = [
    f"/governance/actions/?group={HUGE}",
    f"/governance/actions/?theme={HUGE}",
    f"/governance/actions/?owner={HUGE}",
    f"/governance/actions/?page={HUGE}",
    f"/governance/meetings/?group={HUGE}",
    "/governance/meetings/?group=²",
    f"/governance/contacts/?agency={HUGE}",
    "/governance/budget/?year=²",
    f"/governance/budget/?year={HUGE}",
    f"/governance/actions/add/?source=risk:{HUGE}",
    "/governance/actions/add/?source=risk:²",
    f"/governance/actions/add/?group={HUGE}",
    f"/reviews/action-plan/?theme={HUGE}",
    "/reviews/action-plan/?theme=²",
    "/reviews/timeliness/?year=²",
    f"/reviews/timeliness/?year={HUGE}",
    f"/reports/choose/?year={HUGE}",
    "/reports/choose/?year=²",
    f"/reminders/?status={HUGE}",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_a_bad_filter_value_never_fails_the_page(signed_in_client, url):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)

    response = client.get(url)

    assert response.status_code in (200, 302, 400, 404)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        ("012", 12),
        ("", None),
        (None, None),
        ("-1", None),
        ("1.5", None),
        ("²", None),
        (HUGE, None),
    ],
)
def test_parse_whole_number(raw, expected):
    assert parse_whole_number(raw) == expected


def test_parse_whole_number_keeps_only_allowed_values():
    assert parse_whole_number("2025", allowed=[2024, 2025]) == 2025
    assert parse_whole_number("2026", allowed=[2024, 2025]) is None
