from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import roles
from .calendar import add_working_days
from .files import PrivatePath, validate_document
from .rag import Rag
from .statutory import statutory_clocks
from .text import possessive


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in. Signs in by email; roles are Django groups."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "admin site access",
        default=False,
        help_text="Superusers only: the Django admin is not for daily work.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    class ReminderChoice(models.TextChoices):
        DAILY = "daily", "A daily email when something is due soon or overdue"
        NONE = "none", "No emails (statutory reminders are always sent)"

    reminders = models.CharField(
        "reminder emails for non-statutory deadlines",
        max_length=8,
        choices=ReminderChoice.choices,
        default=ReminderChoice.DAILY,
    )

    # Wrong two-factor codes in a row and when the last was tried: the limit on code
    # guesses (governance.security). In the database so that it holds with the cache
    # down; left out of history like last_login (each failure goes to the security log).
    two_factor_failures = models.PositiveIntegerField(default=0, editable=False)
    two_factor_failed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Roles are Django groups: their history is kept with the user's (simple-history's
    # m2m_fields), so who held which role, and who gave or took it, is on record
    # (issue 12). Services write one version per change (services._set_roles).
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "two_factor_failures", "two_factor_failed_at"],
        m2m_fields=["groups"],
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_names(self) -> frozenset[str]:
        """The user's roles, read once per request (prefetched groups are reused)."""
        if not hasattr(self, "_role_names"):
            self._role_names = frozenset(group.name for group in self.groups.all())
        return self._role_names

    def has_role(self, *names: str) -> bool:
        return bool(self.role_names.intersection(names))

    @property
    def needs_two_factor(self) -> bool:
        # Superusers can see everything, case data included.
        return self.is_superuser or self.has_role(*roles.CASE_DATA_ROLES)

    @property
    def two_factor_locked(self) -> bool:
        """Locked after too many wrong codes: either still within the lockout time, or
        past it but one more wrong code from being locked again."""
        return self.two_factor_failures >= settings.TWO_FACTOR_LOCKOUT_FAILURES


