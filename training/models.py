"""Training and learning: the multi-agency offer the Effective Learning Group joins up.

- Courses (what is offered) and sessions (when and where: course sessions, webinars and
  Safeguarding Month events), with bookings, a waiting list and attendance.
- Evaluation in three stages (before, straight after, 6-8 weeks later), answered
  through signed, single-use, expiring links without signing in.
- The learning library: resources with audience and topic.
- Bulletins to the contacts who receive them, one message each with an unsubscribe link.
- The annual training needs analysis: a survey per agency, ranked by demand.
"""

import uuid
from datetime import date

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from governance.learning_from import LearningFrom
from governance.models import Agency, Person, User
from governance.periods import FinancialYear


class Level(models.IntegerChoices):
    ONE = 1, "Level 1: awareness"
    TWO = 2, "Level 2: practitioners working with children"
    THREE = 3, "Level 3: specialist and designated leads"


class Course(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        E_LEARNING = "e_learning", "E-learning"

    title = models.CharField(max_length=200, unique=True)
    summary = models.TextField()
    provider = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="courses_provided", verbose_name="provider agency"
    )
    audience = models.CharField(max_length=200, help_text="Who it is for, for example early years staff.")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    format = models.CharField(max_length=16, choices=Format.choices)
    learning_outcomes = models.TextField(help_text="One outcome a line.")
    mandatory_for_roles = models.ManyToManyField(
        Group, blank=True, related_name="+", verbose_name="mandatory for these roles"
    )
    mandatory_for_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="mandatory_courses", verbose_name="mandatory for these agencies"
    )
    is_retired = models.BooleanField("retired (no longer offered)", default=False)

    history = HistoricalRecords(m2m_fields=[mandatory_for_roles, mandatory_for_agencies])

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:course_detail", args=[self.pk])

    @property
    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


