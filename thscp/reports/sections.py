"""Assemble the yearly report from the sections every app contributes and what people
write for it.

Each area with a report.py (thscp/areas.py) has `report_sections(period)`, returning
governance.reporting.Section objects. An area that arrives later adds its report.py and
its sections replace the placeholders below by key; nothing else in the report changes.
The report's own parts (the foreword, key changes, partner profiles, the achievements
table and the narrative) are built here from what the business unit records.

The order follows the THSCP 2023-24 report, with a foreword, key changes and partner
profiles as a published report has them:
   5 foreword                   10 introduction                12 key changes in the year
  15 the three partners         17 partner profiles            20 Working Together 2023
  30 governance and structure   40 membership                  50 the scrutineer's statement
  55 scrutiny in the year       60 young scrutineers           70 key achievements
  80 key challenges             90 priorities                 100 statutory reviews
 110 learning                  120 training                   130 the multi-agency dataset
 140 risks                     150 budget                     160 the plan for the year ahead
 170 glossary

Young scrutineers are children: a young scrutineer who has not consented to be named
(NamingConsent) is "a young scrutineer" in every section, whatever the section's app
printed.
"""

import html
import importlib
import re
from dataclasses import dataclass, field, replace

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from governance.periods import FinancialYear
from governance.reporting import Section
from thscp.areas import modules_providing

REPORT_SECTION_SOURCES = modules_providing("report")

# Sections built from case records: an exact case date found in one is one to remove.
CASE_AREAS = {"reviews"}
# A section this long (characters of HTML) starts on a new page; shorter ones follow on.
LONG_SECTION_HTML = 9000


@dataclass(frozen=True)
class Placeholder:
    key: str
    order: int
    title: str
    what: str  # what the section would report, in the partnership's words


# Sections whose apps may be missing from a deployment: until the app's module is
# listed above, the report says in the partnership's voice that there is nothing to
# report, or why it does not apply, as the business unit records it (NotApplicable).
PLACEHOLDERS = [
    Placeholder("priorities", 90, "Priorities and their progress", "progress on its priority projects"),
    Placeholder("training", 120, "Training", "multi-agency training"),
    Placeholder("dataset", 130, "Multi-agency dataset highlights", "figures from the multi-agency dataset"),
]


@dataclass(frozen=True)
class NarrativeSpec:
    key: str
    order: int
    title: str
    hint: str  # shown on the edit page


NARRATIVE = [
    NarrativeSpec(
        "foreword",
        5,
        "Foreword",
        "A word from the three lead safeguarding partners, who sign it: what the year meant for children "
        "and families, and what they ask of partners next. Who signs is recorded under 'Who signs the "
        "foreword'.",
    ),
    NarrativeSpec(
        "introduction",
        10,
        "Introduction",
        "Introduce the partnership and the year: who the three statutory partners are and how they "
        "work together.",
    ),
    NarrativeSpec(
        "key_changes",
        12,
        "Key changes in the year",
        "An overview of what changed in the year: in the arrangements, the structure, the people who "
        "lead them and the way the partners work.",
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
        "What the young scrutineers did this year, in their own words where they wish. Do not name a "
        "young scrutineer unless their consent to be named is recorded.",
    ),
    NarrativeSpec(
        "achievements",
        70,
        "Key achievements and their impact",
        "An optional introduction to the achievements table. Each achievement and the difference it "
        "made is recorded under 'Achievements', and shown as a table.",
    ),
    NarrativeSpec(
        "challenges",
        80,
        "Key challenges",
        "The challenges the partnership faced and what they affected, including any priority where "
        "there was little or no progress, and why.",
    ),
    NarrativeSpec(
        "plan_ahead",
        160,
        "Strategic plan for the year ahead",
        "The partnership's plan for the coming year.",
    ),
]
NARRATIVE_BY_KEY = {spec.key: spec for spec in NARRATIVE}

