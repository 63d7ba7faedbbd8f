"""Statutory reviews: serious incidents, rapid reviews, local reviews and their learning.

Case data is about a child who died or was seriously harmed. It is minimised: a case
reference, age band, harm type and the agencies involved. There is no field for a
child's name, and none should be added.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from governance.files import PrivatePath, validate_document
from governance.models import Action, Agency, Theme, User

from . import clocks

StatutoryPartner = Agency.StatutoryPartner


def REASON_FIELD():  # noqa: N802 - reads as a constant where the models use it
    """History keeps the reason for each correction; reasons are sentences, not labels,
    so longer than simple-history's default 100 characters."""
    return models.TextField(null=True)


class SeriousIncident(models.Model):
    """A serious incident notified (or to be notified) to the national Panel."""

    class HarmType(models.TextChoices):
        DEATH = "death", "Death"
        SERIOUS_HARM = "serious_harm", "Serious harm"

    class AgeBand(models.TextChoices):
        UNDER_1 = "under_1", "Under 1"
        AGE_1_TO_4 = "1_to_4", "1 to 4"
        AGE_5_TO_9 = "5_to_9", "5 to 9"
        AGE_10_TO_15 = "10_to_15", "10 to 15"
        AGE_16_TO_17 = "16_to_17", "16 to 17"

    class Stage(models.TextChoices):
        # Kept by the services as the case moves on; the dashboard lists every open stage.
        DECISIONS = "decisions", "Awaiting the three partners' decisions"
        DISAGREEMENT = "disagreement", "Partners disagree: for the Executive"
        RAPID_REVIEW = "rapid_review", "Rapid review"
        LOCAL_REVIEW = "local_review", "Local review"
        # The partners (or the Executive) decided against a rapid review: the Panel is
        # told, with the reason, before the case closes.
        NO_RAPID_REVIEW = "no_rapid_review", "No rapid review: tell the Panel"
        CLOSED = "closed", "Closed"
        # Recorded by mistake (a duplicate): out of the figures and reminders, never deleted.
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN_STAGES = (
        Stage.DECISIONS,
        Stage.DISAGREEMENT,
        Stage.NO_RAPID_REVIEW,
        Stage.RAPID_REVIEW,
        Stage.LOCAL_REVIEW,
    )
    # Notified, no rapid review yet: the partners (or the Executive) are still deciding.
    DECIDING_STAGES = (Stage.DECISIONS, Stage.DISAGREEMENT)

    reference = models.CharField("case reference", max_length=20, unique=True, editable=False)
    reference_year = models.PositiveSmallIntegerField(editable=False)
    reference_number = models.PositiveSmallIntegerField(editable=False)
    aware_on = models.DateField("date the local authority became aware")
    notified_on = models.DateField("date notified to the Panel", null=True, blank=True)
    late_notification_reason = models.TextField(
        "reason the notification was late",
        blank=True,
        help_text="Required when the Panel was notified more than 5 working days after awareness.",
    )
    harm_type = models.CharField("type of harm", max_length=16, choices=HarmType.choices)
    age_band = models.CharField("child's age band", max_length=16, choices=AgeBand.choices)
    abuse_or_neglect_suspected = models.BooleanField("abuse or neglect is known or suspected", default=True)
    looked_after = models.BooleanField("the child was looked after", default=False)
    panel_reference = models.CharField("the Panel's notification reference", max_length=50, blank=True)
    partners_told_on = models.DateField(
        "date the three safeguarding partners were told", null=True, blank=True
    )
    ofsted_told_on = models.DateField("date Ofsted was told", null=True, blank=True)
    agencies_involved = models.ManyToManyField(Agency, related_name="serious_incidents", blank=True)
    summary = models.TextField(
        "short factual summary",
        help_text=(
            "Do not include the child's name or anything that could identify the child or the family, "
            "such as addresses, dates of birth, schools or relatives' names."
        ),
    )
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.DECISIONS, editable=False)
    executive_decision = models.TextField(
        "Executive's decision on the disagreement",
        blank=True,
        help_text="When the three partners disagree, the Executive decides whether to hold a rapid review.",
    )
    executive_decided_on = models.DateField("date of the Executive's decision", null=True, blank=True)
    no_rapid_review_reason = models.TextField(
        "why no rapid review is held",
        blank=True,
        help_text="For example, the criteria for a rapid review are not met, and why.",
    )
    panel_told_no_rapid_review_on = models.DateField(
        "date the Panel was told no rapid review is held", null=True, blank=True
    )
    withdrawn_on = models.DateField(null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField("reason the case is withdrawn", blank=True, editable=False)
    # Where a case withdrawn by mistake goes back to when it is reinstated.
    withdrawn_from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[agencies_involved], history_change_reason_field=REASON_FIELD())

    class Meta:
        ordering = ["-aware_on", "-reference_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_year", "reference_number"], name="one_case_reference_per_number_per_year"
            )
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("reviews:incident_detail", args=[self.pk])

    @property
    def notification_due(self) -> date | None:
        return clocks.notification_due(self.aware_on) if self.aware_on else None

    @property
    def is_notified_late(self) -> bool:
        return bool(self.notified_on and self.notification_due and self.notified_on > self.notification_due)

    @property
    def rapid_review_due(self) -> date | None:
        """WT 2023: the rapid review goes to the Panel within 15 working days of the
        notification, whatever stage the partners' decision has reached."""
        return clocks.rapid_review_due(self.notified_on) if self.notified_on else None

    @property
    def rapid_review_met_on(self) -> date | None:
        """The rapid review clock stops when the rapid review goes to the Panel, or when
        the Panel is told that none will be held."""
        review = getattr(self, "rapid_review", None)
        if review is not None:
            return review.sent_to_panel_on
        return self.panel_told_no_rapid_review_on

    def rapid_review_clock(self, today: date) -> clocks.Clock:
        return clocks.clock(
            starts_on=self.notified_on,
            due_on=self.rapid_review_due,
            completed_on=self.rapid_review_met_on,
            today=today,
        )

    @property
    def is_withdrawn(self) -> bool:
        return self.stage == self.Stage.WITHDRAWN

    def settle_late_notification_reason(self) -> bool:
        """An on-time notification has no late reason: clear a stale one. True if a
        reason was cleared, so the page can say so rather than drop it silently."""
        if self.late_notification_reason and not self.is_notified_late:
            self.late_notification_reason = ""
            return True
        return False

    def notification_clock(self, today: date) -> clocks.Clock:
        return clocks.clock(
            starts_on=self.aware_on, due_on=self.notification_due, completed_on=self.notified_on, today=today
        )

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.aware_on and self.aware_on > today:
            errors["aware_on"] = "The date the local authority became aware must be today or in the past"
        if self.notified_on:
            if self.aware_on and self.notified_on < self.aware_on:
                errors["notified_on"] = (
                    "The date notified to the Panel must be the same as or after the date "
                    "the local authority became aware"
                )
            elif self.notified_on > today:
                errors["notified_on"] = "The date notified to the Panel must be today or in the past"
            elif self.is_notified_late and not self.late_notification_reason.strip():
                errors["late_notification_reason"] = (
                    f"The notification is late (it was due on {self.notification_due:%-d %B %Y}): "
                    "enter the reason it was not made within 5 working days"
                )
        for field in (
            "partners_told_on",
            "ofsted_told_on",
            "executive_decided_on",
            "panel_told_no_rapid_review_on",
        ):
            value = getattr(self, field)
            label = self._meta.get_field(field).verbose_name
            if value and value > today:
                errors[field] = f"The {label} must be today or in the past"
            elif value and self.aware_on and value < self.aware_on:
                errors[field] = (
                    f"The {label} must be the same as or after the date the local authority became aware"
                )
        if not self.abuse_or_neglect_suspected and not (
            self.looked_after and self.harm_type == self.HarmType.DEATH
        ):
            errors["abuse_or_neglect_suspected"] = (
                "A serious incident is notified where abuse or neglect is known or suspected, "
                "or where a looked-after child has died"
            )
        if errors:
            raise ValidationError(errors)


