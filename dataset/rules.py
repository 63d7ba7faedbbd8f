import rules

from governance.rules import (
    is_agency_data_lead,
    is_business_unit,
    is_executive_member,
    is_independent_scrutineer,
    is_sub_group_chair,
)

rules.add_perm(
    "dataset.access_area",
    is_business_unit
    | is_executive_member
    | is_agency_data_lead
    | is_independent_scrutineer
    | is_sub_group_chair,
)
