from django.dispatch import Signal

# Sent when a page shows a record (e.g. its History page), so that an app whose
# records are confidential can log the view. Arguments: record, request, what.
record_viewed = Signal()
