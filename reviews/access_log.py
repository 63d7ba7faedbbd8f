"""The case access log holds exactly the views of case data: one row for each page,
History page or file that showed a case record to someone, and nothing else.

Views note what they show (``note_case_view``); ``CaseAccessLogMiddleware`` writes the
notes only when the response shows them (a status below 400), so a request that ends
in a 404 or a refusal leaves no row.
"""

from . import services
from .models import (
    AgencyInformationRequest,
    LocalReview,
    LocalReviewMilestone,
    OtherChild,
    PartnerDecision,
    RapidReview,
    Recommendation,
    SeriousIncident,
)

NOTES_ATTRIBUTE = "case_views"


def case_record_models():
    """The models whose records are case data. Learning (briefings, webinars) is
    anonymised and is not; nor is the access log itself."""
    return (
        SeriousIncident,
        PartnerDecision,
        RapidReview,
        AgencyInformationRequest,
        LocalReview,
        LocalReviewMilestone,
        Recommendation,
        OtherChild,
    )


def incident_of(record):
    """The serious incident a case record belongs to, or None if it is not a case record."""
    if not isinstance(record, case_record_models()):
        return None
    if isinstance(record, SeriousIncident):
        return record
    for path in ("incident", "rapid_review.incident", "local_review.rapid_review.incident"):
        value = record
        for name in path.split("."):
            value = getattr(value, name, None)
            if value is None:
                break
        if isinstance(value, SeriousIncident):
            return value
    return None


def note_case_view(request, *, incident, record: str) -> None:
    """Log that this request shows a case record, once the response shows it."""
    if not request.user.is_authenticated:
        return
    notes = getattr(request, NOTES_ATTRIBUTE, None)
    if notes is None:
        # Outside the middleware (a management command, a test calling a view): log now
        # rather than risk not logging at all.
        services.log_case_access(user=request.user, incident=incident, record=record, path=request.path)
        return
    notes.append((incident, record))


class CaseAccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        setattr(request, NOTES_ATTRIBUTE, [])
        response = self.get_response(request)
        notes = getattr(request, NOTES_ATTRIBUTE, [])
        if notes and response.status_code < 400:
            for incident, record in notes:
                services.log_case_access(
                    user=request.user, incident=incident, record=record, path=request.path
                )
        return response
