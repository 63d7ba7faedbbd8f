"""Who may do what with statutory reviews.

Case records (serious incidents, rapid reviews, local reviews, their recommendations and
access logs) are need-to-know: the business unit, the Rapid Review Panel and the
Executive, all with two-factor sign-in. Everyone else is answered 404, as if the
records did not exist. Published learning is for every partner user.
"""

import rules

from governance.rules import has_any_role, is_business_unit, is_executive_member, is_rapid_review_panel
from governance.visibility import field_rule

can_see_cases = is_business_unit | is_rapid_review_panel | is_executive_member

rules.add_perm("reviews.access_area", can_see_cases)
rules.add_perm("reviews.view_cases", can_see_cases)
# The business unit runs the case work; the panel records the rapid review itself.
rules.add_perm("reviews.manage_cases", is_business_unit)
rules.add_perm("reviews.record_rapid_review", is_business_unit | is_rapid_review_panel)
# Each Executive member records their own partner's decision on a rapid review; the
# business unit may record any partner's on its behalf (services.partners_user_may_decide).
rules.add_perm("reviews.record_partner_decision", is_business_unit | is_executive_member)
# Disagreement between the three partners goes to the Executive.
rules.add_perm("reviews.resolve_disagreement", is_executive_member | is_business_unit)
rules.add_perm("reviews.view_access_log", is_business_unit)
rules.add_perm("reviews.view_learning", has_any_role)
rules.add_perm("reviews.manage_learning", is_business_unit)

# Object permissions asked by governance's history page (governance:history).
for model_name in (
    "seriousincident",
    "partnerdecision",
    "rapidreview",
    "agencyinformationrequest",
    "localreview",
    "localreviewmilestone",
    "recommendation",
    "otherchild",
):
    rules.add_perm(f"reviews.view_{model_name}", can_see_cases)
rules.add_perm("reviews.view_caseaccesslog", is_business_unit)


@rules.predicate
def is_published(user, learning_output):
    return learning_output is not None and getattr(learning_output, "is_published", True)


# A briefing is for every partner once published; before that, only for those who write it.
rules.add_perm("reviews.view_sevenminutebriefing", is_business_unit | (has_any_role & is_published))


@field_rule("reviews.sevenminutebriefing")
def learning_hidden_fields(user, briefing):
    """Learning is anonymised; which review it came from is case data."""
    return set() if can_see_cases(user) else {"rapid_review", "local_review"}
