import re
from datetime import date, datetime, timedelta

from allauth.account.forms import LoginForm
from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst, slugify

from .files import validate_document
from .models import (
    Action,
    Agency,
    AgendaItem,
    Attendance,
    BudgetContribution,
    BudgetSpend,
    Document,
    Escalation,
    ExecutiveChairTerm,
    Meeting,
    MeetingDecision,
    PartnershipGroup,
    Person,
    Risk,
    ScrutinyActivity,
    ScrutinyRecommendation,
    SignOff,
    Theme,
    meeting_day_error,
)
from .periods import budget_years_allowed
from .text import possessive


class SignInForm(LoginForm):
    """allauth's sign-in form, in GOV.UK style: labels, no placeholders, one reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.fields["login"].widget.attrs["spellcheck"] = "false"


class DateField(DateInputField):
    """The GOV.UK date input (day, month, year), with messages in the house style."""

    def __init__(self, *, label=None, required=True, help_text="", **kwargs):
        super().__init__(
            label=label, required=required, help_text=help_text, require_all_fields=False, **kwargs
        )
        name = str(label or "date").lower()
        self.error_messages["required"] = f"Enter the {name}"
        self.error_messages["incomplete"] = f"Enter the {name} as a day, month and year"
        # GOV.UK date input messages: say which part is wrong, and what it must be.
        self.title = title = capfirst(name)
        day, month, year = self.fields
        day.error_messages["incomplete"] = f"{title} must include a day"
        month.error_messages["incomplete"] = f"{title} must include a month"
        year.error_messages["incomplete"] = f"{title} must include a year"
        day.validators = [RegexValidator(r"^[0-9]{1,2}$", f"{title} must be a real date")]
        month.validators = [RegexValidator(r"^[0-9]{1,2}$", f"{title} must be a real date")]
        # A two-digit year would be stored as the year 26: never guess the century.
        year.validators = [RegexValidator(r"^[0-9]{4}$", "Year must include 4 numbers")]

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except ValueError as error:
            # Python's own message ("day is out of range for month") means nothing to users.
            raise forms.ValidationError(
                f"{self.title} must be a real date",
                code="invalid_date",
            ) from error


def govuk_formfield(model_field, **kwargs):
    """Model fields to GOV.UK form fields: dates as the three-part date input."""
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        return DateField(
            label=capfirst(model_field.verbose_name),
            required=not model_field.blank,
            help_text=model_field.help_text or "For example, 27 3 2026",
        )
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")  # a link typed without a scheme is https
        # A GOV.UK text input (crispy-forms-gds styles no URL input: it rendered unstyled,
        # and never red when wrong); the URL field still checks the address.
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "url", "spellcheck": "false", "autocomplete": "url"}),
        )
    return model_field.formfield(**kwargs)


class GovUKMeta:
    """Base Meta for model forms: subclasses write `class Meta(GovUKMeta)`."""

    formfield_callback = govuk_formfield


# Free text with no limit of its own stops here: enough for any minutes or description,
# short of a page 127,000 pixels tall.
TEXT_MAX_CHARACTERS = 10_000


def _lower(label: str) -> str:
    """'Owner' -> 'owner', but 'RAG status' and 'SHA-256' keep their capitals."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _a(words: str) -> str:
    return f"an {words}" if words[:1].lower() in "aeiou" else f"a {words}"


def _is_choice(field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField) or isinstance(
        field.widget, forms.Select | forms.RadioSelect | forms.CheckboxSelectMultiple
    )