class OtherChild(models.Model):
    """Another child in the same notification (up to four children in all), without names."""

    MOST = 3  # besides the child the incident records

    incident = models.ForeignKey(SeriousIncident, on_delete=models.CASCADE, related_name="other_children")
    harm_type = models.CharField("type of harm", max_length=16, choices=SeriousIncident.HarmType.choices)
    age_band = models.CharField("child's age band", max_length=16, choices=SeriousIncident.AgeBand.choices)
    looked_after = models.BooleanField("the child was looked after", default=False)

    history = HistoricalRecords(history_change_reason_field=REASON_FIELD())

    class Meta:
        ordering = ["incident", "pk"]
        verbose_name = "other child in the notification"
        verbose_name_plural = "other children in the notification"

    def __str__(self):
        return f"{self.incident}: another child, {self.get_age_band_display()}"


class PartnerDecision(models.Model):
    """One statutory partner's decision on whether the incident needs a rapid review."""

    incident = models.ForeignKey(SeriousIncident, on_delete=models.CASCADE, related_name="decisions")
    partner = models.CharField("statutory partner", max_length=32, choices=StatutoryPartner.choices)
    proceed = models.BooleanField("hold a rapid review")
    rationale = models.TextField()
    decided_on = models.DateField("date of the decision")
    # Who typed it in, and when: an Executive member for their own partner, or the
    # business unit on the partner's behalf.
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(history_change_reason_field=REASON_FIELD())

    class Meta:
        ordering = ["incident", "partner"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "partner"],
                name="one_decision_per_partner_per_incident",
                violation_error_message="This partner has already recorded its decision for this incident.",
            )
        ]

    def __str__(self):
        return f"{self.incident}: {self.get_partner_display()} – {'yes' if self.proceed else 'no'}"

    def clean(self):
        if not self.decided_on:
            return
        if self.decided_on > timezone.localdate():
            raise ValidationError({"decided_on": "The date of the decision must be today or in the past"})
        if self.incident_id and self.decided_on < self.incident.aware_on:
            raise ValidationError(
                {"decided_on": "The date of the decision cannot be before the local authority became aware"}
            )


