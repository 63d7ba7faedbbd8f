"""How an area contributes to the yearly report: the one contract every app implements.

An app that has something to say in the yearly report has a module `report.py` with

    def report_sections(period: FinancialYear) -> list[Section]

found by thscp/areas.py; thscp.reports.sections puts every section in the order of the
THSCP 2023-24 report. A section's HTML is rendered by `section()` from
the app's own templates and is the same in the page preview and in the PDF. Charts are
BarCharts: server-rendered SVG with a title and a description, always beside a table of
the same figures.

The report is a public document: sections give counts and anonymised facts, never
case detail. governance/report.py is an example.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


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
