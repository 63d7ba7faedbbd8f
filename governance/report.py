"""The yearly report's shared vocabulary, and governance's sections of it.

Every app that has something to say in the yearly report has a module `report.py`
with `report_sections(period) -> list[Section]`; thscp collects them
(thscp.reports.sections.REPORT_SECTION_SOURCES) and puts them in order. A section's
HTML is rendered here, from this app's templates, and is the same in the page
preview and in the PDF.

The report is a public document: sections give counts and anonymised facts, never
case detail.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class ReportPeriod:
    """The 12 months a yearly report covers: a financial year, April to March."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> "ReportPeriod":
        """'2025-26', '2025/26' or '2025' for April 2025 to March 2026."""
        cleaned = text.strip().replace("/", "-")
        first, _, second = cleaned.partition("-")
        if not first.isdigit() or len(first) != 4:
            raise ValueError(f"Give the period as a financial year, for example 2025-26, not {text!r}")
        start_year = int(first)
        if second and second not in (str(start_year + 1)[2:], str(start_year + 1)):
            raise ValueError(f"{text!r} is not a financial year: the second year must follow the first")
        return cls(start_year)

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{str(self.start_year + 1)[2:]}"

    @property
    def long_label(self) -> str:
        return f"April {self.start_year} to March {self.start_year + 1}"

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Section:
    """One section of the yearly report, as an app contributes it.

    `order` places it (the THSCP 2023-24 report's order; see thscp.reports.sections);
    `html` is already rendered from a template and safe; `is_empty` says the period
    had nothing to report, so the section says so in words.
    """

    key: str
    order: int
    title: str
    html: SafeString
    is_empty: bool = False
    editable: bool = False  # narrative a person writes, rather than figures from records


def section(*, key: str, order: int, title: str, template: str, context: dict, is_empty: bool) -> Section:
    html = render_to_string(template, {**context, "is_empty": is_empty, "section_key": key})
    return Section(key=key, order=order, title=title, html=mark_safe(html), is_empty=is_empty)  # noqa: S308


# Charts: server-rendered SVG with a title and a description, always beside a table of
# the same figures, so the page and the PDF carry the same text alternative.


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as text, e.g. "£250,000" or "80%"


@dataclass
class BarChart:
    chart_id: str
    title: str
    description: str
    bars: list[Bar]
    value_heading: str = "Value"
    label_heading: str = "Item"
    maximum: float | None = None
    rows: list = field(default_factory=list)

    BAR_HEIGHT = 24
    GAP = 10
    LABEL_WIDTH = 170
    PLOT_WIDTH = 250
    WIDTH = 500

    def __post_init__(self):
        top = self.maximum or max((bar.value for bar in self.bars), default=0) or 1
        self.rows = [
            {
                "bar": bar,
                "y": index * (self.BAR_HEIGHT + self.GAP),
                "text_y": index * (self.BAR_HEIGHT + self.GAP) + 17,
                "width": round(self.PLOT_WIDTH * bar.value / top, 1) if bar.value else 0,
                "value_x": self.LABEL_WIDTH + round(self.PLOT_WIDTH * bar.value / top, 1) + 6,
            }
            for index, bar in enumerate(self.bars)
        ]

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * (self.BAR_HEIGHT + self.GAP)

    def render(self) -> SafeString:
        return mark_safe(  # noqa: S308 - rendered by our template, which escapes the labels
            render_to_string("governance/report/bar_chart.html", {"chart": self})
        )


def pounds(amount) -> str:
    return f"£{Decimal(amount):,.0f}"


# Governance's sections, in the order of the THSCP 2023-24 report.

ORDER_PARTNERS = 15
ORDER_STRUCTURE = 30
ORDER_MEMBERSHIP = 40
ORDER_SCRUTINY_ACTIVITY = 55
ORDER_RISKS = 140
ORDER_BUDGET = 150


def report_sections(period: ReportPeriod) -> list[Section]:
    return [
        _partners(period),
        _structure(period),
        _membership(period),
        _scrutiny_activity(period),
        _risks(period),
        _budget(period),
    ]


def _partners(period: ReportPeriod) -> Section:
    from .models import Agency, ExecutiveChairTerm, Person

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


def _structure(period: ReportPeriod) -> Section:
    from .models import Attendance, Meeting, PartnershipGroup

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


def _membership(period: ReportPeriod) -> Section:
    from .models import Agency, Person

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


def _scrutiny_activity(period: ReportPeriod) -> Section:
    from .models import ScrutinyActivity

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


def _risks(period: ReportPeriod) -> Section:
    from .models import RISK_BAND_LABELS, Risk

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


def _budget(period: ReportPeriod) -> Section:
    from .models import BudgetContribution, BudgetSpend

    contributions = list(
        BudgetContribution.objects.filter(financial_year=period.start_year)
        .select_related("agency")
        .order_by("-amount", "agency__name")
    )
    spend = list(BudgetSpend.objects.filter(financial_year=period.start_year).order_by("-amount", "category"))
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
