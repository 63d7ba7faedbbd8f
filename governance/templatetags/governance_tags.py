import html
import re
from decimal import Decimal

from django import forms, template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from governance import action_sources, rag, text

register = template.Library()

STATUS_CLASSES = {
    "open": "govuk-tag--grey",
    "in_progress": "govuk-tag--light-blue",
    "done": "govuk-tag--green",
    "cancelled": "govuk-tag--grey",
    "resolved": "govuk-tag--green",
    "closed": "govuk-tag--grey",
}
BAND_CLASSES = {
    "low": "govuk-tag--green",
    "medium": "govuk-tag--yellow",
    "high": "govuk-tag--red",
    "very_high": "app-tag--critical",
}


@register.filter
def raise_action_url(record) -> str:
    """The "Add an action" page for an action raised from this record (any area's)."""
    return action_sources.raise_action_url(record)


@register.filter
def history_url(record) -> str:
    """The History page of any record with history."""
    meta = record._meta
    return reverse(
        "governance:history",
        kwargs={"app_label": meta.app_label, "model_name": meta.model_name, "pk": record.pk},
    )


@register.simple_tag
def rag_tag(value):
    """A RAG status as a tag whose text says it (never colour alone): a record with a
    `rag` field, or a RAG value (governance/rag.py)."""
    value = getattr(value, "shown_rag", None) or getattr(value, "rag", value)
    return format_html('<strong class="govuk-tag {}">{}</strong>', rag.tag_class(value), rag.label(value))


@register.simple_tag
def status_tag(record):
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        STATUS_CLASSES.get(record.status, ""),
        record.get_status_display(),
    )


@register.simple_tag
def band_tag(band_key, label, score=None):
    text = f"{label} ({score})" if score is not None else label
    return format_html('<strong class="govuk-tag {}">{}</strong>', BAND_CLASSES.get(band_key, ""), text)


@register.filter
def dict_get(mapping, key):
    return mapping.get(key)


@register.filter
def mul(value, factor):
    return int(value) * int(factor)


@register.filter
def page_numbers(page):
    """The page numbers to link, with None where a run is elided: a list of 200 pages
    shows the first, the last and those around the current one."""
    return [
        None if number == page.paginator.ELLIPSIS else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]


@register.filter
def error_anchor(field_id, bound_field):
    """Where an error summary link puts focus: the day box of a date input, the first
    radio or checkbox of a group, otherwise the field itself."""
    if field_id != bound_field.auto_id:
        return field_id  # already a part of the field (the month box of a date, say)
    widget = bound_field.field.widget
    if isinstance(widget, forms.MultiWidget):
        return f"{field_id}_0"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field_id}_1"
    return field_id


@register.filter
def money(value) -> str:
    """Pounds the GOV.UK way: £1,250 and -£500 (not £-500); pence only when there are any."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    text = f"{amount:,.2f}" if amount != amount.to_integral_value() else f"{amount:,.0f}"
    return f"{sign}£{text}"


@register.filter
def possessive(name) -> str:
    """{{ agency.name|possessive }}: "Children's Services’", "Amira Hussain’s"."""
    return text.possessive(name)


_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


class TableBoxNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist = nodelist
        self.label = label

    def render(self, context):
        inner = self.nodelist.render(context)
        label = self.label.resolve(context) if self.label is not None else ""
        if not label:
            caption = _CAPTION.search(inner)
            label = html.unescape(_TAG.sub(" ", caption.group(1))) if caption else ""
        label = " ".join(str(label).split()) or "Table"
        return format_html(
            '<div class="app-table-scroll" tabindex="0" role="region" aria-label="{}">{}</div>',
            label,
            mark_safe(inner),  # noqa: S308 - the template's own rendered output, already escaped
        )


@register.tag
def table_box(parser, token):
    """A table in a box that scrolls sideways on a phone, and that keyboard users can
    reach and scroll (WCAG 2.1.1; axe's scrollable-region-focusable) without JavaScript:
    a focusable region named by the table's caption, or by the label given.

        {% table_box %}<table class="govuk-table"><caption ...>Risks</caption>...</table>{% endtable_box %}
        {% table_box "Risks" %}...{% endtable_box %}
    """
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("table_box takes at most one argument, the region's label")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endtable_box",))
    parser.delete_first_token()
    return TableBoxNode(nodelist, label)