# Each statutory partner's profile is a narrative of its own, shown in one section.
PROFILE_KEYS = {
    "local_authority": "profile_local_authority",
    "integrated_care_board": "profile_integrated_care_board",
    "police": "profile_police",
}
PROFILE_HINT = (
    "The partner's profile: who they are, what they are responsible for, and what they did for "
    "the partnership in the year."
)
PROFILE_TITLES = {
    "profile_local_authority": "Partner profile: the local authority",
    "profile_integrated_care_board": "Partner profile: the integrated care board",
    "profile_police": "Partner profile: the police",
}
WRITABLE_KEYS = {*NARRATIVE_BY_KEY, *PROFILE_TITLES}

WORKING_TOGETHER_ORDER = 20
PARTNER_PROFILES_ORDER = 17
GLOSSARY_ORDER = 170

# The words a public reader meets in the report (domain.md's glossary).
GLOSSARY = [
    ("Child Safeguarding Practice Review Panel (the Panel)", "The national panel that reviews serious "
     "child safeguarding cases and is told of every serious incident."),
    ("Foundations", "The national What Works Centre for Children and Families, which receives the "
     "yearly report."),
    ("Lead safeguarding partner", "The chief executive of the local authority, the chief executive of the "
     "integrated care board or the chief officer of police: they share the duty to safeguard children."),
    ("Delegated safeguarding partner", "A senior leader to whom a lead safeguarding partner delegates the "
     "partnership's work; the delegated partners sit on the Executive."),
    ("Rapid review", "A review, within 15 working days of a serious incident being notified, of what "
     "happened and whether a local review is needed."),
    ("Local child safeguarding practice review (LCSPR)", "A review of a serious case to learn how agencies "
     "can work better together to protect children."),
    ("Serious incident", "When abuse or neglect is known or suspected and a child has died or been seriously "
     "harmed."),
    ("MASH", "The multi-agency safeguarding hub: where agencies decide together on concerns about a child."),
    ("MACE", "The multi-agency child exploitation meeting."),
    ("Independent scrutineer", "The person who independently checks and challenges how well the "
     "arrangements work."),
    ("Young scrutineers", "Young people employed by the partnership to scrutinise its work and bring the "
     "voice of children and young people into it."),
    ("Working Together", "Working Together to Safeguard Children 2023, the statutory guidance for the "
     "partnership."),
]  # fmt: skip


@dataclass(frozen=True)
class ReportSection:
    """A section as the report shows it: the app's Section, numbered, with where it came
    from and whether it goes into the published document."""

    key: str
    order: int
    title: str
    html: SafeString
    is_empty: bool = False
    editable: bool = False
    source: str = "report"  # the area that contributed it, "narrative", or "report"
    included: bool = True  # an unwritten narrative stays out of the PDF
    number: int | None = None
    not_applicable: str = ""  # the business unit's reason, when marked not applicable
    long: bool = False

    @property
    def dates_checked(self) -> bool:
        """Typed by a person, or built from case records: a case date here is a leak."""
        return self.source in ("narrative", "report") or self.source in CASE_AREAS

    def as_stored(self) -> dict:
        return {
            "key": self.key,
            "order": self.order,
            "number": self.number,
            "title": self.title,
            "html": str(self.html),
            "is_empty": self.is_empty,
            "source": self.source,
            "not_applicable": self.not_applicable,
            "long": self.long,
        }


@dataclass
class ReportInputs:
    """Everything a person records for the report, read once (services.report_inputs)."""

    narrative: dict[str, str] = field(default_factory=dict)
    achievements: list = field(default_factory=list)
    signatories: dict = field(default_factory=dict)  # partner -> ForewordSignatory
    partners: list = field(default_factory=list)  # partner profile facts (services)
    not_applicable: dict[str, str] = field(default_factory=dict)  # section key -> reason
    unnamed: list = field(default_factory=list)  # selectors.Unnamed


