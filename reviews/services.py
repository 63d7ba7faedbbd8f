"""Statutory review workflows. Views call one of these; each validates and runs in a transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from governance.models import Action, Agency, PartnershipGroup, Person, Theme, User
from governance.services import create_action
from governance.statutory import statutory_clocks

from . import clocks
from .models import (
    AgencyInformationRequest,
    CaseAccessLog,
    LocalReview,
    LocalReviewMilestone,
    PartnerDecision,
    RapidReview,
    Recommendation,
    SeriousIncident,
    SevenMinuteBriefing,
    StatutoryPartner,
    Webinar,
)

Stage = SeriousIncident.Stage


def _save(instance: models.Model, by: User | None) -> models.Model:
    instance.full_clean()
    if by is not None:
        instance._history_user = by
    instance.save()
    return instance


# Serious incidents


REFERENCE_ATTEMPTS = 3


def _next_reference(year: int) -> tuple[int, str]:
    last = SeriousIncident.objects.filter(reference_year=year).aggregate(models.Max("reference_number"))[
        "reference_number__max"
    ]
    number = (last or 0) + 1
    return number, f"SI-{year}-{number:03d}"


@transaction.atomic
def record_serious_incident(
    *,
    aware_on: date,
    harm_type: str,
    age_band: str,
    summary: str,
    by: User,
    agencies_involved=(),
    notified_on: date | None = None,
    late_notification_reason: str = "",
) -> SeriousIncident:
    """Record a serious incident; its case reference is generated (SI-YYYY-NNN, from the
    year the local authority became aware)."""
    incident = SeriousIncident(
        aware_on=aware_on,
        harm_type=harm_type,
        age_band=age_band,
        summary=summary,
        notified_on=notified_on,
        late_notification_reason=late_notification_reason,
        created_by=by,
    )
    # The reference is drawn last; everything else is validated first.
    incident.full_clean(exclude=["reference", "reference_year", "reference_number"], validate_unique=False)
    incident._history_user = by
    incident.reference_year = aware_on.year
    for attempt in range(REFERENCE_ATTEMPTS):
        incident.reference_number, incident.reference = _next_reference(aware_on.year)
        try:
            # A savepoint: two incidents recorded at once may draw the same number; the
            # unique constraints refuse the second, which then draws the next one.
            with transaction.atomic():
                incident.save()
            break
        except IntegrityError:
            incident.pk = None
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
    incident.agencies_involved.set(agencies_involved)
    return incident


INCIDENT_EDITABLE = ("aware_on", "harm_type", "age_band", "summary")


@transaction.atomic
def update_serious_incident(
    *, incident: SeriousIncident, by: User, agencies_involved=None, **changes
) -> SeriousIncident:
    """Correct the incident's details. The case reference never changes."""
    unknown = set(changes) - set(INCIDENT_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(incident, field, value)
    _save(incident, by)
    if agencies_involved is not None:
        incident.agencies_involved.set(agencies_involved)
    return incident


@transaction.atomic
def record_notification(
    *, incident: SeriousIncident, notified_on: date, by: User, late_notification_reason: str = ""
) -> SeriousIncident:
    """The date the Panel was notified. Late notifications need the reason."""
    incident.notified_on = notified_on
    incident.late_notification_reason = late_notification_reason if incident.is_notified_late else ""
    return _save(incident, by)


# The three-party decision


def decisions_by_partner(incident: SeriousIncident, *, fresh: bool = False) -> dict[str, PartnerDecision]:
    """The partners' decisions; from the prefetched rows unless `fresh` (workflows read
    the database, since a page's prefetch is stale once a decision is added)."""
    decisions = PartnerDecision.objects.filter(incident=incident) if fresh else incident.decisions.all()
    return {decision.partner: decision for decision in decisions}


def decision_state(incident: SeriousIncident, *, fresh: bool = False) -> str:
    """'awaiting', 'agreed_yes', 'agreed_no' or 'disagree' for the three partners' decisions."""
    decisions = decisions_by_partner(incident, fresh=fresh)
    if len(decisions) < len(StatutoryPartner.choices):
        return "awaiting"
    answers = {decision.proceed for decision in decisions.values()}
    if answers == {True}:
        return "agreed_yes"
    if answers == {False}:
        return "agreed_no"
    return "disagree"


@transaction.atomic
def record_partner_decision(
    *, incident: SeriousIncident, partner: str, proceed: bool, rationale: str, by: User
) -> PartnerDecision:
    """One of the three statutory partners decides whether a rapid review is needed.

    The decision stands only when all three have decided: all yes opens the rapid review,
    all no closes the case, and disagreement goes to the Executive.
    """
    if incident.stage not in (Stage.DECISIONS,):
        raise ValidationError("The three partners' decision on this incident is already complete")
    if incident.decisions.filter(partner=partner).exists():
        raise ValidationError({"partner": "This partner has already recorded its decision"})
    decision = PartnerDecision(
        incident=incident, partner=partner, proceed=proceed, rationale=rationale, recorded_by=by
    )
    _save(decision, by)
    state = decision_state(incident, fresh=True)
    if state == "agreed_yes":
        open_rapid_review(incident=incident, by=by)
    elif state == "agreed_no":
        incident.stage = Stage.CLOSED
        _save(incident, by)
    elif state == "disagree":
        incident.stage = Stage.DISAGREEMENT
        _save(incident, by)
    return decision


@transaction.atomic
def resolve_disagreement(*, incident: SeriousIncident, proceed: bool, decision: str, by: User):
    """The Executive decides when the three partners disagree."""
    if incident.stage != Stage.DISAGREEMENT:
        raise ValidationError("Only a disagreement between the partners goes to the Executive")
    if not decision.strip():
        raise ValidationError({"executive_decision": "Enter the Executive's decision and its reasons"})
    incident.executive_decision = decision
    if proceed:
        open_rapid_review(incident=incident, by=by)
    else:
        incident.stage = Stage.CLOSED
        _save(incident, by)
    return incident


def _decision_stands(incident: SeriousIncident) -> bool:
    state = decision_state(incident, fresh=True)
    return state == "agreed_yes" or (state == "disagree" and bool(incident.executive_decision.strip()))


@transaction.atomic
def open_rapid_review(*, incident: SeriousIncident, by: User, opened_on: date | None = None) -> RapidReview:
    if not _decision_stands(incident):
        raise ValidationError("A rapid review opens only when all three partners have decided to hold one")
    if hasattr(incident, "rapid_review"):
        return incident.rapid_review
    review = _save(RapidReview(incident=incident, opened_on=opened_on or timezone.localdate()), by)
    incident.stage = Stage.RAPID_REVIEW
    _save(incident, by)
    return review


# The rapid review

RAPID_REVIEW_FINDINGS = (
    "panel_meeting_on",
    "facts_and_key_practice_episodes",
    "immediate_actions",
    "potential_improvements",
    "racism_and_inequalities",
)


@transaction.atomic
def record_rapid_review_findings(*, rapid_review: RapidReview, by: User, **findings) -> RapidReview:
    unknown = set(findings) - set(RAPID_REVIEW_FINDINGS)
    if unknown:
        raise TypeError(f"Not findings: {sorted(unknown)}")
    for field, value in findings.items():
        setattr(rapid_review, field, value)
    return _save(rapid_review, by)


@transaction.atomic
def record_rapid_review_outcome(
    *,
    rapid_review: RapidReview,
    outcome: str,
    partners_approved_on: date,
    sent_to_panel_on: date | None,
    by: User,
) -> RapidReview:
    """The outcome, with the partners' approval and the date sent to the Panel.

    Refused unless all three partners have recorded their decision. "Local review
    recommended" opens the local review, decided on the day the partners approved.
    """
    incident = rapid_review.incident
    if len(decisions_by_partner(incident, fresh=True)) < len(StatutoryPartner.choices):
        raise ValidationError(
            "The outcome cannot be recorded until all three partners have recorded their decision"
        )
    if not incident.notified_on:
        raise ValidationError("Record the date the Panel was notified before the outcome")
    has_local_review = LocalReview.objects.filter(rapid_review=rapid_review).exists()
    if has_local_review and outcome != RapidReview.Outcome.LOCAL_REVIEW:
        raise ValidationError({"outcome": "A local review is already open for this case"})
    rapid_review.outcome = outcome
    rapid_review.partners_approved_on = partners_approved_on
    rapid_review.sent_to_panel_on = sent_to_panel_on
    _save(rapid_review, by)
    if outcome == RapidReview.Outcome.LOCAL_REVIEW:
        if not has_local_review:
            open_local_review(rapid_review=rapid_review, decided_on=partners_approved_on, by=by)
    elif sent_to_panel_on:
        incident.stage = Stage.CLOSED
        _save(incident, by)
    return rapid_review


@transaction.atomic
def add_information_request(
    *, rapid_review: RapidReview, agency: Agency, request: str, requested_on: date, due_on: date, by: User
) -> AgencyInformationRequest:
    return _save(
        AgencyInformationRequest(
            rapid_review=rapid_review,
            agency=agency,
            request=request,
            requested_on=requested_on,
            due_on=due_on,
        ),
        by,
    )


@transaction.atomic
def record_information_received(
    *, information_request: AgencyInformationRequest, received_on: date, by: User
) -> AgencyInformationRequest:
    information_request.received_on = received_on
    return _save(information_request, by)


# The local review (LCSPR)


@transaction.atomic
def open_local_review(
    *,
    rapid_review: RapidReview,
    decided_on: date,
    by: User,
    reviewers: str = "",
    terms_of_reference: str = "",
) -> LocalReview:
    if hasattr(rapid_review, "local_review"):
        raise ValidationError("This rapid review already has a local review")
    review = _save(
        LocalReview(
            rapid_review=rapid_review,
            decided_on=decided_on,
            reviewers=reviewers,
            terms_of_reference=terms_of_reference,
        ),
        by,
    )
    incident = rapid_review.incident
    incident.stage = Stage.LOCAL_REVIEW
    _save(incident, by)
    return review


LOCAL_REVIEW_EDITABLE = ("reviewers", "terms_of_reference", "completed_on")


@transaction.atomic
def update_local_review(*, local_review: LocalReview, by: User, final_report=None, **changes) -> LocalReview:
    unknown = set(changes) - set(LOCAL_REVIEW_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(local_review, field, value)
    if final_report:
        local_review.final_report = final_report
        local_review.final_report_name = final_report.name
    return _save(local_review, by)


class ShortNoticeWarning(ValidationError):
    """The planned publication breaks the 7-working-day notice: the user must confirm."""


@transaction.atomic
def record_publication(
    *,
    local_review: LocalReview,
    by: User,
    sent_to_panel_on: date | None = None,
    publication_planned_on: date | None = None,
    published_on: date | None = None,
    publication_delayed: bool = False,
    publication_delay_reasons: str = "",
    executive_route_decision: str = "",
    confirm_short_notice: bool = False,
) -> LocalReview:
    """The publication plan. WT 2023: the final report goes to the Panel and the Secretary
    of State some working days before publication (statutory_clocks); a shorter notice is a warning
    the user must confirm, not a refusal."""
    local_review.sent_to_panel_on = sent_to_panel_on
    local_review.publication_planned_on = publication_planned_on
    local_review.published_on = published_on
    local_review.publication_delayed = publication_delayed
    local_review.publication_delay_reasons = publication_delay_reasons if publication_delayed else ""
    local_review.executive_route_decision = executive_route_decision
    local_review.full_clean()
    if local_review.publication_notice_is_short and not confirm_short_notice:
        publication = local_review.published_on or local_review.publication_planned_on
        raise ShortNoticeWarning(
            {
                "sent_to_panel_on": (
                    "The final report must go to the Panel and the Secretary of State at least "
                    f"{statutory_clocks().pre_publication_notice_working_days} working days before "
                    f"publication, by {clocks.latest_panel_notice(publication):%-d %B %Y}. "
                    "Confirm to save anyway"
                )
            }
        )
    _save(local_review, by)
    if published_on and published_on <= timezone.localdate():
        incident = local_review.rapid_review.incident
        incident.stage = Stage.CLOSED
        _save(incident, by)
    return local_review


@transaction.atomic
def add_milestone(*, local_review: LocalReview, title: str, due_on: date, by: User) -> LocalReviewMilestone:
    return _save(LocalReviewMilestone(local_review=local_review, title=title, due_on=due_on), by)


@transaction.atomic
def complete_milestone(*, milestone: LocalReviewMilestone, completed_on: date, by: User):
    milestone.completed_on = completed_on
    return _save(milestone, by)


# Recommendations and the statutory review action plan


@transaction.atomic
def add_recommendation(
    *,
    review: RapidReview | LocalReview,
    text: str,
    theme: Theme,
    owner: Person,
    due_date: date,
    group: PartnershipGroup,
    by: User,
    rag: str = Action.Rag.GREEN,
) -> Recommendation:
    """A recommendation from a review becomes an action in the partnership's action log."""
    recommendation = Recommendation(text=text, theme=theme)
    if isinstance(review, LocalReview):
        recommendation.local_review = review
    else:
        recommendation.rapid_review = review
    _save(recommendation, by)
    recommendation.action = create_action(
        title=text[:200],
        description=text,
        group=group,
        owner=owner,
        due_date=due_date,
        theme=theme,
        rag=rag,
        source=recommendation,
        by=by,
    )
    return _save(recommendation, by)


@transaction.atomic
def mark_spotlight(
    *, recommendation: Recommendation, agency: Agency, evidence: str, by: User
) -> Recommendation:
    """The Rapid Review Working Group spotlights an agency's evidence of implementation and impact."""
    recommendation.spotlight = True
    recommendation.spotlight_agency = agency
    recommendation.spotlight_evidence = evidence
    return _save(recommendation, by)


# Learning


@transaction.atomic
def add_briefing(
    *,
    title: str,
    summary: str,
    by: User,
    published_on: date | None = None,
    document=None,
    rapid_review: RapidReview | None = None,
    local_review: LocalReview | None = None,
) -> SevenMinuteBriefing:
    briefing = SevenMinuteBriefing(
        title=title,
        summary=summary,
        published_on=published_on,
        rapid_review=rapid_review,
        local_review=local_review,
    )
    if document:
        briefing.document = document
        briefing.document_name = document.name
    return _save(briefing, by)


@transaction.atomic
def add_webinar(
    *,
    title: str,
    held_on: date,
    by: User,
    attendees: int | None = None,
    recording_link: str = "",
    rapid_review: RapidReview | None = None,
    local_review: LocalReview | None = None,
) -> Webinar:
    return _save(
        Webinar(
            title=title,
            held_on=held_on,
            attendees=attendees,
            recording_link=recording_link,
            rapid_review=rapid_review,
            local_review=local_review,
        ),
        by,
    )


# The access log


def log_case_access(*, user: User, incident: SeriousIncident, record: str, path: str) -> CaseAccessLog:
    """Every view of a case record is logged: who, what, when. An append-only row: no
    history user needed beyond the viewer."""
    entry = CaseAccessLog(user=user, incident=incident, record=record, path=path[:300])
    entry._history_user = user
    entry.save()
    return entry
