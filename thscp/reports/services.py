"""Yearly report workflows: write the narrative, ask for a render, render, recover.

A render is a database row first (queued), handed to Celery after commit; the
request never waits for it. The worker claims it with a conditional update (queued
to rendering), so a duplicate delivery does nothing. The PDF is written to a
temporary file beside the private uploads and moved into place only when complete;
then it becomes the newest version of the period's yearly-report Document, ready
for sign-off.
"""

import hashlib
import logging
import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from governance import roles
from governance.models import Document, Person, User
from governance.periods import FinancialYear
from governance.reporting import Section
from governance.services import add_generated_version
from thscp.celery import queue
from thscp.storage import uses_object_storage

from . import pdf
from .models import NarrativeSection, ReportRender, YearlyReport
from .sections import NARRATIVE_BY_KEY, assemble

logger = logging.getLogger(__name__)

# A worker killed mid-render gets one more go; then the render fails for a person to retry.
MAX_ATTEMPTS = 2
# A render still 'rendering' after this long was abandoned by its worker.
STALE_RENDERING = timedelta(minutes=15)
# A render still 'queued' after this long was probably never handed to the broker.
STALE_QUEUED = timedelta(minutes=2)
TEMPORARY_FOLDER = "private/tmp"


# Reading


def narrative_for(period: FinancialYear) -> dict[str, str]:
    return dict(NarrativeSection.objects.filter(report__period=period.start_year).values_list("key", "text"))


def report_sections(period: FinancialYear) -> list[Section]:
    """The whole report for the period, in order, from live records and the narrative."""
    return assemble(period, narrative_for(period))


# The narrative


@transaction.atomic
def save_narrative(*, period: FinancialYear, key: str, text: str, by: User) -> NarrativeSection:
    if key not in NARRATIVE_BY_KEY:
        raise ValidationError(
            {"key": "That part of the report is assembled from records and cannot be typed"}
        )
    report, _ = YearlyReport.objects.get_or_create(period=period.start_year)
    section, _ = NarrativeSection.objects.get_or_create(report=report, key=key)
    section.text = text.strip()
    section.updated_by = by
    section.full_clean()
    section._history_user = by
    section.save()
    return section


# Asking for a render


@transaction.atomic
def request_render(*, period: FinancialYear, by: User) -> ReportRender:
    """Queue a render of the period's report; Celery picks it up after commit."""
    report, _ = YearlyReport.objects.get_or_create(period=period.start_year)
    render = ReportRender(report=report, requested_by=by)
    render._history_user = by
    render.save()
    transaction.on_commit(lambda: enqueue_render(render.pk))
    return render


def enqueue_render(render_id: int) -> None:
    """Hand a render to Celery. If the broker is down it stays queued: the sweep or the
    retry button picks it up later."""
    try:
        queue("thscp.render_yearly_report", render_id)
    except Exception:  # noqa: BLE001 - any broker failure: the render stays queued in the database
        logger.warning("could not queue yearly report render %s; it stays queued", render_id, exc_info=True)


def can_retry(render: ReportRender, *, now=None) -> bool:
    now = now or timezone.now()
    if render.status == ReportRender.Status.FAILED:
        return True
    if render.status == ReportRender.Status.QUEUED:
        return render.requested_at < now - STALE_QUEUED
    if render.status == ReportRender.Status.RENDERING:
        return render.started_at is not None and render.started_at < now - STALE_RENDERING
    return False


@transaction.atomic
def retry_render(*, render: ReportRender, by: User) -> ReportRender:
    """Try a failed (or stuck) render again, as the same render."""
    if not can_retry(render):
        raise ValidationError("This render is not failed or stuck, so there is nothing to retry")
    moved = ReportRender.objects.filter(pk=render.pk, status=render.status).update(
        status=ReportRender.Status.QUEUED, attempts=0, started_at=None, finished_at=None
    )
    if not moved:
        raise ValidationError("The render changed while you were looking at it: refresh the page")
    render.refresh_from_db()
    _record(render, by, reason="retried")
    transaction.on_commit(lambda: enqueue_render(render.pk))
    return render


