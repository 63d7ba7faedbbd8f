from governance import roles
from tests.url_matrix import ANONYMOUS, ANY_ROLE, Expect, allowed

DATASET_ROLES = [
    roles.BUSINESS_UNIT,
    roles.EXECUTIVE_MEMBER,
    roles.AGENCY_DATA_LEAD,
    roles.INDEPENDENT_SCRUTINEER,
    roles.SUB_GROUP_CHAIR,
]
REPORT_ROLES = [roles.BUSINESS_UNIT, roles.EXECUTIVE_MEMBER, roles.INDEPENDENT_SCRUTINEER]
STATEMENT_WRITERS = [roles.BUSINESS_UNIT, roles.INDEPENDENT_SCRUTINEER]


def post_only(who):
    """A POST-only page asked with GET: sign in first, then 405 for everyone."""
    return 302 if who == ANONYMOUS else 405


def last_financial_year() -> int:
    from django.utils import timezone

    from governance.periods import FinancialYear

    return FinancialYear.containing(timezone.localdate()).start_year - 1


def make_render(*, status="queued", pdf: bytes | None = None, year=None):
    """A render of a yearly report, in the given state (with a stored PDF if given)."""
    from django.core.files.base import ContentFile

    from tests.governance.factories import UserFactory
    from thscp.reports.models import ReportRender, YearlyReport

    report, _ = YearlyReport.objects.get_or_create(period=year or last_financial_year())
    render = ReportRender.objects.create(
        report=report, status=status, requested_by=UserFactory(roles=[roles.BUSINESS_UNIT])
    )
    if pdf is not None:
        render.pdf.save(render.file_name, ContentFile(pdf), save=True)
    return render


def _render_kwargs(**state):
    return lambda: {"pk": make_render(**state).pk}


# The area pages of apps that later issues fill; each moves to its app's own
# url_expectations.py when that app has more pages.
EXPECTATIONS = {
    "priorities:index": Expect(allowed(ANY_ROLE)),
    "dataset:index": Expect(allowed(DATASET_ROLES)),
    "training:index": Expect(allowed(ANY_ROLE)),
    "reminders": Expect(allowed([roles.BUSINESS_UNIT])),
    # The yearly report: read by those who sign it off or scrutinise it; the narrative is
    # written by the business unit (the scrutineer writes their own statement); only the
    # business unit renders.
    "reports:index": Expect(allowed(REPORT_ROLES)),
    "reports:choose": Expect(allowed(REPORT_ROLES, ok=302)),
    "reports:report": Expect(allowed(REPORT_ROLES), lambda: {"year": last_financial_year()}),
    "reports:narrative_edit": Expect(
        allowed(STATEMENT_WRITERS), lambda: {"year": last_financial_year(), "key": "scrutineer_statement"}
    ),
    "reports:render": Expect(post_only, lambda: {"year": last_financial_year()}),
    "reports:render_status": Expect(allowed(REPORT_ROLES), _render_kwargs(status="rendering")),
    "reports:render_download": Expect(
        allowed(REPORT_ROLES), _render_kwargs(status="done", pdf=b"%PDF-1.7\n%%EOF\n")
    ),
    "reports:render_retry": Expect(post_only, _render_kwargs(status="failed")),
}
