"""Assemble the yearly report from the sections every app contributes.

Each area with a report.py (thscp/areas.py) has `report_sections(period)`, returning
governance.reporting.Section objects. An area that arrives later (priorities, dataset,
training) adds its report.py and its sections replace the placeholders below by key;
nothing else in the report changes.

The order follows the THSCP 2023-24 annual report:
  10 introduction              15 the three partners          20 Working Together 2023
  30 governance and structure  40 membership                  50 the scrutineer's statement
  55 scrutiny in the year      60 young scrutineers           70 key achievements
  80 key challenges            90 priorities                 100 statutory reviews
 110 learning                 120 training                   130 the multi-agency dataset
 140 risks                    150 budget                     160 the plan for the year ahead
"""

import html
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from governance.periods import FinancialYear
from governance.reporting import Section
from thscp.areas import collect, modules_providing

REPORT_SECTION_SOURCES = modules_providing("report")


@dataclass(frozen=True)
class Placeholder:
    key: str
    order: int
    title: str
    what: str  # what the section will report, once its app records it


# Sections whose apps come in later issues: until their module is listed above, the
# report says plainly that nothing is recorded yet.
PLACEHOLDERS = [
    Placeholder("priorities", 90, "Priorities and their progress", "the partnership's priority projects"),
    Placeholder("training", 120, "Training", "multi-agency training and the training needs analysis"),
    Placeholder("dataset", 130, "Multi-agency dataset highlights", "the quarterly multi-agency dataset"),
]


@dataclass(frozen=True)
class NarrativeSpec:
    key: str
    order: int
    title: str
    hint: str  # shown on the edit page


NARRATIVE = [
    NarrativeSpec(
        "introduction",
        10,
        "Introduction",
        "Introduce the partnership and the year: who the three statutory partners are and how they "
        "work together.",
    ),
    NarrativeSpec(
        "scrutineer_statement",
        50,
        "The independent scrutineer's statement",
        "The independent scrutineer's own assessment of the partnership's year: what improved, what "
        "needs attention, and how the scrutiny was done.",
    ),
    NarrativeSpec(
        "young_scrutineers",
        60,
        "Young scrutineers",
        "What the young scrutineers did this year, in their own words where they wish.",
    ),
    NarrativeSpec(
        "achievements",
        70,
        "Key achievements and their impact",
        "Each achievement and the difference it made for children and families.",
    ),
    NarrativeSpec(
        "challenges",
        80,
        "Key challenges",
        "The challenges the partnership faced and what they affected.",
    ),
    NarrativeSpec(
        "plan_ahead",
        160,
        "Strategic plan for the year ahead",
        "The partnership's plan for the coming year.",
    ),
]
NARRATIVE_BY_KEY = {spec.key: spec for spec in NARRATIVE}

WORKING_TOGETHER_ORDER = 20


def narrative_html(text: str) -> str:
    """Plain text as HTML: blank lines part paragraphs; lines that start with '- ' or '• '
    make a bulleted list. Everything is escaped: a narrative cannot carry markup."""
    blocks = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "• ", "* ")) for line in lines):
            items = "".join(f"<li>{html.escape(line[2:].strip())}</li>" for line in lines)
            blocks.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
        else:
            blocks.append(f'<p class="govuk-body">{"<br>".join(html.escape(line) for line in lines)}</p>')
    return "\n".join(blocks)


def _narrative_section(spec: NarrativeSpec, text: str) -> Section:
    is_empty = not text.strip()
    body = (
        '<p class="govuk-body app-report-empty">Nothing has been written for this section yet.</p>'
        if is_empty
        else narrative_html(text)
    )
    return Section(
        key=spec.key,
        order=spec.order,
        title=spec.title,
        html=mark_safe(body),  # noqa: S308 - narrative_html escapes every line
        is_empty=is_empty,
        editable=True,
    )


def _placeholder_section(placeholder: Placeholder, period: FinancialYear) -> Section:
    body = render_to_string("thscp/report/placeholder.html", {"placeholder": placeholder, "period": period})
    return Section(
        key=placeholder.key,
        order=placeholder.order,
        title=placeholder.title,
        html=mark_safe(body),  # noqa: S308 - our template
        is_empty=True,
    )


def _working_together_section() -> Section:
    return Section(
        key="working_together",
        order=WORKING_TOGETHER_ORDER,
        title="Working Together to Safeguard Children 2023",
        html=mark_safe(render_to_string("thscp/report/working_together.html")),  # noqa: S308 - our template
    )


def contributed_sections(period: FinancialYear) -> list[Section]:
    return collect(REPORT_SECTION_SOURCES, "report_sections", period)


def assemble(period: FinancialYear, narrative: dict[str, str]) -> list[Section]:
    """Every section of the report for the period, in the report's order.

    `narrative` maps a narrative key to the text written for it (missing: not written).
    """
    sections = contributed_sections(period)
    sections.append(_working_together_section())
    sections.extend(_narrative_section(spec, narrative.get(spec.key, "")) for spec in NARRATIVE)
    supplied = {section.key for section in sections}
    sections.extend(
        _placeholder_section(placeholder, period)
        for placeholder in PLACEHOLDERS
        if placeholder.key not in supplied
    )
    keys = [section.key for section in sections]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"Two sections of the yearly report share a key: {sorted(duplicates)}")
    return sorted(sections, key=lambda section: (section.order, section.key))