def sweep(*, now=None) -> dict:
    """Queue renders the broker never got; requeue once, then fail, those whose worker died."""
    now = now or timezone.now()
    stale = list(
        ReportRender.objects.filter(
            status=ReportRender.Status.RENDERING, started_at__lt=now - STALE_RENDERING
        ).values_list("pk", "attempts")
    )
    requeued, failed = [], 0
    for render_id, attempts in stale:
        if attempts < MAX_ATTEMPTS:
            if ReportRender.objects.filter(
                pk=render_id, status=ReportRender.Status.RENDERING, attempts=attempts
            ).update(status=ReportRender.Status.QUEUED):
                requeued.append(render_id)
        else:
            failed += _fail(
                render_id,
                attempts,
                "The render was interrupted twice and did not finish. Retry it; if it fails again, "
                "tell the service team.",
            )
    waiting = list(
        ReportRender.objects.filter(
            status=ReportRender.Status.QUEUED, requested_at__lt=now - STALE_QUEUED
        ).values_list("pk", flat=True)
    )
    for render_id in [*requeued, *waiting]:
        enqueue_render(render_id)
    _remove_old_temporary_files(now)
    return {"queued_again": len(waiting), "requeued_stale": len(requeued), "failed_stale": failed}


# Rendering (run by the Celery task)


def run_render(*, render_id: int, redelivered: bool = False) -> str:
    """Render one queued render to PDF. Safe to call twice: only a claimed render runs.

    `redelivered` is true when the broker hands the task on after the worker running
    it was lost: a render left 'rendering' is then taken over, once.
    """
    now = timezone.now()
    claimed = ReportRender.objects.filter(pk=render_id, status=ReportRender.Status.QUEUED).update(
        status=ReportRender.Status.RENDERING, started_at=now, attempts=F("attempts") + 1, error=""
    )
    if not claimed and redelivered:
        claimed = ReportRender.objects.filter(
            pk=render_id, status=ReportRender.Status.RENDERING, attempts__lt=MAX_ATTEMPTS
        ).update(started_at=now, attempts=F("attempts") + 1)
        if not claimed:
            stuck = ReportRender.objects.filter(pk=render_id, status=ReportRender.Status.RENDERING).first()
            if stuck is not None:
                _fail(
                    render_id,
                    stuck.attempts,
                    "The render was interrupted twice and did not finish. Retry it; if it fails again, "
                    "tell the service team.",
                )
                return "failed: interrupted twice"
    if not claimed:
        return "not queued"
    render = ReportRender.objects.select_related("report", "requested_by").get(pk=render_id)
    _record(render, render.requested_by, reason="started")
    attempt = render.attempts
    period = render.report.report_period
    folder = _render_folder()
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f"render-{render_id}-", suffix=".pdf.part", dir=folder)
    os.close(handle)
    partial = Path(name)
    try:
        page_count = render_period_to_file(period=period, target=partial)
        return _finish(render_id=render_id, attempt=attempt, partial=partial, page_count=page_count)
    except Exception as error:
        logger.exception("yearly report render %s failed", render_id)
        _fail(render_id, attempt, _explain(error))
        return "failed"
    finally:
        partial.unlink(missing_ok=True)


def render_period_to_file(*, period: FinancialYear, target: Path) -> int:
    """The whole report for the period as a PDF at `target`; returns the page count.
    Also what `manage.py render_yearly_report` runs, without Celery."""
    html = pdf.report_html(period=period, sections=report_sections(period))
    return pdf.write_pdf(html=html, target=target)


class _CompletePdf(File):
    """A finished PDF on disk: storage moves it into place rather than copying it, so
    the stored file appears whole or not at all."""

    def __init__(self, path: Path):
        super().__init__(path.open("rb"), name=path.name)
        self._path = path

    def temporary_file_path(self) -> str:
        return str(self._path)


