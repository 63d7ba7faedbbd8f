"""Retention: list the records past their period, and erase what the business unit
decides to erase.

Each area's `retention.py` says which of its record kinds are retained and how to find
those past their period (governance/retention.py is the contract); the periods, in years,
are in settings.RETENTION. Every morning the beat lists what is past its period
(RetentionDue) for the business unit's review page. Nothing is erased without a person's
decision.

Erasure removes the record, everything that cascades from it (its children) and what
the kind says belongs to it, the History of all of them, their stored files (after the
transaction commits, and only files no remaining record uses) and the reminders that
named it; and it records that an erasure happened: the kind, the record's key, when, by
whom and how much went, never what it said.
"""

import logging
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from simple_history.models import HistoricalRecords

from governance.retention import RetentionKind
from thscp.areas import collect, modules_providing

from ..reminders.models import ReminderItem
from .models import Erasure, RetentionDue

logger = logging.getLogger("security")

RETENTION_SOURCES = modules_providing("retention")


def retention_kinds() -> dict[str, RetentionKind]:
    return {kind.key: kind for kind in collect(RETENTION_SOURCES, "retention_kinds")}


def retained_kinds() -> list[tuple[RetentionKind, int]]:
    """The kinds with a period in settings.RETENTION, with their years."""
    periods = settings.RETENTION
    return [(kind, periods[key]) for key, kind in retention_kinds().items() if periods.get(key) is not None]


def past_retention(kind: RetentionKind, years: int, today: date) -> models.QuerySet:
    cutoff = today - relativedelta(years=years)
    return kind.records().filter(retention_from__isnull=False, retention_from__lte=cutoff)


@transaction.atomic
def list_records_past_retention(*, today: date) -> int:
    """The daily job: what is past its period today, for the business unit to review.
    A record no longer past it (reopened, changed, erased) leaves the list."""
    listed = 0
    kept_kinds = []
    for kind, years in retained_kinds():
        kept_kinds.append(kind.key)
        due = {
            pk: started + relativedelta(years=years)
            for pk, started in past_retention(kind, years, today).values_list("pk", "retention_from")
        }
        RetentionDue.objects.filter(kind=kind.key).exclude(record_id__in=due).delete()
        RetentionDue.objects.bulk_create(
            [
                RetentionDue(kind=kind.key, record_id=pk, due_on=due_on, listed_on=today)
                for pk, due_on in due.items()
            ],
            update_conflicts=True,
            unique_fields=["kind", "record_id"],
            update_fields=["due_on"],
        )
        listed += len(due)
    RetentionDue.objects.exclude(kind__in=kept_kinds).delete()
    logger.info("retention listed=%s on=%s", listed, today)
    return listed


def due_for_review() -> list[dict]:
    """The review page: for each retained kind, its records past their period with what
    identifies them. One query for the listing and one per kind."""
    periods = {kind.key: (kind, years) for kind, years in retained_kinds()}
    by_kind = defaultdict(list)
    for due in RetentionDue.objects.filter(kind__in=periods):
        by_kind[due.kind].append(due)
    found = []
    for key, (kind, years) in periods.items():
        listings = by_kind.get(key, [])
        records = kind.records().in_bulk([due.record_id for due in listings])
        rows = [
            {
                "due": due,
                "record": records[due.record_id],
                "description": kind.describe(records[due.record_id]),
            }
            for due in listings
            if due.record_id in records  # erased or gone since the morning's listing
        ]
        found.append({"kind": kind, "years": years, "rows": rows})
    return found


# --- Erasure -----------------------------------------------------------------------------


class ErasureRefused(ValidationError):
    pass


def _file_names(model, instances, pks) -> set[str]:
    file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    names = set()
    for f in file_fields:
        names |= {getattr(instance, f.attname).name for instance in instances}
        if hasattr(model, "history"):
            names |= set(model.history.model.objects.filter(id__in=pks).values_list(f.attname, flat=True))
    return {name for name in names if name}