class Agency(models.Model):
    """An organisation that takes part in the partnership."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        EDUCATION = "education", "Education"
        VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"
        PROBATION = "probation", "Probation"
        CAFCASS = "cafcass", "Cafcass"
        OTHER = "other", "Other"

    class StatutoryPartner(models.TextChoices):
        # Children Act 2004 s16E: the three safeguarding partners, a joint and equal duty.
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        INTEGRATED_CARE_BOARD = "integrated_care_board", "Integrated care board"
        POLICE = "police", "Chief officer of police"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    statutory_partner = models.CharField(
        max_length=32,
        choices=StatutoryPartner.choices,
        blank=True,
        help_text="Only the three statutory safeguarding partners; one agency each.",
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["statutory_partner"],
                condition=~Q(statutory_partner=""),
                name="one_agency_per_statutory_partner",
                violation_error_message="Another agency is already this statutory partner.",
            )
        ]

    def __str__(self):
        return self.name


class PartnershipGroup(models.Model):
    """The Executive or one of its sub-groups.

    Called PartnershipGroup rather than Group so that it is never confused with
    Django's auth groups, which hold the product's roles.
    """

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        EVERY_OTHER_MONTH = "every_other_month", "Every other month"
        QUARTERLY = "quarterly", "Quarterly"
        AS_NEEDED = "as_needed", "As needed"

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    is_executive = models.BooleanField(
        default=False, help_text="The Executive: the three statutory partners, with a rotating chair."
    )
    purpose = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    terms_of_reference_document = models.FileField(
        upload_to=PrivatePath("terms-of-reference"), blank=True, validators=[validate_document]
    )
    terms_of_reference_document_name = models.CharField(max_length=255, blank=True)
    chair_role_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The post that chairs the group, for example 'Head of Quality Assurance'.",
    )
    chair = models.ForeignKey(
        "Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="groups_chaired"
    )
    vice_chair = models.ForeignKey(
        "Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="groups_vice_chaired"
    )
    meeting_frequency = models.CharField(
        max_length=32, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    display_order = models.PositiveSmallIntegerField(default=100)
    is_retired = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_executive"],
                condition=Q(is_executive=True),
                name="one_executive_group",
                violation_error_message="The partnership already has an Executive.",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.is_executive and self.chair_id:
            raise ValidationError(
                {"chair": "The Executive's chair follows the rotation: add a chair's term instead"}
            )


class Person(models.Model):
    """A professional in the partner contacts directory; may or may not sign in."""

    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="people")
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=40, blank=True)
    groups = models.ManyToManyField(PartnershipGroup, blank=True, related_name="members")
    receives_bulletins = models.BooleanField(default=True)
    is_escalation_contact = models.BooleanField(
        "escalation contact", default=False, help_text="A key contact for multi-agency escalations."
    )
    user = models.OneToOneField(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person")

    history = HistoricalRecords(m2m_fields=[groups])

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("governance:person_detail", args=[self.pk])


class ExecutiveChairTerm(models.Model):
    """A period in which one statutory partner chairs the Executive (the chair rotates)."""

    partner = models.CharField(max_length=32, choices=Agency.StatutoryPartner.choices)
    chair = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="executive_chair_terms")
    starts_on = models.DateField()
    ends_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="chair_term_ends_after_it_starts",
                violation_error_message="The term must end after it starts.",
            )
        ]

    def __str__(self):
        period = f"{self.starts_on:%-d %B %Y} to {self.ends_on:%-d %B %Y}"
        return f"{self.get_partner_display()}: {self.chair} ({period})"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = "The end date must be after the start date"
        if self.chair_id and self.partner and self.chair.agency.statutory_partner != self.partner:
            errors["chair"] = "The chair must work for the statutory partner whose turn it is"
        if self.starts_on and self.ends_on and not errors:
            overlapping = ExecutiveChairTerm.objects.filter(
                starts_on__lt=self.ends_on, ends_on__gt=self.starts_on
            ).exclude(pk=self.pk)
            if overlapping.exists():
                errors["starts_on"] = "This term overlaps another chair's term"
        if errors:
            raise ValidationError(errors)

    @classmethod
    def covering(cls, day):
        """The term in which `day` falls (a term ends the day before `ends_on`), or None."""
        return (
            cls.objects.select_related("chair__user", "chair__agency")
            .filter(starts_on__lte=day, ends_on__gt=day)
            .first()
        )


class Theme(models.Model):
    """A theme that groups actions across sources, e.g. 'Information sharing'."""

    name = models.CharField(max_length=120, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Withdrawable(models.Model):
    """A record that is withdrawn with a reason rather than deleted, so History keeps
    what it said, who withdrew it and why (issue 12: nothing is deleted silently)."""

    withdrawn_on = models.DateField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField("reason for withdrawing", blank=True, editable=False)
    # The record's own page says who withdrew it, without reading its History.
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None


# A meeting's date must be plausible: nothing the partnership records predates 2000, and
# nobody arranges a meeting more than five years ahead (1 January 1900 is a typing slip).
EARLIEST_MEETING_DAY = date(2000, 1, 1)
MEETING_YEARS_AHEAD = 5


def latest_meeting_day(today: date) -> date:
    return today + relativedelta(years=MEETING_YEARS_AHEAD)


def meeting_day_error(day: date, today: date) -> str:
    """What is wrong with a meeting's date, in the GOV.UK date input's words, or ""."""
    if day < EARLIEST_MEETING_DAY:
        return f"The date of the meeting must be the same as or after {EARLIEST_MEETING_DAY:%-d %B %Y}"
    if day > latest_meeting_day(today):
        return f"The date of the meeting must be the same as or before {latest_meeting_day(today):%-d %B %Y}"
    return ""


class Meeting(models.Model):
    group = models.ForeignKey(PartnershipGroup, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("date and time")
    location = models.CharField("place", max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    minutes = models.TextField(blank=True)
    minutes_confidential = models.BooleanField(
        default=False, help_text="Confidential minutes are hidden from young scrutineers."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        # The lists' order, and the days the reminders and My work look ahead over
        # (a range on starts_at: calendar.local_days).
        indexes = [models.Index(fields=["starts_at"], name="meeting_starts_at")]

    def __str__(self):
        return f"{self.group} – {timezone.localtime(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("governance:meeting_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if not self.location and not self.online_link:
            errors["location"] = "Enter a place or an online link for the meeting"
        if self.starts_at is not None:
            stored = Meeting.objects.filter(pk=self.pk).values_list("starts_at", flat=True).first()
            # A date already recorded stays as it is when other details change.
            if stored != self.starts_at:
                error = meeting_day_error(timezone.localtime(self.starts_at).date(), timezone.localdate())
                if error:
                    errors["starts_at"] = error
        if errors:
            raise ValidationError(errors)

    def represented_partners(self) -> set[str]:
        """Statutory partners present in person or through a named deputy.

        Reads the prefetched attendance when there is one (selectors prefetch it).
        """
        represented = set()
        for attendance in self.recorded_attendances():
            if attendance.status == Attendance.Status.PRESENT or (
                attendance.status == Attendance.Status.DEPUTY and attendance.is_valid_deputy
            ):
                represented.add(attendance.person.agency.statutory_partner)
        represented.discard("")
        return represented

    def missing_partners(self) -> list[str]:
        represented = self.represented_partners()
        return [label for value, label in Agency.StatutoryPartner.choices if value not in represented]

    @property
    def is_quorate(self) -> bool | None:
        """The Executive is quorate only when all three statutory partners are represented.

        None for other groups (the rule is the Executive's), before the meeting, and while
        no attendance is recorded: unknown, not "not quorate".
        """
        if not self.group.is_executive or not self.has_happened or not self.recorded_attendances():
            return None
        return not self.missing_partners()

    @property
    def attendance_not_recorded(self) -> bool:
        """An Executive meeting that has happened with no attendance recorded: its quorum
        is unknown until someone records who came."""
        return self.group.is_executive and self.has_happened and not self.recorded_attendances()

    def recorded_attendances(self) -> list["Attendance"]:
        """Who is recorded as attending or not: a row set back to "Not recorded" is kept for
        its History but counts for nothing. Reads the prefetched attendance."""
        return [
            attendance
            for attendance in self.attendances.all()
            if attendance.status != Attendance.Status.NOT_RECORDED
        ]

    @property
    def has_happened(self) -> bool:
        """Attendance, and so quorum, is known only once the meeting has started."""
        return self.starts_at is not None and self.starts_at <= timezone.now()


class AgendaItem(Withdrawable):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    lead = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    paper = models.FileField(upload_to=PrivatePath("papers"), blank=True, validators=[validate_document])
    paper_name = models.CharField(max_length=255, blank=True)
    is_confidential = models.BooleanField(
        "confidential paper",
        default=False,
        help_text="Confidential papers are never shown to young scrutineers.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        DEPUTY = "deputy", "Apologies, deputy sent"
        # Set back after being recorded: the row stays so that History shows who recorded
        # what and who cleared it (issue 12: nothing is deleted silently).
        NOT_RECORDED = "not_recorded", "Not recorded"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=16, choices=Status.choices)
    deputy = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="deputised_attendances"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="one_attendance_per_person_per_meeting"
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    @property
    def is_valid_deputy(self) -> bool:
        """A deputy counts only if named, another person, and from the member's agency
        (records made before the rule was enforced may break it)."""
        return bool(
            self.deputy_id
            and self.deputy_id != self.person_id
            and self.deputy.agency_id == self.person.agency_id
        )

    def clean(self):
        if self.status == self.Status.DEPUTY and not self.deputy_id:
            raise ValidationError({"deputy": "Name the deputy who attended"})
        if self.status != self.Status.DEPUTY and self.deputy_id:
            raise ValidationError({"deputy": "Only name a deputy when one was sent"})
        if self.deputy_id and self.person_id:
            # A deputy stands in for a member: another person from the same agency.
            if self.deputy_id == self.person_id:
                raise ValidationError(
                    {"deputy": "A member cannot be their own deputy: name who came instead"}
                )
            if self.deputy.agency_id != self.person.agency_id:
                raise ValidationError(
                    {"deputy": f"The deputy must work for {self.person.agency}, as {self.person} does"}
                )


# How a meeting's attendance is read with it: the member, their agency and any deputy in
# one query, for quorum (Meeting.represented_partners).
ATTENDANCE = models.Prefetch(
    "attendances", queryset=Attendance.objects.select_related("person__agency", "deputy")
)


class MeetingDecision(Withdrawable):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("decision")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()


class Action(models.Model):
    """The one partnership action log: every area's actions live here.

    Where an action came from is a generic link (`source`), so later apps (reviews,
    priorities) add sources without this model changing.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    Rag = Rag  # the one RAG vocabulary (governance/rag.py)

    CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    group = models.ForeignKey(PartnershipGroup, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="actions_owned")
    due_date = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    rag = models.CharField("RAG", max_length=8, choices=Rag.choices, default=Rag.GREEN)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    source_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    closing_note = models.TextField(
        blank=True, help_text="When done: what changed, and the evidence of impact."
    )
    closed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:action_detail", args=[self.pk])

    @property
    def agency(self):
        return self.owner.agency

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    def is_overdue(self, today=None) -> bool:
        """Overdue is computed from the due date, never stored."""
        today = today or timezone.localdate()
        return not self.is_closed and self.due_date < today

    @property
    def shown_rag(self) -> str:
        """The RAG status to show: an overdue action is off track whatever was last chosen,
        so it never reads "Green – on track"."""
        if self.rag == Rag.GREEN and self.is_overdue():
            return Rag.RED
        return self.rag

    def clean(self):
        if self.status == self.Status.DONE and not self.closing_note.strip():
            raise ValidationError(
                {"closing_note": "Enter a closing note with the evidence of impact before marking it done"}
            )


class ActionUpdate(models.Model):
    """A dated progress note on an action, with optional evidence."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField(default=timezone.localdate)
    note = models.TextField()
    evidence = models.FileField(upload_to=PrivatePath("evidence"), blank=True, validators=[validate_document])
    evidence_name = models.CharField(max_length=255, blank=True)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self):
        return f"{self.action}: {self.written_on}"


def risk_band(score: int) -> str:
    """Risk bands from the score (likelihood x impact, 1-25)."""
    if score <= 4:
        return "low"
    if score <= 9:
        return "medium"
    if score <= 14:
        return "high"
    return "very_high"


RISK_BAND_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}
# Fill and text colours for the heat map; the band is always also given as text.
RISK_BAND_COLOURS = {
    "low": ("#00703c", "#ffffff"),
    "medium": ("#ffdd00", "#0b0c0c"),
    "high": ("#d4351c", "#ffffff"),
    "very_high": ("#6b1a0e", "#ffffff"),
}


class Risk(models.Model):
    """An entry in the shared safeguarding risk register."""

    class Category(models.TextChoices):
        PRACTICE = "practice", "Safeguarding practice"
        WORKFORCE = "workforce", "Workforce and capacity"
        FINANCE = "finance", "Finance and resources"
        PARTNERSHIP = "partnership", "Partnership and governance"
        INFORMATION = "information", "Data and information sharing"
        STATUTORY = "statutory", "Statutory compliance"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    SCORE_FIELDS = (
        ("inherent", "Inherent (before controls)"),
        ("current", "Current"),
        ("target", "Target"),
    )

    title = models.CharField(max_length=200)
    description = models.TextField()
    cause = models.TextField()
    consequence = models.TextField()
    category = models.CharField(max_length=16, choices=Category.choices)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="risks_owned")
    inherent_likelihood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    inherent_impact = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    current_likelihood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    current_impact = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    target_likelihood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    target_impact = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    controls = models.TextField(blank=True)
    score_above_inherent_reason = models.TextField(
        "why the current score is above the inherent score",
        blank=True,
        help_text="Needed only when the current score is higher than the inherent score.",
    )
    mitigating_actions = models.ManyToManyField(Action, blank=True, related_name="mitigated_risks")
    review_date = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords(m2m_fields=[mitigating_actions])

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(inherent_likelihood__range=(1, 5))
                & Q(inherent_impact__range=(1, 5))
                & Q(current_likelihood__range=(1, 5))
                & Q(current_impact__range=(1, 5))
                & Q(target_likelihood__range=(1, 5))
                & Q(target_impact__range=(1, 5)),
                name="risk_scores_between_1_and_5",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:risk_detail", args=[self.pk])

    @property
    def current_score(self) -> int:
        return self.score("current")

    def score(self, which: str) -> int:
        return getattr(self, f"{which}_likelihood") * getattr(self, f"{which}_impact")

    def band(self, which: str = "current") -> str:
        return risk_band(self.score(which))

    def clean(self):
        errors = {}
        if self.owner_id and not self.owner.groups.filter(is_executive=True).exists():
            errors["owner"] = "The owner must be a member of the Executive"
        scored = all(
            getattr(self, f"{w}_{p}", None) for w in ("current", "target") for p in ("likelihood", "impact")
        )
        if scored and self.score("target") > self.score("current"):
            errors["target_likelihood"] = "The target score cannot be higher than the current score"
        if errors:
            raise ValidationError(errors)


class Escalation(models.Model):
    """A multi-agency escalation (resolution of a professional disagreement)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    STAGES = [(1, "Stage 1"), (2, "Stage 2"), (3, "Stage 3"), (4, "Stage 4")]

    summary = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    raised_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="escalations_raised")
    agencies = models.ManyToManyField(Agency, related_name="escalations", verbose_name="agencies involved")
    raised_on = models.DateField()
    stage = models.PositiveSmallIntegerField(choices=STAGES, default=1)
    stage_opened_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        ordering = ["-raised_on", "pk"]

    def __str__(self):
        return self.summary

    def get_absolute_url(self):
        return reverse("governance:escalation_detail", args=[self.pk])

    @property
    def response_due(self):
        return add_working_days(self.stage_opened_on, statutory_clocks().escalation_stage_working_days)

    def clean(self):
        errors = {}
        if self.raised_on and self.stage_opened_on and self.stage_opened_on < self.raised_on:
            errors["stage_opened_on"] = "The stage cannot open before the escalation was raised"
        if self.status == self.Status.RESOLVED and not self.resolved_on:
            errors["resolved_on"] = "Enter the date the escalation was resolved"
        if errors:
            raise ValidationError(errors)


