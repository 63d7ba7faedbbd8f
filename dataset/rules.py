"""Who may do what in the dataset, and which parts of a figure each person may see.

The business unit keeps the catalogue and reviews returns. An agency data lead sees and
changes only their own agency's returns. The Executive, sub-group chairs and the
independent scrutineer read every return's status and the accepted figures; a figure
not yet accepted is its agency's and the business unit's until it is.
"""

import rules

from governance.rules import (
    is_agency_data_lead,
    is_business_unit,
    is_executive_member,
    is_independent_scrutineer,
    is_sub_group_chair,
)
from governance.visibility import field_rule

# Those who read the whole dataset's accepted figures and every return's status.
reads_whole_dataset = is_business_unit | is_executive_member | is_independent_scrutineer | is_sub_group_chair


def agency_id_of(user) -> int | None:
    """The agency a signed-in person works for (their contact record's), if any."""
    if not user or not user.is_authenticated:
        return None
    person = getattr(user, "person", None)
    return person.agency_id if person is not None else None


@rules.predicate
def is_own_agency_return(user, quarterly_return):
    return quarterly_return is not None and quarterly_return.agency_id == agency_id_of(user)


@rules.predicate
def is_own_agency_value(user, value):
    return value is not None and is_own_agency_return(user, value.quarterly_return)


@rules.predicate
def is_own_agency(user, agency):
    return agency is not None and agency.pk == agency_id_of(user)


rules.add_perm(
    "dataset.access_area",
    is_business_unit
    | is_executive_member
    | is_agency_data_lead
    | is_independent_scrutineer
    | is_sub_group_chair,
)

# The catalogue: everyone in the area reads it; the business unit keeps it.
rules.add_perm("dataset.view_indicator", reads_whole_dataset | is_agency_data_lead)
rules.add_perm("dataset.change_indicator", is_business_unit)

# Returns.
rules.add_perm(
    "dataset.view_quarterlyreturn", reads_whole_dataset | (is_agency_data_lead & is_own_agency_return)
)
rules.add_perm("dataset.view_returnvalue", reads_whole_dataset | (is_agency_data_lead & is_own_agency_value))
# Fill in, upload and submit: the agency's own data lead, or the business unit on its behalf.
rules.add_perm("dataset.make_return", is_business_unit | (is_agency_data_lead & is_own_agency))
rules.add_perm(
    "dataset.change_quarterlyreturn", is_business_unit | (is_agency_data_lead & is_own_agency_return)
)
rules.add_perm("dataset.review_return", is_business_unit)
rules.add_perm("dataset.correct_value", is_business_unit | (is_agency_data_lead & is_own_agency_value))
# The quarterly summary for the QA sub-group, in CSV and Excel.
rules.add_perm("dataset.export", reads_whole_dataset | is_agency_data_lead)


def sees_unaccepted_figures(user, quarterly_return) -> bool:
    return is_business_unit(user) or (
        is_agency_data_lead(user) and is_own_agency_return(user, quarterly_return)
    )


@field_rule("dataset.returnvalue", depends_on=["status"])
def return_value_hidden_fields(user, value):
    """A figure not yet accepted is its agency's and the business unit's: others see
    that it exists, not what it says."""
    if value.status == "accepted" or sees_unaccepted_figures(user, value.quarterly_return):
        return set()
    return {"value", "numerator", "denominator", "comment", "returned_reason"}
