from django import forms
from django.db import models

from governance.files import validate_document
from governance.forms import DateField
from governance.models import Agency, PartnershipGroup, Person, Theme
from governance.statutory import statutory_clocks

from .models import (
    AgencyInformationRequest,
    LocalReview,
    LocalReviewMilestone,
    PartnerDecision,
    RapidReview,
    SeriousIncident,
    SevenMinuteBriefing,
    StatutoryPartner,
    Webinar,
    validate_pdf,
)

DATE_HINT = "For example, 27 3 2026"
UPLOAD_HINT = "PDF, Word, Excel or PowerPoint, up to 20 MB"


def _date_formfield(model_field, **kwargs):
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        return DateField(
            label=model_field.verbose_name[0].upper() + model_field.verbose_name[1:],
            required=not model_field.blank,
            help_text=DATE_HINT,
        )
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class ReviewMeta:
    """Every review model form's Meta inherits this: Django reads formfield_callback from
    Meta (a class attribute on the form is not inherited by subclasses)."""

    formfield_callback = staticmethod(_date_formfield)


class ReviewModelForm(forms.ModelForm):
    """Model forms in GOV.UK style; saving goes through a service, never form.save()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)

    def _post_clean(self):
        # The service validates the whole record (full_clean) inside its transaction;
        # the form only checks its own fields.
        pass


class IncidentForm(ReviewModelForm):
    class Meta(ReviewMeta):
        model = SeriousIncident
        fields = [
            "aware_on",
            "notified_on",
            "late_notification_reason",
            "harm_type",
            "age_band",
            "agencies_involved",
            "summary",
        ]
        widgets = {"harm_type": forms.RadioSelect, "age_band": forms.RadioSelect}
        error_messages = {
            "harm_type": {"required": "Select the type of harm"},
            "age_band": {"required": "Select the child's age band"},
            "summary": {"required": "Enter a short factual summary"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "notified_on" in self.fields:
            self.fields["notified_on"].help_text = (
                "Leave blank if the Panel has not been notified yet. The notification is due "
                "5 working days after the local authority became aware."
            )
        self.fields["harm_type"].choices = SeriousIncident.HarmType.choices
        self.fields["age_band"].choices = SeriousIncident.AgeBand.choices
        agencies = self.fields["agencies_involved"]
        agencies.queryset = Agency.objects.filter(is_active=True).order_by("name")
        agencies.widget = forms.CheckboxSelectMultiple()
        agencies.widget.choices = agencies.choices
        agencies.help_text = "Select all that apply"


class IncidentDetailsForm(IncidentForm):
    """Corrections to an incident's details; the notification has its own page."""

    class Meta(IncidentForm.Meta):
        fields = ["aware_on", "harm_type", "age_band", "agencies_involved", "summary"]


class NotificationForm(ReviewModelForm):
    class Meta(ReviewMeta):
        model = SeriousIncident
        fields = ["notified_on", "late_notification_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notified_on"].required = True
        self.fields["notified_on"].error_messages["required"] = "Enter the date notified to the Panel"


YES_NO = [(True, "Yes"), (False, "No")]


def _to_bool(value):
    return value in (True, "True", "true", "1")


class PartnerDecisionForm(ReviewModelForm):
    proceed = forms.TypedChoiceField(
        label="Does this partner decide to hold a rapid review?",
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the partner decides to hold a rapid review"},
    )

    class Meta(ReviewMeta):
        model = PartnerDecision
        fields = ["partner", "proceed", "rationale"]
        widgets = {"partner": forms.RadioSelect}
        error_messages = {
            "partner": {"required": "Select the statutory partner"},
            "rationale": {"required": "Enter the partner's rationale"},
        }

    def __init__(self, *args, remaining: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [
            (value, label) for value, label in StatutoryPartner.choices if value in remaining
        ]


class ExecutiveDecisionForm(forms.Form):
    proceed = forms.TypedChoiceField(
        label="Does the Executive decide to hold a rapid review?",
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the Executive decides to hold a rapid review"},
    )
    executive_decision = forms.CharField(
        label="The Executive's decision and its reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the Executive's decision and its reasons"},
    )


class RapidReviewFindingsForm(ReviewModelForm):
    class Meta(ReviewMeta):
        model = RapidReview
        fields = [
            "panel_meeting_on",
            "facts_and_key_practice_episodes",
            "immediate_actions",
            "potential_improvements",
            "racism_and_inequalities",
        ]