def narrative_html(text: str) -> str:
    """Plain text as HTML: blank lines part paragraphs; lines that start with '- ', '* ' or
    '• ' make a bulleted list, wherever they come (straight after an introductory line
    too). Everything is escaped: a narrative cannot carry markup."""
    blocks = []
    for block in text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        # Consecutive lines of one kind make one paragraph, or one list.
        runs: list[tuple[bool, list[str]]] = []
        for line in lines:
            is_item = line[:2] in ("- ", "* ") or line.startswith("•")
            if is_item:
                line = line[1:].strip()
            if runs and runs[-1][0] == is_item:
                runs[-1][1].append(line)
            else:
                runs.append((is_item, [line]))
        for is_list, run in runs:
            if is_list:
                items = "".join(f"<li>{html.escape(item)}</li>" for item in run)
                blocks.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
            else:
                blocks.append(f'<p class="govuk-body">{"<br>".join(html.escape(line) for line in run)}</p>')
    return "\n".join(blocks)


def _not_applicable_html(reason: str, period: FinancialYear) -> str:
    return (
        f'<p class="govuk-body app-report-not-applicable"><strong>Not applicable in {period.label}.</strong> '
        f"{escape(reason)}</p>"
    )


def _narrative_section(spec: NarrativeSpec, text: str, period: FinancialYear, not_applicable: str) -> Section:
    is_empty = not text.strip()
    if is_empty and not_applicable:
        body = _not_applicable_html(not_applicable, period)
    elif is_empty:
        body = (
            '<p class="govuk-body app-report-empty">Nothing has been written for this section yet. '
            "Until it is, it is left out of the PDF.</p>"
        )
    else:
        body = narrative_html(text)
    return Section(
        key=spec.key,
        order=spec.order,
        title=spec.title,
        html=mark_safe(body),  # noqa: S308 - narrative_html and escape() escape every line
        is_empty=is_empty,
        editable=True,
    )


def _foreword(spec: NarrativeSpec, inputs: ReportInputs, period: FinancialYear) -> Section:
    text = inputs.narrative.get(spec.key, "")
    base = _narrative_section(spec, text, period, inputs.not_applicable.get(spec.key, ""))
    if base.is_empty:
        return base
    body = render_to_string(
        "thscp/report/foreword.html",
        {"text": base.html, "signatories": inputs.signatories, "partners": inputs.partners},
    )
    return replace(base, html=mark_safe(body))  # noqa: S308 - our template, escaping


def _achievements(spec: NarrativeSpec, inputs: ReportInputs, period: FinancialYear) -> Section:
    text = inputs.narrative.get(spec.key, "")
    rows = inputs.achievements
    if not rows and not text.strip():
        return _narrative_section(spec, "", period, inputs.not_applicable.get(spec.key, ""))
    body = render_to_string(
        "thscp/report/achievements.html",
        {
            # narrative_html escapes every line
            "introduction": mark_safe(narrative_html(text)) if text.strip() else "",  # noqa: S308
            "achievements": rows,
            "period": period,
        },
    )
    return Section(
        key=spec.key,
        order=spec.order,
        title=spec.title,
        html=mark_safe(body),  # noqa: S308 - our template, escaping
        is_empty=False,
        editable=True,
    )


def _profile_html(text: str) -> SafeString:
    return mark_safe(narrative_html(text))  # noqa: S308 - narrative_html escapes every line


def _partner_profiles(inputs: ReportInputs, period: FinancialYear) -> Section:
    written = {key: inputs.narrative.get(key, "").strip() for key in PROFILE_TITLES}
    is_empty = not any(written.values())
    body = render_to_string(
        "thscp/report/partner_profiles.html",
        {
            "partners": [
                {**partner, "profile": _profile_html(written[PROFILE_KEYS[partner["partner"]]])}
                for partner in inputs.partners
            ],
            "period": period,
            "is_empty": is_empty,
        },
    )
    return Section(
        key="partner_profiles",
        order=PARTNER_PROFILES_ORDER,
        title="Partner profiles",
        html=mark_safe(body),  # noqa: S308 - our template, escaping
        is_empty=is_empty,
    )


def _placeholder_section(placeholder: Placeholder, period: FinancialYear, not_applicable: str) -> Section:
    body = render_to_string(
        "thscp/report/placeholder.html",
        {"placeholder": placeholder, "period": period, "not_applicable": not_applicable},
    )
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


