"""Who may do what in governance, and which areas of the product each role may use.

Views and templates ask these permissions (``has_perm``); nothing else decides.
"""

import rules

from . import roles


def has_role(*names):
    @rules.predicate(name=f"has_role({', '.join(names)})")
    def predicate(user):
        return bool(user and user.is_authenticated and user.has_role(*names))

    return predicate


is_business_unit = has_role(roles.BUSINESS_UNIT)
is_executive_member = has_role(roles.EXECUTIVE_MEMBER)
is_sub_group_chair = has_role(roles.SUB_GROUP_CHAIR)
is_group_member = has_role(roles.GROUP_MEMBER)
is_agency_data_lead = has_role(roles.AGENCY_DATA_LEAD)
is_independent_scrutineer = has_role(roles.INDEPENDENT_SCRUTINEER)
is_young_scrutineer = has_role(roles.YOUNG_SCRUTINEER)
is_rapid_review_panel = has_role(roles.RAPID_REVIEW_PANEL)
has_any_role = has_role(*roles.ALL_ROLES)


@rules.predicate
def chairs_group(user, group):
    """The user chairs or vice-chairs this partnership group."""
    if group is None or not user.is_authenticated:
        return False
    person_id = getattr(getattr(user, "person", None), "pk", None)
    return person_id is not None and person_id in (group.chair_id, group.vice_chair_id)


# The areas of the product. Each app's index page and navigation entry ask these.
rules.add_perm("governance.access_area", has_any_role)
rules.add_perm("governance.view_partnershipgroup", has_any_role)
rules.add_perm("governance.change_partnershipgroup", is_business_unit | (is_sub_group_chair & chairs_group))
rules.add_perm("governance.view_agency", has_any_role)
# The contacts directory holds personal data: those who run or chair the partnership.
rules.add_perm(
    "governance.view_person",
    is_business_unit | is_executive_member | is_sub_group_chair | is_independent_scrutineer,
)
rules.add_perm("governance.view_user", is_business_unit)
