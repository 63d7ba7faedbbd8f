"""Who may do what with the yearly report.

Reading it: those who sign it off or scrutinise it (thscp.access_reports, in
thscp/rules.py). Writing the narrative: the business unit, and the independent
scrutineer for their own statement. Everything else that shapes the document (the
checklist's reasons, sections not applicable, achievements, the partners'
representatives, the cover, rendering, sending for sign-off, publication and sending)
is the business unit's. Consent for a young scrutineer to be named is recorded by the
business unit, and only the business unit sees the consents: they are about children.
"""

import rules

from governance.rules import is_business_unit, is_executive_member, is_independent_scrutineer


@rules.predicate
def is_scrutineer_statement(user, key):
    """The object is a narrative section key (or a NarrativeSection)."""
    key = getattr(key, "key", key)
    return key == "scrutineer_statement"


reads_reports = is_business_unit | is_executive_member | is_independent_scrutineer

rules.add_perm(
    "thscp.edit_report_narrative", is_business_unit | (is_independent_scrutineer & is_scrutineer_statement)
)
rules.add_perm("thscp.render_report", is_business_unit)
rules.add_perm("thscp.manage_report", is_business_unit)
rules.add_perm("thscp.record_naming_consent", is_business_unit)

# History of the report's records (governance's History page asks view_<model>).
for model_name in (
    "yearlyreport",
    "narrativesection",
    "reportrender",
    "achievement",
    "partnerrepresentative",
    "checklistreason",
    "notapplicable",
    "reportbranding",
    "reportpublication",
    "reportsending",
):
    rules.add_perm(f"thscp.view_{model_name}", reads_reports)
rules.add_perm("thscp.view_namingconsent", is_business_unit)
