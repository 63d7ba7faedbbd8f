"""Safe for children: what a yearly report must never publish, checked before sign-off.

The report is public. It gives counts and themes, never:
- a case reference: the reviews' own format (SI-YYYY-NNN, reviews.services), the
  references actually recorded (ours and the Panel's), or anything shaped like one;
- an exact date of a case (the dates on a serious incident, its decisions, rapid and
  local review), in a narrative someone typed or in a section built from case records;
- a young scrutineer's name, unless they consented to be named (NamingConsent); the
  report names them "a young scrutineer" otherwise (sections.py), and this check
  catches a name that slipped through, in any form of words.

Dates in sections built from other records (a training session, a meeting) come from
those records, so a day that happens to match a case's is not checked there.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from .text import lines_of

# reviews.services draws case references as f"SI-{year}-{number:03d}".
REVIEW_REFERENCE = re.compile(r"\bSI[-\s]?\d{4}[-\s]?\d{1,4}\b", re.IGNORECASE)
# Anything else shaped like a case or review reference: letters, then two groups of
# digits joined by - or / ("LCSPR-2025-01", "RR/2025/3"). Financial years ("2025-26")
# and indicator codes ("CSC-ASSESS-45") do not match.
REFERENCE_LIKE = re.compile(r"\b[A-Z]{2,6}\s?[-/]\s?\d{2,4}\s?[-/]\s?\d{1,5}\b")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)
MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
NUMERIC_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?![\d/.-])")
ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


@dataclass(frozen=True)
class Finding:
    kind: str  # "case_reference", "case_date", "young_scrutineer_named"
    section_key: str
    section_title: str
    found: str
    context: str

    @property
    def message(self) -> str:
        where = f"'{self.section_title}'"
        return {
            "case_reference": f"{where} contains a case reference ({self.found})",
            "case_date": f"{where} contains the exact date of a case ({self.found})",
            "young_scrutineer_named": f"{where} names a young scrutineer who has not consented to be named",
        }[self.kind]


@dataclass
class Sensitive:
    """What this partnership's records make unsafe to publish."""

    references: set[str] = field(default_factory=set)  # upper case
    case_dates: set[date] = field(default_factory=set)
    unconsented_names: set[str] = field(default_factory=set)


def dates_in(text: str) -> list[tuple[date, str]]:
    """Every date written in the text, in the forms people write them."""
    found = []
    for match in DAY_MONTH_YEAR.finditer(text):
        found.append((_date(match.group(3), MONTHS[match.group(2).lower()], match.group(1)), match.group(0)))
    for match in MONTH_DAY_YEAR.finditer(text):
        found.append((_date(match.group(3), MONTHS[match.group(1).lower()], match.group(2)), match.group(0)))
    for match in NUMERIC_DMY.finditer(text):
        year = match.group(3)
        year = int(year) + 2000 if len(year) == 2 else int(year)
        found.append((_date(year, match.group(2), match.group(1)), match.group(0)))
    for match in ISO.finditer(text):
        found.append((_date(match.group(1), match.group(2), match.group(3)), match.group(0)))
    return [(day, written) for day, written in found if day is not None]


def _date(year, month, day) -> date | None:
    try:
        return datetime(int(year), int(month), int(day)).date()
    except ValueError:
        return None


def _context(line: str, found: str) -> str:
    at = line.find(found)
    start = max(0, at - 60)
    end = min(len(line), at + len(found) + 60)
    return ("..." if start else "") + line[start:end] + ("..." if end < len(line) else "")


def check(sections: list[dict], sensitive: Sensitive) -> list[Finding]:
    """Findings in a report's sections: dicts with key, title, html, and `dates_checked`
    (a narrative, or a section built from case records)."""
    findings: list[Finding] = []
    seen = set()

    def add(kind, section, found, line):
        marker = (kind, section["key"], found.upper())
        if marker not in seen:
            seen.add(marker)
            findings.append(Finding(kind, section["key"], section["title"], found, _context(line, found)))

    for section in sections:
        for line in [section["title"], *lines_of(section["html"])]:
            upper = line.upper()
            for pattern in (REVIEW_REFERENCE, REFERENCE_LIKE):
                for match in pattern.finditer(line):
                    add("case_reference", section, match.group(0), line)
            for reference in sensitive.references:
                if reference and reference in upper:
                    at = upper.find(reference)
                    add("case_reference", section, line[at : at + len(reference)], line)
            if section.get("dates_checked"):
                for day, written in dates_in(line):
                    if day in sensitive.case_dates:
                        add("case_date", section, written, line)
            lowered = line.casefold()
            for name in sensitive.unconsented_names:
                if name and name.casefold() in lowered:
                    at = lowered.find(name.casefold())
                    add("young_scrutineer_named", section, line[at : at + len(name)], line)
    return findings
