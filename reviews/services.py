"""Statutory review workflows. Views call one of these; each validates and runs in a transaction."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from governance import roles
from governance.models import Action, Agency, PartnershipGroup, Person, Theme, User
from governance.services import cancel_action, create_action
from governance.statutory import statutory_clocks
from governance.work import work_started

from . import clocks
from .deadlines import deadlines
from .models import (
    AgencyInformationRequest,
    CaseAccessLog,
    LocalReview,
    LocalReviewMilestone,
    OtherChild,
    PartnerDecision,
    RapidReview,
    Recommendation,
    SeriousIncident,
    SevenMinuteBriefing,
    StatutoryPartner,
)

Stage = SeriousIncident.Stage


def _save(instance: models.Model, by: User | None, change_reason: str = "") -> models.Model:
    instance.full_clean()
    if by is not None:
        instance._history_user = by
    # History shows the reason beside the change (simple-history's change reason).
    instance._change_reason = change_reason.strip() or None
    instance.save()
    return instance


def corrected_fields(instance: models.Model, fields) -> list[str]:
    """The fields among these that had a value and are now being changed: corrections,
    not first entries."""
    if instance.pk is None:
        return []
    stored = type(instance).objects.filter(pk=instance.pk).values(*fields).first() or {}
    return [
        name
        for name in fields
        if stored.get(name) not in (None, "") and stored.get(name) != getattr(instance, name)
    ]


def _require_reason(instance: models.Model, fields, change_reason: str) -> None:
    """A recorded date of a case is corrected only with the reason for the correction.
    The record's own errors come with it, so the person sees every problem at once."""
    errors: dict[str, list[str]] = {}
    try:
        instance.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    corrected = corrected_fields(instance, fields)
    if corrected and not change_reason.strip():
        label = instance._meta.get_field(corrected[0]).verbose_name
        errors.setdefault("change_reason", []).append(f"Enter the reason for changing the {label}")
    if errors:
        raise ValidationError(errors)


def partners_user_may_decide(user: User) -> list[str]:
    """The statutory partners whose decision this user may record: the business unit any,
    on the partner's behalf; an Executive member their own agency's."""
    if user.has_role(roles.BUSINESS_UNIT):
        return [value for value, _ in StatutoryPartner.choices]
    person = getattr(user, "person", None)
    if person is not None and user.has_role(roles.EXECUTIVE_MEMBER) and person.agency.statutory_partner:
        return [person.agency.statutory_partner]
    return []


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
    abuse_or_neglect_suspected: bool = True,
    looked_after: bool = False,
) -> SeriousIncident:
    """Record a serious incident; its case reference is generated (SI-YYYY-NNN, from the
    year the local authority became aware when it is first recorded).

    The reference is a name, not a date: it never changes, even when the awareness date
    is corrected into another year. The figures count each case by its dates (see
    selectors.COHORT_RULE), never by its reference.
    """
    incident = SeriousIncident(
        aware_on=aware_on,
        harm_type=harm_type,
        age_band=age_band,
        summary=summary,
        notified_on=notified_on,
        late_notification_reason=late_notification_reason,
        abuse_or_neglect_suspected=abuse_or_neglect_suspected,
        looked_after=looked_after,
        created_by=by,
    )
    incident.settle_late_notification_reason()
    # The reference is drawn last; everything else is validated first.
    incident.full_clean(exclude=["reference", "reference_year", "reference_number"], validate_unique=False)
    duplicate = _same_incident(incident)
    if duplicate is not None:
        # Back then submit again, or a second person typing the same case: one child's
        # incident must have one statutory clock, not two.
        raise ValidationError(
            f"This incident is already recorded as {duplicate.reference}, with the same date, harm, age "
            "band and summary. Go to that case instead, or change the details if this is another incident"
        )
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


def _same_incident(incident: SeriousIncident) -> SeriousIncident | None:
    return (
        SeriousIncident.objects.exclude(stage=Stage.WITHDRAWN)
        .filter(
            aware_on=incident.aware_on,
            harm_type=incident.harm_type,
            age_band=incident.age_band,
            summary__in={incident.summary, incident.summary.strip()},
        )
        .order_by("pk")
        .first()
    )


