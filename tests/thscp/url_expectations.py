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


def _year(**extra):
    return lambda: {"year": last_financial_year(), **extra}


def _achievement():
    from governance.periods import FinancialYear
    from tests.governance.factories import UserFactory
    from thscp.reports import services

    achievement = services.add_achievement(
        period=FinancialYear(last_financial_year()),
        by=UserFactory(),
        title="Joint decisions",
        what_we_did="Decided together.",
        impact="Earlier sharing.",
        position=1,
    )
    return {"pk": achievement.pk}


def _representative():
    from governance.models import Agency
    from governance.periods import FinancialYear
    from tests.governance.factories import PersonFactory, UserFactory
    from tests.thscp.report_helpers import partner_agencies
    from thscp.reports import services

    agency = partner_agencies()[Agency.StatutoryPartner.LOCAL_AUTHORITY]
    representative = services.add_representative(
        period=FinancialYear(last_financial_year()),
        partner=agency.statutory_partner,
        person=PersonFactory(agency=agency),
        standing="delegated",
        by=UserFactory(),
    )
    return {"pk": representative.pk}


def young_scrutineer():
    from tests.governance.factories import PersonFactory

    return PersonFactory(job_title="Young Scrutineer")


def _consent():
    from datetime import date

    from tests.governance.factories import UserFactory
    from thscp.reports import services

    consent = services.record_consent(
        person=young_scrutineer(),
        consent_given_on=date(2025, 5, 1),
        how_given="Signed form",
        by=UserFactory(),
    )
    return {"pk": consent.pk}


def _published_year():
    """A year whose report is signed off and published, with its publication recorded."""
    from governance.periods import FinancialYear
    from tests.thscp.report_helpers import business_unit, covered_report, signatories, signed_render
    from thscp.reports import services

    period = FinancialYear(last_financial_year())
    by = business_unit()
    covered_report(by, period)
    signed_render(by, signatories(), period)
    services.record_publication(period=period, link="https://example.org/report.pdf", by=by)
    return {"year": period.start_year, "recipient": "panel"}


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
    "reports:render_send": Expect(post_only, _render_kwargs(status="done")),
    # Reading what the report covers and how it compares with the records is for every
    # reader; what shapes the document is the business unit's.
    "reports:checklist": Expect(allowed(REPORT_ROLES), _year()),
    "reports:review": Expect(allowed(REPORT_ROLES), _year()),
    "reports:checklist_reason": Expect(allowed([roles.BUSINESS_UNIT]), _year(item="funding")),
    "reports:not_applicable": Expect(allowed([roles.BUSINESS_UNIT]), _year(key="scrutiny_activity")),
    "reports:not_applicable_withdraw": Expect(post_only, _year(key="scrutiny_activity")),
    "reports:achievements": Expect(allowed(REPORT_ROLES), _year()),
    "reports:achievement_add": Expect(allowed([roles.BUSINESS_UNIT]), _year()),
    "reports:achievement_change": Expect(allowed([roles.BUSINESS_UNIT]), _achievement),
    "reports:achievement_withdraw": Expect(allowed([roles.BUSINESS_UNIT]), _achievement),
    "reports:representatives": Expect(allowed(REPORT_ROLES), _year()),
    "reports:representative_add": Expect(allowed([roles.BUSINESS_UNIT]), _year()),
    "reports:representative_withdraw": Expect(allowed([roles.BUSINESS_UNIT]), _representative),
    "reports:cover": Expect(allowed([roles.BUSINESS_UNIT])),
    # Consent to be named is about children: the business unit's alone.
    "reports:consents": Expect(allowed([roles.BUSINESS_UNIT])),
    "reports:consent_record": Expect(
        allowed([roles.BUSINESS_UNIT]), lambda: {"person": young_scrutineer().pk}
    ),
    "reports:consent_withdraw": Expect(allowed([roles.BUSINESS_UNIT]), _consent),
    "reports:publication": Expect(allowed(REPORT_ROLES), _year()),
    "reports:sending": Expect(allowed([roles.BUSINESS_UNIT]), _published_year),
}
