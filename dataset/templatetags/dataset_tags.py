from django import template

register = template.Library()


@register.filter
def dataset_shown(indicator, value) -> str:
    """A figure as text in the indicator's unit: '1,234', '87.5%', '412.3 per 10,000'."""
    return indicator.shown(value)


@register.filter
def dataset_late_on(quarterly_return, day) -> bool:
    return quarterly_return.is_late(day)