INCIDENT_EDITABLE = (
    "aware_on",
    "late_notification_reason",
    "harm_type",
    "age_band",
    "abuse_or_neglect_suspected",
    "looked_after",
    "summary",
)


def _require_open(incident: SeriousIncident) -> None:
    if incident.is_withdrawn:
        raise ValidationError("This case was withdrawn: it cannot be changed")


@transaction.atomic
def update_serious_incident(
    *, incident: SeriousIncident, by: User, agencies_involved=None, change_reason: str = "", **changes
) -> SeriousIncident:
    """Correct the incident's details. A recorded date is corrected only with a reason;
    the notification's lateness follows the corrected date (a late notification needs
    its reason, an on-time one loses a stale one: `late_reason_cleared` says so). The
    case reference never changes."""
    unknown = set(changes) - set(INCIDENT_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    _require_open(incident)
    for field, value in changes.items():
        setattr(incident, field, value)
    incident.late_reason_cleared = incident.settle_late_notification_reason()
    _require_reason(incident, ("aware_on",), change_reason)
    _refuse_awareness_after_later_steps(incident)
    _save(incident, by, change_reason)
    if agencies_involved is not None:
        incident.agencies_involved.set(agencies_involved)
    return incident


def _refuse_awareness_after_later_steps(incident: SeriousIncident) -> None:
    """Awareness starts everything: a corrected date cannot fall after a step already
    dated from it (a decision, the rapid review's dates)."""
    later = [
        (decision.decided_on, f"the {decision.get_partner_display().lower()} decided")
        for decision in PartnerDecision.objects.filter(incident=incident)
    ]
    review = RapidReview.objects.filter(incident=incident).first()
    if review is not None:
        later += [
            (review.partners_approved_on, "the partners approved the rapid review"),
            (review.sent_to_panel_on, "the rapid review went to the Panel"),
        ]
    for day, step in sorted((day, step) for day, step in later if day):
        if incident.aware_on > day:
            raise ValidationError(
                {
                    "aware_on": f"The date the local authority became aware cannot be after {day:%-d %B %Y}, "
                    f"when {step}: correct that first"
                }
            )


NOTIFICATION_DATES = ("notified_on", "partners_told_on", "ofsted_told_on")


@transaction.atomic
def record_notification(
    *,
    incident: SeriousIncident,
    notified_on: date,
    by: User,
    late_notification_reason: str = "",
    panel_reference: str = "",
    partners_told_on: date | None = None,
    ofsted_told_on: date | None = None,
    change_reason: str = "",
) -> SeriousIncident:
    """The notification to the Panel and who else was told. A late notification needs
    its reason; a reason given for an on-time one is not kept (`late_reason_cleared`).
    Correcting a recorded date needs the reason for the correction."""
    _require_open(incident)
    first_notification = incident.notified_on is None
    incident.notified_on = notified_on
    incident.late_notification_reason = late_notification_reason
    incident.panel_reference = panel_reference
    incident.partners_told_on = partners_told_on
    incident.ofsted_told_on = ofsted_told_on
    incident.late_reason_cleared = incident.settle_late_notification_reason()
    _require_reason(incident, NOTIFICATION_DATES, change_reason)
    _save(incident, by, change_reason)
    if first_notification:
        _tell_when_work_starts(incident)
    return incident


def _tell_when_work_starts(incident: SeriousIncident) -> None:
    """The notification starts the rapid review clock: each partner's Executive members
    (for their decision) and those who run the review hear at once, by email, after the
    commit (thscp's reminders send it)."""

    def send():
        today = timezone.localdate()
        started = deadlines(today, incidents=SeriousIncident.objects.filter(pk=incident.pk))
        work_started.send(sender=SeriousIncident, deadlines=started)

    transaction.on_commit(send, robust=True)


@transaction.atomic
def withdraw_serious_incident(*, incident: SeriousIncident, reason: str, by: User) -> SeriousIncident:
    """A case recorded by mistake (a duplicate) leaves the figures, reminders and lists of
    open cases. It is never deleted: it stays, marked withdrawn, with its history."""
    if incident.is_withdrawn:
        raise ValidationError("This case is already withdrawn")
    review = getattr(incident, "rapid_review", None)
    if review is not None and review.sent_to_panel_on:
        raise ValidationError(
            "A case whose rapid review went to the Panel is real work: it cannot be withdrawn"
        )
    if not reason.strip():
        raise ValidationError(
            {"withdrawn_reason": "Enter the reason the case is withdrawn, for example the case it duplicates"}
        )
    incident.withdrawn_from_stage = incident.stage
    incident.stage = Stage.WITHDRAWN
    incident.withdrawn_on = timezone.localdate()
    incident.withdrawn_reason = reason.strip()
    _save(incident, by, reason)
    # Its recommendations' actions would go on being chased in the log: cancelled, with why.
    for action in _open_actions_of(incident):
        cancel_action(action=action, reason=f"The case was withdrawn: {reason.strip()}", by=by)
    return incident


def _open_actions_of(incident: SeriousIncident) -> list[Action]:
    recommendations = Recommendation.objects.filter(
        models.Q(rapid_review__incident=incident) | models.Q(local_review__rapid_review__incident=incident)
    ).values_list("pk", flat=True)
    kind = ContentType.objects.get_for_model(Recommendation)
    return list(
        Action.objects.exclude(status__in=Action.CLOSED_STATUSES).filter(
            source_type=kind, source_id__in=list(recommendations)
        )
    )


@transaction.atomic
def reinstate_serious_incident(*, incident: SeriousIncident, reason: str, by: User) -> SeriousIncident:
    """Undo a withdrawal made by mistake: the case returns to the stage it was at, with
    the reason in History. Actions cancelled with it stay cancelled: the log says why,
    and the business unit raises again any still needed."""
    if not incident.is_withdrawn:
        raise ValidationError("This case is not withdrawn")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason the case is reinstated"})
    incident.stage = incident.withdrawn_from_stage or Stage.DECISIONS
    incident.withdrawn_from_stage = ""
    incident.withdrawn_on = None
    incident.withdrawn_reason = ""
    return _save(incident, by, reason)


@transaction.atomic
def add_other_child(
    *, incident: SeriousIncident, harm_type: str, age_band: str, looked_after: bool, by: User
) -> OtherChild:
    """Another child in the same notification: up to four children in all."""
    _require_open(incident)
    if OtherChild.objects.filter(incident=incident).count() >= OtherChild.MOST:
        raise ValidationError("A notification covers at most four children")
    child = _save(
        OtherChild(incident=incident, harm_type=harm_type, age_band=age_band, looked_after=looked_after), by
    )
    _note_on_case(incident, by, f"Added another child in the notification: {_describe(child)}")
    return child


def _describe(child: OtherChild) -> str:
    looked_after = ", looked after" if child.looked_after else ""
    return f"{child.get_age_band_display()}, {child.get_harm_type_display().lower()}{looked_after}"


def _note_on_case(incident: SeriousIncident, by: User, note: str) -> None:
    """A line in the case's own History for a change to a record listed on the case page
    (the other children), so the case's History tells the whole story."""
    incident._history_user = by
    incident._change_reason = note
    incident.save()


@transaction.atomic
def update_other_child(
    *, child: OtherChild, harm_type: str, age_band: str, looked_after: bool, by: User, change_reason: str = ""
) -> OtherChild:
    _require_open(child.incident)
    before = _describe(child)
    child.harm_type, child.age_band, child.looked_after = harm_type, age_band, looked_after
    _save(child, by, change_reason)
    if _describe(child) != before:
        note = f"Changed another child in the notification from {before} to {_describe(child)}"
        _note_on_case(
            child.incident, by, f"{note}: {change_reason.strip()}" if change_reason.strip() else note
        )
    return child


@transaction.atomic
def remove_other_child(*, child: OtherChild, reason: str, by: User) -> None:
    """Recorded by mistake: removed with the reason, which History keeps."""
    _require_open(child.incident)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for removing the child from the notification"})
    child._history_user = by
    child._change_reason = reason.strip()
    description = _describe(child)
    child.delete()
    _note_on_case(
        child.incident, by, f"Removed another child from the notification ({description}): {reason.strip()}"
    )


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
    *, incident: SeriousIncident, partner: str, proceed: bool, rationale: str, decided_on: date, by: User
) -> PartnerDecision:
    """One of the three statutory partners decides whether a rapid review is needed, on
    the date it decided. An Executive member records their own partner's decision; the
    business unit may record any partner's on its behalf (the record says who typed it).

    The decision stands only when all three have decided: all yes opens the rapid review,
    all no goes to telling the Panel why not, and disagreement goes to the Executive.
    """
    _require_open(incident)
    if incident.stage != Stage.DECISIONS:
        raise ValidationError("The three partners' decision on this incident is already complete")
    if partner not in partners_user_may_decide(by):
        raise ValidationError({"partner": "You can record only your own partner's decision"})
    if incident.decisions.filter(partner=partner).exists():
        raise ValidationError({"partner": "This partner has already recorded its decision"})
    decision = PartnerDecision(
        incident=incident,
        partner=partner,
        proceed=proceed,
        rationale=rationale,
        decided_on=decided_on,
        recorded_by=by,
    )
    _save(decision, by)
    _follow_decisions(incident, by)
    return decision


