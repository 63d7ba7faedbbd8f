"""How an area contributes to the yearly report: the one contract every app implements.

An app that has something to say in the yearly report has a module `report.py` with

    def report_sections(period: FinancialYear) -> list[Section]

found by thscp/areas.py; thscp.reports.sections puts every section in the order of the
THSCP 2023-24 report. A section's HTML is rendered by `section()` from
the app's own templates and is the same in the page preview and in the PDF. Charts are
BarCharts: server-rendered SVG with a title and a description, always beside a table of
the same figures.

The report is a public document: sections give counts and themes, never a case
reference, a case's date, or a combination of details that could narrow down a child or
family. An empty section says in the partnership's own voice what was not done in the
year ("The partnership commissioned no local child safeguarding practice reviews in
2025-26."), never what the product does not hold. governance/report.py is an example.

A year is reported as it stood at its end, so that rendering a closed year again gives
the same figures whatever has changed since:

- state records (the risk register, the directory and membership, the groups and their
  chairs) are read from History as they stood at `year_end(period)`: `as_at()`. A
  record entered after the year end was not part of the year and is left out;
- dated records about the year (a meeting, a review's dates, a monthly update, a
  quarterly return) are chosen by their own dates, and read from History as they stood
  at the year end when they were entered by then; one entered afterwards (the update for
  March, written in April; a return for the last quarter) as it stands: `as_it_stood()`.

Both read History in bulk, one query for each model, never one for each record.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import F, Min
from django.template.loader import render_to_string
from django.utils import timezone
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


# Reading a year as it stood at its end (see the module's docstring) ---------------------


def _midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def year_start(period) -> datetime:
    """The first moment of the period: the start of 1 April, London time."""
    return _midnight(period.start)


def year_end(period) -> datetime:
    """The last moment of the period: the end of its last day (31 March), London time."""
    return _midnight(period.end + timedelta(days=1)) - timedelta(microseconds=1)


def _primary_key(model) -> str:
    return model._meta.pk.attname


def as_at(model, moment: datetime, *, ids=None) -> dict:
    """State records: each record of `model` as its History held it at `moment`, as
    historical rows keyed by primary key. A record entered after `moment`, or deleted by
    then, is not there. One query."""
    key = _primary_key(model)
    rows = model.history.filter(history_date__lte=moment)
    if ids is not None:
        rows = rows.filter(**{f"{key}__in": list(ids)})
    return {getattr(row, key): row for row in rows.latest_of_each().exclude(history_type="-")}


def as_it_stood(model, moment: datetime, *, ids=None) -> dict:
    """Dated records about a period, chosen by their own dates: each record (of `ids`, or
    every one) as its History held it at `moment` if it was entered by then, otherwise
    (entered afterwards, about the period) as it stands now; deleted ones are left out.
    Historical rows keyed by primary key; one query."""
    key = _primary_key(model)
    at, latest = {}, {}
    rows = model.history.all()
    if ids is not None:
        rows = rows.filter(**{f"{key}__in": list(ids)})
    rows = rows.order_by(key, "history_date", "history_id")
    for row in rows:
        latest[getattr(row, key)] = row
        if row.history_date <= moment:
            at[getattr(row, key)] = row
    chosen = {pk: at.get(pk, row) for pk, row in latest.items()}
    return {pk: row for pk, row in chosen.items() if row.history_type != "-"}


def date_history(model, when: datetime, *, ids=None) -> None:
    """Date the History of these records (every record of `model` without `ids`) from
    `when`, keeping its order: for records that existed before they were entered here
    (the demo, or a first import from the partnership's own registers), so that the
    yearly report finds them in the years they belong to."""
    rows = model.history.all()
    if ids is not None:
        rows = rows.filter(**{f"{_primary_key(model)}__in": list(ids)})
    first = rows.aggregate(first=Min("history_date"))["first"]
    if first is not None and first > when:
        rows.update(history_date=F("history_date") - (first - when))


# Charts: server-rendered SVG with a title and a description, always beside a table of
# the same figures, so the page and the PDF carry the same text alternative.

# Rough widths of characters in the chart's sans-serif font, in ems, so that a label is
# wrapped before it runs into its bar (no font metrics are read on the server).
_NARROW = set("iljftrI.,:;'|!()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float = 13) -> float:
    """About how wide `text` is in pixels at `size`, in Helvetica or Arial."""
    ems = 0.0
    for character in text:
        if character in _NARROW:
            ems += 0.3
        elif character in _WIDE:
            ems += 0.85
        elif character.isupper() or character in "£&":
            ems += 0.68
        else:
            ems += 0.55
    return ems * size


def wrap_label(label: str, width: float, *, size: float = 13, lines: int = 2) -> list[str]:
    """The label in at most `lines` lines no wider than `width`; what still does not fit
    ends in an ellipsis (the table beside the chart gives it in full)."""
    wrapped: list[str] = []
    words = label.split()
    while words and len(wrapped) < lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size) <= width:
            line = f"{line} {words.pop(0)}"
        wrapped.append(line)
    if words:
        wrapped[-1] = f"{wrapped[-1]} {' '.join(words)}"
    for index, line in enumerate(wrapped):
        if text_width(line, size) > width:
            while line and text_width(f"{line}…", size) > width:
                line = line[:-1].rstrip()
            wrapped[index] = f"{line}…"
    return wrapped


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as text, e.g. "£250,000" or "80%"
    cells: tuple[str, ...] = ()  # further columns of the chart's table, before the value


@dataclass
class BarChart:
    """A horizontal bar chart and the table of its figures, in one `figure`.

    `columns` heads the further columns some charts' tables have (each bar's `cells`),
    so that a figure and how it was counted appear once, in one table. A long series
    (quarters) can be `compact`, with its table `across` the page, one column a bar, so
    that it takes a third of the height."""

    chart_id: str
    title: str
    description: str
    bars: list[Bar]
    value_heading: str = "Value"
    label_heading: str = "Item"
    maximum: float | None = None
    columns: tuple[str, ...] = ()
    compact: bool = False
    across: bool = False
    rows: list = field(default_factory=list)

    FONT_SIZE = 13
    LINE_HEIGHT = 14
    LABEL_WIDTH = 200
    WIDTH = 500
    TOP = 3  # room above the first label, whose capitals would touch the edge

    def __post_init__(self):
        # A compact chart's bars are too thin for a label on two lines.
        self.bar_height, self.gap, lines = (16, 6, 1) if self.compact else (24, 10, 2)
        top = self.maximum or max((bar.value for bar in self.bars), default=0) or 1
        # Room for the longest value after its bar, so that no figure is cut off.
        value_room = max((text_width(bar.shown, self.FONT_SIZE) for bar in self.bars), default=0) + 12
        self.plot_width = max(self.WIDTH - self.LABEL_WIDTH - value_room, 100)
        self.rows = []
        for index, bar in enumerate(self.bars):
            y = self.TOP + index * (self.bar_height + self.gap)
            wrapped = wrap_label(bar.label, self.LABEL_WIDTH - 10, size=self.FONT_SIZE, lines=lines)
            # One line sits beside the middle of the bar; two lines straddle it.
            middle = y + self.bar_height / 2 + 4.5
            first_line_y = middle if len(wrapped) == 1 else middle - self.LINE_HEIGHT / 2
            width = round(self.plot_width * min(bar.value, top) / top, 1) if bar.value else 0
            self.rows.append(
                {
                    "bar": bar,
                    "y": y,
                    "lines": [
                        {"text": line, "y": first_line_y + number * self.LINE_HEIGHT}
                        for number, line in enumerate(wrapped)
                    ],
                    "text_y": middle,
                    "width": width,
                    "value_x": self.LABEL_WIDTH + width + 6,
                }
            )

    @property
    def height(self) -> int:
        return self.TOP + max(len(self.bars), 1) * (self.bar_height + self.gap)

    def render(self) -> SafeString:
        return mark_safe(  # noqa: S308 - rendered by our template, which escapes the labels
            render_to_string("governance/report/bar_chart.html", {"chart": self})
        )


def pounds(amount) -> str:
    return f"£{Decimal(amount):,.0f}"
