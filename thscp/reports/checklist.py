"""What the yearly report must cover, from Working Together, and whether this year's does.

The contents list is data, kept here with its source, so that when the guidance changes
the list changes in one place. Each item names the report sections that cover it; an
item is covered when one of them has content for the year. A required item with no
content stops the report going for sign-off unless the business unit records why
(ChecklistReason), or marks an empty section not applicable with its reason.
"""

from dataclasses import dataclass
from enum import StrEnum

from governance.reporting import Section

SOURCE = (
    "Working Together to Safeguard Children 2023, chapter 2 (multi-agency safeguarding "
    "arrangements): the yearly report"
)


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    sections: tuple[str, ...]  # the report sections that cover it, most direct first
    required: bool = True
    source: str = SOURCE


CHECKLIST = (
    ChecklistItem(
        "partners_did",
        "What the safeguarding partners and relevant agencies did as a result of the arrangements, "
        "including on child safeguarding practice reviews",
        ("structure", "statutory_reviews", "achievements"),
    ),
    ChecklistItem(
        "effectiveness",
        "How effective the arrangements have been in practice",
        ("scrutineer_statement", "dataset", "achievements"),
    ),
    ChecklistItem(
        "impact",
        "Evidence of the impact of the partners' and relevant agencies' work, including training, on "
        "outcomes for children and families, from early help to children looked after and care leavers",
        ("achievements", "training", "dataset"),
    ),
    ChecklistItem(
        "little_progress",
        "An analysis of any areas where there has been little or no evidence of progress on agreed "
        "priorities",
        ("priorities", "challenges"),
    ),
    ChecklistItem(
        "review_recommendations",
        "Decisions and actions taken in the year, or planned, to implement the recommendations of local "
        "and national child safeguarding practice reviews, and the improvements they made",
        ("statutory_reviews", "learning"),
    ),
    ChecklistItem(
        "feedback_from_children",
        "How the partners sought and used feedback from children and families to inform their work and "
        "influence services",
        ("young_scrutineers", "priorities"),
    ),
    ChecklistItem(
        "independent_scrutiny",
        "The independent scrutiny of the arrangements, what it found, and how the arrangements changed "
        "in response",
        ("scrutineer_statement", "scrutiny_activity"),
    ),
    ChecklistItem(
        "funding",
        "The funding of the arrangements: what each partner contributed and how it was spent",
        ("budget",),
    ),
    ChecklistItem(
        "relevant_agencies",
        "How relevant agencies, including education settings, took part in the arrangements",
        ("membership", "structure"),
        required=False,
    ),
    ChecklistItem(
        "year_ahead",
        "The priorities and plan for the year ahead",
        ("plan_ahead", "priorities"),
        required=False,
    ),
)
CHECKLIST_BY_KEY = {item.key: item for item in CHECKLIST}


class Coverage(StrEnum):
    COVERED = "covered"
    EXPLAINED = "explained"  # empty, with the business unit's reason
    NOT_APPLICABLE = "not_applicable"  # its empty section is marked not applicable
    EMPTY = "empty"  # required and empty: blocks sign-off
    NOT_COVERED = "not_covered"  # recommended, empty: does not block

    @property
    def label(self) -> str:
        return {
            "covered": "Covered",
            "explained": "Empty: reason recorded",
            "not_applicable": "Not applicable",
            "empty": "Empty",
            "not_covered": "Not covered",
        }[self.value]

    @property
    def tag_class(self) -> str:
        return {
            "covered": "govuk-tag--green",
            "explained": "govuk-tag--yellow",
            "not_applicable": "govuk-tag--grey",
            "empty": "govuk-tag--red",
            "not_covered": "govuk-tag--grey",
        }[self.value]


@dataclass(frozen=True)
class CoveringSection:
    key: str
    title: str
    number: int | None  # its number in the report; None if the report has no such section
    has_content: bool
    not_applicable_reason: str = ""


@dataclass(frozen=True)
class ItemCoverage:
    item: ChecklistItem
    sections: tuple[CoveringSection, ...]
    coverage: Coverage
    reason: str = ""  # the business unit's reason, when one is recorded

    @property
    def blocks_sign_off(self) -> bool:
        return self.coverage == Coverage.EMPTY


def evaluate(
    sections: list[Section], *, reasons: dict[str, str], not_applicable: dict[str, str]
) -> list[ItemCoverage]:
    """Each item of the contents list against this report's sections.

    `reasons` maps an item's key to the reason recorded for it; `not_applicable` maps a
    section's key to the reason it is marked not applicable."""
    numbered = {section.key: (number, section) for number, section in enumerate(sections, start=1)}
    found = []
    for item in CHECKLIST:
        covering = []
        for key in item.sections:
            number, section = numbered.get(key, (None, None))
            covering.append(
                CoveringSection(
                    key=key,
                    title=section.title if section else key.replace("_", " ").capitalize(),
                    number=number,
                    has_content=bool(section and not section.is_empty),
                    not_applicable_reason=not_applicable.get(key, ""),
                )
            )
        reason = reasons.get(item.key, "").strip()
        if any(section.has_content for section in covering):
            coverage = Coverage.COVERED
        elif reason:
            coverage = Coverage.EXPLAINED
        elif any(section.not_applicable_reason for section in covering):
            coverage = Coverage.NOT_APPLICABLE
        else:
            coverage = Coverage.EMPTY if item.required else Coverage.NOT_COVERED
        found.append(ItemCoverage(item=item, sections=tuple(covering), coverage=coverage, reason=reason))
    return found
