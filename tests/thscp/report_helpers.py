"""Records for the yearly report's tests: a report that covers Working Together, rendered,
sent, signed by the three partners and the scrutineer, published."""

from datetime import date, datetime, time
from decimal import Decimal

from governance import roles
from governance import services as governance_services
from governance.models import Agency, BudgetContribution, DocumentVersion, SignOff
from governance.periods import FinancialYear
from tests.governance.factories import AgencyFactory, PartnershipGroupFactory, PersonFactory, UserFactory
from thscp.reports import services
from thscp.reports.models import ReportRender, YearlyReport

PERIOD = FinancialYear(2025)

# Enough written for every required item of the contents list to be covered.
NARRATIVE = {
    "scrutineer_statement": "The arrangements work well; local reviews need attention.",
    "young_scrutineers": "The young scrutineers told the priority projects what young people need.",
    "challenges": "Little progress on anti-racism: the project lead left mid-year.",
}


def business_unit():
    from tests.conftest import enrol_two_factor

    user = UserFactory(roles=[roles.BUSINESS_UNIT])
    enrol_two_factor(user)  # the role needs it to see any page
    PersonFactory(user=user, full_name="Amira Hussain")
    return user


def partner_agencies() -> dict[str, Agency]:
    """The three statutory partners' agencies: those already recorded, or new ones."""
    return {
        value: Agency.objects.filter(statutory_partner=value).first()
        or AgencyFactory(name=f"The {label.lower()}", statutory_partner=value, kind=Agency.Kind.OTHER)
        for value, label in Agency.StatutoryPartner.choices
    }


def signatories() -> dict:
    """An Executive member for each statutory partner (with the authenticator app their
    role needs), and the independent scrutineer."""
    from tests.conftest import enrol_two_factor

    agencies = partner_agencies()
    found = {}
    for partner, agency in agencies.items():
        user = UserFactory(roles=[roles.EXECUTIVE_MEMBER])
        enrol_two_factor(user)
        PersonFactory(user=user, agency=agency)
        found[partner] = user
    found[SignOff.SCRUTINEER] = UserFactory(roles=[roles.INDEPENDENT_SCRUTINEER])
    return found


def covered_report(by, period: FinancialYear = PERIOD, **narrative) -> YearlyReport:
    """What a report needs for every required item to be covered: the narrative above, an
    achievement, a group of the partnership, a budget and a serious incident."""
    from tests.reviews.factories import SeriousIncidentFactory

    for key, text in {**NARRATIVE, **narrative}.items():
        services.save_narrative(period=period, key=key, text=text, by=by)
    services.add_achievement(
        period=period,
        by=by,
        title="Joint decisions",
        what_we_did="Three partners decided together.",
        impact="Earlier information sharing.",
        position=10,
    )
    PartnershipGroupFactory()
    agency = partner_agencies()[Agency.StatutoryPartner.LOCAL_AUTHORITY]
    BudgetContribution.objects.get_or_create(
        financial_year=period.start_year, agency=agency, defaults={"amount": Decimal(250000)}
    )
    SeriousIncidentFactory(aware_on=date(period.start_year, 6, 2), notified_on=date(period.start_year, 6, 5))
    # The report reads the partnership as it stood at the year's end (issue 16): the
    # agencies, groups and people above were there from the start of the year.
    from django.utils import timezone

    from governance.models import PartnershipGroup, Person, Risk
    from governance.reporting import date_history

    for model in (Agency, PartnershipGroup, Person, Risk):
        date_history(model, timezone.make_aware(datetime.combine(period.start, time(9))))
    return YearlyReport.objects.get(period=period.start_year)


def rendered(by, period: FinancialYear = PERIOD) -> ReportRender:
    """A finished render of the period's report, as the worker leaves it."""
    report, _ = YearlyReport.objects.get_or_create(period=period.start_year)
    render = ReportRender.objects.create(report=report, requested_by=by)
    assert services.run_render(render_id=render.pk) == "done", ReportRender.objects.get(pk=render.pk).error
    return ReportRender.objects.select_related("document_version").get(pk=render.pk)


def sign_by_all(version: DocumentVersion, people: dict) -> DocumentVersion:
    for slot, user in people.items():
        governance_services.record_sign_off(
            version=version, slot=slot, approve=True, sha256=version.sha256, by=user
        )
    version.refresh_from_db()
    return version


def signed_render(by, people: dict, period: FinancialYear = PERIOD) -> ReportRender:
    render = rendered(by, period)
    governance_services.send_for_sign_off(version=render.document_version, by=by)
    sign_by_all(render.document_version, people)
    render.refresh_from_db()
    return render