def govuk_messages(field, name: str) -> None:
    """Error messages in the GOV.UK Design System's style for one form field, written
    from its label: "Select the owner", "Enter the title", "Title must be 200 characters
    or fewer", "Amount must be 0 or more". Messages a form sets itself are kept."""
    defaults = forms.Field.default_error_messages | getattr(type(field), "default_error_messages", {})
    label = str(field.label or name.replace("_", " ")).removesuffix(" (optional)")
    lower, title = _lower(label), capfirst(label)

    def put(code, message):
        if str(field.error_messages.get(code, "")) == str(defaults.get(code, "")):
            field.error_messages[code] = message

    if isinstance(field, DateInputField | forms.BooleanField):
        return
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        put("required", f"Select at least one of the {lower}")
        put("invalid_choice", f"Select {lower} from the list")  # noqa: S608 - words, not SQL
        put("invalid_pk_value", f"Select {lower} from the list")  # noqa: S608
    elif _is_choice(field):
        put("required", f"Select the {lower}")
        put("invalid_choice", f"Select {_a(lower)} from the list")  # noqa: S608 - words, not SQL
        # A real prompt, never Django's "---------".
        if getattr(field, "empty_label", None) is not None and str(field.empty_label) in (
            "---------",
            "Select",
        ):
            field.empty_label = f"Select {_a(lower)}"
        choices = list(getattr(field, "choices", []) or []) if not hasattr(field, "queryset") else []
        if choices and choices[0][0] in ("", None) and str(choices[0][1]) == "---------":
            field.choices = [("", f"Select {_a(lower)}"), *choices[1:]]
    elif isinstance(field, forms.FileField):
        put("required", f"Select the {lower}")
        put("empty", f"The selected {lower} is empty")
        put("invalid", f"Select the {lower} again")
    else:
        put("required", f"Enter the {lower}")
    if isinstance(field, forms.EmailField):
        put("invalid", "Enter an email address in the correct format, like name@example.org")
    elif isinstance(field, forms.URLField):
        put("invalid", "Enter a web address in the correct format, like https://www.example.org")
    elif isinstance(field, forms.TimeField):
        put("invalid", f"Enter the {lower} in the 24-hour format, like 14:30")
    elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        put("invalid", f"{title} must be a number")
    if (
        isinstance(field, forms.CharField)
        and field.max_length is None
        and isinstance(field.widget, forms.Textarea)
    ):
        field.max_length = TEXT_MAX_CHARACTERS
        field.validators.append(MaxLengthValidator(TEXT_MAX_CHARACTERS))
    validators = []
    for validator in field.validators:
        if isinstance(validator, MaxLengthValidator):
            limit = validator.limit_value
            validator = MaxLengthValidator(limit, f"{title} must be {limit:,} characters or fewer")
        elif isinstance(validator, MinValueValidator) and "Ensure" in str(validator.message):
            validator = MinValueValidator(
                validator.limit_value, f"{title} must be {validator.limit_value} or more"
            )
        elif isinstance(validator, MaxValueValidator) and "Ensure" in str(validator.message):
            validator = MaxValueValidator(
                validator.limit_value, f"{title} must be {validator.limit_value} or less"
            )
        validators.append(validator)
    field.validators = validators


class GovUKForm(forms.Form):
    """A form with the GOV.UK Design System's error messages (govuk_messages)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            govuk_messages(field, name)


class GovUKModelForm(forms.ModelForm):
    """A model form that renders in GOV.UK style and validates the model's invariants."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 5
            # GOV.UK error messages say what to do: "Select the owner", "Enter a title".
            govuk_messages(field, name)

    def _post_clean(self):
        super()._post_clean()
        # Django's "Person with this Email already exists." in the Design System's words.
        for name, errors in list(self._errors.items()):
            if name not in self.fields:
                continue
            rewritten = []
            for error in errors.as_data():
                if error.code == "unique":
                    label = _lower(str(self.fields[name].label or name))
                    record = self._meta.model._meta.verbose_name
                    error = forms.ValidationError(f"Another {record} already has this {label}", code="unique")
                rewritten.append(error)
            self._errors[name] = self.error_class(rewritten, renderer=self.renderer)


class PartnershipGroupForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = PartnershipGroup
        fields = [
            "name",
            "purpose",
            "terms_of_reference",
            "terms_of_reference_document",
            "chair_role_title",
            "chair",
            "vice_chair",
            "meeting_frequency",
            "is_retired",
        ]
        labels = {"is_retired": "Retired (no longer meets)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_executive:
            # The Executive's chair is whoever the rotation names: there is no second truth.
            del self.fields["chair"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("chair") and cleaned.get("chair") == cleaned.get("vice_chair"):
            self.add_error("vice_chair", "The vice-chair must be someone other than the chair")
        name = cleaned.get("name")
        if name and not self.instance.pk:
            slug = slugify(name)[:150]
            if not slug:
                self.add_error("name", "Enter a name with at least one letter or number")
            elif PartnershipGroup.objects.filter(slug=slug).exists():
                self.add_error("name", "A group with this name, or one very like it, already exists")
        return cleaned

    def save(self, commit=True):
        group = super().save(commit=False)
        if not group.slug:
            group.slug = slugify(group.name)[:150]
        upload = self.cleaned_data.get("terms_of_reference_document")
        if upload and hasattr(upload, "content_type"):
            group.terms_of_reference_document_name = upload.name
        if commit:
            group.save()
        return group


class ExecutiveChairTermForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = ExecutiveChairTerm
        fields = ["partner", "chair", "starts_on", "ends_on"]
        labels = {"partner": "Statutory partner whose turn it is"}


class MeetingForm(GovUKModelForm):
    starts_on = DateField(label="Date")
    start_time = forms.TimeField(
        label="Start time", help_text="Use the 24-hour clock, for example 14:30", input_formats=["%H:%M"]
    )

    class Meta(GovUKMeta):
        model = Meeting
        fields = ["location", "online_link", "minutes", "minutes_confidential"]
        labels = {"minutes_confidential": "The minutes are confidential"}

    field_order = ["starts_on", "start_time", "location", "online_link", "minutes", "minutes_confidential"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("starts_on", local.date())
            self.initial.setdefault("start_time", local.strftime("%H:%M"))
        self.fields["start_time"].widget.attrs.update({"class": "govuk-input govuk-input--width-5"})

    def clean_starts_on(self):
        day = self.cleaned_data.get("starts_on")
        if day is None or (self.instance.pk and timezone.localtime(self.instance.starts_at).date() == day):
            return day  # a date already recorded stays as it is when other details change
        error = meeting_day_error(day, timezone.localdate())
        if error:
            raise forms.ValidationError(error)
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("start_time"):
            self.instance.starts_at = timezone.make_aware(
                datetime.combine(cleaned["starts_on"], cleaned["start_time"])
            )
        return cleaned

    def cleaned_data_for_meeting(self) -> dict:
        fields = ("location", "online_link", "minutes", "minutes_confidential")
        return {"starts_at": self.instance.starts_at, **{name: self.cleaned_data[name] for name in fields}}


def ask_for_a_reason(form) -> None:
    """A correction of a record already entered asks why: the reason goes into History
    with the change (services._correct)."""
    if form.instance.pk:
        form.fields["change_reason"] = forms.CharField(
            label="Reason for the change",
            help_text="For example, a typing mistake, or the minutes were agreed with a change. "
            "History keeps it with the change.",
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={
                "required": "Enter the reason for the change",
                "max_length": "The reason must be 1,000 characters or fewer",
            },
        )


class AgendaItemForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = AgendaItem
        fields = ["title", "lead", "paper", "is_confidential"]
        help_texts = {"paper": "PDF, Word, Excel or PowerPoint, up to 20 MB"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ask_for_a_reason(self)


class DecisionForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = MeetingDecision
        fields = ["text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ask_for_a_reason(self)


class AttendanceForm(forms.Form):
    """One row of the attendance register for a group member."""

    # "Not recorded" is the empty choice; the stored status of that name is not offered twice.
    status = forms.ChoiceField(
        choices=[
            ("", "Not recorded"),
            *[choice for choice in Attendance.Status.choices if choice[0] != Attendance.Status.NOT_RECORDED],
        ],
        required=False,
    )
    deputy = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)

    def __init__(self, *args, person, deputies, options=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["status"].label = person.full_name
        self.fields["deputy"].label = f"Deputy for {person.full_name}"
        self.fields["deputy"].queryset = deputies
        # A deputy is another person from the member's own agency (issue 12): offer only those.
        self.deputy_options = [
            option
            for option in (options if options is not None else deputies)
            if option.agency_id == person.agency_id and option.pk != person.pk
        ]

    def clean(self):
        cleaned = super().clean()
        deputy = cleaned.get("deputy")
        if deputy and deputy.pk == self.person.pk:
            self.add_error("deputy", f"{self.person.full_name} cannot be their own deputy")
        elif deputy and deputy.agency_id != self.person.agency_id:
            self.add_error(
                "deputy", f"The deputy for {self.person.full_name} must work for {self.person.agency}"
            )
        if cleaned.get("status") == Attendance.Status.DEPUTY and not cleaned.get("deputy"):
            self.add_error("deputy", f"Name the deputy who attended for {self.person.full_name}")
        if cleaned.get("deputy") and cleaned.get("status") != Attendance.Status.DEPUTY:
            self.add_error("deputy", f"Only name a deputy for {self.person.full_name} when one was sent")
        return cleaned


def check_deputies(register: list["AttendanceForm"]) -> None:
    """Across the whole register: a deputy attended in a member's place, so they cannot
    also be recorded as having given apologies, been absent or sent a deputy of their own."""
    statuses = {form.person.pk: form.cleaned_data.get("status") for form in register if form.is_valid()}
    absent = {
        Attendance.Status.APOLOGIES: "gave apologies for",
        Attendance.Status.ABSENT: "is recorded as absent from",
        Attendance.Status.DEPUTY: "sent a deputy to",
    }
    for form in register:
        deputy = form.cleaned_data.get("deputy") if form.is_valid() else None
        if deputy is not None and statuses.get(deputy.pk) in absent:
            form.add_error(
                "deputy",
                f"{deputy.full_name} {absent[statuses[deputy.pk]]} this meeting, so cannot be "
                f"{possessive(form.person.full_name)} deputy: name who attended instead",
            )


class ActionForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = Action
        fields = ["title", "description", "group", "owner", "due_date", "status", "rag", "theme"]
        labels = {"rag": "RAG status"}

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["group"].queryset = groups
        self.fields["owner"].queryset = Person.objects.select_related("agency").order_by("full_name")
        self.fields["owner"].label_from_instance = lambda person: f"{person.full_name} ({person.agency})"
        # Done and Cancelled each have their own page, which asks for the evidence or the reason.
        closing = {Action.Status.DONE, Action.Status.CANCELLED} - {self.instance.status}
        self.fields["status"].choices = [c for c in Action.Status.choices if c[0] not in closing]
        if not self.instance.pk:
            self.fields.pop("status")

    def clean_due_date(self):
        return plausible_date(
            self.cleaned_data.get("due_date"),
            self.instance,
            "due_date",
            label="The due date",
            past=timedelta(days=365),
            future=timedelta(days=5 * 365),
        )

    def clean(self):
        cleaned = super().clean()
        due, rag = cleaned.get("due_date"), cleaned.get("rag")
        status = cleaned.get("status", self.instance.status)
        if (
            due
            and rag == Action.Rag.GREEN
            and due < timezone.localdate()
            and status not in Action.CLOSED_STATUSES
        ):
            self.add_error(
                "rag", "An overdue action is not on track: choose red or amber, or change the due date"
            )
        return cleaned


def plausible_date(value, instance, name, *, label, past, future):
    """A date typed for a new record (or changed on one) within a sensible window, so a
    slip of the year (2019 for 2029) is caught rather than stored."""
    if value is None or (instance.pk and getattr(instance, name) == value):
        return value
    today = timezone.localdate()
    if value < today - past:
        if past == timedelta(0):
            raise forms.ValidationError(f"{label} must be today or in the future")
        raise forms.ValidationError(f"{label} must be no more than {past.days // 365 or 1} year in the past")
    if value > today + future:
        raise forms.ValidationError(f"{label} must be within {future.days // 365} years from today")
    return value


class CancelActionForm(GovUKForm):
    reason = forms.CharField(
        label="Why is the action being cancelled?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the action is being cancelled"},
    )


class ActionProgressForm(GovUKForm):
    written_on = DateField(label="Date of the update")
    note = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(
        label="Evidence (optional)",
        required=False,
        validators=[validate_document],
        help_text="PDF, Word, Excel or PowerPoint, up to 20 MB",
    )

    def clean_written_on(self):
        written_on = self.cleaned_data["written_on"]
        if written_on and written_on > timezone.localdate():
            raise forms.ValidationError("The date of the update must be today or in the past")
        return written_on


class CompleteActionForm(GovUKForm):
    closing_note = forms.CharField(
        label="Closing note",
        help_text="What changed, and the evidence of its impact on children and families",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter a closing note with the evidence of impact before marking it done"
        },
    )
    evidence = forms.FileField(
        label="Evidence of impact (optional)",
        required=False,
        validators=[validate_document],
        help_text="PDF, Word, Excel or PowerPoint, up to 20 MB",
    )


def _action_choice_label(action) -> str:
    return f"A{action.pk}: {action.title} ({action.group.name}, due {action.due_date:%-d %B %Y})"


class RiskForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = Risk
        fields = [
            "title",
            "description",
            "cause",
            "consequence",
            "category",
            "owner",
            "inherent_likelihood",
            "inherent_impact",
            "current_likelihood",
            "current_impact",
            "target_likelihood",
            "target_impact",
            "controls",
            "score_above_inherent_reason",
            "mitigating_actions",
            "review_date",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(groups__is_executive=True).distinct()
        self.fields["owner"].help_text = "A member of the Executive"
        score_choices = [("", "Select")] + [(n, str(n)) for n in range(1, 6)]
        for which in ("inherent", "current", "target"):
            for part in ("likelihood", "impact"):
                field = self.fields[f"{which}_{part}"]
                field.widget = forms.Select(choices=score_choices)
                field.help_text = "1 (lowest) to 5 (highest)"
                field.error_messages["required"] = f"Select the {which} {part}"
        # Chosen by reference and title (titles repeat), open actions and those already
        # linked only; a long list scrolls in its own box, and references can be typed.
        linked = Q(pk__in=self.instance.mitigating_actions.all()) if self.instance.pk else Q(pk__in=[])
        actions = self.fields["mitigating_actions"]
        actions.queryset = (
            Action.objects.filter(Q(status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS]) | linked)
            .select_related("group")
            .order_by("pk")
        )
        actions.widget = forms.CheckboxSelectMultiple(attrs={"class": "app-scroll-box"})
        actions.label_from_instance = lambda action: (
            f"A{action.pk}: {action.title} ({action.group.name}, due {action.due_date:%-d %B %Y})"
        )
        actions.widget.choices = actions.choices
        actions.help_text = "Open actions from the action log that reduce this risk, by reference"
        self.fields["action_references"] = forms.CharField(
            label="Or add actions by reference",
            required=False,
            max_length=500,
            help_text="For example, A12, A40. The reference is on each action's page and in the action log.",
        )
        self.order_fields(
            [*self.Meta.fields[: self.Meta.fields.index("mitigating_actions") + 1], "action_references"]
        )

    def clean_action_references(self):
        text = self.cleaned_data.get("action_references", "")
        references = re.findall(r"\d+", text)
        if re.sub(r"[Aa]?\d+|[\s,;]", "", text):
            raise forms.ValidationError("Enter action references like A12, separated by commas")
        found = {action.pk: action for action in Action.objects.filter(pk__in=[int(r) for r in references])}
        missing = [f"A{r}" for r in references if int(r) not in found]
        if missing:
            raise forms.ValidationError(f"There is no action {', '.join(missing)} in the action log")
        return list(found.values())

    def clean(self):
        cleaned = super().clean()
        added = cleaned.get("action_references") or []
        if added and "mitigating_actions" in cleaned:
            chosen = list(cleaned["mitigating_actions"])
            cleaned["mitigating_actions"] = chosen + [action for action in added if action not in chosen]
        scores = {}
        for which in ("inherent", "current"):
            likelihood, impact = cleaned.get(f"{which}_likelihood"), cleaned.get(f"{which}_impact")
            scores[which] = int(likelihood) * int(impact) if likelihood and impact else None
        if (
            scores["inherent"]
            and scores["current"]
            and scores["current"] > scores["inherent"]
            and not (cleaned.get("score_above_inherent_reason") or "").strip()
        ):
            # Inherent is the risk before any controls, so a current score above it needs
            # explaining (the risk has grown, say); without a reason it is a typing slip.
            self.add_error(
                "score_above_inherent_reason",
                f"The current score ({scores['current']}) is higher than the inherent score "
                f"({scores['inherent']}): say why, or change the scores",
            )
        return cleaned

    def clean_review_date(self):
        return plausible_date(
            self.cleaned_data.get("review_date"),
            self.instance,
            "review_date",
            label="The review date",
            past=timedelta(0),
            future=timedelta(days=2 * 365),
        )


class EscalationForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = Escalation
        fields = [
            "summary",
            "details",
            "raised_by_agency",
            "agencies",
            "raised_on",
            "stage",
            "stage_opened_on",
            "status",
            "resolved_on",
            "resolution",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].widget = forms.CheckboxSelectMultiple()
        self.fields["agencies"].widget.choices = self.fields["agencies"].choices


class ScrutinyActivityForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = ScrutinyActivity
        fields = ["title", "carried_out_on", "summary", "findings"]


class ScrutinyRecommendationForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = ScrutinyRecommendation
        fields = ["text"]


class ContactSearchForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, help_text="Name, role, agency or email address", max_length=200
    )
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False, empty_label="All agencies")
    group = forms.ModelChoiceField(
        queryset=PartnershipGroup.objects.filter(is_retired=False), required=False, empty_label="All groups"
    )


class ActionFilterForm(forms.Form):
    """The action log's filters. The owner is found by name, never chosen from a list of
    everyone in the directory (thousands of people: most of the page's weight and render
    time, issue 17); `owner` narrows to one person, from a link on an owner's name."""

    VIEWS = [
        ("all", "All actions"),
        ("mine", "My actions"),
        ("my_groups", "My groups' actions"),
        ("overdue", "Overdue"),
    ]
    view = forms.ChoiceField(choices=VIEWS, required=False, label="Show")
    group = forms.ModelChoiceField(queryset=PartnershipGroup.objects.all(), required=False, empty_label="All")
    owner_name = forms.CharField(
        label="Owner", required=False, max_length=150, help_text="Their name, or part of it"
    )
    owner = forms.ModelChoiceField(queryset=Person.objects.all(), required=False, widget=forms.HiddenInput)
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False, empty_label="All")
    status = forms.ChoiceField(choices=[("", "All"), *Action.Status.choices], required=False)
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), required=False, empty_label="All")
    source = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, source_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only kinds of record the user may see: filtering by the others would tell them
        # which actions came from a case review.
        self.fields["source"].choices = [("", "All")] + [
            (kind.pk, capfirst(kind.model_class()._meta.verbose_name)) for kind in source_kinds
        ]

    def filters(self) -> dict:
        """The filters given, each on its own: a malformed one is ignored, not the rest."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            key: (value.pk if hasattr(value, "pk") else value)
            for key, value in self.cleaned_data.items()
            if key not in self.errors
        }


class DocumentForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = Document
        fields = ["title", "kind", "owner", "review_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.select_related("agency").order_by("full_name")


class DocumentVersionForm(GovUKForm):
    file = forms.FileField(
        label="File",
        validators=[validate_document],
        help_text="PDF, Word, Excel or PowerPoint, up to 20 MB",
        error_messages={"required": "Select the file to upload"},
    )
    notes = forms.CharField(
        label="What changed (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SignOffForm(GovUKForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "I approve this version"), ("return", "Return it with comments")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve this version or return it"},
    )
    comments = forms.CharField(label="Comments", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    slot = forms.ChoiceField(label="Signing for", widget=forms.RadioSelect)
    sha256 = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot, SignOff.SLOT_LABELS[slot]) for slot in slots]
        if len(slots) == 1:
            self.fields["slot"].initial = slots[0]
            self.fields["slot"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("comments", "").strip():
            self.add_error("comments", "Say what needs to change before returning it")
        return cleaned


class SentToPanelForm(GovUKForm):
    sent_to_panel_on = DateField(label="Date sent to the Panel and Foundations")


class MoneyInput(forms.TextInput):
    """The GOV.UK money input: a £ prefix, numeric keyboard, no spin buttons."""

    template_name = "governance/widgets/money.html"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "spellcheck": "false", **(attrs or {})})


class BudgetLineForm(GovUKModelForm):
    """A budget line: its financial year chosen from the years the budget accepts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = budget_years_allowed(timezone.localdate())
        self.fields["financial_year"] = forms.TypedChoiceField(
            label="Financial year",
            choices=[("", "Select a financial year"), *((year.start_year, year.label) for year in years)],
            coerce=int,
            error_messages={
                "required": "Select the financial year",
                "invalid_choice": "Select a financial year from the list",
            },
        )
        amount = self.fields["amount"]
        amount.widget = MoneyInput()
        amount.widget.attrs["class"] = "govuk-input govuk-input--width-10"
        amount.error_messages.update(
            {
                "required": "Enter the amount",
                "invalid": "Enter the amount as a number of pounds, like 5000 or 5000.50",
                "max_digits": "The amount must be less than £100,000,000",
                "max_decimal_places": "The amount must have no more than 2 numbers after the decimal point",
                "max_whole_digits": "The amount must be less than £100,000,000",
            }
        )
        amount.validators = [
            validator for validator in amount.validators if not isinstance(validator, MinValueValidator)
        ] + [MinValueValidator(0, "The amount must be £0 or more")]
        ask_for_a_reason(self)


