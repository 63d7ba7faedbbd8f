from datetime import date

from django import forms

from governance.forms import DateField, GovUKMeta, GovUKModelForm
from governance.models import Agency, PartnershipGroup, Person
from governance.rag import Rag

from .models import (
    Deliverable,
    Feedback,
    MeasureValue,
    Objective,
    OutcomeMeasure,
    PriorityArea,
    PriorityCycle,
    ProgressUpdate,
    month_label,
    month_start,
)


class PriorityForm(GovUKModelForm):
    """GOV.UK model forms whose saving goes through a service, never form.save(): the
    service validates the whole record (full_clean) inside its transaction."""

    def _post_clean(self):
        pass


def people():
    return Person.objects.select_related("agency").order_by("full_name")


def _person_label(person) -> str:
    return f"{person.full_name} ({person.agency})"


class CycleForm(PriorityForm):
    class Meta(GovUKMeta):
        model = PriorityCycle
        fields = ["title", "starts_on", "ends_on"]


class AreaForm(PriorityForm):
    class Meta(GovUKMeta):
        model = PriorityArea
        fields = ["title", "rationale", "sponsor", "leads", "lead_agency", "oversight_group"]
        labels = {"leads": "Priority leads"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = people().filter(groups__is_executive=True).distinct()
        self.fields["sponsor"].label_from_instance = _person_label
        self.fields["sponsor"].help_text = "A member of the Executive."
        leads = self.fields["leads"]
        leads.queryset = people()
        leads.label_from_instance = _person_label
        leads.widget = forms.CheckboxSelectMultiple()
        leads.widget.choices = leads.choices
        leads.help_text = "Select all that apply"
        self.fields["lead_agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")
        self.fields["oversight_group"].queryset = PartnershipGroup.objects.filter(is_retired=False)


class ObjectiveForm(PriorityForm):
    class Meta(GovUKMeta):
        model = Objective
        fields = ["title", "description"]


class DeliverableForm(PriorityForm):
    class Meta(GovUKMeta):
        model = Deliverable
        fields = ["objective", "title", "description", "owner", "due_on"]

    def __init__(self, *args, area: PriorityArea, **kwargs):
        super().__init__(*args, **kwargs)
        objective = self.fields["objective"]
        objective.queryset = Objective.objects.filter(area=area).order_by("position", "pk")
        objective.widget = forms.RadioSelect()
        objective.widget.choices = objective.choices
        objective.error_messages["required"] = "Select the objective"
        self.fields["owner"].queryset = people()
        self.fields["owner"].label_from_instance = _person_label


class ForecastForm(forms.Form):
    forecast_on = DateField(label="New forecast date", help_text="For example, 27 3 2026")
    reason = forms.CharField(
        label="Why is the forecast moving?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the forecast date is moving"},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Deliverable.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status"},
    )
    completed_on = DateField(
        label="Date completed",
        required=False,
        help_text="If it is done: leave blank for today. For example, 27 3 2026",
    )
    blocked_reason = forms.CharField(
        label="What is blocking it",
        required=False,
        help_text="If it is blocked.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MoveForm(forms.Form):
    """A card moved on the board: one button per column."""

    status = forms.ChoiceField(choices=Deliverable.Status.choices)


def period_choices(area: PriorityArea, *, today: date, current: date | None = None) -> list[tuple[str, str]]:
    """The months of the area's cycle up to this one, newest first."""
    first = month_start(area.cycle.starts_on)
    last = month_start(min(today, area.cycle.ends_on))
    months = []
    month = last
    while month >= first:
        months.append(month)
        month = date(month.year - (month.month == 1), 12 if month.month == 1 else month.month - 1, 1)
    if current and current not in months:
        months.insert(0, current)
    return [(month.isoformat(), month_label(month)) for month in months]


class UpdateForm(PriorityForm):
    period = forms.TypedChoiceField(
        label="Which month is the update for?",
        coerce=date.fromisoformat,
        error_messages={"required": "Select the month the update is for"},
    )

    class Meta(GovUKMeta):
        model = ProgressUpdate
        fields = ["rag", "rag_reason", "progress", "blockers", "ask", "confidential_notes", "written_on"]
        widgets = {"rag": forms.RadioSelect}
        help_texts = {
            "rag_reason": "Needed when the status is amber or red.",
            "ask": "Leave blank if the Executive is not asked for anything.",
            "written_on": "For example, 27 3 2026",
        }

    field_order = ["period", *Meta.fields]

    def __init__(self, *args, area: PriorityArea, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(area, today=today)
        self.fields["rag"].choices = Rag.choices
        self.fields["rag"].error_messages["required"] = "Select the RAG status"
        self.fields["progress"].error_messages["required"] = "Enter what moved"


class CorrectUpdateForm(UpdateForm):
    """A correction: the period stays."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["period"]


class AskResponseForm(forms.Form):
    ask_response = forms.CharField(
        label="The Executive's response",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the Executive's response"},
    )


class MeasureForm(PriorityForm):
    class Meta(GovUKMeta):
        model = OutcomeMeasure
        fields = [
            "title",
            "unit",
            "baseline",
            "baseline_on",
            "target",
            "target_on",
            "higher_is_better",
            "source",
            "indicator_code",
        ]
        labels = {"higher_is_better": "A higher figure is better"}
        help_texts = {
            "indicator_code": "If the measure is an indicator of the multi-agency dataset, its code. "
            "Its quarterly series will be shown beside the measure once the dataset records it.",
            "target_on": "Leave blank if the target has no date. For example, 27 3 2026",
        }


class MeasureValueForm(PriorityForm):
    class Meta(GovUKMeta):
        model = MeasureValue
        fields = ["measured_on", "value", "source"]
        labels = {"value": "Figure"}


class FeedbackForm(PriorityForm):
    class Meta(GovUKMeta):
        model = Feedback
        fields = ["source", "received_on", "said"]
        widgets = {"source": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = Feedback.Source.choices
        self.fields["said"].error_messages["required"] = "Enter what they said"


class FeedbackResponseForm(forms.Form):
    response = forms.CharField(
        label="What we did",
        help_text="You said, we did: what changed because of what children told us.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what was done"},
    )


class CorrectFeedbackForm(PriorityForm):
    class Meta(GovUKMeta):
        model = Feedback
        fields = ["source", "received_on", "said", "response", "responded_on"]
        widgets = {"source": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = Feedback.Source.choices
