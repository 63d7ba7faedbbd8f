"""Who may do what with the yearly report.

Reading it: those who sign it off or scrutinise it (thscp.access_reports, in
thscp/rules.py). Writing the narrative: the business unit, and the independent
scrutineer for their own statement. Rendering the PDF: the business unit.
"""

import rules

from governance.rules import is_business_unit, is_independent_scrutineer


@rules.predicate
def is_scrutineer_statement(user, key):
    """The object is a narrative section key (or a NarrativeSection)."""
    key = getattr(key, "key", key)
    return key == "scrutineer_statement"


rules.add_perm(
    "thscp.edit_report_narrative", is_business_unit | (is_independent_scrutineer & is_scrutineer_statement)
)
rules.add_perm("thscp.render_report", is_business_unit)
