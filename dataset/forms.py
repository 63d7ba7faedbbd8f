from django import forms

from governance.forms import GovUKMeta, GovUKModelForm
from governance.models import Agency

from .models import Indicator
from .validation import Figure, number_text


class IndicatorForm(GovUKModelForm):
    """Saved through services.save_indicator, which validates the whole record."""

    class Meta(GovUKMeta):
        model = Indicator
        fields = [
            "code",
            "title",
            "definition",
            "numerator_definition",
            "denominator_definition",
            "agency",
            "unit",
            "polarity",
            "theme",
            "target",
            "amber_tolerance",
            "change_needing_comment",
            "is_headline",
            "display_order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")
        self.fields["unit"].widget = forms.RadioSelect(choices=Indicator.Unit.choices)
        self.fields["polarity"].widget = forms.RadioSelect(choices=Indicator.Polarity.choices)
        for name in ("target", "amber_tolerance", "change_needing_comment"):
            self.fields[name].error_messages["invalid"] = (
                f"Enter the {self.fields[name].label.lower()} as a number"
            )
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "The code stays the same across versions."

    def _post_clean(self):
        pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args, label="Reason", required_message="Enter the reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message


class ConfirmForm(forms.Form):
    """A button: the page says what it does."""


def plain(number):
    """A stored figure as a person would type it: 21, not 21.0000; 96.7, not 96.7000."""
    return None if number is None else f"{number.normalize():f}"


class FigureField(forms.DecimalField):
    """A figure as people type it: '1,234', or '87.5%' for a percentage."""

    def __init__(self, *args, percentage: bool = False, **kwargs):
        self.percentage = percentage
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = number_text(value, percentage=self.percentage)
        return super().to_python(value)


def _number_field(label: str, *, code: str, part: str, percentage: bool = False) -> FigureField:
    return FigureField(
        percentage=percentage,
        label=label,
        required=False,
        max_digits=14,
        decimal_places=4,
        localize=False,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
        error_messages={
            "invalid": f"Enter the {part} for {code} as a number",
            "max_digits": f"The {part} for {code} is too large",
            "max_decimal_places": f"The {part} for {code} has too many decimal places",
            "max_whole_digits": f"The {part} for {code} is too large",
        },
    )


class ReturnFiguresForm(forms.Form):
    """One box (or a numerator and a denominator) and a comment for each indicator."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = []
        for line in lines:
            indicator, value = line.indicator, line.value
            locked = value is not None and value.status == "accepted"
            names = []
            if indicator.has_numerator:
                for part, label in (
                    ("numerator", f"Numerator: {indicator.numerator_definition}"),
                    ("denominator", f"Denominator: {indicator.denominator_definition}"),
                ):
                    name = f"{part}_{indicator.pk}"
                    self.fields[name] = _number_field(label, code=indicator.code, part=part)
                    self.initial[name] = plain(getattr(value, part)) if value else None
                    names.append(name)
            else:
                name = f"value_{indicator.pk}"
                self.fields[name] = _number_field(
                    f"Figure ({indicator.get_unit_display().lower()})",
                    code=indicator.code,
                    part="figure",
                    percentage=indicator.unit == Indicator.Unit.PERCENTAGE,
                )
                self.initial[name] = plain(value.value) if value else None
                names.append(name)
            comment = f"comment_{indicator.pk}"
            self.fields[comment] = forms.CharField(
                label="Comment (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Say why a figure is missing or has moved a lot.",
            )
            self.initial[comment] = value.comment if value else ""
            names.append(comment)
            for name in names:
                self.fields[name].disabled = locked
            self.lines.append({"line": line, "names": names, "locked": locked})

    def figures(self) -> dict[int, Figure]:
        data = self.cleaned_data
        found = {}
        for entry in self.lines:
            if entry["locked"]:
                continue
            indicator = entry["line"].indicator
            found[indicator.pk] = Figure(
                value=data.get(f"value_{indicator.pk}"),
                numerator=data.get(f"numerator_{indicator.pk}"),
                denominator=data.get(f"denominator_{indicator.pk}"),
                comment=data.get(f"comment_{indicator.pk}", ""),
            )
        return found

    def bound_lines(self):
        for entry in self.lines:
            yield {**entry, "fields": [self[name] for name in entry["names"]]}


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the reason for correcting the figure"},
    )

    def __init__(self, *args, value, **kwargs):
        super().__init__(*args, **kwargs)
        indicator = value.indicator
        parts = (
            [("numerator", "Numerator"), ("denominator", "Denominator")]
            if indicator.has_numerator
            else [("value", f"Figure ({indicator.get_unit_display().lower()})")]
        )
        fields = {}
        for part, label in parts:
            fields[part] = _number_field(
                label,
                code=indicator.code,
                part=part if part != "value" else "figure",
                percentage=part == "value" and indicator.unit == Indicator.Unit.PERCENTAGE,
            )
            self.initial[part] = plain(getattr(value, part))
        fields["comment"] = forms.CharField(
            label="Comment (optional)",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.initial["comment"] = value.comment
        # The figure first, then the reason.
        self.fields = {**fields, "reason": self.fields["reason"]}

    def figure(self) -> Figure:
        data = self.cleaned_data
        return Figure(
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            comment=data.get("comment", ""),
        )


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label="Upload the completed workbook",
        help_text="The .xlsx file you downloaded for this return, filled in.",
        error_messages={"required": "Select the completed workbook", "empty": "The selected file is empty"},
    )


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(label="Quarter", required=False)
    agency = forms.ChoiceField(label="Agency", required=False)
    theme = forms.ChoiceField(
        label="Theme", required=False, choices=[("", "All themes"), *Indicator.Theme.choices]
    )

    def __init__(self, *args, periods, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(period.label, period.label) for period in periods]
        self.fields["agency"].choices = [("", "All agencies")] + [(str(a.pk), a.name) for a in agencies]
