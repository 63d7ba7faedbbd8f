"""What changed between two versions of the yearly report, section by section, in words a
signatory reads: sections added or taken out, and within a section the lines taken out
and the lines put in (a paragraph, a list item or a table row is a line)."""

import difflib
from dataclasses import dataclass, field

from .text import lines_of


@dataclass(frozen=True)
class SectionChange:
    key: str
    title: str
    kind: str  # "added", "removed", "changed"
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.kind == "added":
            return "New section"
        if self.kind == "removed":
            return "Section taken out"
        parts = []
        if self.removed:
            parts.append(f"{len(self.removed)} line{'s' if len(self.removed) != 1 else ''} taken out")
        if self.added:
            parts.append(f"{len(self.added)} line{'s' if len(self.added) != 1 else ''} put in")
        return " and ".join(parts).capitalize()


def _lines(section: dict) -> list[str]:
    return lines_of(section.get("html", ""))


def differences(earlier: dict, later: dict) -> list[SectionChange]:
    """The changes from `earlier` to `later`, each a render's stored content, in the
    later version's order (sections taken out come last)."""
    before = {section["key"]: section for section in earlier.get("sections", [])}
    after = {section["key"]: section for section in later.get("sections", [])}
    changes = []
    for key, section in after.items():
        if key not in before:
            changes.append(SectionChange(key, section["title"], "added", added=_lines(section)))
            continue
        old, new = _lines(before[key]), _lines(section)
        if old == new and before[key]["title"] == section["title"]:
            continue
        removed, added = [], []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag in ("replace", "delete"):
                removed.extend(old[i1:i2])
            if tag in ("replace", "insert"):
                added.extend(new[j1:j2])
        if before[key]["title"] != section["title"]:
            removed.insert(0, f"Title: {before[key]['title']}")
            added.insert(0, f"Title: {section['title']}")
        changes.append(SectionChange(key, section["title"], "changed", removed=removed, added=added))
    for key, section in before.items():
        if key not in after:
            changes.append(SectionChange(key, section["title"], "removed", removed=_lines(section)))
    return changes