class Session(LearningFrom):
    """One occasion: a course session, a webinar or a Safeguarding Month event.

    A webinar after a rapid or local review is recorded once, here, with its bookings
    and attendance; `learned_from` (governance/learning_from.py) names the review it came
    from, and reviews' pages show it through the composition root (thscp/learning.py).
    """

    class Kind(models.TextChoices):
        COURSE = "course", "Course session"
        WEBINAR = "webinar", "Webinar"
        SAFEGUARDING_MONTH = "safeguarding_month", "Safeguarding Month event"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.COURSE)
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    title = models.CharField(max_length=200, blank=True, help_text="Leave blank to use the course's title.")
    starts_at = models.DateTimeField("start")
    ends_at = models.DateTimeField("end")
    place = models.CharField(max_length=200, blank=True)
    joining_link = models.URLField(blank=True)
    trainer = models.CharField(max_length=150, blank=True)
    capacity = models.PositiveIntegerField(
        "places", null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="Leave blank for an online event with no limit.",
    )  # fmt: skip
    # Webinars after rapid reviews draw 88-130 people who join without booking: the
    # number who joined is recorded here, and counts as the attendance.
    head_count = models.PositiveIntegerField("number who attended (without booking)", null=True, blank=True)
    recording_link = models.URLField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    cancellation_reason = models.TextField(blank=True, editable=False)

    # Reasons are sentences (the webinars moved from reviews kept their corrections' reasons).
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(
                fields=["learned_from_type", "learned_from_id"], name="training_session_learned_from"
            ),
            # The lists' order, and the reminders' "a session tomorrow" and evaluation
            # windows, which filter on a range of starts_at (schedule.local_days).
            models.Index(fields=["starts_at", "id"], name="training_session_starts_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_it_starts",
                violation_error_message="The session must end after it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="course") | Q(course__isnull=False),
                name="training_course_session_has_course",
                violation_error_message="A course session belongs to a course.",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("training:session_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.title or (self.course.title if self.course_id else "Session")

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start"
        if self.kind == self.Kind.COURSE and not self.course_id:
            errors["course"] = "Select the course"
        if self.kind != self.Kind.COURSE and not self.title:
            errors["title"] = "Enter the title"
        if self.head_count is not None and self.starts_at and self.starts_at > timezone.now():
            errors["head_count"] = "A session still to be held has no attendance yet: leave the number blank"
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_happened(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def day(self) -> date:
        return timezone.localtime(self.starts_at).date()


class Booking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "Waiting list"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="training_bookings")
    status = models.CharField(max_length=12, choices=Status.choices)
    booked_at = models.DateTimeField(default=timezone.now)
    booked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    attended = models.BooleanField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["booked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="training_one_live_booking_a_person",
                violation_error_message="This person is already booked on the session.",
            )
        ]

    def __str__(self):
        return f"{self.person.full_name}: {self.session.name}"

    def get_absolute_url(self):
        return self.session.get_absolute_url()


class Evaluation(models.Model):
    """One stage of one person's evaluation of a session: requested by email with a
    signed link that works once, answered without signing in."""

    class Stage(models.TextChoices):
        BEFORE = "before", "Before the session"
        AFTER = "after", "Straight after"
        FOLLOW_UP = "follow_up", "6 to 8 weeks later"

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="evaluations")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    # Part of the signed link: a link made for an earlier request of the same stage
    # (resent) stops working when a new one is made.
    nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(
        "confidence", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    usefulness = models.PositiveSmallIntegerField(
        "usefulness", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    practice_change = models.TextField("what you will do (or did) differently", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["booking", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "stage"], name="training_one_evaluation_a_stage")
        ]
        indexes = [
            # The reminders read the forms still waiting for an answer, a few among
            # every evaluation ever requested.
            models.Index(
                fields=["expires_at"], condition=Q(answered_at=None), name="training_evaluation_waiting"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.booking.session.name}"

    def get_absolute_url(self):
        return reverse("training:session_results", args=[self.booking.session_id])

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Resource(models.Model):
    """The learning library: 7-minute briefings, guides and recordings."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", "7-minute briefing"
        GUIDE = "guide", "Guide or toolkit"
        RECORDING = "recording", "Recording"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    summary = models.TextField()
    topic = models.CharField(max_length=100)
    audience = models.CharField(max_length=200)
    link = models.URLField(blank=True)
    published_on = models.DateField("published date")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:library")


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:bulletin_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class BulletinSection(models.Model):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=1)
    heading = models.CharField(max_length=200)
    body = models.TextField()
    link_text = models.CharField(max_length=200, blank=True)
    link_url = models.URLField("link", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading

    def get_absolute_url(self):
        return self.bulletin.get_absolute_url()

    def clean(self):
        if self.link_text and not self.link_url:
            raise ValidationError({"link_url": "Enter the link, or leave the link text blank"})


class BulletinDelivery(models.Model):
    """One message of a sent bulletin: who it went to, and what happened."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    bulletin = models.ForeignKey(Bulletin, on_delete=models.PROTECT, related_name="deliveries")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["email", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "person"], name="training_one_delivery_a_person")
        ]

    def __str__(self):
        return f"{self.bulletin.title} to {self.email}"

    def get_absolute_url(self):
        return self.bulletin.get_absolute_url()


class NeedsAnalysis(models.Model):
    """The annual training needs analysis: each agency answers a survey by the due date."""

    year = models.PositiveSmallIntegerField(
        "financial year", unique=True, help_text="The year it plans for, by its first year: 2026 for 2026-27."
    )
    due_on = models.DateField("date agencies answer by")
    agencies = models.ManyToManyField(Agency, related_name="+", verbose_name="agencies asked")

    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["-year"]
        verbose_name_plural = "needs analyses"

    def __str__(self):
        return f"Training needs analysis {self.period.label}"

    def get_absolute_url(self):
        return reverse("training:needs_detail", args=[self.pk])

    @property
    def period(self) -> FinancialYear:
        return FinancialYear(self.year)


class NeedsResponse(models.Model):
    """One topic an agency asks for, with how many staff need it at which level."""

    analysis = models.ForeignKey(NeedsAnalysis, on_delete=models.PROTECT, related_name="responses")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=120)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    staff = models.PositiveIntegerField("number of staff", validators=[MinValueValidator(1)])
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "topic", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "agency", "topic", "level"],
                name="training_one_need_a_topic_and_level",
                violation_error_message=(
                    "This agency has already given this topic at this level: change it instead."
                ),
            )
        ]

    def __str__(self):
        return f"{self.agency}: {self.topic} ({self.get_level_display()})"

    def get_absolute_url(self):
        return self.analysis.get_absolute_url()
