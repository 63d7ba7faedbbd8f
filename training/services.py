"""Training workflows. Views call one of these; each validates the whole record
(full_clean) and runs in a transaction, so a refused change saves nothing. Emails go
after the commit, so nobody hears of something that was then rolled back."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mail
from django.core.mail.message import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from governance import learning_from
from governance.models import Agency, Person, User

from . import schedule
from .models import (
    Booking,
    Bulletin,
    BulletinDelivery,
    BulletinSection,
    Course,
    Evaluation,
    NeedsAnalysis,
    NeedsResponse,
    Resource,
    Session,
)

# How long an evaluation link works: the "before" form until the session starts; the
# others for three weeks. When each stage is due: schedule.py.
AFTER_LINK_DAYS = 21
FOLLOW_UP_LINK_DAYS = 21
EVALUATION_SALT = "training.evaluation"
UNSUBSCRIBE_SALT = "training.unsubscribe"


class InvalidLink(Exception):
    """A link that was tampered with, has expired or has been used."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _save(instance: models.Model, by: User | None) -> models.Model:
    instance.full_clean()
    if by is not None:
        instance._history_user = by
    instance.save()
    return instance


def _apply(instance: models.Model, changes: dict, editable: tuple[str, ...]) -> None:
    unknown = set(changes) - set(editable)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(instance, name, value)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _subject(text: str) -> str:
    return f"[{settings.PARTNERSHIP_SHORT_NAME}] {text}"