class RapidReview(models.Model):
    """The rapid review of a serious incident: 15 working days from the notification."""

    class Outcome(models.TextChoices):
        LOCAL_REVIEW = "local_review", "Local review recommended"
        NO_LOCAL_REVIEW = "no_local_review", "Local review not recommended"
        NATIONAL_REVIEW = "national_review", "National review suggested to the Panel"

    incident = models.OneToOneField(SeriousIncident, on_delete=models.CASCADE, related_name="rapid_review")
    opened_on = models.DateField()
    panel_meeting_on = models.DateField("panel meeting date", null=True, blank=True)
    facts_and_key_practice_episodes = models.TextField(
        "facts and key practice episodes",
        blank=True,
        help_text="Agency involvement and key practice episodes.",
    )
    immediate_actions = models.TextField("immediate actions taken to keep children safe", blank=True)
    potential_improvements = models.TextField(blank=True)
    racism_and_inequalities = models.TextField(
        "how racism and other inequalities shaped the child's experience",
        blank=True,
        help_text="Including disability.",
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    partners_approved_on = models.DateField("date the partners approved it", null=True, blank=True)
    sent_to_panel_on = models.DateField("date sent to the Panel", null=True, blank=True)

    class PanelView(models.TextChoices):
        AGREES = "agrees", "The Panel agrees with the decision on a local review"
        DISAGREES = "disagrees", "The Panel does not agree with the decision on a local review"
        NOT_STATED = "not_stated", "The Panel did not say"

    panel_response_received_on = models.DateField(
        "date the Panel's response was received", null=True, blank=True
    )
    panel_response = models.TextField("what the Panel said", blank=True)
    panel_view_of_local_review = models.CharField(
        "the Panel's view of the decision on a local review",
        max_length=16,
        choices=PanelView.choices,
        blank=True,
    )

    history = HistoricalRecords(history_change_reason_field=REASON_FIELD())

    class Meta:
        ordering = ["-opened_on"]

    def __str__(self):
        return f"Rapid review {self.incident}"

    def get_absolute_url(self):
        return reverse("reviews:rapid_review_detail", args=[self.incident_id])

    @property
    def due_on(self) -> date | None:
        notified_on = self.incident.notified_on
        return clocks.rapid_review_due(notified_on) if notified_on else None

    def clock(self, today: date) -> clocks.Clock:
        return clocks.clock(
            starts_on=self.incident.notified_on,
            due_on=self.due_on,
            completed_on=self.sent_to_panel_on,
            today=today,
        )

    def clean(self):
        errors = {}
        today = timezone.localdate()
        aware_on = self.incident.aware_on if self.incident_id else None
        for field in ("panel_meeting_on", "partners_approved_on", "sent_to_panel_on"):
            value = getattr(self, field)
            if value and aware_on and value < aware_on:
                label = self._meta.get_field(field).verbose_name
                errors[field] = f"The {label} cannot be before the local authority became aware"
        if self.sent_to_panel_on and self.sent_to_panel_on > today:
            errors.setdefault("sent_to_panel_on", "The date sent to the Panel must be today or in the past")
        if self.sent_to_panel_on and not self.outcome:
            errors["outcome"] = "Select the outcome of the rapid review"
        if self.sent_to_panel_on and not self.partners_approved_on:
            errors.setdefault("partners_approved_on", "Enter the date the partners approved the rapid review")
        if self.panel_response_received_on:
            if not self.sent_to_panel_on:
                errors["panel_response_received_on"] = (
                    "Record the date the rapid review was sent to the Panel before its response"
                )
            elif self.panel_response_received_on < self.sent_to_panel_on:
                errors["panel_response_received_on"] = (
                    "The Panel's response cannot be received before the rapid review was sent to it"
                )
            elif self.panel_response_received_on > today:
                errors["panel_response_received_on"] = (
                    "The date the Panel's response was received must be today or in the past"
                )
        if (
            self.sent_to_panel_on
            and self.partners_approved_on
            and self.sent_to_panel_on < self.partners_approved_on
        ):
            errors.setdefault(
                "sent_to_panel_on",
                "The rapid review cannot be sent to the Panel before the partners approve it",
            )
        if errors:
            raise ValidationError(errors)


class AgencyInformationRequest(models.Model):
    """A request to an agency for its summary of involvement (days 2-10 of the rapid review)."""

    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.CASCADE, related_name="information_requests"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    request = models.TextField("what was asked for")
    requested_on = models.DateField("date requested")
    due_on = models.DateField("due date")
    received_on = models.DateField("date the agency's summary was received", null=True, blank=True)

    history = HistoricalRecords(history_change_reason_field=REASON_FIELD())

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return f"{self.agency}: due {self.due_on:%-d %B %Y}"

    def clock(self, today: date) -> clocks.Clock:
        return clocks.clock(
            starts_on=self.requested_on, due_on=self.due_on, completed_on=self.received_on, today=today
        )

    def clean(self):
        errors = {}
        if self.requested_on and self.due_on and self.due_on < self.requested_on:
            errors["due_on"] = "The due date must be the same as or after the date requested"
        if self.requested_on and self.received_on and self.received_on < self.requested_on:
            errors["received_on"] = "The date received must be the same as or after the date requested"
        today = timezone.localdate()
        for field in ("requested_on", "received_on"):
            value = getattr(self, field)
            if value and value > today:
                label = self._meta.get_field(field).verbose_name
                errors.setdefault(field, f"The {label} must be today or in the past")
        if errors:
            raise ValidationError(errors)


class LocalReview(models.Model):
    """A local child safeguarding practice review (LCSPR): aim to complete within 6 months."""

    rapid_review = models.OneToOneField(RapidReview, on_delete=models.CASCADE, related_name="local_review")
    decided_on = models.DateField("date of the decision to hold a local review")
    reviewers = models.CharField("reviewer or reviewers", max_length=300, blank=True)
    terms_of_reference = models.TextField(blank=True)
    completed_on = models.DateField("date the review was completed", null=True, blank=True)
    final_report = models.FileField(
        upload_to=PrivatePath("local-reviews"), blank=True, validators=[validate_document]
    )
    final_report_name = models.CharField(max_length=255, blank=True)
    sent_to_panel_on = models.DateField(
        "date the final report went to the Panel and the Secretary of State", null=True, blank=True
    )
    publication_planned_on = models.DateField("planned publication date", null=True, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    publication_delayed = models.BooleanField(default=False)
    publication_delay_reasons = models.TextField(
        "reasons for the delay",
        blank=True,
        help_text="For example the family's concerns, or risks to the family if the report is published.",
    )
    executive_route_decision = models.TextField("the Executive's decision on the route", blank=True)

    history = HistoricalRecords(history_change_reason_field=REASON_FIELD())

    class Meta:
        ordering = ["-decided_on"]

    def __str__(self):
        return f"Local review {self.rapid_review.incident}"

    def get_absolute_url(self):
        return reverse("reviews:local_review_detail", args=[self.rapid_review.incident_id])

    @property
    def incident(self) -> SeriousIncident:
        return self.rapid_review.incident

    @property
    def target_completion_on(self) -> date | None:
        return clocks.local_review_target(self.decided_on) if self.decided_on else None

    def clock(self, today: date) -> clocks.Clock:
        return clocks.clock(
            starts_on=self.decided_on,
            due_on=self.target_completion_on,
            completed_on=self.completed_on,
            today=today,
        )

    @property
    def publication_notice_is_short(self) -> bool:
        """WT 2023: the Panel and Secretary of State need notice of publication
        (statutory_clocks().pre_publication_notice_working_days working days)."""
        publication_on = self.published_on or self.publication_planned_on
        if not publication_on:
            return False
        if not self.sent_to_panel_on:
            return True
        return clocks.publication_notice_is_short(
            sent_to_panel_on=self.sent_to_panel_on, publication_on=publication_on
        )

    def clean(self):
        errors = {}
        today = timezone.localdate()
        approved_on = self.rapid_review.partners_approved_on if self.rapid_review_id else None
        if self.decided_on and self.decided_on > today:
            errors["decided_on"] = (
                "The date of the decision to hold a local review must be today or in the past"
            )
        elif self.decided_on and approved_on and self.decided_on < approved_on:
            errors["decided_on"] = (
                "The decision to hold a local review cannot be before the partners approved the "
                f"rapid review, on {approved_on:%-d %B %Y}"
            )
        if self.completed_on and self.completed_on > today:
            errors["completed_on"] = "The date the review was completed must be today or in the past"
        if self.completed_on and self.decided_on and self.completed_on < self.decided_on:
            errors["completed_on"] = "The review cannot be completed before the decision to hold it"
        if self.published_on and self.published_on > today:
            errors["published_on"] = (
                "The publication date must be today or in the past: "
                "put a date ahead as the planned publication"
            )
        elif self.published_on and not self.completed_on:
            errors["published_on"] = "Record the date the review was completed before its publication"
        if self.sent_to_panel_on and self.sent_to_panel_on > today:
            errors["sent_to_panel_on"] = (
                "The date the final report went to the Panel and the Secretary of State "
                "must be today or in the past"
            )
        if self.published_on and self.publication_delayed:
            errors["publication_delayed"] = "A published review cannot also be delayed"
        if self.publication_delayed and not self.publication_delay_reasons.strip():
            errors["publication_delay_reasons"] = "Enter the reasons publication is delayed"
        publication_on = self.published_on or self.publication_planned_on
        if self.sent_to_panel_on and publication_on and publication_on < self.sent_to_panel_on:
            field = "published_on" if self.published_on else "publication_planned_on"
            errors[field] = "Publication cannot be before the final report is sent to the Panel"
        if errors:
            raise ValidationError(errors)


class LocalReviewMilestone(models.Model):
    local_review = models.ForeignKey(LocalReview, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("milestone", max_length=200)
    due_on = models.DateField("due date")
    completed_on = models.DateField("date completed", null=True, blank=True)

    history = HistoricalRecords(history_change_reason_field=REASON_FIELD())

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": "The date completed must be today or in the past"})

    def clock(self, today: date) -> clocks.Clock:
        return clocks.clock(
            starts_on=self.local_review.decided_on if self.local_review_id else None,
            due_on=self.due_on,
            completed_on=self.completed_on,
            today=today,
        )


class Recommendation(models.Model):
    """A recommendation from a rapid review or local review; its action lives in the action log."""

    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.CASCADE, null=True, blank=True, related_name="recommendations"
    )
    local_review = models.ForeignKey(
        LocalReview, on_delete=models.CASCADE, null=True, blank=True, related_name="recommendations"
    )
    # A recommendation from one of the Panel's national reviews, adopted locally: named
    # by the national review's title, with no case behind it.
    national_review = models.CharField("national review", max_length=300, blank=True)
    text = models.TextField("recommendation")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="review_recommendations")
    action = models.OneToOneField(
        Action, on_delete=models.PROTECT, null=True, blank=True, related_name="review_recommendation"
    )
    # The Rapid Review Working Group's "spotlight items": an agency presents evidence of
    # implementation and impact.
    spotlight = models.BooleanField("spotlight item", default=False)
    spotlight_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="agency"
    )
    spotlight_evidence = models.TextField("evidence of implementation and impact", blank=True)
    # Dated, so the yearly report counts the spotlights presented in its year.
    spotlight_presented_on = models.DateField("date presented", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(history_change_reason_field=REASON_FIELD())

    class Meta:
        ordering = ["theme__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(rapid_review__isnull=False, local_review__isnull=True, national_review="")
                    | Q(rapid_review__isnull=True, local_review__isnull=False, national_review="")
                    | (Q(rapid_review__isnull=True, local_review__isnull=True) & ~Q(national_review=""))
                ),
                name="recommendation_from_exactly_one_review",
                violation_error_message="A recommendation comes from one review.",
            )
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def review(self):
        return self.local_review or self.rapid_review

    @property
    def is_national(self) -> bool:
        return bool(self.national_review)

    @property
    def review_label(self) -> str:
        if self.local_review_id:
            return f"Local review {self.local_review.rapid_review.incident.reference}"
        if self.rapid_review_id:
            return f"Rapid review {self.rapid_review.incident.reference}"
        return f"National review: {self.national_review}"

    @property
    def incident_id(self) -> int | None:
        """The case the recommendation came from; None for a national review's."""
        if self.local_review_id:
            return self.local_review.rapid_review.incident_id
        if self.rapid_review_id:
            return self.rapid_review.incident_id
        return None

    def clean(self):
        if self.spotlight and not self.spotlight_evidence.strip():
            raise ValidationError({"spotlight_evidence": "Enter the evidence of implementation and impact"})
        if self.spotlight_presented_on and self.spotlight_presented_on > timezone.localdate():
            raise ValidationError(
                {"spotlight_presented_on": "The date presented must be today or in the past"}
            )


