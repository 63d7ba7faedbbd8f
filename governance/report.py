"""Governance's sections of the yearly report (the contract: governance/reporting.py).

Each section reports the year as it stood at its end. The partnership's state (its
statutory partners, who sat on the Executive, its groups and their chairs, its member
agencies and the risk register) is read from History as it stood at the end of 31 March
(governance.reporting.as_at): a risk added, closed or re-scored since, a chair changed or
a member who joined later leaves the year's report as it was. Dated records (meetings,
the Executive chair's terms, scrutiny activities, the budget of the year) are chosen by
their own dates. A constant number of queries, however much is held.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Prefetch

from . import roles
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
    User,
    risk_band,
)
from .periods import FinancialYear
from .reporting import Bar, BarChart, Section, as_at, pounds, section, year_end

# Governance's sections, in the order of the THSCP 2023-24 report.

ORDER_PARTNERS = 15
ORDER_STRUCTURE = 30
ORDER_MEMBERSHIP = 40
ORDER_SCRUTINY_ACTIVITY = 55
ORDER_RISKS = 140
ORDER_BUDGET = 150


@dataclass
class YearEnd:
    """The partnership as it stood at the end of the year, from History: historical rows
    of agencies, people and groups by primary key, and who sat on which group."""

    moment: datetime
    agencies: dict
    people: dict
    groups: dict
    members: dict[int, set[int]]  # group id -> person ids

    def agency_name(self, agency_id) -> str:
        agency = self.agencies.get(agency_id)
        return agency.name if agency else ""

    def person(self, person_id):
        return self.people.get(person_id)


def partnership_at_year_end(period: FinancialYear) -> YearEnd:
    """Four queries: agencies, people, groups, and the people's group memberships."""
    moment = year_end(period)
    people = as_at(Person, moment)
    # Each historical row of a person holds the groups they sat on at that time.
    memberships = apps.get_model("governance", "HistoricalPerson_groups").objects.filter(
        history_id__in=[row.history_id for row in people.values()]
    )
    members: dict[int, set[int]] = defaultdict(set)
    for person_id, group_id in memberships.values_list("person_id", "partnershipgroup_id"):
        members[group_id].add(person_id)
    return YearEnd(
        moment=moment,
        agencies=as_at(Agency, moment),
        people=people,
        groups=as_at(PartnershipGroup, moment),
        members=members,
    )


def report_sections(period: FinancialYear) -> list[Section]:
    at_end = partnership_at_year_end(period)
    return [
        _partners(period, at_end),
        _structure(period, at_end),
        _membership(period, at_end),
        _scrutiny_activity(period),
        _risks(period, at_end),
        _budget(period),
    ]


def _executive_id(at_end: YearEnd) -> int | None:
    return next((pk for pk, group in at_end.groups.items() if group.is_executive), None)


def _partners(period: FinancialYear, at_end: YearEnd) -> Section:
    """The three statutory partners and who represented each on the Executive at the year's
    end: the Executive's members from a partner's agency who may sign for it (the lead or
    delegated safeguarding partner), not the business unit or the scrutineers, who sit on
    the Executive without representing a partner."""
    agencies = {row.statutory_partner: row for row in at_end.agencies.values() if row.statutory_partner}
    on_executive = [
        at_end.people[pk] for pk in at_end.members.get(_executive_id(at_end), ()) if pk in at_end.people
    ]
    partner_of = {pk: row.statutory_partner for pk, row in at_end.agencies.items() if row.statutory_partner}
    candidates = [person for person in on_executive if person.agency_id in partner_of and person.user_id]
    # Roles have no History: who may sign for a partner is read as it is now.
    signatories = set(
        User.objects.filter(
            pk__in=[person.user_id for person in candidates], groups__name=roles.EXECUTIVE_MEMBER
        ).values_list("pk", flat=True)
    )
    by_partner: dict[str, list] = defaultdict(list)
    for person in sorted(candidates, key=lambda person: person.full_name):
        if person.user_id in signatories:
            by_partner[partner_of[person.agency_id]].append(person)
    partners = [
        {"label": label, "agency": agencies.get(value), "representatives": by_partner.get(value, [])}
        for value, label in Agency.StatutoryPartner.choices
    ]
    terms = [
        {
            "partner": term.get_partner_display(),
            "chair": getattr(at_end.person(term.chair_id), "full_name", "") or term.chair.full_name,
            "starts_on": term.starts_on,
            # A term is stored with the day the next one starts (ExecutiveChairTerm.covering):
            # its last day is the day before.
            "last_day": term.ends_on - timedelta(days=1),
        }
        for term in ExecutiveChairTerm.objects.filter(starts_on__lte=period.end, ends_on__gt=period.start)
        .select_related("chair")
        .order_by("starts_on")
    ]
    return section(
        key="partners",
        order=ORDER_PARTNERS,
        title="The three statutory partners",
        template="governance/report/partners.html",
        context={"partners": partners, "terms": terms, "period": period},
        is_empty=not agencies,
    )


