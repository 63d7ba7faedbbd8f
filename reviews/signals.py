"""Every view of a case record is logged, including its History page in governance."""

from django.dispatch import receiver

from governance.signals import record_viewed

from . import access_log


@receiver(record_viewed)
def log_case_record_viewed(sender, record, request, what, **kwargs):
    incident = access_log.incident_of(record)
    if incident is not None:
        access_log.note_case_view(request, incident=incident, record=f"{what}: {sender._meta.verbose_name}")