class BudgetContributionForm(BudgetLineForm):
    class Meta(GovUKMeta):
        model = BudgetContribution
        fields = ["financial_year", "agency", "amount"]
        labels = {"agency": "Partner", "amount": "Amount"}
        error_messages = {"agency": {"required": "Select the partner"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.exclude(statutory_partner="")
        self.fields["agency"].empty_label = "Select a partner"
        self.fields["agency"].error_messages["required"] = "Select the partner"


class BudgetSpendForm(BudgetLineForm):
    class Meta(GovUKMeta):
        model = BudgetSpend
        fields = ["financial_year", "category", "amount"]
        labels = {"amount": "Amount"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Select a category"), *BudgetSpend.Category.choices]


class WithdrawForm(GovUKForm):
    reason = forms.CharField(
        label="Why is it being withdrawn?",
        help_text="For example, entered twice, or entered against the wrong meeting. History keeps this.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why it is being withdrawn",
            "max_length": "The reason must be 1,000 characters or fewer",
        },
    )


class AgencyForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = Agency
        fields = ["name", "kind", "statutory_partner", "is_active"]
        labels = {"kind": "Type", "is_active": "Still takes part in the partnership"}


class PersonForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = Person
        fields = [
            "full_name",
            "job_title",
            "agency",
            "email",
            "phone",
            "groups",
            "receives_bulletins",
            "is_escalation_contact",
        ]
        labels = {"groups": "Groups they sit on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True)
        self.fields["groups"].queryset = PartnershipGroup.objects.filter(is_retired=False)
        self.fields["groups"].widget = forms.CheckboxSelectMultiple()
        self.fields["groups"].widget.choices = self.fields["groups"].choices

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
