import rules

from governance.rules import is_business_unit, is_executive_member, is_independent_scrutineer

# The yearly report's own rules (narrative editing, rendering) live beside it.
from .reports import rules as report_rules  # noqa: F401

# The yearly report draws on every area; those who sign it off or scrutinise it.
rules.add_perm("thscp.access_reports", is_business_unit | is_executive_member | is_independent_scrutineer)
rules.add_perm("thscp.view_reminders", is_business_unit)
rules.add_perm("thscp.review_retention", is_business_unit)
