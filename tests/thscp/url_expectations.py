from governance import roles
from tests.url_matrix import ANY_ROLE, Expect, allowed

DATASET_ROLES = [
    roles.BUSINESS_UNIT,
    roles.EXECUTIVE_MEMBER,
    roles.AGENCY_DATA_LEAD,
    roles.INDEPENDENT_SCRUTINEER,
    roles.SUB_GROUP_CHAIR,
]
REPORT_ROLES = [roles.BUSINESS_UNIT, roles.EXECUTIVE_MEMBER, roles.INDEPENDENT_SCRUTINEER]

# The area pages of apps that later issues fill; each moves to its app's own
# url_expectations.py when that app has more pages.
EXPECTATIONS = {
    "priorities:index": Expect(allowed(ANY_ROLE)),
    "dataset:index": Expect(allowed(DATASET_ROLES)),
    "training:index": Expect(allowed(ANY_ROLE)),
    "reports:index": Expect(allowed(REPORT_ROLES)),
    "reminders": Expect(allowed([roles.BUSINESS_UNIT])),
}
