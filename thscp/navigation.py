"""The areas of the product, as they appear in the service navigation.

An area appears only for users who hold its permission, so navigation never
offers a page that would refuse them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    label: str
    url_name: str
    permission: str
    path_prefix: str
    description: str


AREAS = [
    Area(
        "Governance",
        "governance:index",
        "governance.access_area",
        "/governance/",
        "Groups, meetings, the action log, the risk register and the contacts directory.",
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
    return [area for area in AREAS if user.has_perm(area.permission)]
