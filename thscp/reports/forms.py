"""The forms of the yearly report: what people type for it, validated in the Design
System's words. Tables and charts come from records; there is no form for them."""

import re

from django import forms
from django.utils import timezone

from governance.forms import DateField, GovUKForm, GovUKMeta, GovUKModelForm
from governance.models import Agency, Person
from governance.periods import FinancialYear

from .logo import validate_logo
from .models import Achievement, PartnerRepresentative

MAX_NARRATIVE_CHARACTERS = 15000
# WT 2018 brought in safeguarding partners and their yearly report.
EARLIEST_YEAR = 2018


class NarrativeForm(forms.Form):
    """The text of a narrative section."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=MAX_NARRATIVE_CHARACTERS,
        help_text="Leave a blank line between paragraphs. Start lines with a dash and a space "
        "(- ) to make a bulleted list.",
    )

    def __init__(self, *args, title: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        field.label = title
        field.error_messages["required"] = f"Enter the text for {title.lower()}"
        field.error_messages["max_length"] = (
            f"{title} must be {MAX_NARRATIVE_CHARACTERS:,} characters or fewer"
        )


def latest_year(today=None) -> int:
    return FinancialYear.containing(today or timezone.localdate()).start_year


# Two years as people type them, whether or not they are a financial year: 2023-25, 2023/2025.
YEARS_TYPED = re.compile(r"^(\d{4})\s*[-/\u2013]\s*(\d{2}|\d{4})$")


class ChooseYearForm(GovUKForm):
    """Another financial year, typed as its hint shows it: 2023-24."""

    year = forms.CharField(
        label="Another financial year",
        help_text="For example, 2023-24",
        max_length=20,
        error_messages={"required": "Enter a financial year, for example 2023-24"},
    )

    def clean_year(self) -> FinancialYear:
        text = self.cleaned_data["year"].strip()
        try:
            period = FinancialYear.parse(text)
        except ValueError as error:
            shaped = YEARS_TYPED.match(text)
            if shaped:
                # Two years, but not one after the other ("2023-25"): say which year it could be.
                first = FinancialYear(int(shaped.group(1)))
                raise forms.ValidationError(
                    f"{text} is not a financial year: the second year follows the first, "
                    f"for example {first.label}"
                ) from error
            raise forms.ValidationError(
                "Enter a financial year as the first year and the next, for example 2023-24"
            ) from error
        latest = latest_year()
        if period.start_year < EARLIEST_YEAR:
            raise forms.ValidationError(
                f"There is no yearly report before {FinancialYear(EARLIEST_YEAR).label}: safeguarding "
                "partners began with Working Together 2018"
            )
        if period.start_year > latest:
            raise forms.ValidationError(
                f"Enter a financial year up to {FinancialYear(latest).label}: "
                f"{period.label} has not started yet"
            )
        return period


class ReasonForm(GovUKForm):
    reason = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, label: str, hint: str = "", required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.help_text = hint
        field.error_messages["required"] = required_message
        field.error_messages["max_length"] = "The reason must be 2,000 characters or fewer"


class AchievementForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = Achievement
        fields = ["title", "what_we_did", "impact", "position"]
        labels = {"position": "Place in the table"}
        help_texts = {
            "title": "A few words, for example 'Three-way serious incident decisions'.",
            "impact": "For children and families, and how the partnership knows.",
        }


class RepresentativeForm(GovUKModelForm):
    class Meta(GovUKMeta):
        model = PartnerRepresentative
        fields = ["partner", "person", "standing"]
        widgets = {"partner": forms.RadioSelect, "standing": forms.RadioSelect}
        labels = {"person": "Person", "standing": "Their standing"}
        help_texts = {
            "person": "From the partner contacts directory: their name and job title are shown as there."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        person.queryset = (
            Person.objects.exclude(agency__statutory_partner="")
            .select_related("agency")
            .order_by("full_name")
        )
        person.label_from_instance = lambda p: (
            f"{p.full_name}, {p.job_title or 'no job title'} ({p.agency.name})"
        )
        self.fields["partner"].choices = Agency.StatutoryPartner.choices
        self.fields["standing"].choices = PartnerRepresentative.Standing.choices


class ConsentForm(GovUKForm):
    consent_given_on = DateField(label="Date consent was given")
    how_given = forms.CharField(
        label="How consent was given",
        max_length=300,
        help_text="For example, 'Signed consent form, with a parent's agreement'. Keep the form itself in "
        "the business unit's records.",
        error_messages={"required": "Enter how consent was given"},
    )


class CoverForm(GovUKForm):
    logo = forms.FileField(
        label="Logo (optional)",
        required=False,
        validators=[validate_logo],
        help_text="A PNG or JPEG image of at most 2 MB. It appears at the top of the cover.",
    )
    logo_description = forms.CharField(
        label="Description of the logo",
        required=False,
        max_length=200,
        help_text="What the logo shows, for people who cannot see it. Needed when there is a logo.",
    )
    short_line = forms.CharField(
        label="Short line for the cover (optional)",
        required=False,
        max_length=120,
        help_text="For example, 'Working together to keep children safe'.",
    )
    remove_logo = forms.BooleanField(label="Take the logo off the cover", required=False)


class PublicationForm(GovUKForm):
    published_on = DateField(label="Date published", required=False, help_text="For example, 27 6 2026")
    link = forms.URLField(
        label="Link to the published report",
        max_length=500,
        assume_scheme="https",
        help_text="Where the public can read it, for example on the partnership's website.",
        error_messages={
            "required": "Enter the link to the published report",
            "invalid": "Enter a link, like https://www.example.org/report.pdf",
        },
    )

    def __init__(self, *args, date_known: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if date_known:
            del self.fields["published_on"]
        else:
            self.fields["published_on"].required = True
            self.fields["published_on"].error_messages["required"] = "Enter the date the report was published"


class SendingForm(GovUKForm):
    sent_on = DateField(label="Date sent")
