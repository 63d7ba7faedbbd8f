"""An indicator's trend: a server-rendered SVG bar chart beside a table of the same
figures (governance.reporting.BarChart), which also marks where the indicator's
definition changed, in the picture and in the table, so that a step at a new version
is not read as a real change.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from governance.reporting import Bar, BarChart


@dataclass
class TrendChart(BarChart):
    # The bar labels (quarters) at which a new definition starts (selectors.DefinitionChange).
    changes: dict = field(default_factory=dict)

    # Room above a bar that starts a new definition, for the dashed line and its label.
    CHANGE_GAP = 22

    @classmethod
    def for_points(cls, *, chart_id: str, indicator, points, changes) -> "TrendChart":
        shown = [point for point in points if point.value is not None]
        marked = {change.period.label: change for change in changes}
        units = {point.indicator.unit for point in shown if point.indicator is not None} or {indicator.unit}
        description = (
            f"{len(shown)} quarters from {points[0].period.label} to {points[-1].period.label}. "
            f"{indicator.get_polarity_display()}."
            + (f" Target {indicator.shown(indicator.target)}." if indicator.target is not None else "")
            + "".join(f" {change.note}." for change in changes)
        )
        percentage_only = units == {indicator.Unit.PERCENTAGE}
        return cls(
            chart_id=chart_id,
            title=f"{indicator.code} {indicator.title}, by quarter",
            description=description,
            bars=[
                Bar(label=point.period.label, value=float(point.value or 0), shown=point.shown)
                for point in points
            ],
            label_heading="Quarter",
            # Versions may differ in unit; each figure is shown with its own.
            value_heading=indicator.get_unit_display() if len(units) == 1 else "Figure",
            maximum=100 if percentage_only else None,
            changes=marked,
        )

    def __post_init__(self):
        super().__post_init__()
        offset = 0
        for row in self.rows:
            change = self.changes.get(row["bar"].label)
            if change:
                row["change_line_y"] = row["y"] + offset + 4
                row["change_text_y"] = row["y"] + offset + 15
                offset += self.CHANGE_GAP
            row["change"] = change
            row["y"] += offset
            row["text_y"] += offset
            for line in row["lines"]:
                line["y"] += offset
            # As text: the template would localise every number of every chart.
            for key in ("y", "text_y", "width", "value_x", "change_line_y", "change_text_y"):
                if key in row:
                    row[key] = str(row[key])
            for line in row["lines"]:
                line["y"] = str(line["y"])

    @property
    def height(self) -> int:
        return super().height + self.CHANGE_GAP * len(self.changes)

    def render(self) -> SafeString:
        return mark_safe(  # noqa: S308 - rendered by our template, which escapes the labels
            render_to_string("dataset/components/trend_chart.html", {"chart": self})
        )


@dataclass
class Sparkline:
    """A small picture of a row of the quarterly summary: the figures as a line, broken
    where a quarter has no figure and where the definition changed (marked there with a
    dashed upright). Decorative: the same row gives the figures and names the change.

    Scaled to the row's own range, but never to less than a tenth of its largest figure,
    so that a small wobble stays nearly flat."""

    segments: list[str]  # SVG polyline points, one run of comparable figures each
    dots: list[tuple[float, float]]
    change_xs: list[float]

    WIDTH = 100
    HEIGHT = 30
    PAD = 3

    @classmethod
    def for_points(cls, *, indicator, points, changes) -> "Sparkline":
        given = [float(point.value) for point in points if point.value is not None]
        low, high = min(given, default=0.0), max(given, default=0.0)
        span = max(high - low, abs(high) / 10, 1e-9)
        middle = (high + low) / 2
        low, high = middle - span / 2, middle + span / 2
        step = (cls.WIDTH - 2 * cls.PAD) / max(len(points) - 1, 1)
        changed = {change.period for change in changes}
        segments, dots, change_xs, run = [], [], [], []
        for index, point in enumerate(points):
            x = round(cls.PAD + index * step, 1)
            if point.period in changed:
                change_xs.append(round(x - step / 2, 1))
                run = cls._close(run, segments)
            if point.value is None:
                run = cls._close(run, segments)
                continue
            y = round(
                cls.HEIGHT - cls.PAD - (float(point.value) - low) / (high - low) * (cls.HEIGHT - 2 * cls.PAD),
                1,
            )
            run.append((x, y))
            dots.append((x, y))
        cls._close(run, segments)
        return cls(segments=segments, dots=dots, change_xs=change_xs)

    def svg(self) -> SafeString:
        """The picture, drawn here rather than in the template: a row of the summary has a
        dozen coordinates, and the template would localise each one. Numbers only."""
        height = self.HEIGHT
        parts = [
            format_html(
                '<line x1="{0}" x2="{0}" y1="0" y2="{1}" stroke="#0b0c0c" stroke-width="1.5" '
                'stroke-dasharray="3 2"></line>',
                x,
                height,
            )
            for x in self.change_xs
        ]
        parts += [
            format_html(
                '<polyline points="{}" fill="none" stroke="#1d70b8" stroke-width="2"></polyline>', points
            )
            for points in self.segments
        ]
        parts += [
            format_html('<circle cx="{}" cy="{}" r="2.5" fill="#1d70b8"></circle>', x, y)
            for x, y in self.dots
        ]
        return format_html(
            '<svg class="app-sparkline" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
            'focusable="false" viewBox="0 0 {0} {1}" width="{0}" height="{1}">{2}</svg>',
            self.WIDTH,
            height,
            mark_safe("".join(parts)),  # noqa: S308 - each part built by format_html above
        )

    @staticmethod
    def _close(run, segments) -> list:
        if len(run) > 1:
            segments.append(" ".join(f"{x},{y}" for x, y in run))
        return []