class RapidReviewOutcomeForm(ReviewModelForm):
    class Meta(ReviewMeta):
        model = RapidReview
        fields = ["outcome", "partners_approved_on", "sent_to_panel_on"]
        widgets = {"outcome": forms.RadioSelect}
        error_messages = {"outcome": {"required": "Select the outcome of the rapid review"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
        self.fields["outcome"].choices = RapidReview.Outcome.choices
        self.fields["partners_approved_on"].required = True
        self.fields["partners_approved_on"].error_messages["required"] = (
            "Enter the date the partners approved the rapid review"
        )
        self.fields["sent_to_panel_on"].help_text = "Leave blank if it has not been sent yet. " + DATE_HINT


class InformationRequestForm(ReviewModelForm):
    class Meta(ReviewMeta):
        model = AgencyInformationRequest
        fields = ["agency", "request", "requested_on", "due_on"]
        labels = {"due_on": "Due on"}
        error_messages = {
            "agency": {"required": "Select the agency"},
            "request": {"required": "Enter what was asked for"},
        }


class InformationReceivedForm(forms.Form):
    received_on = DateField(label="Date received")


class LocalReviewForm(ReviewModelForm):
    final_report = forms.FileField(
        label="Final report (optional)", required=False, validators=[validate_document], help_text=UPLOAD_HINT
    )

    class Meta(ReviewMeta):
        model = LocalReview
        fields = ["reviewers", "terms_of_reference", "completed_on"]


class PublicationForm(ReviewModelForm):
    confirm_short_notice = forms.BooleanField(required=False)

    class Meta(ReviewMeta):
        model = LocalReview
        fields = [
            "sent_to_panel_on",
            "publication_planned_on",
            "published_on",
            "publication_delayed",
            "publication_delay_reasons",
            "executive_route_decision",
        ]
        labels = {"publication_delayed": "Publication is delayed"}

    def __init__(self, *args, show_confirm: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if show_confirm:
            notice = statutory_clocks().pre_publication_notice_working_days
            self.fields[
                "confirm_short_notice"
            ].label = f"I confirm: publish with less than {notice} working days' notice to the Panel"
        else:
            self.fields.pop("confirm_short_notice")


class MilestoneForm(ReviewModelForm):
    class Meta(ReviewMeta):
        model = LocalReviewMilestone
        fields = ["title", "due_on"]
        error_messages = {"title": {"required": "Enter the milestone"}}


class MilestoneCompletedForm(forms.Form):
    completed_on = DateField(label="Date completed")


class RecommendationForm(forms.Form):
    review = forms.ChoiceField(
        label="Which review is it from?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the review the recommendation is from"},
    )
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the recommendation"},
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.order_by("name"),
        required=False,
        empty_label="Select a theme",
        help_text="Or enter a new theme below",
    )
    new_theme = forms.CharField(label="New theme", required=False, max_length=120)
    owner = forms.ModelChoiceField(
        label="Action owner",
        queryset=Person.objects.select_related("agency").order_by("full_name"),
        error_messages={"required": "Select the action owner"},
    )
    group = forms.ModelChoiceField(
        label="Group that oversees the action",
        queryset=PartnershipGroup.objects.filter(is_retired=False),
        error_messages={"required": "Select the group that oversees the action"},
    )
    due_date = DateField(label="Action due date")

    def __init__(self, *args, reviews: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].choices = reviews
        if len(reviews) == 1:
            self.fields["review"].initial = reviews[0][0]
        self.fields["owner"].label_from_instance = lambda person: f"{person.full_name} ({person.agency})"
        working_group = PartnershipGroup.objects.filter(slug="rapid-review-working-group").first()
        if working_group:
            self.fields["group"].initial = working_group.pk

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("theme") and not cleaned.get("new_theme", "").strip():
            self.add_error("theme", "Select a theme or enter a new one")
        return cleaned

    def chosen_theme(self) -> Theme:
        if self.cleaned_data.get("theme"):
            return self.cleaned_data["theme"]
        return Theme.objects.get_or_create(name=self.cleaned_data["new_theme"].strip())[0]


class SpotlightForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        label="Agency presenting the evidence",
        error_messages={"required": "Select the agency presenting the evidence"},
    )
    evidence = forms.CharField(
        label="Evidence of implementation and impact",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the evidence of implementation and impact"},
    )


class BriefingForm(ReviewModelForm):
    document = forms.FileField(
        label="Briefing (PDF, optional)", required=False, validators=[validate_pdf], help_text="Up to 20 MB"
    )

    class Meta(ReviewMeta):
        model = SevenMinuteBriefing
        fields = ["title", "summary", "published_on"]
        error_messages = {
            "title": {"required": "Enter the title"},
            "summary": {"required": "Enter the summary"},
        }


class WebinarForm(ReviewModelForm):
    class Meta(ReviewMeta):
        model = Webinar
        fields = ["title", "held_on", "attendees", "recording_link"]
        error_messages = {"title": {"required": "Enter the title"}}
