from django import forms

from governance.files import validate_document
from governance.forms import DateField, GovUKForm, GovUKMeta, govuk_messages
from governance.models import Agency, PartnershipGroup, Person, Theme
from governance.statutory import statutory_clocks

from .models import (
    AgencyInformationRequest,
    LocalReview,
    LocalReviewMilestone,
    OtherChild,
    PartnerDecision,
    RapidReview,
    SeriousIncident,
    SevenMinuteBriefing,
    StatutoryPartner,
    validate_pdf,
)

DATE_HINT = "For example, 27 3 2026"
UPLOAD_HINT = "PDF, Word, Excel or PowerPoint, up to 20 MB"


class ReviewMeta(GovUKMeta):
    """Every review model form's Meta inherits this (governance's GOV.UK date input and
    links): Django reads formfield_callback from Meta, so subclasses inherit it."""


class ReviewModelForm(forms.ModelForm):
    """Model forms in GOV.UK style with its error messages; saving goes through a
    service, never form.save()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)
            govuk_messages(field, name)

    def _post_clean(self):
        # The service validates the whole record (full_clean) inside its transaction;
        # the form only checks its own fields.
        pass


class CorrectionForm(ReviewModelForm):
    """A form that changes a record already made: a reason field for History. The
    service asks for the reason when a date already recorded is changed."""

    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if you change a date already recorded. History keeps it with the change.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields.pop("change_reason", None)


YES_NO = [(True, "Yes"), (False, "No")]


def _to_bool(value):
    return value in (True, "True", "true", "1")


def yes_no(label: str, *, required_message: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=_to_bool,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message},
    )


class IncidentForm(ReviewModelForm):
    abuse_or_neglect_suspected = yes_no(
        "Is abuse or neglect known or suspected?",
        required_message="Select yes if abuse or neglect is known or suspected",
        help_text="A looked-after child's death is notified whether or not abuse or neglect is suspected.",
    )
    looked_after = yes_no(
        "Was the child looked after by a local authority?",
        required_message="Select yes if the child was looked after",
    )

    class Meta(ReviewMeta):
        model = SeriousIncident
        fields = [
            "aware_on",
            "notified_on",
            "late_notification_reason",
            "harm_type",
            "age_band",
            "abuse_or_neglect_suspected",
            "looked_after",
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


class IncidentDetailsForm(CorrectionForm, IncidentForm):
    """Corrections to an incident's details; the notification has its own page. The
    late reason is here too: correcting the awareness date can make a notification late."""

    class Meta(IncidentForm.Meta):
        fields = [
            "aware_on",
            "late_notification_reason",
            "harm_type",
            "age_band",
            "abuse_or_neglect_suspected",
            "looked_after",
            "agencies_involved",
            "summary",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.notified_on:
            self.fields.pop("late_notification_reason")
        else:
            self.fields["late_notification_reason"].help_text = (
                f"The Panel was notified on {self.instance.notified_on:%-d %B %Y}. If the corrected date "
                "makes that more than 5 working days after awareness, give the reason it was late."
            )
        self.fields["change_reason"].help_text = (
            "Needed if you change the date the local authority became aware. "
            "History keeps it with the change."
        )


class NotificationForm(CorrectionForm):
    class Meta(ReviewMeta):
        model = SeriousIncident
        fields = [
            "notified_on",
            "late_notification_reason",
            "panel_reference",
            "partners_told_on",
            "ofsted_told_on",
        ]
        error_messages = {
            "panel_reference": {"max_length": "The Panel's reference must be 50 characters or fewer"}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notified_on"].required = True
        self.fields["notified_on"].error_messages["required"] = "Enter the date notified to the Panel"
        self.fields[
            "late_notification_reason"
        ].help_text = "Only if the notification was more than 5 working days after awareness."
        self.fields["panel_reference"].help_text = "The reference the Panel gave the notification, if known."
        self.fields["ofsted_told_on"].help_text = (
            "Where the child was looked after or in a setting Ofsted regulates. " + DATE_HINT
        )
        if not self.instance.notified_on:
            self.fields.pop("change_reason", None)


class PartnerDecisionForm(ReviewModelForm):
    proceed = yes_no(
        "Does this partner decide to hold a rapid review?",
        required_message="Select yes if the partner decides to hold a rapid review",
    )

    class Meta(ReviewMeta):
        model = PartnerDecision
        fields = ["partner", "proceed", "decided_on", "rationale"]
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
        if len(remaining) == 1:
            # One partner to decide for (an Executive member's own): named in the page's
            # heading, not offered as a choice of one.
            self.fields["partner"].initial = remaining[0]
            self.fields["partner"].widget = forms.HiddenInput()
        self.fields["decided_on"].error_messages["required"] = "Enter the date the partner decided"
        self.fields["decided_on"].help_text = "The day the partner made the decision. " + DATE_HINT


class PartnerDecisionChangeForm(CorrectionForm):
    proceed = PartnerDecisionForm.base_fields["proceed"]

    class Meta(ReviewMeta):
        model = PartnerDecision
        fields = ["proceed", "decided_on", "rationale"]
        error_messages = {"rationale": {"required": "Enter the partner's rationale"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].error_messages["required"] = "Enter the date the partner decided"
        reason = self.fields["change_reason"]
        reason.required = True
        reason.error_messages["required"] = "Enter the reason for changing the decision"
        reason.help_text = "History keeps it with the change."


class ExecutiveDecisionForm(GovUKForm):
    proceed = yes_no(
        "Does the Executive decide to hold a rapid review?",
        required_message="Select yes if the Executive decides to hold a rapid review",
    )
    decided_on = DateField(label="Date of the Executive's decision", help_text=DATE_HINT)
    executive_decision = forms.CharField(
        label="The Executive's decision and its reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the Executive's decision and its reasons"},
    )


class NoRapidReviewForm(CorrectionForm):
    class Meta(ReviewMeta):
        model = SeriousIncident
        fields = ["no_rapid_review_reason", "panel_told_no_rapid_review_on"]
        labels = {
            "no_rapid_review_reason": "Why is no rapid review held?",
            "panel_told_no_rapid_review_on": "Date the Panel was told",
        }
        error_messages = {"no_rapid_review_reason": {"required": "Enter why no rapid review is held"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["no_rapid_review_reason"].required = True
        self.fields["panel_told_no_rapid_review_on"].help_text = (
            "Leave blank until the Panel has been told. The case closes when it has. " + DATE_HINT
        )
        if not self.instance.panel_told_no_rapid_review_on:
            self.fields.pop("change_reason", None)


class WithdrawForm(GovUKForm):
    withdrawn_reason = forms.CharField(
        label="Why is the case withdrawn?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: a duplicate of SI-2026-010, recorded twice by mistake.",
        error_messages={
            "required": "Enter the reason the case is withdrawn, for example the case it duplicates"
        },
    )


class ReinstateForm(GovUKForm):
    reason = forms.CharField(
        label="Why is the case reinstated?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: withdrawn by mistake; it was not a duplicate.",
        error_messages={"required": "Enter the reason the case is reinstated"},
    )


class OtherChildForm(CorrectionForm):
    looked_after = yes_no(
        "Was the child looked after by a local authority?",
        required_message="Select yes if the child was looked after",
    )

    class Meta(ReviewMeta):
        model = OtherChild
        fields = ["harm_type", "age_band", "looked_after"]
        widgets = {"harm_type": forms.RadioSelect, "age_band": forms.RadioSelect}
        error_messages = {
            "harm_type": {"required": "Select the type of harm"},
            "age_band": {"required": "Select the child's age band"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["harm_type"].choices = SeriousIncident.HarmType.choices
        self.fields["age_band"].choices = SeriousIncident.AgeBand.choices
        if "change_reason" in self.fields:
            self.fields["change_reason"].help_text = OPTIONAL_REASON


class RemoveOtherChildForm(GovUKForm):
    reason = forms.CharField(
        label="Why remove this child from the notification?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for removing the child from the notification"},
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


class RapidReviewOutcomeForm(CorrectionForm):
    local_review_decided_on = DateField(
        label="Date of the decision to hold a local review",
        required=False,
        help_text="Only if a local review is recommended. Leave blank if it is the day the partners "
        "approved the rapid review. The 6-month aim counts from it. " + DATE_HINT,
    )

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
        if hasattr(self.instance, "local_review"):
            # Decided already: the local review's own page corrects that date.
            self.fields.pop("local_review_decided_on")
        if not (self.instance.partners_approved_on or self.instance.sent_to_panel_on):
            self.fields.pop("change_reason", None)


class PanelResponseForm(CorrectionForm):
    class Meta(ReviewMeta):
        model = RapidReview
        fields = ["panel_response_received_on", "panel_response", "panel_view_of_local_review"]
        widgets = {"panel_view_of_local_review": forms.RadioSelect}
        error_messages = {
            "panel_response": {"required": "Enter what the Panel said"},
            "panel_view_of_local_review": {
                "required": "Select whether the Panel agrees with the decision on a local review"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel_response_received_on"].required = True
        self.fields["panel_response_received_on"].error_messages["required"] = (
            "Enter the date the Panel's response was received"
        )
        self.fields["panel_response"].required = True
        view = self.fields["panel_view_of_local_review"]
        view.required = True
        view.choices = RapidReview.PanelView.choices
        view.label = "Does the Panel agree with the decision on a local review?"
        if not self.instance.panel_response_received_on:
            self.fields.pop("change_reason", None)


class InformationRequestForm(ReviewModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].empty_label = "Select the agency"

    class Meta(ReviewMeta):
        model = AgencyInformationRequest
        fields = ["agency", "request", "requested_on", "due_on"]
        error_messages = {
            "agency": {"required": "Select the agency"},
            "request": {"required": "Enter what was asked for"},
        }


class InformationReceivedForm(GovUKForm):
    received_on = DateField(label="Date received")


class InformationRequestChangeForm(CorrectionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].empty_label = "Select the agency"

    class Meta(ReviewMeta):
        model = AgencyInformationRequest
        fields = ["agency", "request", "requested_on", "due_on", "received_on"]
        error_messages = InformationRequestForm.Meta.error_messages


class LocalReviewForm(CorrectionForm):
    final_report = forms.FileField(
        label="Final report (optional)", required=False, validators=[validate_document], help_text=UPLOAD_HINT
    )

    class Meta(ReviewMeta):
        model = LocalReview
        fields = ["decided_on", "reviewers", "terms_of_reference", "completed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].help_text = (
            "The 6-month aim counts from this date. Change it only with a reason, for example if the "
            "partners decided again after the Panel's response. " + DATE_HINT
        )
        self.fields["decided_on"].error_messages["required"] = (
            "Enter the date of the decision to hold a local review"
        )


class PublicationForm(CorrectionForm):
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


class MilestoneCompletedForm(GovUKForm):
    completed_on = DateField(label="Date completed")


class MilestoneChangeForm(CorrectionForm):
    class Meta(ReviewMeta):
        model = LocalReviewMilestone
        fields = ["title", "due_on", "completed_on"]
        error_messages = {"title": {"required": "Enter the milestone"}}


class RecommendationForm(GovUKForm):
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
        empty_label="Select the action owner",
        queryset=Person.objects.select_related("agency").order_by("full_name"),
        error_messages={"required": "Select the action owner"},
    )
    group = forms.ModelChoiceField(
        label="Group that oversees the action",
        empty_label="Select the group",
        queryset=PartnershipGroup.objects.filter(is_retired=False),
        error_messages={"required": "Select the group that oversees the action"},
    )
    due_date = DateField(label="Action due date")

    def __init__(self, *args, reviews: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].choices = reviews
        if len(reviews) == 1:
            # One review to choose from: named in the caption, not a choice of one.
            self.fields["review"].initial = reviews[0][0]
            self.fields["review"].widget = forms.HiddenInput()
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


class NationalRecommendationForm(RecommendationForm):
    """A recommendation of one of the Panel's national reviews, for the local action plan."""

    national_review = forms.CharField(
        label="National review",
        max_length=300,
        help_text="The title of the Panel's national review, for example "
        "'Child protection in England' (2022).",
        error_messages={"required": "Enter the title of the national review"},
    )

    field_order = ["national_review", "text", "theme", "new_theme", "owner", "group", "due_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, reviews=[], **kwargs)
        self.fields.pop("review")


class SpotlightForm(GovUKForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        empty_label="Select the agency",
        label="Agency presenting the evidence",
        error_messages={"required": "Select the agency presenting the evidence"},
    )
    evidence = forms.CharField(
        label="Evidence of implementation and impact",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the evidence of implementation and impact"},
    )
    presented_on = DateField(
        label="Date presented", help_text="The Rapid Review Working Group meeting. " + DATE_HINT
    )


OPTIONAL_REASON = "Optional. History keeps it with the change."


class BriefingForm(CorrectionForm):
    document = forms.FileField(
        label="Briefing (PDF, optional)", required=False, validators=[validate_pdf], help_text="Up to 20 MB"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "change_reason" in self.fields:
            self.fields["change_reason"].help_text = OPTIONAL_REASON

    class Meta(ReviewMeta):
        model = SevenMinuteBriefing
        fields = ["title", "summary", "published_on"]
        error_messages = {
            "title": {"required": "Enter the title"},
            "summary": {"required": "Enter the summary"},
        }
