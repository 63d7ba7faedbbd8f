"""The pages the benchmark measures, each beside the Django admin changelist of the model
it lists (bench/admin.py). Paths only: nothing here imports Django."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    admin_path: str
    admin_name: str


def _changelist(label: str) -> str:
    app, model = label.lower().split(".")
    return f"/bench-admin/{app}/{model}/"


PAGES = [
    Page("My work (home)", "/", "/bench-admin/", "admin index"),
    Page("Governance: actions", "/governance/actions/", _changelist("governance.Action"), "Action"),
    Page(
        "Reviews: statutory action plan",
        "/reviews/action-plan/",
        _changelist("reviews.Recommendation"),
        "Recommendation",
    ),
    Page("Governance: contacts", "/governance/contacts/", _changelist("governance.Person"), "Person"),
    Page("Governance: risks", "/governance/risks/", _changelist("governance.Risk"), "Risk"),
    Page("Governance: meetings", "/governance/meetings/", _changelist("governance.Meeting"), "Meeting"),
    Page(
        "Governance: escalations",
        "/governance/escalations/",
        _changelist("governance.Escalation"),
        "Escalation",
    ),
    Page("Governance: documents", "/governance/documents/", _changelist("governance.Document"), "Document"),
    Page("Reviews: dashboard", "/reviews/", _changelist("reviews.SeriousIncident"), "SeriousIncident"),
    Page(
        "Reviews: all cases", "/reviews/incidents/", _changelist("reviews.SeriousIncident"), "SeriousIncident"
    ),
    Page("Priorities: plans", "/priorities/", _changelist("priorities.Deliverable"), "Deliverable"),
    Page(
        "Priorities: Executive summary",
        "/priorities/summary/",
        _changelist("priorities.ProgressUpdate"),
        "ProgressUpdate",
    ),
    Page("Dataset: dashboard", "/dataset/", _changelist("dataset.ReturnValue"), "ReturnValue"),
    Page("Dataset: returns", "/dataset/returns/", _changelist("dataset.QuarterlyReturn"), "QuarterlyReturn"),
    Page("Training: sessions", "/training/", _changelist("training.Session"), "Session"),
    Page("Training: past sessions", "/training/past/", _changelist("training.Session"), "Session"),
]
