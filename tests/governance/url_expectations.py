from governance import roles
from tests.governance.factories import PersonFactory
from tests.url_matrix import ANY_ROLE, EVERYONE, Expect, allowed

CONTACTS_ROLES = [
    roles.BUSINESS_UNIT,
    roles.EXECUTIVE_MEMBER,
    roles.SUB_GROUP_CHAIR,
    roles.INDEPENDENT_SCRUTINEER,
]


def _person_history():
    return {"app_label": "governance", "model_name": "person", "pk": PersonFactory().pk}


EXPECTATIONS = {
    "home": Expect(allowed(EVERYONE)),
    "accessibility": Expect(lambda who: 200),
    "governance:index": Expect(allowed(ANY_ROLE)),
    # A record one may not see is answered as if it did not exist.
    "governance:history": Expect(allowed(CONTACTS_ROLES, denied=404), _person_history),
}
