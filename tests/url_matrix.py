"""The vocabulary of the every-URL permission test.

Each app lists its own pages in tests/<app>/url_expectations.py as EXPECTATIONS:
{url name: Expect(status_for_visitor, kwargs_factory)}; tests/thscp/test_every_url.py
collects them all and requests every URL of the URL conf as each kind of visitor.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from governance import roles

ANONYMOUS = "anonymous"
NO_ROLE = "signed in with no role"
VISITORS = [ANONYMOUS, NO_ROLE, *roles.ALL_ROLES]
EVERYONE = [*roles.ALL_ROLES, NO_ROLE]
ANY_ROLE = list(roles.ALL_ROLES)
CASE_ROLES = list(roles.CASE_DATA_ROLES)


def allowed(roles_allowed, denied=403, ok=200):
    """`ok` for the roles named, `denied` for other signed-in users, sign-in for anonymous."""
    return lambda who: ok if who in roles_allowed else (302 if who == ANONYMOUS else denied)


@dataclass(frozen=True)
class Expect:
    status: Callable[[str], int]
    # Builds the URL's keyword arguments (may create records); called inside the test.
    kwargs: Callable[[], dict] = field(default=lambda: {})