class ScrutinyActivity(models.Model):
    """Independent scrutiny: an activity, its findings and recommendations."""

    title = models.CharField(max_length=200)
    carried_out_on = models.DateField()
    summary = models.TextField()
    findings = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-carried_out_on"]
        verbose_name_plural = "scrutiny activities"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:scrutiny_detail", args=[self.pk])


class ScrutinyRecommendation(models.Model):
    activity = models.ForeignKey(ScrutinyActivity, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField("recommendation")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.activity.get_absolute_url()


class Document(models.Model):
    """A key partnership document with versions, signed off by the statutory partners."""

    class Kind(models.TextChoices):
        ARRANGEMENTS = "arrangements", "Safeguarding arrangements"
        SCRUTINY_PLAN = "scrutiny_plan", "Independent scrutiny plan"
        BUDGET = "budget", "Budget"
        YEARLY_REPORT = "yearly_report", "Yearly report"
        THRESHOLD = "threshold", "Threshold document (levels of need)"
        POLICY = "policy", "Multi-agency policy"
        ESCALATION_POLICY = "escalation_policy", "Escalation policy"
        OTHER = "other", "Other"

    # WT 2023: the lead partners sign off arrangements (with the scrutiny plan), the budget,
    # the yearly report and the threshold document. In Tower Hamlets the independent
    # scrutineer also signs the yearly report.
    KINDS_NEEDING_PARTNER_SIGN_OFF = {
        Kind.ARRANGEMENTS,
        Kind.SCRUTINY_PLAN,
        Kind.BUDGET,
        Kind.YEARLY_REPORT,
        Kind.THRESHOLD,
        Kind.POLICY,
        Kind.ESCALATION_POLICY,
    }
    KINDS_NEEDING_SCRUTINEER = {Kind.YEARLY_REPORT}

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="documents_owned")
    review_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:document_detail", args=[self.pk])

    def required_slots(self) -> list[str]:
        """Who must sign: one slot per statutory partner, and the scrutineer where required."""
        if self.kind not in self.KINDS_NEEDING_PARTNER_SIGN_OFF:
            return []
        slots = [value for value, _ in Agency.StatutoryPartner.choices]
        if self.kind in self.KINDS_NEEDING_SCRUTINEER:
            slots.append(SignOff.SCRUTINEER)
        return slots


class DocumentVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGN_OFF = "awaiting", "Awaiting sign-off"
        SIGNED_OFF = "signed_off", "Signed off"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    LOCKED_STATUSES = (Status.SIGNED_OFF, Status.PUBLISHED)

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=PrivatePath("documents"), validators=[validate_document])
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    generated = models.BooleanField(default=False, help_text="Rendered by the service, not uploaded.")
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_for_sign_off_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    sent_to_panel_on = models.DateField(
        null=True, blank=True, help_text="Yearly report: sent to the Panel and Foundations (What Works)."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number_per_document")
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def save(self, *args, **kwargs):
        # A signed-off version is a record of what was approved: nobody may change it.
        if self.pk:
            stored = (
                DocumentVersion.objects.filter(pk=self.pk).values_list("status", "sha256", "file").first()
            )
            if stored and stored[0] in self.LOCKED_STATUSES:
                changed_content = (stored[1], stored[2]) != (self.sha256, self.file.name)
                allowed_move = stored[0] == self.Status.SIGNED_OFF and self.status == self.Status.PUBLISHED
                if changed_content or (self.status != stored[0] and not allowed_move):
                    raise ValidationError("This version is signed off and locked: it cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("governance:version_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.is_locked:
            raise ValidationError("This version is signed off and locked: it cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED_STATUSES


class SignOff(models.Model):
    """One signatory's decision on one version: approve, or return it with comments."""

    SCRUTINEER = "independent_scrutineer"
    SLOT_LABELS = {**dict(Agency.StatutoryPartner.choices), SCRUTINEER: "Independent scrutineer"}

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned with comments"

    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="sign_offs")
    slot = models.CharField(max_length=32)
    decision = models.CharField(max_length=12, choices=Decision.choices)
    comments = models.TextField(blank=True)
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="sign_offs")
    signed_at = models.DateTimeField(auto_now_add=True)
    sha256 = models.CharField("SHA-256 of the file signed", max_length=64)
    voided = models.BooleanField(default=False, help_text="A newer version replaced the one signed.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "slot"],
                condition=Q(decision="approved"),
                name="one_approval_per_slot_per_version",
            )
        ]

    def __str__(self):
        return f"{self.slot_label}: {self.get_decision_display()} by {self.signed_by}"

    @property
    def slot_label(self) -> str:
        return self.SLOT_LABELS.get(self.slot, self.slot)


