"""The one RAG vocabulary: red, amber, green (and blue for complete), with the words
that say what each means, for actions, priority projects and dataset indicators alike.
A RAG status is always shown as a tag whose text says it (never colour alone).
"""

from django.db import models


class Rag(models.TextChoices):
    RED = "red", "Red – off track"
    AMBER = "amber", "Amber – at risk"
    GREEN = "green", "Green – on track"
    BLUE = "blue", "Blue – complete"


TAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.BLUE: "govuk-tag--blue",
}


def tag_class(value: str) -> str:
    return TAG_CLASSES.get(value, "govuk-tag--grey")


def label(value: str) -> str:
    try:
        return Rag(value).label
    except ValueError:
        return "Not rated"