class LearningOutput(models.Model):
    """Anonymised learning from a review: visible to every partner user, the case is not."""

    title = models.CharField(max_length=200)
    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    local_review = models.ForeignKey(
        LocalReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


def validate_pdf(upload) -> None:
    validate_document(upload)
    if upload and not upload.name.lower().endswith(".pdf"):
        raise ValidationError("The selected file must be a PDF", code="file_type")


class SevenMinuteBriefing(LearningOutput):
    summary = models.TextField(help_text="Anonymised: nothing that could identify the child or family.")
    document = models.FileField(
        "briefing (PDF)", upload_to=PrivatePath("briefings"), blank=True, validators=[validate_pdf]
    )
    document_name = models.CharField(max_length=255, blank=True)
    published_on = models.DateField("published date", null=True, blank=True)

    history = HistoricalRecords(history_change_reason_field=REASON_FIELD())

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = "7-minute briefing"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None and self.published_on <= timezone.localdate()


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The case access log is append-only.")

    def delete(self):
        raise PermissionError("The case access log is append-only.")


class CaseAccessLog(models.Model):
    """Who viewed which case record, and when. Written on every view of a case record;
    append-only: rows are never changed or deleted, and a case with a log cannot be."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(SeriousIncident, on_delete=models.PROTECT, related_name="access_log")
    record = models.CharField("record viewed", max_length=100)
    path = models.CharField(max_length=300)
    viewed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(history_change_reason_field=REASON_FIELD())
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        verbose_name = "case access log entry"
        verbose_name_plural = "case access log"

    def __str__(self):
        return f"{self.user} viewed {self.record} of {self.incident_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The case access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The case access log is append-only.")
