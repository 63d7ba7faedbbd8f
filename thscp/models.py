"""The composition root's own records, one module per subsystem: Django finds an app's
models here, so each subsystem's models are named here explicitly."""

from .operations.models import Erasure, Heartbeat, RetentionDue
from .reminders.models import ReminderDigest, ReminderItem, ReminderRun
from .reports.models import (
    Achievement,
    ChecklistReason,
    NamingConsent,
    NarrativeSection,
    NotApplicable,
    PartnerRepresentative,
    ReportBranding,
    ReportPublication,
    ReportRender,
    ReportSending,
    YearlyReport,
)

__all__ = [
    "Achievement",
    "ChecklistReason",
    "PartnerRepresentative",
    "NamingConsent",
    "Erasure",
    "Heartbeat",
    "NarrativeSection",
    "NotApplicable",
    "ReminderDigest",
    "ReminderItem",
    "ReminderRun",
    "ReportBranding",
    "ReportPublication",
    "ReportRender",
    "ReportSending",
    "RetentionDue",
    "YearlyReport",
]
