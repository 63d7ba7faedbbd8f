"""The areas of the product, as they appear in the service navigation.

An area appears only for users who hold its permission, so navigation never
offers a page that would refuse them.
"""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Area:
    label: str
    url_name: str
    permission: str
    path_prefix: str
    description: str
    # The parts of the area, as (permission, words), when only some of its users may use
    # some of them: the description names a part only to those who hold its permission
    # (an empty permission: everyone who may use the area).
    parts: tuple[tuple[str, str], ...] = ()

    def described_for(self, user) -> "Area":
        words = [part for permission, part in self.parts if not permission or user.has_perm(permission)]
        if not words:
            return self
        text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        return replace(self, description=f"{text[0].upper()}{text[1:]}.")


AREAS = [
    Area(
        "Governance",
        "governance:index",
        "governance.access_area",
        "/governance/",
        "Groups, meetings and the action log.",
        parts=(
            ("", "groups"),
            ("", "meetings"),
            ("", "the action log"),
            ("governance.view_risk", "the risk register"),
            ("governance.view_document", "key documents and their sign-off"),
            ("governance.view_budget", "the budget"),
            ("governance.view_person", "the contacts directory"),
        ),
    ),
    Area(
        "Reviews",
        "reviews:index",
        "reviews.access_area",
        "/reviews/",
        "Serious incidents, rapid reviews, local reviews and the statutory review action plan.",
    ),
    Area(
        "Learning",
        "reviews:learning",
        "reviews.view_learning",
        "/reviews/learning/",
        "Anonymised learning from reviews: 7-minute briefings and webinars.",
    ),
    Area(
        "Priorities",
        "priorities:index",
        "priorities.access_area",
        "/priorities/",
        "The partnership's priority projects and their improvement plans.",
    ),
    Area(
        "Dataset", "dataset:index", "dataset.access_area", "/dataset/", "The quarterly multi-agency dataset."
    ),
    Area(
        "Training",
        "training:index",
        "training.access_area",
        "/training/",
        "Multi-agency training, webinars and briefings.",
    ),
    Area("Reports", "reports:index", "thscp.access_reports", "/reports/", "The yearly report."),
    Area(
        "Reminders",
        "reminders",
        "thscp.view_reminders",
        "/reminders/",
        "The reminder emails: what was sent, to whom, and what failed.",
    ),
]


def areas_for(user) -> list[Area]:
    if not user.is_authenticated:
        return []
    return [area.described_for(user) for area in AREAS if user.has_perm(area.permission)]