class BudgetContribution(Withdrawable):
    """A statutory partner's contribution to the shared budget for a financial year."""

    financial_year = models.PositiveSmallIntegerField(help_text="The year it starts: 2025 for 2025-26.")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="budget_contributions")
    amount = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    money_fields = ("amount",)  # History shows them as money: £5,000

    history = HistoricalRecords()

    class Meta:
        ordering = ["financial_year", "-amount"]
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "agency"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_contribution_per_partner_per_year",
                violation_error_message=(
                    "This partner's contribution for that year is already recorded: "
                    "change it on the budget page"
                ),
            )
        ]

    def __str__(self):
        return (
            f"{self.agency}: £{self.amount:,.0f} ({self.financial_year}-{str(self.financial_year + 1)[2:]})"
        )

    def get_absolute_url(self):
        return f"{reverse('governance:budget')}?year={self.financial_year}"

    def clean(self):
        _check_budget_year(self)
        # The constraint holds for lines not withdrawn; forms cannot check a condition on a
        # field they do not show, so the model says it in words a person can act on.
        if self.agency_id and self.financial_year and not self.is_withdrawn:
            twin = BudgetContribution.objects.filter(
                financial_year=self.financial_year, agency_id=self.agency_id, withdrawn_on=None
            ).exclude(pk=self.pk)
            if twin.exists():
                raise ValidationError(
                    {
                        "agency": f"{possessive(self.agency)} contribution for "
                        f"{_year_label(self.financial_year)} is already recorded: "
                        "change it on the budget page"
                    }
                )