def decision_can_change(incident: SeriousIncident) -> bool:
    """A partner's decision can be changed until the next step starts: the rapid review
    opens, or the Panel is told none will be held."""
    return incident.stage in (*SeriousIncident.DECIDING_STAGES, Stage.NO_RAPID_REVIEW) and not (
        incident.panel_told_no_rapid_review_on or incident.executive_decision.strip()
    )


@transaction.atomic
def change_partner_decision(
    *,
    decision: PartnerDecision,
    proceed: bool,
    rationale: str,
    decided_on: date,
    change_reason: str,
    by: User,
) -> PartnerDecision:
    """Change a partner's decision, with the reason, before the next step starts. The
    case then follows the three decisions as they now stand."""
    incident = decision.incident
    _require_open(incident)
    if not decision_can_change(incident):
        raise ValidationError("The next step has started: the partners' decisions can no longer be changed")
    if decision.partner not in partners_user_may_decide(by):
        raise ValidationError("You can change only your own partner's decision")
    if not change_reason.strip():
        raise ValidationError({"change_reason": "Enter the reason for changing the decision"})
    decision.proceed, decision.rationale, decision.decided_on = proceed, rationale, decided_on
    _save(decision, by, change_reason)
    _follow_decisions(incident, by, change_reason=change_reason)
    return decision


