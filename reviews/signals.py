"""Every view of a case record is logged, including its History page in governance."""

from django.dispatch import receiver

from governance.signals import record_viewed

from . import services


def incident_of(record):
    """The serious incident a case record belongs to, or None if it is not a case record."""
    from .models import SeriousIncident

    if isinstance(record, SeriousIncident):
        return record
    for path in ("incident", "rapid_review.incident", "local_review.rapid_review.incident"):
        value = record
        for name in path.split("."):
            value = getattr(value, name, None)
            if value is None:
                break
        if isinstance(value, SeriousIncident):
            return value
    return None


@receiver(record_viewed)
def log_case_record_viewed(sender, record, request, what, **kwargs):
    if sender._meta.app_label != "reviews":
        return
    incident = incident_of(record)
    if incident is not None and request.user.is_authenticated:
        services.log_case_access(
            user=request.user,
            incident=incident,
            record=f"{what}: {sender._meta.verbose_name}",
            path=request.path,
        )
