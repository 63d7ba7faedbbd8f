from datetime import datetime

from django import forms
from django.contrib.auth.models import Group
from django.core.validators import MinValueValidator
from django.utils import timezone

from governance import learning_from, roles
from governance.forms import DateField, GovUKMeta, GovUKModelForm
from governance.models import Agency, Person

from .models import (
    Bulletin,
    BulletinSection,
    Course,
    Evaluation,
    NeedsAnalysis,
    NeedsResponse,
    Resource,
    Session,
)


class TrainingForm(GovUKModelForm):
    """Saving goes through a service, never form.save(): the service validates the whole
    record (full_clean) inside its transaction."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Web addresses and numbers as GOV.UK inputs (crispy-forms-gds leaves them unstyled).
        for field in self.fields.values():
            if isinstance(field.widget, forms.URLInput):
                field.widget.attrs.setdefault("class", "govuk-input")
            elif isinstance(field.widget, forms.NumberInput):
                field.widget.attrs.setdefault("class", "govuk-input govuk-input--width-5")

    def _post_clean(self):
        pass


def _checkboxes(field, queryset, label_from_instance=str):
    field.queryset = queryset
    field.label_from_instance = label_from_instance
    field.widget = forms.CheckboxSelectMultiple()
    field.widget.choices = field.choices


class CourseForm(TrainingForm):
    class Meta(GovUKMeta):
        model = Course
        fields = [
            "title", "summary", "provider", "audience", "level", "format", "learning_outcomes",
            "mandatory_for_roles", "mandatory_for_agencies", "is_retired",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Agency.objects.filter(is_active=True).order_by("name")
        _checkboxes(
            self.fields["mandatory_for_roles"],
            Group.objects.filter(name__in=roles.ALL_ROLES).order_by("name"),
        )
        _checkboxes(
            self.fields["mandatory_for_agencies"], Agency.objects.filter(is_active=True).order_by("name")
        )
        self.fields["level"].widget = forms.RadioSelect(choices=self.fields["level"].choices[1:])
        self.fields["format"].widget = forms.RadioSelect(choices=self.fields["format"].choices[1:])
        if not self.instance.pk:
            del self.fields["is_retired"]


class SessionForm(TrainingForm):
    day = DateField(label="Date")
    start_time = forms.TimeField(
        label="Start time", help_text="Use the 24-hour clock, for example 09:30", input_formats=["%H:%M"]
    )
    end_time = forms.TimeField(
        label="End time", help_text="Use the 24-hour clock, for example 12:30", input_formats=["%H:%M"]
    )

    class Meta(GovUKMeta):
        model = Session
        fields = [
            "kind", "course", "title", "place", "joining_link", "trainer", "capacity",
            "head_count", "recording_link",
        ]  # fmt: skip
        labels = {"kind": "What kind of session is it?"}

    field_order = ["kind", "course", "title", "learned_from", "day", "start_time", "end_time"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self._add_learned_from()
        self.fields["course"].queryset = Course.objects.filter(is_retired=False).order_by("title")
        self.fields["course"].required = False
        self.fields["course"].help_text = "Required for a course session."
        self.fields[
            "title"
        ].help_text = "Required for a webinar or an event; a course session uses the course's title."
        self.fields["kind"].widget = forms.RadioSelect(choices=Session.Kind.choices)
        # A session with places has at least one (blank: no limit).
        capacity = self.fields["capacity"]
        capacity.min_value = 1
        capacity.widget.attrs["min"] = 1
        capacity.validators = [
            *(v for v in capacity.validators if not isinstance(v, MinValueValidator)),
            MinValueValidator(1),
        ]
        capacity.error_messages["min_value"] = "Places must be 1 or more, or leave it blank for no limit"
        for name in ("start_time", "end_time"):
            self.fields[name].widget.attrs.update({"class": "govuk-input govuk-input--width-5"})
            self.fields[name].error_messages["required"] = f"Enter the {name.replace('_', ' ')}"
            self.fields[name].error_messages["invalid"] = (
                f"Enter the {name.replace('_', ' ')} as hours and minutes, like 09:30"
            )
        if self.instance.pk:
            start, end = (
                timezone.localtime(self.instance.starts_at),
                timezone.localtime(self.instance.ends_at),
            )
            self.initial.setdefault("day", start.date())
            self.initial.setdefault("start_time", start.strftime("%H:%M"))
            self.initial.setdefault("end_time", end.strftime("%H:%M"))
        else:
            del self.fields["head_count"]
            del self.fields["recording_link"]

    def _add_learned_from(self) -> None:
        """Which review a webinar came from: offered only to those who may see the reviews
        (governance/learning_from.py); for anyone else the field is absent and the link
        stays as it is."""
        if not learning_from.may_see_sources(self.user):
            return
        self.linked = learning_from.linked_record(self.instance) if self.instance.pk else None
        self.fields["learned_from"] = forms.ChoiceField(
            label="Is it learning from a review?",
            help_text="For a webinar after a rapid or local review. Only those who may see cases see "
            "which review; everyone in the partnership sees the webinar, so give it an anonymised title.",
            required=False,
            choices=[("", "No, not from a review"), *learning_from.choices(user=self.user, keep=self.linked)],
            error_messages={"invalid_choice": "Select the review from the list, or 'No, not from a review'"},
        )
        self.initial.setdefault("learned_from", learning_from.key_for(self.linked))
        self.order_fields(self.field_order)

    def clean(self):
        """The session's own rules (Session.clean says them too), here so that every
        mistake is shown at once with the form's others, not one after another."""
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end must be after the start")
        kind = data.get("kind")
        if kind == Session.Kind.COURSE and not data.get("course") and "course" not in self.errors:
            self.add_error("course", "Select the course")
        if kind and kind != Session.Kind.COURSE and not data.get("title") and "title" not in self.errors:
            self.add_error("title", "Enter the title")
        return data

    def session_data(self) -> dict:
        data = dict(self.cleaned_data)
        day, start, end = data.pop("day"), data.pop("start_time"), data.pop("end_time")
        data["starts_at"] = timezone.make_aware(datetime.combine(day, start))
        data["ends_at"] = timezone.make_aware(datetime.combine(day, end))
        if "learned_from" in data:
            key = data.pop("learned_from")
            if key and key == learning_from.key_for(self.linked):
                data["learned_from"] = self.linked
            else:
                data["learned_from"] = learning_from.record_for_key(key, user=self.user) if key else None
        return data


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        help_text="Everyone booked or waiting is emailed this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for cancelling the session"},
    )


