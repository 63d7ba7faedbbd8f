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


def listed_contact() -> dict:
    """A contact past their retention period, listed for the business unit's review."""
    from datetime import UTC, datetime

    from django.utils import timezone

    from tests.governance.factories import PersonFactory
    from thscp.operations.retention import list_records_past_retention

    person = PersonFactory()
    person.history.update(history_date=datetime(2000, 1, 1, tzinfo=UTC))
    list_records_past_retention(today=timezone.localdate())
    return {"kind": "governance.person", "record_id": person.pk}


def _beat_just_ran() -> dict:
    """The health check's beat is fresh (and Redis answers where there is one, as in CI)."""
    from thscp.operations.health import record_beat

    record_beat()
    return {}


def _render_kwargs(**state):
    return lambda: {"pk": make_render(**state).pk}


# The area pages of apps that later issues fill; each moves to its app's own
# url_expectations.py when that app has more pages.
EXPECTATIONS = {
    "priorities:index": Expect(allowed(ANY_ROLE)),
    "dataset:index": Expect(allowed(DATASET_ROLES)),
    "training:index": Expect(allowed(ANY_ROLE)),
    "reminders": Expect(allowed([roles.BUSINESS_UNIT])),
    # The load balancer's health check: for everyone, signed in or not.
    "health": Expect(lambda who: 200, _beat_just_ran),
    # Retention: the business unit reviews what is past its period, and erases.
    "retention": Expect(allowed([roles.BUSINESS_UNIT])),
    "retention_erase": Expect(allowed([roles.BUSINESS_UNIT]), listed_contact),
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