def _year_label(year: int) -> str:
    return f"{year}-{str(year + 1)[2:]}"


class BudgetSpend(Withdrawable):
    class Category(models.TextChoices):
        STAFFING = "staffing", "Staffing (business unit)"
        SCRUTINY = "scrutiny", "Independent scrutiny"
        REVIEWS = "reviews", "Statutory reviews"
        TRAINING = "training", "Training"
        OTHER = "other", "Other"

    financial_year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=16, choices=Category.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    money_fields = ("amount",)  # History shows them as money: £5,000

    history = HistoricalRecords()

    class Meta:
        ordering = ["financial_year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "category"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_spend_line_per_category_per_year",
                violation_error_message=(
                    "Spending in this category for that year is already recorded: "
                    "change it on the budget page"
                ),
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()}: £{self.amount:,.0f}"

    def get_absolute_url(self):
        return f"{reverse('governance:budget')}?year={self.financial_year}"

    def clean(self):
        _check_budget_year(self)
        if self.category and self.financial_year and not self.is_withdrawn:
            twin = BudgetSpend.objects.filter(
                financial_year=self.financial_year, category=self.category, withdrawn_on=None
            ).exclude(pk=self.pk)
            if twin.exists():
                raise ValidationError(
                    {
                        "category": f"Spending on {self.get_category_display().lower()} for "
                        f"{_year_label(self.financial_year)} is already recorded: "
                        "change it on the budget page"
                    }
                )


def _check_budget_year(line) -> None:
    from .periods import budget_years_allowed

    if line.financial_year is None or line.is_withdrawn:
        return
    allowed = budget_years_allowed(timezone.localdate())
    if not allowed[-1].start_year <= line.financial_year <= allowed[0].start_year:
        raise ValidationError(
            {
                "financial_year": f"The financial year must be between {allowed[-1].label} and "
                f"{allowed[0].label}"
            }
        )
