"""Governance workflows. Views call one of these; each validates and runs in a transaction."""

import hashlib
from datetime import date

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from . import document_hooks, roles, security
from . import roles as role_names
from .deadlines import publication_deadlines, sign_off_deadlines
from .models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    BudgetContribution,
    BudgetSpend,
    Document,
    DocumentVersion,
    ExecutiveChairTerm,
    Meeting,
    MeetingDecision,
    PartnershipGroup,
    Person,
    Risk,
    SignOff,
    Theme,
    User,
)
from .work import work_started


def _save(instance: models.Model, by: User | None, change_reason: str = "") -> models.Model:
    instance.full_clean()
    if by is not None:
        instance._history_user = by
    # simple-history stores it on the version this save writes; History shows it.
    instance._change_reason = change_reason.strip() or None
    instance.save()
    return instance


def _correct(instance: models.Model, *, by: User, change_reason: str, **fields) -> models.Model:
    """Correct a record already entered: only with the reason, which History keeps with
    the change. Saving what is already there changes nothing and writes no version."""
    changed = {name: value for name, value in fields.items() if getattr(instance, name) != value}
    if not changed:
        return instance
    if not change_reason.strip():
        raise ValidationError({"change_reason": "Enter the reason for the change"})
    for name, value in changed.items():
        setattr(instance, name, value)
    return _save(instance, by, change_reason)


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
    if changes.get("status") == Action.Status.CANCELLED and action.status != Action.Status.CANCELLED:
        raise ValidationError({"status": "Use 'Cancel this action' to cancel it with the reason why"})
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
    """Cancel an action no longer needed: the reason goes on its timeline."""
    if action.is_closed:
        raise ValidationError("This action is already closed")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the action is being cancelled"})
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
    """Replace the meeting's attendance with `entries` (person, status, deputy).

    A member recorded before and left out of `entries` is set back to "Not recorded"
    rather than deleted, so the row's History keeps who recorded and who cleared it."""
    statuses = {entry["person"].pk: entry["status"] for entry in entries}
    for entry in entries:
        deputy = entry.get("deputy")
        if (
            deputy is not None
            and statuses.get(deputy.pk, Attendance.Status.PRESENT) != Attendance.Status.PRESENT
        ):
            raise ValidationError(
                {"deputy": f"{deputy.full_name} did not attend this meeting, so cannot be a deputy"}
            )
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
        if attendance.status != Attendance.Status.NOT_RECORDED:
            attendance.status = Attendance.Status.NOT_RECORDED
            attendance.deputy = None
            _save(attendance, by)
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
def change_agenda_item(
    *,
    item: AgendaItem,
    title: str,
    by: User,
    change_reason: str,
    lead=None,
    paper=None,
    is_confidential=False,
) -> AgendaItem:
    """Correct an agenda item, with the reason; a new paper replaces the old one (History
    keeps both names)."""
    if item.is_withdrawn:
        raise ValidationError("This agenda item has been withdrawn")
    fields = {"title": title, "lead": lead, "is_confidential": is_confidential}
    if paper:
        fields |= {"paper": paper, "paper_name": paper.name}
    return _correct(item, by=by, change_reason=change_reason, **fields)


@transaction.atomic
def record_decision(*, meeting: Meeting, text: str, by: User) -> MeetingDecision:
    return _save(MeetingDecision(meeting=meeting, text=text), by)


@transaction.atomic
def change_decision(*, decision: MeetingDecision, text: str, by: User, change_reason: str) -> MeetingDecision:
    """Correct a decision as minuted, with the reason (History keeps both wordings)."""
    if decision.is_withdrawn:
        raise ValidationError("This decision has been withdrawn")
    return _correct(decision, by=by, change_reason=change_reason, text=text)


