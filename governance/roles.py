"""The roles of the product, held as Django groups created by a data migration.

The names are part of the product's contract (the issue fixes them); code refers
to these constants, never to literal strings.
"""

BUSINESS_UNIT = "Business unit"
EXECUTIVE_MEMBER = "Executive member"
SUB_GROUP_CHAIR = "Sub-group chair"
GROUP_MEMBER = "Group member"
AGENCY_DATA_LEAD = "Agency data lead"
INDEPENDENT_SCRUTINEER = "Independent scrutineer"
YOUNG_SCRUTINEER = "Young scrutineer"
RAPID_REVIEW_PANEL = "Rapid review panel"

ALL_ROLES = [
    BUSINESS_UNIT,
    EXECUTIVE_MEMBER,
    SUB_GROUP_CHAIR,
    GROUP_MEMBER,
    AGENCY_DATA_LEAD,
    INDEPENDENT_SCRUTINEER,
    YOUNG_SCRUTINEER,
    RAPID_REVIEW_PANEL,
]

# Roles that can see confidential case data, and so must use two-factor sign-in.
CASE_DATA_ROLES = [BUSINESS_UNIT, RAPID_REVIEW_PANEL, EXECUTIVE_MEMBER]