def _finish(*, render_id: int, attempt: int, partial: Path, page_count: int) -> str:
    content = partial.read_bytes()
    if not content.startswith(b"%PDF") or b"%%EOF" not in content[-1024:]:
        raise ValueError("The PDF written was incomplete")
    digest = hashlib.sha256(content).hexdigest()
    # Two renders of one period may finish at once: each becomes its own version. The
    # version number comes from a read of the highest one, so on a clash try again.
    for tries in range(5):
        try:
            return _attach(
                render_id=render_id,
                attempt=attempt,
                partial=partial,
                content=content,
                digest=digest,
                page_count=page_count,
            )
        except (IntegrityError, OperationalError):
            if tries == 4:
                raise
            time.sleep(0.05 * (tries + 1))
    raise AssertionError("unreachable")


@transaction.atomic
def _attach(*, render_id, attempt, partial: Path, content: bytes, digest: str, page_count: int) -> str:
    render = (
        ReportRender.objects.select_for_update().select_related("report", "requested_by").get(pk=render_id)
    )
    if render.status != ReportRender.Status.RENDERING or render.attempts != attempt:
        # Another worker took this render over (ours was thought lost): its result stands.
        return "superseded"
    # One period's finishes go one at a time on databases that lock rows.
    report = YearlyReport.objects.select_for_update().get(pk=render.report_id)
    by = render.requested_by
    document = _yearly_report_document(report=report, by=by)
    version = add_generated_version(
        document=document,
        content=content,
        file_name=render.file_name,
        by=by,
        notes=f"Rendered from live records ({page_count} pages).",
    )
    render.pdf.save(render.file_name, _CompletePdf(partial), save=False)
    render.sha256 = digest
    render.page_count = page_count
    render.document_version = version
    render.status = ReportRender.Status.DONE
    render.finished_at = timezone.now()
    render.error = ""
    render._history_user = by
    render.save()
    return "done"


def _yearly_report_document(*, report: YearlyReport, by: User) -> Document:
    if report.document_id:
        return report.document
    period = report.report_period
    document = Document(
        title=f"Yearly report {period.label}",
        kind=Document.Kind.YEARLY_REPORT,
        owner=_business_unit_person(by),
    )
    document.full_clean()
    document._history_user = by
    document.save()
    report.document = document
    report._history_user = by
    report.save(update_fields=["document"])
    return document


def _business_unit_person(by: User) -> Person:
    """The business unit owns the yearly report: the requester if they are it, else its first member."""
    person = getattr(by, "person", None)
    if person is not None and by.has_role(roles.BUSINESS_UNIT):
        return person
    person = (
        Person.objects.filter(user__groups__name=roles.BUSINESS_UNIT, user__is_active=True)
        .order_by("pk")
        .first()
        or person
    )
    if person is None:
        raise ValueError(
            "No one in the partner contacts directory is linked to a business unit sign-in, so the "
            "yearly report document has no owner. Link the business unit's sign-in to their entry."
        )
    return person


def _fail(render_id: int, attempt: int, message: str) -> int:
    failed = ReportRender.objects.filter(
        pk=render_id, status=ReportRender.Status.RENDERING, attempts=attempt
    ).update(status=ReportRender.Status.FAILED, error=message[:2000], finished_at=timezone.now())
    if failed:
        render = ReportRender.objects.select_related("requested_by").get(pk=render_id)
        _record(render, render.requested_by, reason="failed")
    return failed


def _explain(error: Exception) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _record(render: ReportRender, by: User | None, *, reason: str) -> None:
    """A history row for a change made with a conditional update (which writes none)."""
    render._history_user = by
    render._change_reason = reason
    render.save()


def _render_folder() -> Path:
    """Where a render is written before it is stored. On the local disk, beside the
    stored files, so that storing is a rename and the PDF appears whole or not at all;
    with object storage, in the machine's temporary folder, since a node keeps nothing
    under MEDIA_ROOT and the upload to the bucket is itself all or nothing."""
    if uses_object_storage():
        return Path(tempfile.gettempdir()) / "partnership-hub-renders"
    return Path(settings.MEDIA_ROOT) / TEMPORARY_FOLDER


def _remove_old_temporary_files(now) -> None:
    folder = _render_folder()
    if not folder.exists():
        return
    cutoff = (now - STALE_RENDERING * 2).timestamp()
    for leftover in folder.glob("render-*.pdf.part"):
        if leftover.stat().st_mtime < cutoff:
            leftover.unlink(missing_ok=True)
