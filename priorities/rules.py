"""Who may do what with the priority projects.

- The business unit does everything: cycles, areas and every part of every plan.
- A priority's leads and its executive sponsor run their own area: its objectives,
  deliverables, period updates, outcome measures and the responses to feedback.
- A member of the group that oversees an area (the Delivery Group) updates the
  deliverables they own: moves them on the board and re-forecasts them.
- Executive members respond to the asks made of the Executive.
- Young scrutineers add feedback and read the plans, never anything confidential.
- Everyone with a role reads the plans.
"""

import rules

from governance.rules import (
    has_any_role,
    is_business_unit,
    is_executive_member,
    is_young_scrutineer,
    person_id,
)
from governance.visibility import field_rule


def _area_of(record):
    """The priority area a record belongs to (the area itself, an objective, a
    deliverable, an update, a measure or feedback)."""
    if record is None:
        return None
    if record._meta.model_name == "priorityarea":
        return record
    if record._meta.model_name == "deliverable":
        return record.objective.area
    if record._meta.model_name == "measurevalue":
        return record.measure.area
    return getattr(record, "area", None)


def area_lead_ids(area) -> set[int]:
    """The people who run the area: its leads and its sponsor (read once per area)."""
    if not hasattr(area, "_lead_ids"):
        area._lead_ids = {person.pk for person in area.leads.all()} | (
            {area.sponsor_id} if area.sponsor_id else set()
        )
    return area._lead_ids


@rules.predicate
def leads_area(user, record):
    """The user leads or sponsors the priority area the record belongs to."""
    area = _area_of(record)
    pid = person_id(user)
    return area is not None and pid is not None and pid in area_lead_ids(area)


@rules.predicate
def owns_deliverable(user, deliverable):
    pid = person_id(user)
    return deliverable is not None and pid is not None and deliverable.owner_id == pid


@rules.predicate
def sits_on_oversight_group(user, deliverable):
    pid = person_id(user)
    area = _area_of(deliverable)
    if area is None or pid is None or area.oversight_group_id is None:
        return False
    return area.oversight_group.members.filter(pk=pid).exists()


runs_area = is_business_unit | leads_area

rules.add_perm("priorities.access_area", has_any_role)
rules.add_perm("priorities.view_summary", has_any_role)

# Reading: every role reads the plans (History pages ask view_<model> with the record).
for model_name in (
    "prioritycycle",
    "priorityarea",
    "objective",
    "deliverable",
    "forecastchange",
    "progressupdate",
    "outcomemeasure",
    "measurevalue",
    "feedback",
):
    rules.add_perm(f"priorities.view_{model_name}", has_any_role)

# The cycle and its areas are the business unit's to set up.
rules.add_perm("priorities.add_prioritycycle", is_business_unit)
rules.add_perm("priorities.change_prioritycycle", is_business_unit)
rules.add_perm("priorities.add_priorityarea", is_business_unit)
# Leads and the sponsor run their own area; the business unit every area.
rules.add_perm("priorities.change_priorityarea", runs_area)
rules.add_perm("priorities.add_deliverable", runs_area)
rules.add_perm("priorities.change_deliverable", runs_area)
# The board and the forecast: also the owner, if they sit on the group that oversees it.
rules.add_perm("priorities.update_deliverable", runs_area | (owns_deliverable & sits_on_oversight_group))
rules.add_perm("priorities.add_progressupdate", runs_area)
rules.add_perm("priorities.change_progressupdate", runs_area)
rules.add_perm("priorities.change_outcomemeasure", runs_area)
# The Executive answers what it is asked.
rules.add_perm("priorities.respond_to_ask", is_business_unit | is_executive_member)
# The voice of the child: young scrutineers add feedback; the lead records the response.
rules.add_perm("priorities.add_feedback", runs_area | is_young_scrutineer)
rules.add_perm("priorities.respond_to_feedback", runs_area)
rules.add_perm("priorities.change_feedback", runs_area)

# Confidential notes on an update: partners only, never young scrutineers.
rules.add_perm("priorities.view_confidential_notes", has_any_role & ~is_young_scrutineer)


@field_rule("priorities.progressupdate")
def progress_update_hidden_fields(user, update):
    if user.has_perm("priorities.view_confidential_notes", update):
        return set()
    return {"confidential_notes"}
