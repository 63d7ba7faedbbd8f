"""Who may do what in governance, and which areas of the product each role may use.

Views and templates ask these permissions (``has_perm``); selectors scope lists by
the same predicates, so a list never shows what its detail page would refuse.
"""

import rules

from . import roles
from .visibility import field_rule


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

# Roles that read the whole governance record. Young scrutineers read groups, meetings'
# public parts and actions; agency data leads and group members only their own groups.
reads_all_governance = is_business_unit | is_executive_member | is_independent_scrutineer | is_sub_group_chair
reads_public_governance = reads_all_governance | is_young_scrutineer


def person_id(user):
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person.pk if person is not None else None


@rules.predicate
def chairs_group(user, group):
    """The user chairs or vice-chairs this partnership group."""
    pid = person_id(user)
    return group is not None and pid is not None and pid in (group.chair_id, group.vice_chair_id)


@rules.predicate
def is_member_of_group(user, group):
    pid = person_id(user)
    return group is not None and pid is not None and group.members.filter(pk=pid).exists()


@rules.predicate
def chairs_meetings_group(user, meeting):
    return meeting is not None and chairs_group(user, meeting.group)


@rules.predicate
def is_member_of_meetings_group(user, meeting):
    return meeting is not None and is_member_of_group(user, meeting.group)


@rules.predicate
def chairs_actions_group(user, action):
    return action is not None and chairs_group(user, action.group)


@rules.predicate
def owns_action(user, action):
    pid = person_id(user)
    return action is not None and pid is not None and action.owner_id == pid


@rules.predicate
def is_member_of_actions_group(user, action):
    return action is not None and is_member_of_group(user, action.group)


@rules.predicate
def owns_risk(user, risk):
    pid = person_id(user)
    return risk is not None and pid is not None and risk.owner_id == pid


# Areas of the product. Each app's index page and navigation entry ask these.
rules.add_perm("governance.access_area", has_any_role)

# Structure: the business unit runs it.
rules.add_perm("governance.view_agency", has_any_role)
rules.add_perm("governance.view_partnershipgroup", reads_public_governance | is_member_of_group)
rules.add_perm("governance.add_partnershipgroup", is_business_unit)
rules.add_perm("governance.change_partnershipgroup", is_business_unit)
rules.add_perm("governance.view_executivechairterm", reads_public_governance)
rules.add_perm("governance.add_executivechairterm", is_business_unit)

# The contacts directory holds personal data: those who run or chair the partnership.
rules.add_perm(
    "governance.view_person",
    is_business_unit | is_executive_member | is_sub_group_chair | is_independent_scrutineer,
)
rules.add_perm("governance.view_user", is_business_unit)

# Meetings: chairs record their own groups' meetings.
rules.add_perm("governance.view_meeting", reads_public_governance | is_member_of_meetings_group)
rules.add_perm("governance.add_meeting", is_business_unit | (is_sub_group_chair & chairs_group))
rules.add_perm("governance.change_meeting", is_business_unit | (is_sub_group_chair & chairs_meetings_group))
# Confidential minutes, decisions and papers: the group's own members and chairs, and
# those who oversee every group (the business unit, the Executive, the independent
# scrutineer). Chairs of other sub-groups do not; young scrutineers never do.
rules.add_perm(
    "governance.view_confidential_meeting_content",
    ~is_young_scrutineer
    & (
        is_business_unit
        | is_executive_member
        | is_independent_scrutineer
        | chairs_meetings_group
        | is_member_of_meetings_group
    ),
)


@field_rule("governance.meeting", depends_on=["minutes_confidential"])
def meeting_hidden_fields(user, meeting):
    if user.has_perm("governance.view_confidential_meeting_content", meeting):
        return set()
    hidden = {"confidential_papers"}
    if meeting.minutes_confidential:
        # Everything marked confidential is hidden together: decisions repeat the minutes.
        hidden |= {"minutes", "decisions"}
    return hidden


@field_rule("governance.agendaitem", depends_on=["is_confidential"])
def agenda_item_hidden_fields(user, item):
    if item.is_confidential and not user.has_perm(
        "governance.view_confidential_meeting_content", item.meeting
    ):
        # The reasons may say what the paper was about: hidden with it. ("change_reason"
        # is History's reason for a version.)
        return {"title", "lead", "paper", "paper_name", "withdrawal_reason", "change_reason"}
    return set()