def _follow_decisions(incident: SeriousIncident, by: User, change_reason: str = "") -> None:
    state = decision_state(incident, fresh=True)
    if state == "agreed_yes":
        if incident.no_rapid_review_reason:
            # Decided again, now for a review: the reason against one no longer stands.
            incident.no_rapid_review_reason = ""
            _save(incident, by, change_reason)
        open_rapid_review(incident=incident, by=by)
        return
    stage = {"agreed_no": Stage.NO_RAPID_REVIEW, "disagree": Stage.DISAGREEMENT}.get(state, Stage.DECISIONS)
    if incident.stage != stage:
        incident.stage = stage
        _save(incident, by, change_reason)


@transaction.atomic
def resolve_disagreement(
    *, incident: SeriousIncident, proceed: bool, decision: str, decided_on: date, by: User
):
    """The Executive decides when the three partners disagree."""
    if incident.stage != Stage.DISAGREEMENT:
        raise ValidationError("Only a disagreement between the partners goes to the Executive")
    if not decision.strip():
        raise ValidationError({"executive_decision": "Enter the Executive's decision and its reasons"})
    latest = max((d.decided_on for d in decisions_by_partner(incident, fresh=True).values()), default=None)
    if latest and decided_on < latest:
        raise ValidationError(
            {
                "decided_on": "The Executive's decision cannot be before the partners decided, "
                f"on {latest:%-d %B %Y}"
            }
        )
    incident.executive_decision = decision
    incident.executive_decided_on = decided_on
    if proceed:
        _save(incident, by)
        open_rapid_review(incident=incident, by=by)
    else:
        incident.stage = Stage.NO_RAPID_REVIEW
        _save(incident, by)
    return incident