@transaction.atomic
def withdraw(*, record, reason: str, by: User):
    """Withdraw an agenda item, a decision or a budget line, with the reason: it stays in
    the record (and History says who withdrew it and why) but no longer counts."""
    if record.is_withdrawn:
        raise ValidationError("This has already been withdrawn")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why it is being withdrawn"})
    record.withdrawn_on = timezone.localdate()
    record.withdrawal_reason = reason
    record.withdrawn_by = by
    # Withdrawing checks nothing else: a line entered with a typing slip must be
    # withdrawable even though it would not be accepted today.
    record._history_user = by
    record.save()
    return record


# The shared budget


@transaction.atomic
def add_budget_line(*, line: BudgetContribution | BudgetSpend, by: User):
    """Record a partner's contribution or a spending line (the model checks the year and
    that the partner or category is not already recorded for it)."""
    return _save(line, by)


@transaction.atomic
def change_budget_line(
    *, line: BudgetContribution | BudgetSpend, by: User, change_reason: str, **fields
) -> BudgetContribution | BudgetSpend:
    """Correct a budget line, with the reason; a withdrawn line is not changed."""
    if line.is_withdrawn:
        raise ValidationError("This line has been withdrawn")
    return _correct(line, by=by, change_reason=change_reason, **fields)


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


# Documents and sign-off


def _sha256_of(field_file) -> str:
    digest = hashlib.sha256()
    field_file.open("rb")
    try:
        for chunk in field_file.chunks():
            digest.update(chunk)
    finally:
        field_file.close()
    return digest.hexdigest()


def _next_version_number(document: Document) -> int:
    return (document.versions.aggregate(models.Max("number"))["number__max"] or 0) + 1


def _supersede_earlier_versions(document: Document, keep: DocumentVersion, by: User) -> None:
    """A new version voids earlier sign-offs; signed-off versions stay as they were signed."""
    for earlier in document.versions.exclude(pk=keep.pk).exclude(status__in=DocumentVersion.LOCKED_STATUSES):
        if earlier.status != DocumentVersion.Status.SUPERSEDED:
            earlier.status = DocumentVersion.Status.SUPERSEDED
            _save(earlier, by)
    for sign_off in SignOff.objects.filter(version__document=document, voided=False).exclude(
        version__status__in=DocumentVersion.LOCKED_STATUSES
    ):
        sign_off.voided = True
        sign_off._history_user = by
        sign_off.save()


@transaction.atomic
def add_document_version(*, document: Document, upload, by: User, notes: str = "") -> DocumentVersion:
    """Add an uploaded file as the document's newest version."""
    version = DocumentVersion(
        document=document,
        number=_next_version_number(document),
        file=upload,
        file_name=upload.name,
        notes=notes,
        created_by=by,
        sha256="0" * 64,  # replaced below, once the file is stored
    )
    version.full_clean(exclude=["sha256"])
    version._history_user = by
    version.save()
    version.sha256 = _sha256_of(version.file)
    version.save(update_fields=["sha256"])
    _supersede_earlier_versions(document, version, by)
    return version


