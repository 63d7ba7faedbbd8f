from django import template
from django.utils.html import format_html

register = template.Library()

STATUS_CLASSES = {
    "to_do": "govuk-tag--grey",
    "doing": "govuk-tag--light-blue",
    "done": "govuk-tag--green",
    "blocked": "govuk-tag--red",
}


@register.simple_tag
def deliverable_status_tag(deliverable):
    """A deliverable's status as a tag whose text says it (never colour alone)."""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        STATUS_CLASSES.get(deliverable.status, "govuk-tag--grey"),
        deliverable.get_status_display(),
    )


@register.filter
def measure_shown(measure, value):
    return measure.shown(value)


@register.filter
def overdue_on(deliverable, today):
    """Not done and past its due date (whatever the forecast says)."""
    return deliverable.is_overdue(today)
