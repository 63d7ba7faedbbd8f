from django import forms

MAX_NARRATIVE_CHARACTERS = 15000


class NarrativeForm(forms.Form):
    """The one thing a person types into the report: the text of a narrative section.

    Tables and charts come from records; there is no form for them.
    """

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