def _glossary_section() -> Section:
    return Section(
        key="glossary",
        order=GLOSSARY_ORDER,
        title="Glossary",
        html=mark_safe(render_to_string("thscp/report/glossary.html", {"terms": GLOSSARY})),  # noqa: S308
    )


def contributed_sections(period: FinancialYear) -> list[tuple[str, Section]]:
    """Each area's sections, with the area's name."""
    found = []
    for name in REPORT_SECTION_SOURCES:
        area = name.split(".")[0]
        found.extend((area, section) for section in importlib.import_module(name).report_sections(period))
    return found


def _unnamed_patterns(unnamed) -> list[re.Pattern]:
    """A young scrutineer's name as a section may print it: escaped or not, with their job
    title after it or not ("Zara Ahmed, Young Scrutineer")."""
    patterns = []
    for person in unnamed:
        names = {person.full_name, escape(person.full_name), html.escape(person.full_name)}
        titles = {person.job_title, escape(person.job_title)} - {""}
        title_part = "|".join(re.escape(title) for title in sorted(titles, key=len, reverse=True))
        for name in sorted(names, key=len, reverse=True):
            suffix = rf"(?:\s*,\s*(?:{title_part}))?" if title_part else ""
            patterns.append(re.compile(rf"\b{re.escape(name)}\b{suffix}", re.IGNORECASE))
    return patterns


def redact_unnamed(text: str, patterns: list[re.Pattern]) -> str:
    for pattern in patterns:
        text = pattern.sub("a young scrutineer", text)
    return text


def assemble(period: FinancialYear, narrative: dict[str, str], inputs: ReportInputs | None = None):
    """Every section of the report for the period, in the report's order, numbered as the
    published document numbers them.

    `narrative` maps a narrative key to the text written for it (missing: not written);
    `inputs` carries the rest of what people record (services.report_inputs)."""
    inputs = inputs or ReportInputs()
    inputs.narrative = {**inputs.narrative, **narrative}
    not_applicable = inputs.not_applicable
    sourced: list[tuple[str, Section]] = contributed_sections(period)
    sourced.append(("report", _working_together_section()))
    for spec in NARRATIVE:
        if spec.key == "foreword":
            sourced.append(("narrative", _foreword(spec, inputs, period)))
        elif spec.key == "achievements":
            sourced.append(("narrative", _achievements(spec, inputs, period)))
        else:
            text = inputs.narrative.get(spec.key, "")
            sourced.append(
                ("narrative", _narrative_section(spec, text, period, not_applicable.get(spec.key, "")))
            )
    sourced.append(("narrative", _partner_profiles(inputs, period)))
    sourced.append(("report", _glossary_section()))
    supplied = {section.key for _, section in sourced}
    sourced.extend(
        ("report", _placeholder_section(placeholder, period, not_applicable.get(placeholder.key, "")))
        for placeholder in PLACEHOLDERS
        if placeholder.key not in supplied
    )
    keys = [section.key for _, section in sourced]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"Two sections of the yearly report share a key: {sorted(duplicates)}")
    patterns = _unnamed_patterns(inputs.unnamed)
    found = []
    number = 0
    for source, section in sorted(sourced, key=lambda pair: (pair[1].order, pair[1].key)):
        reason = not_applicable.get(section.key, "") if section.is_empty else ""
        body = str(section.html)
        if reason and source not in ("narrative",) and section.key not in {p.key for p in PLACEHOLDERS}:
            # An area's empty section, marked not applicable: the reason follows its own words.
            body += _not_applicable_html(reason, period)
        body = redact_unnamed(body, patterns)
        included = not (section.editable and section.is_empty and not reason)
        if section.key == "partner_profiles" and section.is_empty:
            included = bool(reason)
        if included:
            number += 1
        found.append(
            ReportSection(
                key=section.key,
                order=section.order,
                title=section.title,
                html=mark_safe(body),  # noqa: S308 - the sections' own safe HTML, names replaced
                is_empty=section.is_empty,
                editable=section.editable,
                source=source,
                included=included,
                number=number if included else None,
                not_applicable=reason,
                long=len(body) > LONG_SECTION_HTML,
            )
        )
    return found
