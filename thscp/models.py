"""The composition root's own records, one module per subsystem: Django finds an app's
models here, so each subsystem's models are named here explicitly."""

from .operations.models import Erasure, Heartbeat, RetentionDue
from .reminders.models import ReminderDigest, ReminderItem, ReminderRun
from .reports.models import NarrativeSection, ReportRender, YearlyReport

__all__ = [
    "Erasure",
    "Heartbeat",
    "NarrativeSection",
    "ReminderDigest",
    "ReminderItem",
    "ReminderRun",
    "ReportRender",
    "RetentionDue",
    "YearlyReport",
]
