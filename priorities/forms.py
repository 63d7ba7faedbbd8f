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
    long_date,
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
        labels = {"objective": "Which objective is it under?"}

    def __init__(self, *args, area: PriorityArea, **kwargs):
        super().__init__(*args, **kwargs)
        objective = self.fields["objective"]
        objective.queryset = Objective.objects.filter(area=area).order_by("position", "pk")
        # Radios need no prompt among the choices: the legend asks the question.
        objective.empty_label = None
        objective.widget = forms.RadioSelect()
        objective.widget.choices = objective.choices
        objective.error_messages["required"] = "Select the objective the deliverable is under"
        objectives = list(objective.queryset)
        self.only_objective = objectives[0] if len(objectives) == 1 else None
        if self.only_objective:
            # One objective to choose from: named on the page, not a choice of one.
            objective.initial = self.only_objective.pk
            objective.widget = forms.HiddenInput()
        self.fields["owner"].queryset = people()
        self.fields["owner"].label_from_instance = _person_label
        self.fields["owner"].help_text = "The person who makes sure it is delivered."
        cycle = area.cycle
        self.fields["due_on"].help_text = (
            f"Between {long_date(cycle.starts_on)} and {long_date(cycle.ends_on)}, the dates of "
            f"{cycle.title}. For example, {cycle.ends_on.day} {cycle.ends_on.month} {cycle.ends_on.year}"
        )


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


def period_choices(area: PriorityArea, *, today: date) -> list[tuple[str, str]]:
    """The months of the area's cycle up to this one, newest first."""
    first = month_start(area.cycle.starts_on)
    last = month_start(min(today, area.cycle.ends_on))
    months = []
    month = last
    while month >= first:
        months.append(month)
        month = date(month.year - (month.month == 1), 12 if month.month == 1 else month.month - 1, 1)
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
        period = self.fields["period"]
        period.choices = period_choices(area, today=today)
        # Only the months with no update yet are offered, the newest first (usually the one
        # being written for). A month already updated (sent again after Back) still reaches
        # the service, which says to correct that month's update instead.
        posted = {month.isoformat() for month in area.updates.values_list("period", flat=True)}
        period.widget.choices = self.open_months = [c for c in period.choices if c[0] not in posted]
        period.help_text = "Months that already have an update are not listed: correct those instead."
        period.initial = self.open_months[0][0] if self.open_months else None
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


def figure_field(field: forms.DecimalField, *, label: str, hint: str = "") -> None:
    """The GOV.UK way to ask for a number: a text input with a numeric keyboard (never
    type=number, whose spin buttons and scroll wheel change what was typed)."""
    field.label = label
    field.widget = forms.TextInput(
        attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-5"}
    )
    if hint:
        field.help_text = hint
    field.error_messages.update(
        {
            "required": f"Enter the {label[:1].lower()}{label[1:]}",
            "invalid": f"{label} must be a number, like 84 or 84.5",
            "max_decimal_places": f"{label} must have no more than 2 decimal places",
            "max_digits": f"{label} must be less than 100,000,000",
            "max_whole_digits": f"{label} must be less than 100,000,000",
        }
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
            "unit": "For example, % or children. A measure in % has figures from 0 to 100.",
            "indicator_code": "If the measure is an indicator of the multi-agency dataset, its code. "
            "Its quarterly series will be shown beside the measure once the dataset records it.",
            "target_on": "Leave blank if the target has no date. For example, 27 3 2026",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        figure_field(self.fields["baseline"], label="Baseline", hint="The figure before the work began.")
        figure_field(self.fields["target"], label="Target")
        self.fields["unit"].widget.attrs["class"] = "govuk-input--width-10"
        self.fields["indicator_code"].widget.attrs["spellcheck"] = "false"


class MeasureValueForm(PriorityForm):
    class Meta(GovUKMeta):
        model = MeasureValue
        fields = ["measured_on", "value", "source"]
        help_texts = {"source": "Leave blank if it is the measure's own source."}

    def __init__(self, *args, measure: OutcomeMeasure, **kwargs):
        super().__init__(*args, **kwargs)
        if measure.is_percentage:
            hint = "A percentage from 0 to 100, like 84 or 84.5."
        else:
            hint = f"In {measure.unit}: 0 or more." if measure.unit else "0 or more."
        figure_field(self.fields["value"], label="Figure", hint=hint)


FEEDBACK_LABELS = {
    "source": "Who gave the feedback?",
    "said": "What they said",
    "response": "What we did",
}


def _feedback_fields(form) -> None:
    """Labels that ask the question, and messages that say what to do (GOV.UK)."""
    source = form.fields["source"]
    source.choices = Feedback.Source.choices
    source.error_messages["required"] = "Select who gave the feedback"
    source.error_messages["invalid_choice"] = "Select who gave the feedback from the list"
    form.fields["received_on"] = DateField(
        label="Date the feedback was given", help_text="For example, 27 3 2026"
    )
    said = form.fields["said"]
    said.help_text = "In their words where you can. Do not name any child."
    said.error_messages["required"] = "Enter what they said"


class FeedbackForm(PriorityForm):
    class Meta(GovUKMeta):
        model = Feedback
        fields = ["source", "received_on", "said"]
        widgets = {"source": forms.RadioSelect}
        labels = FEEDBACK_LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _feedback_fields(self)


class FeedbackResponseForm(forms.Form):
    response = forms.CharField(
        label="What we did",
        help_text="You said, we did: what changed because of what children told us.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what we did"},
    )


class CorrectFeedbackForm(PriorityForm):
    class Meta(GovUKMeta):
        model = Feedback
        fields = ["source", "received_on", "said", "response", "responded_on"]
        widgets = {"source": forms.RadioSelect}
        labels = FEEDBACK_LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _feedback_fields(self)
        self.fields["response"].help_text = "Leave blank if nothing is recorded yet."
        self.fields["responded_on"] = DateField(
            label="Date of the response",
            required=False,
            help_text="Needed with a response. For example, 27 3 2026",
        )