def _email_later(to: str, subject: str, template: str, context: dict) -> None:
    body = render_to_string(template, {**context, "partnership_name": settings.PARTNERSHIP_NAME})
    transaction.on_commit(
        lambda: send_mail(_subject(subject), body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    )


def _when(session: Session) -> str:
    start = timezone.localtime(session.starts_at)
    return f"{start:%A %-d %B %Y, %H:%M}"


# Courses and sessions

COURSE_FIELDS = (
    "title",
    "summary",
    "provider",
    "audience",
    "level",
    "format",
    "learning_outcomes",
    "is_retired",
)


@transaction.atomic
def save_course(
    *,
    by: User | None,
    course: Course | None = None,
    mandatory_for_roles=None,
    mandatory_for_agencies=None,
    **fields,
) -> Course:
    course = course or Course()
    _apply(course, fields, COURSE_FIELDS)
    _save(course, by)
    if mandatory_for_roles is not None:
        course.mandatory_for_roles.set(mandatory_for_roles)
    if mandatory_for_agencies is not None:
        course.mandatory_for_agencies.set(mandatory_for_agencies)
    return course


SESSION_FIELDS = (
    "kind", "course", "title", "starts_at", "ends_at", "place", "joining_link", "trainer", "capacity",
    "head_count", "recording_link", "learned_from",
)  # fmt: skip


@transaction.atomic
def save_session(*, by: User | None, session: Session | None = None, **fields) -> Session:
    session = Session() if session is None else Session.objects.select_for_update().get(pk=session.pk)
    # The review a webinar came from (governance/learning_from.py): given only by those
    # who may see it (the form asks), and only a registered source.
    source = fields.get("learned_from")
    if source is not None and not learning_from.is_source(source):
        raise ValidationError({"learned_from": "Select the review from the list"})
    _apply(session, fields, SESSION_FIELDS)
    if session.learned_from_type_id and session.kind != Session.Kind.WEBINAR:
        raise ValidationError(
            {"learned_from": "Only a webinar is recorded as after a review: choose 'No, not from a review'"}
        )
    if session.pk and session.capacity is not None:
        booked = session.bookings.filter(status=Booking.Status.BOOKED).count()
        if session.capacity < booked:
            raise ValidationError(
                {"capacity": f"{booked} people are booked: give at least {booked} places, or cancel bookings"}
            )
    _save(session, by)
    # More places, or none: the waiting list moves up.
    _promote_waiting(session, by)
    return session


@transaction.atomic
def cancel_session(*, session: Session, reason: str, by: User) -> Session:
    """A cancelled session tells everyone booked or waiting."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError("This session is already cancelled")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for cancelling the session"})
    session.status = Session.Status.CANCELLED
    session.cancellation_reason = reason
    _save(session, by)
    for booking in session.bookings.exclude(status=Booking.Status.CANCELLED).select_related("person"):
        _email_later(
            booking.person.email,
            f"Cancelled: {session.name}",
            "training/email/session_cancelled.txt",
            {"session": session, "person": booking.person, "when": _when(session), "reason": reason},
        )
    return session


# Bookings


def _places_taken(session: Session) -> int:
    return session.bookings.filter(status=Booking.Status.BOOKED).count()


@transaction.atomic
def book(*, session: Session, person: Person, by: User) -> Booking:
    """Book a place, or a place on the waiting list when the session is full.

    The session's row is locked first, so two people booking the last place at once
    are served one after the other: one gets it, the other waits.
    """
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError("This session has been cancelled: it cannot be booked")
    if session.starts_at <= timezone.now():
        raise ValidationError("This session has already started: it cannot be booked")
    if session.bookings.filter(person=person).exclude(status=Booking.Status.CANCELLED).exists():
        raise ValidationError({"person": f"{person.full_name} is already booked on this session"})
    full = session.capacity is not None and _places_taken(session) >= session.capacity
    booking = Booking(
        session=session,
        person=person,
        status=Booking.Status.WAITING if full else Booking.Status.BOOKED,
        booked_by=by,
    )
    try:
        with transaction.atomic():
            _save(booking, by)
    except IntegrityError as error:
        raise ValidationError({"person": f"{person.full_name} is already booked on this session"}) from error
    template = "training/email/waiting.txt" if full else "training/email/booked.txt"
    subject = f"Waiting list: {session.name}" if full else f"Booked: {session.name}"
    _email_later(
        person.email, subject, template, {"session": session, "person": person, "when": _when(session)}
    )
    return booking


def _promote_waiting(session: Session, by: User | None) -> list[Booking]:
    """Fill free places from the waiting list, first come first served, and tell each
    person promoted. The caller holds the session's lock."""
    if session.is_cancelled or session.starts_at <= timezone.now():
        return []
    free = None if session.capacity is None else session.capacity - _places_taken(session)
    waiting = (
        session.bookings.filter(status=Booking.Status.WAITING)
        .select_related("person")
        .order_by("booked_at", "pk")
    )
    if free is not None:
        waiting = waiting[: max(free, 0)]
    promoted = []
    for booking in waiting:
        booking.status = Booking.Status.BOOKED
        _save(booking, by)
        promoted.append(booking)
        _email_later(
            booking.person.email,
            f"You have a place: {session.name}",
            "training/email/promoted.txt",
            {"session": session, "person": booking.person, "when": _when(session)},
        )
    return promoted


@transaction.atomic
def cancel_booking(*, booking: Booking, by: User) -> Booking:
    """Cancel a booking; a place it frees goes to the first person waiting."""
    session = Session.objects.select_for_update().get(pk=booking.session_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == Booking.Status.CANCELLED:
        raise ValidationError("This booking is already cancelled")
    if session.starts_at <= timezone.now():
        raise ValidationError("The session has started: record attendance instead of cancelling")
    booking.status = Booking.Status.CANCELLED
    _save(booking, by)
    _promote_waiting(session, by)
    return booking


@transaction.atomic
def record_attendance(*, session: Session, attended: list[int], by: User) -> int:
    """Mark who came (booking ids in `attended`); everyone else booked did not."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not session.has_happened:
        raise ValidationError("Attendance is marked once the session has started")
    if session.is_cancelled:
        raise ValidationError("The session was cancelled: nobody attended")
    chosen = set(attended)
    booked = list(session.bookings.filter(status=Booking.Status.BOOKED))
    if chosen - {booking.pk for booking in booked}:
        raise ValidationError({"attended": "Select only people booked on the session"})
    for booking in booked:
        came = booking.pk in chosen
        if booking.attended is not came:
            booking.attended = came
            _save(booking, by)
    return len(chosen)


# Evaluation


def evaluation_token(evaluation: Evaluation) -> str:
    return signing.dumps({"e": evaluation.pk, "n": evaluation.nonce.hex}, salt=EVALUATION_SALT, compress=True)


def evaluation_url(evaluation: Evaluation) -> str:
    return _absolute(reverse("training:evaluate", args=[evaluation_token(evaluation)]))


def _expiry(session: Session, stage: str):
    now = timezone.now()
    if stage == Evaluation.Stage.BEFORE:
        return session.starts_at
    if stage == Evaluation.Stage.AFTER:
        return now + timedelta(days=AFTER_LINK_DAYS)
    return now + timedelta(days=FOLLOW_UP_LINK_DAYS)


@transaction.atomic
def request_evaluations(*, session: Session, stage: str, by: User) -> int:
    """Email each person the form for a stage, with a link of their own. "Before" goes
    to those booked before the session starts; the others to those who attended, after
    it. Someone who has answered the stage is not asked again; a person asked again
    gets a new link, and the old one stops working."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if stage not in Evaluation.Stage.values:
        raise ValidationError({"stage": "Select the stage"})
    if session.is_cancelled:
        raise ValidationError("The session was cancelled: there is nothing to evaluate")
    bookings = session.bookings.filter(status=Booking.Status.BOOKED).select_related("person")
    if stage == Evaluation.Stage.BEFORE:
        if session.has_happened:
            raise ValidationError({"stage": "The session has started: the before form can no longer be sent"})
    else:
        if not session.has_happened:
            raise ValidationError({"stage": "Send this stage once the session has been held"})
        bookings = bookings.filter(attended=True)
        if not bookings.exists():
            raise ValidationError({"stage": "Mark attendance first: this stage goes to those who attended"})
    existing = {e.booking_id: e for e in Evaluation.objects.filter(booking__session=session, stage=stage)}
    sent = 0
    for booking in bookings:
        evaluation = existing.get(booking.pk) or Evaluation(booking=booking, stage=stage)
        if evaluation.is_answered:
            continue
        if evaluation.pk is not None:
            evaluation.nonce = uuid.uuid4()  # the earlier link stops working
        evaluation.requested_at = timezone.now()
        evaluation.expires_at = _expiry(session, stage)
        _save(evaluation, by)
        sent += 1
        _email_evaluation(session, booking, evaluation)
    if not sent:
        raise ValidationError({"stage": "Everyone has already answered this stage"})
    return sent


def _email_evaluation(session: Session, booking: Booking, evaluation: Evaluation) -> None:
    _email_later(
        booking.person.email,
        f"Evaluation: {session.name}",
        "training/email/evaluation.txt",
        {
            "session": session,
            "person": booking.person,
            "stage": evaluation.get_stage_display().lower(),
            "url": evaluation_url(evaluation),
            "expires": timezone.localtime(evaluation.expires_at),
        },
    )


def send_due_evaluations(*, today: date) -> list[str]:
    """Send each evaluation stage that is due today (schedule.py) to everyone it goes to
    who has not been asked it yet: the reminders job runs this every working morning
    (due_work.py), so the forms go out without anyone pressing a button.

    Sending twice sends nothing twice: each form is claimed by inserting its row under
    the one-evaluation-a-stage constraint, so a person already asked (by hand, or by an
    earlier or concurrent run) is skipped. One transaction a session: a fault in one
    leaves the others sent. Returns a line for each session and stage sent, for the log.
    """
    done = []
    for session in schedule.sessions_with_stages_due(today):
        for window in schedule.open_windows(session, today):
            if schedule.still_to_ask(session, window.stage):
                sent = _send_stage(session_id=session.pk, stage=window.stage)
                if sent:
                    done.append(f"Evaluation ({window.stage}) of session {session.pk}: {sent} sent")
    return done


@transaction.atomic
def _send_stage(*, session_id: int, stage: str) -> int:
    session = Session.objects.select_related("course").get(pk=session_id)
    if session.is_cancelled:
        return 0
    bookings = session.bookings.filter(status=Booking.Status.BOOKED).exclude(evaluations__stage=stage)
    if stage == Evaluation.Stage.BEFORE:
        if session.has_happened:
            return 0
    else:
        bookings = bookings.filter(attended=True)
    sent = 0
    for booking in bookings.select_related("person"):
        evaluation = Evaluation(
            booking=booking, stage=stage, requested_at=timezone.now(), expires_at=_expiry(session, stage)
        )
        # The constraint is the claim: checked by the database at the insert, below.
        evaluation.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                evaluation.save()
        except IntegrityError:
            continue  # asked already, by a run at the same moment
        sent += 1
        _email_evaluation(session, booking, evaluation)
    return sent


def evaluation_from_token(token: str, *, lock: bool = False) -> Evaluation:
    """The evaluation a link is for, or InvalidLink saying why it does not work."""
    try:
        data = signing.loads(token, salt=EVALUATION_SALT)
        pk, nonce = int(data["e"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidLink(
            "This link is not valid. Check you copied the whole link from the email."
        ) from error
    queryset = Evaluation.objects.select_related("booking__session__course")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    evaluation = queryset.filter(pk=pk).first()
    if evaluation is None or evaluation.nonce.hex != nonce:
        raise InvalidLink("This link no longer works: a newer link has been sent to you.")
    if evaluation.is_answered:
        raise InvalidLink("This form has already been answered. Thank you.")
    if evaluation.expires_at <= timezone.now():
        raise InvalidLink("This link has expired.")
    return evaluation


@transaction.atomic
def answer_evaluation(
    *, token: str, confidence: int, usefulness: int | None, practice_change: str
) -> Evaluation:
    """Store the answers and spend the link: it works once."""
    evaluation = evaluation_from_token(token, lock=True)
    evaluation.confidence = confidence
    evaluation.usefulness = usefulness
    evaluation.practice_change = practice_change
    evaluation.answered_at = timezone.now()
    if evaluation.stage == Evaluation.Stage.BEFORE:
        evaluation.usefulness = None
    _save(evaluation, None)
    return evaluation


# The learning library


RESOURCE_FIELDS = ("title", "kind", "summary", "topic", "audience", "link", "published_on")


@transaction.atomic
def save_resource(*, by: User | None, resource: Resource | None = None, **fields) -> Resource:
    resource = resource or Resource()
    _apply(resource, fields, RESOURCE_FIELDS)
    return _save(resource, by)


# Bulletins


@transaction.atomic
def save_bulletin(*, by: User | None, bulletin: Bulletin | None = None, **fields) -> Bulletin:
    bulletin = bulletin or Bulletin()
    if bulletin.pk and not bulletin.is_draft:
        raise ValidationError("A sent bulletin cannot be changed")
    _apply(bulletin, fields, ("title", "introduction"))
    return _save(bulletin, by)


@transaction.atomic
def save_section(
    *, by: User | None, bulletin: Bulletin | None = None, section: BulletinSection | None = None, **fields
) -> BulletinSection:
    if section is None:
        position = (bulletin.sections.aggregate(last=models.Max("position"))["last"] or 0) + 1
        section = BulletinSection(bulletin=bulletin, position=position)
    if not section.bulletin.is_draft:
        raise ValidationError("A sent bulletin cannot be changed")
    _apply(section, fields, ("heading", "body", "link_text", "link_url"))
    return _save(section, by)


def bulletin_recipients():
    return Person.objects.filter(receives_bulletins=True).exclude(email="").order_by("email")


@transaction.atomic
def send_bulletin(*, bulletin: Bulletin, by: User) -> int:
    """Send a bulletin to every contact who receives bulletins, one message each.

    Claimed first: the bulletin goes from draft to sent in one conditional update, so a
    second press of the button (or a second request racing the first) sends nothing.
    """
    if not bulletin.sections.exists():
        raise ValidationError("Add at least one section before sending")
    claimed = Bulletin.objects.filter(pk=bulletin.pk, status=Bulletin.Status.DRAFT).update(
        status=Bulletin.Status.SENT, sent_at=timezone.now(), sent_by=by
    )
    if claimed != 1:
        raise ValidationError("This bulletin has already been sent")
    bulletin.refresh_from_db()
    bulletin._history_user = by
    bulletin.save()  # a History entry for the sending
    recipients = list(bulletin_recipients())
    if not recipients:
        raise ValidationError("No contact receives bulletins")
    deliveries = [
        BulletinDelivery(bulletin=bulletin, person=person, email=person.email) for person in recipients
    ]
    for delivery in deliveries:
        delivery._history_user = by
        delivery.save()
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _queue_deliveries(ids))
    return len(ids)


def _queue_deliveries(ids: list[int]) -> None:
    from celery import current_app

    task = current_app.tasks["training.deliver_bulletin"]
    for delivery_id in ids:
        task.apply_async((delivery_id,), retry=False)


def unsubscribe_token(person: Person) -> str:
    return signing.dumps({"p": person.pk, "e": person.email.lower()}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(person: Person) -> str:
    return _absolute(reverse("training:unsubscribe", args=[unsubscribe_token(person)]))


def _bulletin_message(delivery: BulletinDelivery) -> EmailMultiAlternatives:
    bulletin = delivery.bulletin
    context = {
        "bulletin": bulletin,
        "sections": list(bulletin.sections.all()),
        "person": delivery.person,
        "unsubscribe_url": unsubscribe_url(delivery.person),
        "partnership_name": settings.PARTNERSHIP_NAME,
    }
    message = EmailMultiAlternatives(
        _subject(bulletin.title),
        render_to_string("training/email/bulletin.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [delivery.email],
        headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>"},
    )
    message.attach_alternative(render_to_string("training/email/bulletin.html", context), "text/html")
    return message


def deliver_bulletin(*, delivery_id: int) -> str:
    """Send one message of a bulletin, once: claimed from pending before sending."""
    claimed = BulletinDelivery.objects.filter(pk=delivery_id, status=BulletinDelivery.Status.PENDING).update(
        status=BulletinDelivery.Status.SENT, sent_at=timezone.now()
    )
    if claimed != 1:
        return "not pending"
    delivery = BulletinDelivery.objects.select_related("bulletin", "person").get(pk=delivery_id)
    if not delivery.person.receives_bulletins:
        BulletinDelivery.objects.filter(pk=delivery_id).update(
            status=BulletinDelivery.Status.FAILED, error="Unsubscribed before it was sent", sent_at=None
        )
        return "unsubscribed"
    try:
        get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", 20)).send_messages(
            [_bulletin_message(delivery)]
        )
    except Exception as error:
        BulletinDelivery.objects.filter(pk=delivery_id).update(
            status=BulletinDelivery.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:300],
            sent_at=None,
        )
        return "failed"
    return "sent"


def person_from_unsubscribe_token(token: str) -> Person:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        pk, email = int(data["p"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidLink(
            "This link is not valid. Check you copied the whole link from the email."
        ) from error
    person = Person.objects.filter(pk=pk).first()
    if person is None or person.email.lower() != email:
        raise InvalidLink("This link is not valid. Check you copied the whole link from the email.")
    return person


@transaction.atomic
def unsubscribe(*, token: str) -> Person:
    person = person_from_unsubscribe_token(token)
    if person.receives_bulletins:
        person.receives_bulletins = False
        person._change_reason = "Unsubscribed through the link in a bulletin"
        person.save(update_fields=["receives_bulletins"])
    return person


# The training needs analysis


@transaction.atomic
def save_needs_analysis(
    *, by: User | None, analysis: NeedsAnalysis | None = None, agencies=None, **fields
) -> NeedsAnalysis:
    analysis = analysis or NeedsAnalysis()
    _apply(analysis, fields, ("year", "due_on"))
    _save(analysis, by)
    if agencies is not None:
        analysis.agencies.set(agencies)
    return analysis


@transaction.atomic
def save_need(
    *, by: User | None, analysis: NeedsAnalysis | None = None, agency: Agency | None = None,
    need: NeedsResponse | None = None, **fields,
) -> NeedsResponse:  # fmt: skip
    if need is None:
        need = NeedsResponse(analysis=analysis, agency=agency, submitted_by=by)
    _apply(need, fields, ("topic", "level", "staff"))
    if not need.analysis.agencies.filter(pk=need.agency_id).exists():
        raise ValidationError("This agency is not asked in this needs analysis")
    need.topic = " ".join(need.topic.split())
    return _save(need, by)