def _person_label(person) -> str:
    return f"{person.full_name} ({person.agency})"


class BookForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Who is booking?",
        help_text="Anyone in the contacts directory.",
        error_messages={"required": "Select the person to book"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.select_related("agency").order_by("full_name")
        self.fields["person"].label_from_instance = _person_label
        self.fields["person"].empty_label = "Select"


class AttendanceForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label="Who attended?", coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who came. Those not selected are recorded as not attending.",
    )  # fmt: skip

    def __init__(self, *args, bookings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(b.pk, _person_label(b.person)) for b in bookings]
        self.initial.setdefault("attended", [b.pk for b in bookings if b.attended])


class EvaluationRequestForm(forms.Form):
    stage = forms.ChoiceField(
        label="Which stage?",
        choices=Evaluation.Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage"},
    )


SCALE = [(n, str(n)) for n in range(1, 6)]


class EvaluationAnswerForm(forms.Form):
    confidence = forms.TypedChoiceField(
        label="How confident do you feel about this area of safeguarding practice?",
        help_text="1 is not at all confident, 5 is very confident.",
        choices=SCALE, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Select how confident you feel"},
    )  # fmt: skip
    usefulness = forms.TypedChoiceField(
        label="How useful was the session for your work?",
        help_text="1 is not useful, 5 is very useful.",
        choices=SCALE, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Select how useful the session was"},
    )  # fmt: skip
    practice_change = forms.CharField(
        label="What will you do (or what did you do) differently in your practice?",
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Do not name children, families or colleagues.",
    )  # fmt: skip

    def __init__(self, *args, stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        if stage == Evaluation.Stage.BEFORE:
            del self.fields["usefulness"]
            self.fields["practice_change"].label = "What do you hope to learn?"


class ResourceForm(TrainingForm):
    class Meta(GovUKMeta):
        model = Resource
        fields = ["title", "kind", "summary", "topic", "audience", "link", "published_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.RadioSelect(choices=Resource.Kind.choices)


class BulletinForm(TrainingForm):
    class Meta(GovUKMeta):
        model = Bulletin
        fields = ["title", "introduction"]


class BulletinSectionForm(TrainingForm):
    class Meta(GovUKMeta):
        model = BulletinSection
        fields = ["heading", "body", "link_text", "link_url"]


class NeedsAnalysisForm(TrainingForm):
    class Meta(GovUKMeta):
        model = NeedsAnalysis
        fields = ["year", "due_on", "agencies"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _checkboxes(self.fields["agencies"], Agency.objects.filter(is_active=True).order_by("name"))
        self.fields["agencies"].error_messages["required"] = "Select the agencies asked"


class NeedForm(TrainingForm):
    class Meta(GovUKMeta):
        model = NeedsResponse
        fields = ["topic", "level", "staff"]
        help_texts = {
            "topic": "For example, neglect or exploitation.",
            "staff": "How many of your staff need it.",
        }

    def __init__(self, *args, agency_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].widget = forms.RadioSelect(choices=self.fields["level"].choices[1:])
        if agency_choices is not None:
            self.fields["agency"] = forms.ModelChoiceField(
                queryset=agency_choices, label="Agency", error_messages={"required": "Select the agency"}
            )
            self.fields["agency"].empty_label = "Select"
            self.order_fields(["agency", "topic", "level", "staff"])


class AttendanceFilterForm(forms.Form):
    """The attendance page's filters. A value that is not offered is ignored, as if it were
    not there: a bad link shows the current year for every agency, never an error page."""

    year = forms.TypedChoiceField(label="Financial year", coerce=int, required=False, empty_value=None)
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="All agencies"
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year.start_year, year.label) for year in years]
        self.fields["agency"].queryset = Agency.objects.order_by("name")

    def value(self, name):
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get(name)
