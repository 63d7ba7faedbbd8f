"""Governance's sections of the yearly report (the contract: governance/reporting.py)."""

from collections import Counter
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from .models import (
    RISK_BAND_LABELS,
    Agency,
    Attendance,
    BudgetContribution,
    BudgetSpend,
    ExecutiveChairTerm,
    Meeting,
    PartnershipGroup,
    Person,
    Risk,
    ScrutinyActivity,
)
from .periods import FinancialYear
from .reporting import Bar, BarChart, Section, pounds, section

# Governance's sections, in the order of the THSCP 2023-24 report.

ORDER_PARTNERS = 15
ORDER_STRUCTURE = 30
ORDER_MEMBERSHIP = 40
ORDER_SCRUTINY_ACTIVITY = 55
ORDER_RISKS = 140
ORDER_BUDGET = 150


def report_sections(period: FinancialYear) -> list[Section]:
    return [
        _partners(period),
        _structure(period),
        _membership(period),
        _scrutiny_activity(period),
        _risks(period),
        _budget(period),
    ]


def _partners(period: FinancialYear) -> Section:
    agencies = {agency.statutory_partner: agency for agency in Agency.objects.exclude(statutory_partner="")}
    executive_members = Person.objects.filter(groups__is_executive=True).select_related("agency")
    by_partner: dict[str, list] = {}
    for person in executive_members.order_by("full_name"):
        by_partner.setdefault(person.agency.statutory_partner, []).append(person)
    partners = [
        {
            "label": label,
            "agency": agencies.get(value),
            "representatives": by_partner.get(value, []),
        }
        for value, label in Agency.StatutoryPartner.choices
    ]
    terms = ExecutiveChairTerm.objects.filter(
        starts_on__lte=period.end, ends_on__gt=period.start
    ).select_related("chair__agency")
    return section(
        key="partners",
        order=ORDER_PARTNERS,
        title="The three statutory partners",
        template="governance/report/partners.html",
        context={"partners": partners, "terms": list(terms), "period": period},
        is_empty=not agencies,
    )


def _structure(period: FinancialYear) -> Section:
    in_period = Q(meetings__starts_at__date__range=(period.start, period.end))
    groups = list(
        PartnershipGroup.objects.filter(is_retired=False)
        .select_related("chair__agency")
        .annotate(meetings_held=Count("meetings", filter=in_period))
        .order_by("display_order", "name")
    )
    executive_meetings = list(
        Meeting.objects.filter(group__is_executive=True, starts_at__date__range=(period.start, period.end))
        .select_related("group")
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("person__agency"))
        )
    )
    quorate = sum(1 for meeting in executive_meetings if meeting.is_quorate)
    return section(
        key="structure",
        order=ORDER_STRUCTURE,
        title="Governance and structure",
        template="governance/report/structure.html",
        context={
            "groups": groups,
            "executive_meetings": len(executive_meetings),
            "quorate": quorate,
            "meetings_total": sum(group.meetings_held for group in groups),
            "period": period,
        },
        is_empty=not groups,
    )


def _membership(period: FinancialYear) -> Section:
    agencies = list(
        Agency.objects.filter(is_active=True).annotate(people_count=Count("people")).order_by("kind", "name")
    )
    kinds = dict(Agency.Kind.choices)
    by_kind = Counter(agency.kind for agency in agencies)
    people = Person.objects.filter(agency__is_active=True).count()
    groups_people = Person.objects.filter(agency__is_active=True, groups__isnull=False).distinct().count()
    chart = BarChart(
        chart_id="membership-chart",
        title=f"Member agencies by kind, {period.label}",
        description="One bar for each kind of agency, its length the number of member agencies. "
        "The figures are in the table beside the chart.",
        label_heading="Kind of agency",
        value_heading="Agencies",
        bars=[Bar(kinds[kind], count, str(count)) for kind, count in sorted(by_kind.items())],
    )
    return section(
        key="membership",
        order=ORDER_MEMBERSHIP,
        title="Membership",
        template="governance/report/membership.html",
        context={
            "agencies": agencies,
            "agency_count": len(agencies),
            "people": people,
            "group_people": groups_people,
            "chart": chart.render() if agencies else "",
            "kinds": kinds,
        },
        is_empty=not agencies,
    )