def _still_used(name: str) -> bool:
    """A stored file another record (or an earlier version of one) still names."""
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField) and model._base_manager.filter(**{f.attname: name}).exists():
                return True
    return False


def _path(record) -> str:
    """The record's own page, ending in "/" so that it names no other record's pages."""
    try:
        path = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    except Exception:  # noqa: BLE001 - a page that needs a related record already gone
        return ""
    return path if path.endswith("/") else ""


def _erase_rows(instances: list[models.Model]) -> tuple[int, int, set[str], list[str]]:
    """Delete the rows and what cascades from them, then the History of every one.
    Returns (records removed, History rows removed, file names, record paths)."""
    if not instances:
        return 0, 0, set(), []
    model = type(instances[0])
    collector = Collector(using=router.db_for_write(model), origin=instances[0])
    try:
        collector.collect(instances)
    except (ProtectedError, RestrictedError) as error:
        blocking = sorted({obj._meta.verbose_name_plural for obj in error.args[1]})
        raise ErasureRefused(
            f"This record cannot be erased while other records depend on it: {', '.join(blocking)}"
        ) from error
    removed = {model: [obj.pk for obj in objs] for model, objs in collector.data.items()}
    files, paths = set(), []
    for collected_model, objs in collector.data.items():
        files |= _file_names(collected_model, objs, removed[collected_model])
        paths += [_path(obj) for obj in objs]
    # Rows that cascade without signals (many-to-many links) are counted with their record.
    records = sum(len(pks) for pks in removed.values())
    collector.delete()  # simple-history writes a "deleted" version of each: removed below
    history_rows = 0
    for collected_model, pks in removed.items():
        if not hasattr(collected_model, "history"):
            continue
        versions = collected_model.history.model.objects.filter(id__in=pks)
        version_ids = list(versions.values_list("history_id", flat=True))
        for m2m in getattr(collected_model.history.model, "_history_m2m_fields", []):
            history_rows += (
                HistoricalRecords.m2m_models[m2m].objects.filter(history_id__in=version_ids).delete()[0]
            )
        history_rows += versions.delete()[0]
    return records, history_rows, files, paths


def _remove_files(names: set[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("erasure could not remove a stored file; remove it by hand", exc_info=True)


@transaction.atomic
def erase_record(*, kind_key: str, record_id: int, by, today: date) -> Erasure:
    """Erase one record past its retention period, on the business unit's decision."""
    periods = {kind.key: (kind, years) for kind, years in retained_kinds()}
    if kind_key not in periods:
        raise ErasureRefused("Records of this kind are not erased at the end of a retention period")
    kind, years = periods[kind_key]
    record = past_retention(kind, years, today).filter(pk=record_id).first()
    if record is None:
        raise ErasureRefused(
            "This record is not past its retention period: it may have changed since it was listed"
        )
    records = history_rows = 0
    files, paths = set(), []
    for group in [*kind.belongings(record), [record]]:
        removed, versions, group_files, group_paths = _erase_rows(group)
        records += removed
        history_rows += versions
        files |= group_files
        paths += group_paths
    for path in filter(None, paths):
        # Reminders already sent name the record in their title: they go too.
        ReminderItem.objects.filter(url__startswith=path).delete()
    RetentionDue.objects.filter(kind=kind_key, record_id=record_id).delete()
    # Asked inside the transaction, after the rows went: a file another record still
    # names stays.
    existing = {name for name in files if default_storage.exists(name) and not _still_used(name)}
    erasure = Erasure.objects.create(
        kind=kind_key,
        record_id=record_id,
        erased_by=by,
        records_removed=records,
        history_rows_removed=history_rows,
        files_removed=len(existing),
    )
    transaction.on_commit(lambda: _remove_files(existing))
    logger.info(
        "retention erasure kind=%s record_id=%s user_id=%s records=%s history_rows=%s files=%s",
        kind_key,
        record_id,
        by.pk,
        records,
        history_rows,
        len(existing),
    )
    return erasure