# A meeting's parts (agenda items, decisions, attendance) are read by those who read the
# meeting, on its page and in their own History; what the meeting's page hides as
# confidential, their History refuses too.
@rules.predicate
def may_view_agenda_item(user, item):
    if item is None or not user.has_perm("governance.view_meeting", item.meeting):
        return False
    return not item.is_confidential or user.has_perm(
        "governance.view_confidential_meeting_content", item.meeting
    )


@rules.predicate
def may_view_decision(user, decision):
    if decision is None or not user.has_perm("governance.view_meeting", decision.meeting):
        return False
    return "decisions" not in meeting_hidden_fields(user, decision.meeting)


@rules.predicate
def may_view_attendance(user, attendance):
    return attendance is not None and user.has_perm("governance.view_meeting", attendance.meeting)


rules.add_perm("governance.view_agendaitem", may_view_agenda_item)
rules.add_perm("governance.view_meetingdecision", may_view_decision)
rules.add_perm("governance.view_attendance", may_view_attendance)


# The action log: chairs run their groups' actions, owners update their own.
rules.add_perm("governance.view_action", reads_public_governance | is_member_of_actions_group | owns_action)
rules.add_perm("governance.add_action", is_business_unit | (is_sub_group_chair & chairs_group))
rules.add_perm("governance.change_action", is_business_unit | (is_sub_group_chair & chairs_actions_group))
rules.add_perm(
    "governance.update_action_progress",
    is_business_unit | (is_sub_group_chair & chairs_actions_group) | owns_action,
)


def may_view_kind(user, model) -> bool:
    """May the user view records of this kind at all (the view permission asked without
    a record)? Lists use it to say where an action came from without a query a row."""
    meta = model._meta
    return user.has_perm(f"{meta.app_label}.view_{meta.model_name}")


@field_rule("governance.action", depends_on=["source_type_id", "source_id"])
def action_hidden_fields(user, action):
    """An action's source may be a record the viewer may not see (a case review): the
    link to it needs leave to see that record; its kind, leave to see that kind or it."""
    if action.source_type_id is None:
        return set()
    source = action.source
    meta = action.source_type.model_class()._meta
    if source is not None and user.has_perm(f"{meta.app_label}.view_{meta.model_name}", source):
        return set()
    return (
        {"source_id"}
        if may_view_kind(user, action.source_type.model_class())
        else {"source_type", "source_id"}
    )


# The risk register: the Executive owns risks.
rules.add_perm("governance.view_risk", is_business_unit | is_executive_member | is_independent_scrutineer)
rules.add_perm("governance.add_risk", is_business_unit)
rules.add_perm("governance.change_risk", is_business_unit | (is_executive_member & owns_risk))

rules.add_perm(
    "governance.view_escalation", is_business_unit | is_executive_member | is_independent_scrutineer
)
rules.add_perm("governance.change_escalation", is_business_unit)
rules.add_perm(
    "governance.view_scrutinyactivity", is_business_unit | is_executive_member | is_independent_scrutineer
)
rules.add_perm(
    "governance.view_scrutinyrecommendation",
    is_business_unit | is_executive_member | is_independent_scrutineer,
)
rules.add_perm("governance.change_scrutinyactivity", is_business_unit | is_independent_scrutineer)
rules.add_perm("governance.respond_to_scrutiny", is_business_unit)

# Key documents: the business unit runs them; the Executive and the scrutineer read and sign.
rules.add_perm("governance.view_document", is_business_unit | is_executive_member | is_independent_scrutineer)
rules.add_perm("governance.change_document", is_business_unit)
rules.add_perm("governance.sign_document", is_executive_member | is_independent_scrutineer)
# A published version is for every partner.
rules.add_perm("governance.download_published_document", has_any_role)
rules.add_perm("governance.view_budget", is_business_unit | is_executive_member | is_independent_scrutineer)
rules.add_perm("governance.change_budget", is_business_unit)
# A budget line's History: for those who read the budget.
rules.add_perm(
    "governance.view_budgetcontribution", is_business_unit | is_executive_member | is_independent_scrutineer
)
rules.add_perm(
    "governance.view_budgetspend", is_business_unit | is_executive_member | is_independent_scrutineer
)
# History pages ask view_<model>: versions and sign-offs are read by those who read documents.
rules.add_perm(
    "governance.view_documentversion", is_business_unit | is_executive_member | is_independent_scrutineer
)
rules.add_perm("governance.view_signoff", is_business_unit | is_executive_member | is_independent_scrutineer)
rules.add_perm("governance.change_agency", is_business_unit)
rules.add_perm("governance.change_person", is_business_unit)
rules.add_perm("governance.change_user", is_business_unit)
