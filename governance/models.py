from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import roles


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

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

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


class Person(models.Model):
    """A professional in the partner contacts directory; may or may not sign in."""

    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="people")
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=40, blank=True)
    groups = models.ManyToManyField(PartnershipGroup, blank=True, related_name="members")
    receives_bulletins = models.BooleanField(default=True)
    user = models.OneToOneField(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person")

    history = HistoricalRecords(m2m_fields=[groups])

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("governance:person_detail", args=[self.pk])