@transaction.atomic
def record_no_rapid_review(
    *,
    incident: SeriousIncident,
    no_rapid_review_reason: str,
    panel_told_no_rapid_review_on: date | None,
    by: User,
    change_reason: str = "",
) -> SeriousIncident:
    """No rapid review is held: the reason, and the date the Panel was told. The case
    closes once the Panel is told; the rapid review clock stops then."""
    if incident.stage not in (Stage.NO_RAPID_REVIEW, Stage.CLOSED) or hasattr(incident, "rapid_review"):
        raise ValidationError("This case has a rapid review, or the partners have not decided against one")
    if not no_rapid_review_reason.strip():
        raise ValidationError({"no_rapid_review_reason": "Enter why no rapid review is held"})
    incident.no_rapid_review_reason = no_rapid_review_reason
    incident.panel_told_no_rapid_review_on = panel_told_no_rapid_review_on
    incident.stage = Stage.CLOSED if panel_told_no_rapid_review_on else Stage.NO_RAPID_REVIEW
    _require_reason(incident, ("panel_told_no_rapid_review_on",), change_reason)
    return _save(incident, by, change_reason)


def _decision_stands(incident: SeriousIncident) -> bool:
    state = decision_state(incident, fresh=True)
    return state == "agreed_yes" or (state == "disagree" and bool(incident.executive_decision.strip()))


def date_decision_stood(incident: SeriousIncident) -> date:
    """The day the decision to hold a rapid review stood: the third partner's decision,
    or the Executive's on a disagreement."""
    if incident.executive_decided_on and decision_state(incident, fresh=True) == "disagree":
        return incident.executive_decided_on
    return max(decision.decided_on for decision in decisions_by_partner(incident, fresh=True).values())


@transaction.atomic
def open_rapid_review(*, incident: SeriousIncident, by: User, opened_on: date | None = None) -> RapidReview:
    if not _decision_stands(incident):
        raise ValidationError("A rapid review opens only when all three partners have decided to hold one")
    if hasattr(incident, "rapid_review"):
        return incident.rapid_review
    review = _save(RapidReview(incident=incident, opened_on=opened_on or date_decision_stood(incident)), by)
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
    _require_open(rapid_review.incident)
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
    local_review_decided_on: date | None = None,
    change_reason: str = "",
) -> RapidReview:
    """The outcome, with the partners' approval and the date sent to the Panel.

    Refused unless all three partners have recorded their decision. "Local review
    recommended" opens the local review on the date of the decision to hold one (the
    day the partners approved, unless another is given); the local review's own page
    corrects that date later. Correcting a recorded date needs the reason.
    """
    incident = rapid_review.incident
    _require_open(incident)
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
    _require_reason(rapid_review, ("partners_approved_on", "sent_to_panel_on"), change_reason)
    _save(rapid_review, by, change_reason)
    if outcome == RapidReview.Outcome.LOCAL_REVIEW:
        if not has_local_review:
            try:
                open_local_review(
                    rapid_review=rapid_review,
                    decided_on=local_review_decided_on or partners_approved_on,
                    by=by,
                )
            except ValidationError as error:
                # Said on the outcome page's own field for the date.
                if hasattr(error, "error_dict") and "decided_on" in error.error_dict:
                    raise ValidationError(
                        {"local_review_decided_on": error.error_dict["decided_on"]}
                    ) from error
                raise
    elif sent_to_panel_on:
        incident.stage = Stage.CLOSED
        _save(incident, by)
    return rapid_review