@transaction.atomic
def add_generated_version(
    *, document: Document, content: bytes, file_name: str, by: User, notes: str = ""
) -> DocumentVersion:
    """Add a PDF the service rendered (the yearly report) as the newest version."""

    version = DocumentVersion(
        document=document,
        number=_next_version_number(document),
        file_name=file_name,
        notes=notes,
        generated=True,
        created_by=by,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    version.file.save(file_name, ContentFile(content), save=False)
    version._history_user = by
    version.save()
    _supersede_earlier_versions(document, version, by)
    return version


@transaction.atomic
def send_for_sign_off(*, version: DocumentVersion, by: User) -> DocumentVersion:
    if version.status != DocumentVersion.Status.DRAFT:
        raise ValidationError("Only a draft version can be sent for sign-off")
    if not version.document.required_slots():
        raise ValidationError("This kind of document is not signed off by the partners")
    latest = version.document.versions.order_by("-number").first()
    if latest.pk != version.pk:
        raise ValidationError("Only the newest version can be sent for sign-off")
    # The area that renders the document checks it first (the yearly report's checklist
    # and safety check, registered by thscp).
    document_hooks.check_before_sign_off(version)
    version.status = DocumentVersion.Status.AWAITING_SIGN_OFF
    version.sent_for_sign_off_on = timezone.localdate()
    _save(version, by)
    # The signatories' clock starts now: each hears at once, by email (thscp's reminders).
    transaction.on_commit(
        lambda: work_started.send(
            sender=DocumentVersion,
            deadlines=sign_off_deadlines(
                DocumentVersion.objects.filter(pk=version.pk), today=timezone.localdate()
            ),
        ),
        robust=True,
    )
    return version


def slots_user_may_sign(*, user: User, document: Document) -> list[str]:
    """The slots this user may sign: their partner's, as lead or named delegate (an
    Executive member of that partner's agency), and the scrutineer's if they are it."""

    slots = []
    person = getattr(user, "person", None)
    required = document.required_slots()
    if person is not None and user.has_role(roles.EXECUTIVE_MEMBER):
        partner = person.agency.statutory_partner
        if partner and partner in required:
            slots.append(partner)
    if SignOff.SCRUTINEER in required and user.has_role(roles.INDEPENDENT_SCRUTINEER):
        slots.append(SignOff.SCRUTINEER)
    return slots


@transaction.atomic
def record_sign_off(
    *, version: DocumentVersion, slot: str, approve: bool, by: User, comments: str = "", sha256: str
) -> SignOff:
    """A signatory approves the exact file they were shown, or returns it with comments.

    `sha256` is the hash of the file on the page the signatory saw: if the file has
    changed since, the sign-off is refused.
    """
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != DocumentVersion.Status.AWAITING_SIGN_OFF:
        raise ValidationError("This version is not awaiting sign-off")
    if slot not in slots_user_may_sign(user=by, document=version.document):
        raise ValidationError("You cannot sign for this partner")
    if sha256 != version.sha256 or _sha256_of(version.file) != version.sha256:
        raise ValidationError("The file has changed since you opened it: open it again before signing")
    if not approve and not comments.strip():
        raise ValidationError({"comments": "Say what needs to change before returning it"})
    if version.sign_offs.filter(slot=slot, decision=SignOff.Decision.APPROVED, voided=False).exists():
        raise ValidationError("This partner has already signed off this version")
    sign_off = SignOff(
        version=version,
        slot=slot,
        decision=SignOff.Decision.APPROVED if approve else SignOff.Decision.RETURNED,
        comments=comments,
        signed_by=by,
        sha256=version.sha256,
    )
    sign_off._history_user = by
    sign_off.save()
    if not approve:
        version.status = DocumentVersion.Status.DRAFT
        _save(version, by)
        return sign_off
    approved = set(
        version.sign_offs.filter(decision=SignOff.Decision.APPROVED, voided=False).values_list(
            "slot", flat=True
        )
    )
    if approved >= set(version.document.required_slots()):
        version.status = DocumentVersion.Status.SIGNED_OFF
        _save(version, by)
        # The last signature: the business unit hears at once that it is theirs to publish.
        transaction.on_commit(
            lambda: work_started.send(
                sender=DocumentVersion,
                deadlines=publication_deadlines(DocumentVersion.objects.filter(pk=version.pk)),
            ),
            robust=True,
        )
    return sign_off


@transaction.atomic
def publish_version(
    *, version: DocumentVersion, by: User, published_on: date | None = None
) -> DocumentVersion:
    if version.status != DocumentVersion.Status.SIGNED_OFF:
        raise ValidationError("Only a version signed off by every signatory can be published")
    published_on = published_on or timezone.localdate()
    last_signed = version.sign_offs.filter(decision=SignOff.Decision.APPROVED, voided=False).aggregate(
        last=models.Max("signed_at")
    )["last"]
    if last_signed and published_on < timezone.localdate(last_signed):
        raise ValidationError(
            {
                "published_on": "The publication date cannot be before the sign-off on "
                f"{timezone.localdate(last_signed):%-d %B %Y}"
            }
        )
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": "The publication date cannot be in the future"})
    version.status = DocumentVersion.Status.PUBLISHED
    version.published_on = published_on
    _save(version, by)
    # The published version is the one partners get; earlier published ones are superseded
    # in the document's record, though each keeps its own signed file.
    return version


@transaction.atomic
def record_sent_to_panel(*, version: DocumentVersion, sent_on: date, by: User) -> DocumentVersion:
    if version.status != DocumentVersion.Status.PUBLISHED:
        raise ValidationError("Record this once the report is published")
    if sent_on < version.published_on:
        raise ValidationError({"sent_to_panel_on": "The date cannot be before publication"})
    version.sent_to_panel_on = sent_on
    return _save(version, by)


# Sign-in accounts


def _set_roles(user: User, names, by: User) -> None:
    """Give the user exactly these roles. History gets one version with the roles held
    afterwards and who changed them, not one per role added or removed."""
    before = set(user.role_names)
    user.skip_history_when_saving = True
    try:
        user.groups.set(Group.objects.filter(name__in=names))
    finally:
        del user.skip_history_when_saving
    user.__dict__.pop("_role_names", None)
    if before != set(names):
        security.logger.info(
            "roles changed user_id=%s by=%s from=%s to=%s", user.pk, by.pk, sorted(before), sorted(names)
        )


@transaction.atomic
def give_account(*, person: Person, roles: list[str], is_active: bool, by: User) -> User:
    """Give a contact a sign-in account with these roles. Its password is random and
    unknown: the person chooses their own from an emailed link."""
    user = User(email=person.email.lower(), full_name=person.full_name, is_active=is_active)
    user.set_password(get_random_string(48))
    _save(user, by)
    person.user = user
    _save(person, by)
    _set_roles(user, roles, by)
    # The roles exist once the account does: a second version records them.
    _save(user, by)
    return user


@transaction.atomic
def change_account(*, user: User, roles: list[str], is_active: bool, by: User) -> User:
    """Change who may sign in and with which roles; role changes go to the security log."""
    if user.pk == by.pk and role_names.BUSINESS_UNIT not in roles:
        raise ValidationError({"roles": "You cannot remove your own Business unit role"})
    if user.pk == by.pk and not is_active:
        raise ValidationError({"is_active": "You cannot stop your own account signing in"})
    user.is_active = is_active
    _set_roles(user, roles, by)
    # One version with the roles and whether the account may sign in, by whom.
    _save(user, by)
    return user


@transaction.atomic
def clear_two_factor_lockout(*, user: User, by: User) -> None:
    """The business unit lets someone try two-factor codes again after too many wrong
    ones, having checked with them that the codes were theirs."""
    if user.pk == by.pk:
        # Otherwise a stolen session could keep guessing codes at reauthentication.
        raise ValidationError("Ask someone else in the business unit to clear your own two-factor lockout")
    failures = user.two_factor_failures
    security.reset_two_factor_failures(user=user)
    security.logger.info("two-factor lockout cleared user_id=%s by=%s failures=%s", user.pk, by.pk, failures)


# Records with no workflow of their own


@transaction.atomic
def save_model_form(*, form, by: User, **fields):
    """Save a valid ModelForm's record and its many-to-many fields, with `by` in History.

    `fields` are set first (the activity a recommendation belongs to, say). Only for
    records whose saving has no rule beyond the model's own validation; anything with
    a workflow (an action, a meeting, a case) goes through its own service.
    """
    record = form.save(commit=False)
    for name, value in fields.items():
        setattr(record, name, value)
    if fields:
        record.full_clean()
    record._history_user = by
    record.save()
    form.save_m2m()
    return record