def _scrutiny_activity(period: FinancialYear) -> Section:
    activities = list(
        ScrutinyActivity.objects.filter(carried_out_on__range=(period.start, period.end))
        .prefetch_related("recommendations")
        .order_by("carried_out_on")
    )
    return section(
        key="scrutiny_activity",
        order=ORDER_SCRUTINY_ACTIVITY,
        title="Independent scrutiny in the year",
        template="governance/report/scrutiny.html",
        context={"activities": activities, "period": period},
        is_empty=not activities,
    )


def _risks(period: FinancialYear) -> Section:
    risks = list(Risk.objects.filter(status=Risk.Status.OPEN).select_related("owner__agency"))
    risks.sort(key=lambda risk: (-risk.current_score, risk.title))
    rows = [
        {
            "risk": risk,
            "current": risk.current_score,
            "current_band": RISK_BAND_LABELS[risk.band("current")],
            "band_key": risk.band("current"),
            "target": risk.score("target"),
            "target_band": RISK_BAND_LABELS[risk.band("target")],
        }
        for risk in risks
    ]
    by_band = Counter(row["band_key"] for row in rows)
    chart = BarChart(
        chart_id="risk-chart",
        title="Open risks by current band",
        description="One bar for each risk band, its length the number of open risks in that band. "
        "The figures are in the table beside the chart.",
        label_heading="Band",
        value_heading="Open risks",
        bars=[
            Bar(label, by_band.get(key, 0), str(by_band.get(key, 0)))
            for key, label in RISK_BAND_LABELS.items()
        ],
    )
    return section(
        key="risks",
        order=ORDER_RISKS,
        title="The safeguarding risk register",
        template="governance/report/risks.html",
        context={"rows": rows, "chart": chart.render() if rows else "", "period": period},
        is_empty=not rows,
    )


def _budget(period: FinancialYear) -> Section:
    contributions = list(
        BudgetContribution.objects.filter(financial_year=period.start_year, withdrawn_on=None)
        .select_related("agency")
        .order_by("-amount", "agency__name")
    )
    spend = list(
        BudgetSpend.objects.filter(financial_year=period.start_year, withdrawn_on=None).order_by(
            "-amount", "category"
        )
    )
    total_in = sum((line.amount for line in contributions), Decimal(0))
    total_out = sum((line.amount for line in spend), Decimal(0))
    top = float(max([line.amount for line in contributions] + [line.amount for line in spend], default=0))
    contribution_chart = BarChart(
        chart_id="budget-contributions-chart",
        title=f"Contributions by partner, {period.label}",
        description="One bar for each partner, its length the partner's contribution in pounds. "
        "The figures are in the table beside the chart.",
        label_heading="Partner",
        value_heading="Contribution",
        bars=[Bar(line.agency.name, float(line.amount), pounds(line.amount)) for line in contributions],
        maximum=top,
    )
    spend_chart = BarChart(
        chart_id="budget-spend-chart",
        title=f"Spending by category, {period.label}",
        description="One bar for each category of spending, its length the amount spent in pounds. "
        "The figures are in the table beside the chart.",
        label_heading="Category",
        value_heading="Spent",
        bars=[Bar(line.get_category_display(), float(line.amount), pounds(line.amount)) for line in spend],
        maximum=top,
    )
    return section(
        key="budget",
        order=ORDER_BUDGET,
        title="Budget",
        template="governance/report/budget.html",
        context={
            "contributions": contributions,
            "spend": spend,
            "total_in": pounds(total_in),
            "total_out": pounds(total_out),
            "balance": pounds(total_in - total_out),
            "contribution_chart": contribution_chart.render() if contributions else "",
            "spend_chart": spend_chart.render() if spend else "",
            "period": period,
        },
        is_empty=not contributions and not spend,
    )