@transaction.atomic
def add_information_request(
    *, rapid_review: RapidReview, agency: Agency, request: str, requested_on: date, due_on: date, by: User
) -> AgencyInformationRequest:
    _require_open(rapid_review.incident)
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
    _require_open(information_request.rapid_review.incident)
    if information_request.received_on:
        raise ValidationError(
            "The agency's summary is already recorded as received: change the request to correct it"
        )
    information_request.received_on = received_on
    return _save(information_request, by)


@transaction.atomic
def update_information_request(
    *,
    information_request: AgencyInformationRequest,
    agency: Agency,
    request: str,
    requested_on: date,
    due_on: date,
    received_on: date | None,
    by: User,
    change_reason: str = "",
) -> AgencyInformationRequest:
    """Correct a request for an agency's summary, including the date it came in."""
    _require_open(information_request.rapid_review.incident)
    information_request.agency = agency
    information_request.request = request
    information_request.requested_on = requested_on
    information_request.due_on = due_on
    information_request.received_on = received_on
    _require_reason(information_request, ("requested_on", "due_on", "received_on"), change_reason)
    return _save(information_request, by, change_reason)


@transaction.atomic
def record_panel_response(
    *,
    rapid_review: RapidReview,
    panel_response_received_on: date,
    panel_response: str,
    panel_view_of_local_review: str,
    by: User,
    change_reason: str = "",
) -> RapidReview:
    """The Panel's response to the rapid review: when it came, what it said, and whether
    it agrees with the decision on a local review. A different view from the Panel does
    not change the decision by itself: the partners decide again, and record it."""
    _require_open(rapid_review.incident)
    if not panel_response.strip():
        raise ValidationError({"panel_response": "Enter what the Panel said"})
    rapid_review.panel_response_received_on = panel_response_received_on
    rapid_review.panel_response = panel_response
    rapid_review.panel_view_of_local_review = panel_view_of_local_review
    _require_reason(rapid_review, ("panel_response_received_on",), change_reason)
    return _save(rapid_review, by, change_reason)


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


LOCAL_REVIEW_EDITABLE = ("decided_on", "reviewers", "terms_of_reference", "completed_on")


