from dataclasses import dataclass
from datetime import datetime

from django.db import models


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    changes: list[FieldChange]


_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _display(model: type[models.Model], field_name: str, value) -> str:
    if value is None or value == "":
        return "(blank)"
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field since removed from the model
        return str(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):  # many-to-many rows
        return ", ".join(str(item) for item in value) or "(none)"
    return str(value)


def history_entries(*, record: models.Model) -> list[HistoryEntry]:
    """A record's history, newest first, each version compared with the one before."""
    versions = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    model = type(record)
    entries = []
    previous = None
    for version in versions:
        changes = []
        if previous is not None:
            delta = version.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                verbose = _verbose_name(model, change.field)
                changes.append(
                    FieldChange(
                        field=verbose,
                        old=_display(model, change.field, change.old),
                        new=_display(model, change.field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                when=version.history_date,
                who=str(version.history_user) if version.history_user else "System",
                kind=_KINDS.get(version.history_type, version.history_type),
                changes=changes,
            )
        )
        previous = version
    entries.reverse()
    return entries


def _verbose_name(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001
        return field_name.replace("_", " ").capitalize()