def _structure(period: FinancialYear, at_end: YearEnd) -> Section:
    groups = sorted(
        (group for group in at_end.groups.values() if not group.is_retired),
        key=lambda group: (group.display_order, group.name),
    )
    held = dict(
        Meeting.objects.filter(starts_at__date__range=(period.start, period.end))
        .values("group_id")
        .annotate(held=Count("pk"))
        .values_list("group_id", "held")
    )
    rows = [
        {
            "group": group,
            "chair": getattr(at_end.person(group.chair_id), "full_name", ""),
            "frequency": PartnershipGroup.Frequency(group.meeting_frequency).label,
            "meetings_held": held.get(group.id, 0),
        }
        for group in groups
    ]
    executive_meetings = list(
        Meeting.objects.filter(group__is_executive=True, starts_at__date__range=(period.start, period.end))
        .select_related("group")
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("person__agency", "deputy"))
        )
    )
    quorate = sum(1 for meeting in executive_meetings if meeting.is_quorate)
    return section(
        key="structure",
        order=ORDER_STRUCTURE,
        title="Governance and structure",
        template="governance/report/structure.html",
        context={
            "rows": rows,
            "executive_meetings": len(executive_meetings),
            "quorate": quorate,
            "meetings_total": sum(row["meetings_held"] for row in rows),
            "period": period,
        },
        is_empty=not groups,
    )


def _membership(period: FinancialYear, at_end: YearEnd) -> Section:
    agencies = sorted(
        (agency for agency in at_end.agencies.values() if agency.is_active),
        key=lambda agency: (agency.kind, agency.name),
    )
    active = {agency.id for agency in agencies}
    people = [person for person in at_end.people.values() if person.agency_id in active]
    by_agency = Counter(person.agency_id for person in people)
    in_groups = set().union(*at_end.members.values()) if at_end.members else set()
    group_people = sum(1 for person in people if person.id in in_groups)
    kinds = dict(Agency.Kind.choices)
    by_kind = Counter(agency.kind for agency in agencies)
    chart = BarChart(
        chart_id="membership-chart",
        title=f"Member agencies by kind, at 31 March {period.start_year + 1}",
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
            "rows": [
                {
                    "agency": agency,
                    "kind": kinds.get(agency.kind, agency.kind),
                    "people": by_agency[agency.id],
                }
                for agency in agencies
            ],
            "agency_count": len(agencies),
            "people": len(people),
            "group_people": group_people,
            "chart": chart.render() if agencies else "",
            "period": period,
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


def _score(risk, which: str) -> int:
    return getattr(risk, f"{which}_likelihood") * getattr(risk, f"{which}_impact")


def _risks(period: FinancialYear, at_end: YearEnd) -> Section:
    """The register at the year's end: the risks open then, scored as they were then."""
    risks = [risk for risk in as_at(Risk, at_end.moment).values() if risk.status == Risk.Status.OPEN]
    risks.sort(key=lambda risk: (-_score(risk, "current"), risk.title))
    rows = []
    for risk in risks:
        owner = at_end.person(risk.owner_id)
        current, target = _score(risk, "current"), _score(risk, "target")
        rows.append(
            {
                "title": risk.title,
                "owner": at_end.agency_name(owner.agency_id) if owner else "",
                "current": current,
                "current_band": RISK_BAND_LABELS[risk_band(current)],
                "band_key": risk_band(current),
                "target": target,
                "target_band": RISK_BAND_LABELS[risk_band(target)],
            }
        )
    by_band = Counter(row["band_key"] for row in rows)
    chart = BarChart(
        chart_id="risk-chart",
        title=f"Open risks by current band, at 31 March {period.start_year + 1}",
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