@transaction.atomic
def update_local_review(
    *, local_review: LocalReview, by: User, final_report=None, change_reason: str = "", **changes
) -> LocalReview:
    """Correct the local review. The 6-month aim counts from the date of the decision to
    hold it: correcting that date (for example, the decision made again after the
    Panel's response) moves the aim, with the reason, and `previous_target` says from
    where, so the page can tell the user rather than move it silently."""
    unknown = set(changes) - set(LOCAL_REVIEW_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    _require_open(local_review.rapid_review.incident)
    previous_target = local_review.target_completion_on
    for field, value in changes.items():
        setattr(local_review, field, value)
    if final_report:
        local_review.final_report = final_report
        local_review.final_report_name = final_report.name
    _require_reason(local_review, ("decided_on", "completed_on"), change_reason)
    _save(local_review, by, change_reason)
    local_review.previous_target = (
        previous_target if previous_target != local_review.target_completion_on else None
    )
    return local_review


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
    change_reason: str = "",
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
    _require_open(local_review.rapid_review.incident)
    _require_reason(local_review, ("sent_to_panel_on", "published_on"), change_reason)
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
    _save(local_review, by, change_reason)
    if published_on and published_on <= timezone.localdate():
        incident = local_review.rapid_review.incident
        incident.stage = Stage.CLOSED
        _save(incident, by)
    return local_review


@transaction.atomic
def add_milestone(*, local_review: LocalReview, title: str, due_on: date, by: User) -> LocalReviewMilestone:
    _require_open(local_review.rapid_review.incident)
    return _save(LocalReviewMilestone(local_review=local_review, title=title, due_on=due_on), by)


@transaction.atomic
def complete_milestone(*, milestone: LocalReviewMilestone, completed_on: date, by: User):
    milestone.completed_on = completed_on
    return _save(milestone, by)


@transaction.atomic
def update_milestone(
    *,
    milestone: LocalReviewMilestone,
    title: str,
    due_on: date,
    completed_on: date | None,
    by: User,
    change_reason: str = "",
) -> LocalReviewMilestone:
    _require_open(milestone.local_review.rapid_review.incident)
    milestone.title, milestone.due_on, milestone.completed_on = title, due_on, completed_on
    _require_reason(milestone, ("due_on", "completed_on"), change_reason)
    return _save(milestone, by, change_reason)


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
    rapid_review = review.rapid_review if isinstance(review, LocalReview) else review
    _require_open(rapid_review.incident)
    same = Recommendation.objects.filter(text=text)
    if same.filter(
        models.Q(rapid_review=rapid_review) | models.Q(local_review__rapid_review=rapid_review)
    ).exists():
        # Back then submit again: one recommendation, one action.
        raise ValidationError("This recommendation is already in the action plan for this case")
    recommendation = Recommendation(text=text, theme=theme)
    if isinstance(review, LocalReview):
        recommendation.local_review = review
    else:
        recommendation.rapid_review = review
    return _with_its_action(recommendation, group=group, owner=owner, due_date=due_date, rag=rag, by=by)


def _with_its_action(recommendation: Recommendation, *, group, owner, due_date, rag, by) -> Recommendation:
    """Save a recommendation and raise its action in the partnership's one log."""
    _save(recommendation, by)
    recommendation.action = create_action(
        title=recommendation.text[:200],
        description=recommendation.text,
        group=group,
        owner=owner,
        due_date=due_date,
        theme=recommendation.theme,
        rag=rag,
        source=recommendation,
        by=by,
    )
    return _save(recommendation, by)


@transaction.atomic
def add_national_recommendation(
    *,
    national_review: str,
    text: str,
    theme: Theme,
    owner: Person,
    due_date: date,
    group: PartnershipGroup,
    by: User,
    rag: str = Action.Rag.GREEN,
) -> Recommendation:
    """A recommendation of one of the Panel's national reviews, taken into the local
    action plan beside the local ones, named by its source; its action is in the log."""
    if not national_review.strip():
        raise ValidationError({"national_review": "Enter the title of the national review"})
    if Recommendation.objects.filter(national_review=national_review.strip(), text=text).exists():
        # Back then submit again: one recommendation, one action.
        raise ValidationError("This recommendation of that national review is already in the action plan")
    recommendation = Recommendation(national_review=national_review.strip(), text=text, theme=theme)
    return _with_its_action(recommendation, group=group, owner=owner, due_date=due_date, rag=rag, by=by)


@transaction.atomic
def mark_spotlight(
    *,
    recommendation: Recommendation,
    agency: Agency,
    evidence: str,
    by: User,
    presented_on: date | None = None,
) -> Recommendation:
    """The Rapid Review Working Group spotlights an agency's evidence of implementation
    and impact, presented on a date (today unless given)."""
    recommendation.spotlight = True
    recommendation.spotlight_agency = agency
    recommendation.spotlight_evidence = evidence
    recommendation.spotlight_presented_on = presented_on or timezone.localdate()
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
    for review in (rapid_review, local_review and local_review.rapid_review):
        if review is not None:
            _require_open(review.incident)
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
def update_briefing(
    *,
    briefing: SevenMinuteBriefing,
    title: str,
    summary: str,
    published_on: date | None,
    by: User,
    document=None,
    change_reason: str = "",
) -> SevenMinuteBriefing:
    briefing.title, briefing.summary, briefing.published_on = title, summary, published_on
    if document:
        briefing.document = document
        briefing.document_name = document.name
    return _save(briefing, by, change_reason)


# The access log


def log_case_access(*, user: User, incident: SeriousIncident, record: str, path: str) -> CaseAccessLog:
    """Every view of a case record is logged: who, what, when. An append-only row: no
    history user needed beyond the viewer."""
    entry = CaseAccessLog(user=user, incident=incident, record=record, path=path[:300])
    entry._history_user = user
    entry.save()
    return entry
