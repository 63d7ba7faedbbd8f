"""Governance workflows. Views call one of these; each validates and runs in a transaction."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    ExecutiveChairTerm,
    Meeting,
    MeetingDecision,
    PartnershipGroup,
    Person,
    Risk,
    Theme,
    User,
)


def _save(instance: models.Model, by: User | None) -> models.Model:
    instance.full_clean()
    if by is not None:
        instance._history_user = by
    instance.save()
    return instance


# The action log


@transaction.atomic
def create_action(
    *,
    title: str,
    group: PartnershipGroup,
    owner: Person,
    due_date: date,
    by: User | None,
    description: str = "",
    theme: Theme | None = None,
    rag: str = Action.Rag.GREEN,
    source: models.Model | None = None,
) -> Action:
    """Add an action to the partnership's action log.

    `source` is whatever the action came from (a meeting, a risk, a scrutiny
    recommendation, a review's recommendation...): any saved model instance.
    """
    action = Action(
        title=title,
        description=description,
        group=group,
        owner=owner,
        due_date=due_date,
        theme=theme,
        rag=rag,
        created_by=by,
    )
    if source is not None:
        action.source_type = ContentType.objects.get_for_model(source)
        action.source_id = source.pk
    _save(action, by)
    if isinstance(source, Risk):
        # An action raised from a risk mitigates it.
        source.mitigating_actions.add(action)
    return action


ACTION_EDITABLE_FIELDS = ("title", "description", "group", "owner", "due_date", "status", "rag", "theme")


@transaction.atomic
def update_action(*, action: Action, by: User, **changes) -> Action:
    unknown = set(changes) - set(ACTION_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    if changes.get("status") == Action.Status.DONE and action.status != Action.Status.DONE:
        raise ValidationError({"status": "Use 'Mark as done' to close an action with its evidence of impact"})
    for field, value in changes.items():
        setattr(action, field, value)
    return _save(action, by)


@transaction.atomic
def add_action_update(
    *, action: Action, note: str, by: User, written_on: date | None = None, evidence=None
) -> ActionUpdate:
    """Post a dated progress note, optionally with evidence; an open action moves to in progress."""
    if action.is_closed:
        raise ValidationError("This action is closed: reopen it before adding progress")
    update = ActionUpdate(
        action=action,
        note=note,
        written_on=written_on or timezone.localdate(),
        author=by,
        evidence=evidence or "",
        evidence_name=getattr(evidence, "name", "") if evidence else "",
    )
    _save(update, by)
    if action.status == Action.Status.OPEN:
        action.status = Action.Status.IN_PROGRESS
        _save(action, by)
    return update


@transaction.atomic
def complete_action(*, action: Action, closing_note: str, by: User, evidence=None) -> Action:
    """Mark an action done: it needs a closing note with the evidence of impact."""
    if action.is_closed:
        raise ValidationError("This action is already closed")
    if not closing_note.strip():
        raise ValidationError(
            {"closing_note": "Enter a closing note with the evidence of impact before marking it done"}
        )
    action.status = Action.Status.DONE
    action.rag = Action.Rag.BLUE
    action.closing_note = closing_note
    action.closed_on = timezone.localdate()
    _save(action, by)
    add_update = ActionUpdate(
        action=action,
        note=f"Marked as done. {closing_note}",
        author=by,
        evidence=evidence or "",
        evidence_name=getattr(evidence, "name", "") if evidence else "",
    )
    _save(add_update, by)
    return action


@transaction.atomic
def cancel_action(*, action: Action, reason: str, by: User) -> Action:
    if action.is_closed:
        raise ValidationError("This action is already closed")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the action is cancelled"})
    action.status = Action.Status.CANCELLED
    action.closed_on = timezone.localdate()
    _save(action, by)
    _save(ActionUpdate(action=action, note=f"Cancelled. {reason}", author=by), by)
    return action


# Meetings


@transaction.atomic
def record_meeting(*, group: PartnershipGroup, by: User, **fields) -> Meeting:
    return _save(Meeting(group=group, **fields), by)


@transaction.atomic
def update_meeting(*, meeting: Meeting, by: User, **fields) -> Meeting:
    for field, value in fields.items():
        setattr(meeting, field, value)
    return _save(meeting, by)


@transaction.atomic
def record_attendance(*, meeting: Meeting, entries: list[dict], by: User) -> list[Attendance]:
    """Replace the meeting's attendance with `entries` (person, status, deputy)."""
    existing = {attendance.person_id: attendance for attendance in meeting.attendances.all()}
    kept = []
    for entry in entries:
        attendance = existing.pop(entry["person"].pk, None) or Attendance(
            meeting=meeting, person=entry["person"]
        )
        attendance.status = entry["status"]
        attendance.deputy = entry.get("deputy")
        kept.append(_save(attendance, by))
    for attendance in existing.values():
        attendance._history_user = by
        attendance.delete()
    return kept


@transaction.atomic
def add_agenda_item(*, meeting: Meeting, title: str, by: User, lead=None, paper=None, is_confidential=False):
    position = (meeting.agenda_items.aggregate(models.Max("position"))["position__max"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        position=position,
        title=title,
        lead=lead,
        paper=paper or "",
        paper_name=getattr(paper, "name", "") if paper else "",
        is_confidential=is_confidential,
    )
    return _save(item, by)


@transaction.atomic
def record_decision(*, meeting: Meeting, text: str, by: User) -> MeetingDecision:
    return _save(MeetingDecision(meeting=meeting, text=text), by)


# Structure


@transaction.atomic
def add_executive_chair_term(*, partner: str, chair: Person, starts_on: date, ends_on: date, by: User):
    return _save(ExecutiveChairTerm(partner=partner, chair=chair, starts_on=starts_on, ends_on=ends_on), by)


# Risks


@transaction.atomic
def save_risk(*, risk: Risk, by: User, mitigating_actions=None) -> Risk:
    _save(risk, by)
    if mitigating_actions is not None:
        risk.mitigating_actions.set(mitigating_actions)
    return risk
