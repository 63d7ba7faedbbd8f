"""Yearly report workflows: write it, check it, render it, send it for sign-off, publish it.

A render is a database row first (queued), handed to Celery after commit; the
request never waits for it. The worker claims it with a conditional update (queued
to rendering), so a duplicate delivery does nothing. The PDF is written to a
temporary file beside the private uploads and moved into place only when complete;
then it becomes the newest version of the period's yearly-report Document, ready
for sign-off, and the render keeps what the report said (its sections, checklist and
safety check): once signed off, that is frozen (ReportRender.save).

Before a version goes for sign-off (governance.document_hooks, registered in
thscp/apps.py) it must cover every required item of the Working Together contents
list, or carry the business unit's reason, and publish nothing unsafe for children.
"""

import hashlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from governance import roles
from governance import services as governance_services
from governance.models import Agency, BudgetContribution, Document, DocumentVersion, Person, User
from governance.periods import FinancialYear
from governance.reporting import pounds
from governance.services import add_generated_version
from governance.statutory import statutory_clocks
from thscp.celery import queue
from thscp.storage import uses_object_storage

from . import checklist, pdf, safety, selectors, uploads
from .differences import differences
from .models import (
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
from .sections import PLACEHOLDERS, WRITABLE_KEYS, ReportInputs, ReportSection, assemble

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


def partner_facts(period: FinancialYear, representatives: list[PartnerRepresentative]) -> list[dict]:
    """Each statutory partner as the report shows it: its agency, lead and delegated
    safeguarding partners for the year, and its contribution to the year's budget."""
    agencies = {agency.statutory_partner: agency for agency in Agency.objects.exclude(statutory_partner="")}
    contributions = {
        line.agency.statutory_partner: line.amount
        for line in BudgetContribution.objects.filter(
            financial_year=period.start_year, withdrawn_on=None, agency__statutory_partner__gt=""
        ).select_related("agency")
    }
    found = []
    for value, label in Agency.StatutoryPartner.choices:
        mine = [rep for rep in representatives if rep.partner == value]
        agency = agencies.get(value)
        found.append(
            {
                "partner": value,
                "label": label,
                "agency_name": agency.name if agency else "Not recorded",
                "lead": next(
                    (rep for rep in mine if rep.standing == PartnerRepresentative.Standing.LEAD), None
                ),
                "delegated": [
                    rep for rep in mine if rep.standing == PartnerRepresentative.Standing.DELEGATED
                ],
                "contribution": pounds(contributions[value]) if value in contributions else "",
            }
        )
    return found


def report_inputs(period: FinancialYear) -> ReportInputs:
    """Everything people record for the period's report, read in a fixed number of queries."""
    report = YearlyReport.objects.filter(period=period.start_year).first()
    if report is None:
        return ReportInputs(
            partners=partner_facts(period, []), unnamed=selectors.young_scrutineers_not_to_name()
        )
    representatives = list(
        report.representatives.filter(withdrawn_on=None)
        .select_related("person__agency")
        .order_by("person__full_name")
    )
    return ReportInputs(
        narrative=dict(report.narrative.values_list("key", "text")),
        achievements=list(report.achievements.filter(withdrawn_on=None)),
        partners=partner_facts(period, representatives),
        not_applicable=dict(
            report.not_applicable.filter(withdrawn_on=None).values_list("section_key", "reason")
        ),
        unnamed=selectors.young_scrutineers_not_to_name(),
    )


def report_sections(period: FinancialYear) -> list[ReportSection]:
    """The whole report for the period, in order, from live records and what people wrote."""
    return assemble(period, {}, report_inputs(period))


def document_sections(sections: list[ReportSection]) -> list[ReportSection]:
    """The sections the published document has: an unwritten narrative stays out."""
    return [section for section in sections if section.included]


def cover() -> dict:
    branding = ReportBranding.objects.filter(singleton=ReportBranding.SINGLETON).first()
    return {
        "short_line": branding.short_line if branding else "",
        "logo_description": branding.logo_description if branding else "",
        "logo": branding.logo if branding and branding.logo else None,
    }


@dataclass
class Readiness:
    """Whether a version of the report may go for sign-off, and why not."""

    coverage: list[checklist.ItemCoverage] = field(default_factory=list)
    findings: list[safety.Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    uploaded: bool = False  # a file uploaded as the version, rather than rendered

    @property
    def gaps(self) -> list[checklist.ItemCoverage]:
        return [item for item in self.coverage if item.blocks_sign_off]

    @property
    def ready(self) -> bool:
        return not self.gaps and not self.findings and not self.problems

    @property
    def messages(self) -> list[str]:
        return [
            *(
                f"Working Together: '{item.item.text}' "
                + (
                    "is covered by no section of the uploaded file with content "
                    f"({', '.join(section.title for section in item.sections)})"
                    if self.uploaded
                    else "has no content"
                )
                + ", and no reason is recorded"
                for item in self.gaps
            ),
            *(finding.message for finding in self.findings),
            *self.problems,
        ]


def _checked(sections: list[dict]) -> list[dict]:
    return [{**section, "dates_checked": section.get("dates_checked", True)} for section in sections]


def readiness_of(
    *, sections: list[dict], cover_line: str, reasons: dict[str, str], problems: list[str]
) -> Readiness:
    """The checks on a report's content as stored (ReportRender.content) or about to be."""
    as_sections = [_StoredSection(section) for section in sections]
    coverage = checklist.evaluate(
        as_sections,
        reasons=reasons,
        not_applicable={section["key"]: section.get("not_applicable", "") for section in sections},
    )
    checked = [
        *_checked(sections),
        {"key": "cover", "title": "Cover", "html": cover_line, "dates_checked": True},
    ]
    return Readiness(
        coverage=coverage, findings=safety.check(checked, selectors.sensitive_values()), problems=problems
    )


@dataclass(frozen=True)
class _StoredSection:
    """A stored section, read as the checklist reads a live one."""

    stored: dict

    @property
    def key(self):
        return self.stored["key"]

    @property
    def title(self):
        return self.stored["title"]

    @property
    def is_empty(self):
        return self.stored["is_empty"]


def reasons_for(period: FinancialYear) -> dict[str, str]:
    return dict(
        ChecklistReason.objects.filter(report__period=period.start_year).values_list("item", "reason")
    )


def _problems(sections: list[ReportSection], inputs: ReportInputs) -> list[str]:
    problems = []
    foreword = next((section for section in sections if section.key == "foreword"), None)
    if foreword is not None and foreword.included and not foreword.not_applicable:
        for partner in inputs.partners:
            if partner["lead"] is None:
                problems.append(
                    f"The foreword is signed by the three lead safeguarding partners: record the "
                    f"{partner['label'].lower()}'s lead safeguarding partner"
                )
    return problems


def readiness(period: FinancialYear) -> Readiness:
    """The live report's readiness, as the checklist page shows it."""
    return sections_and_readiness(period)[1]


def sections_and_readiness(period: FinancialYear) -> tuple[list[ReportSection], Readiness]:
    """The live report and its readiness, from one reading of the records."""
    inputs = report_inputs(period)
    sections = assemble(period, {}, inputs)
    stored = [
        {**section.as_stored(), "dates_checked": section.dates_checked}
        for section in document_sections(sections)
    ]
    return sections, readiness_of(
        sections=stored,
        cover_line=cover()["short_line"],
        reasons=reasons_for(period),
        problems=_problems(sections, inputs),
    )


@dataclass(frozen=True)
class BuiltReport:
    html: str
    content: dict


def build_report(period: FinancialYear) -> BuiltReport:
    """The report's HTML for the PDF and the content a render keeps, from one reading."""
    inputs = report_inputs(period)
    sections = assemble(period, {}, inputs)
    included = document_sections(sections)
    the_cover = cover()
    generated_at = timezone.localtime()
    stored = [{**section.as_stored(), "dates_checked": section.dates_checked} for section in included]
    checks = readiness_of(
        sections=stored,
        cover_line=the_cover["short_line"],
        reasons=reasons_for(period),
        problems=_problems(sections, inputs),
    )
    content = {
        "period": period.label,
        "generated_at": generated_at.isoformat(),
        "cover": {"short_line": the_cover["short_line"], "logo_description": the_cover["logo_description"]},
        "sections": stored,
        **stored_checks(checks),
    }
    html = pdf.report_html(period=period, sections=included, generated_at=generated_at, cover=the_cover)
    return BuiltReport(html=html, content=content)


def stored_checks(checks: Readiness) -> dict:
    return {
        "checklist": [
            {
                "key": item.item.key,
                "text": item.item.text,
                "source": item.item.source,
                "required": item.item.required,
                "coverage": item.coverage.value,
                "reason": item.reason,
                "sections": [
                    {
                        "key": section.key,
                        "title": section.title,
                        "number": section.number,
                        "has_content": section.has_content,
                        "not_applicable": section.not_applicable_reason,
                    }
                    for section in item.sections
                ],
            }
            for item in checks.coverage
        ],
        "findings": [
            {
                "kind": f.kind,
                "section": f.section_title,
                "found": f.found,
                "context": f.context,
                "message": f.message,
            }
            for f in checks.findings
        ],
        "problems": checks.problems,
    }


# The narrative


@transaction.atomic
def save_narrative(*, period: FinancialYear, key: str, text: str, by: User) -> NarrativeSection:
    if key not in WRITABLE_KEYS:
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
        built = build_report(period)
        page_count = pdf.write_pdf(html=built.html, target=partial)
        return _finish(
            render_id=render_id,
            attempt=attempt,
            partial=partial,
            page_count=page_count,
            content=built.content,
        )
    except Exception as error:
        logger.exception("yearly report render %s failed", render_id)
        _fail(render_id, attempt, _explain(error))
        return "failed"
    finally:
        partial.unlink(missing_ok=True)


def render_period_to_file(*, period: FinancialYear, target: Path) -> int:
    """The whole report for the period as a PDF at `target`; returns the page count.
    Also what `manage.py render_yearly_report` runs, without Celery."""
    return pdf.write_pdf(html=build_report(period).html, target=target)


class _CompletePdf(File):
    """A finished PDF on disk: storage moves it into place rather than copying it, so
    the stored file appears whole or not at all."""

    def __init__(self, path: Path):
        super().__init__(path.open("rb"), name=path.name)
        self._path = path

    def temporary_file_path(self) -> str:
        return str(self._path)


def _finish(*, render_id: int, attempt: int, partial: Path, page_count: int, content: dict) -> str:
    stored = content
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
                stored=stored,
            )
        except (IntegrityError, OperationalError):
            if tries == 4:
                raise
            time.sleep(0.05 * (tries + 1))
    raise AssertionError("unreachable")


@transaction.atomic
def _attach(
    *, render_id, attempt, partial: Path, content: bytes, digest: str, page_count: int, stored: dict
) -> str:
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
        notes=_version_notes(report, stored, page_count),
    )
    render.content = stored
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


def signed_render(report: YearlyReport, *, before: ReportRender | None = None) -> ReportRender | None:
    """The newest render of the report whose version was signed off (or published since),
    older than `before` if given."""
    renders = ReportRender.objects.filter(
        report=report, document_version__status__in=DocumentVersion.LOCKED_STATUSES
    ).select_related("document_version")
    if before is not None and before.document_version_id:
        renders = renders.filter(document_version__number__lt=before.document_version.number)
    return renders.order_by("-document_version__number").first()


def _version_notes(report: YearlyReport, content: dict, page_count: int) -> str:
    notes = f"Rendered from the records ({page_count} pages)."
    signed = signed_render(report)
    if signed is None:
        return notes
    changes = differences(signed.content, content)
    if not changes:
        return f"{notes} Nothing has changed since the signed version {signed.document_version.number}."
    listed = "\n".join(f"- {change.title}: {change.summary.lower()}" for change in changes)
    return f"{notes} Changed since the signed version {signed.document_version.number}:\n{listed}"


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


# Before sign-off (registered with governance.document_hooks in thscp/apps.py)


def render_of_version(version: DocumentVersion) -> ReportRender | None:
    return ReportRender.objects.filter(document_version=version).select_related("report").first()


def check_version_before_sign_off(version: DocumentVersion) -> None:
    """A version of the yearly report goes for sign-off only if it covers the Working
    Together contents list (or says why not) and publishes nothing unsafe for children.
    The reasons recorded until now are kept with the version, for the signatories."""
    if not YearlyReport.objects.filter(document_id=version.document_id).exists():
        return  # not one of the yearly reports this service renders
    render = render_of_version(version)
    if render is None:
        report = YearlyReport.objects.get(document_id=version.document_id)
        checks = uploaded_readiness(version, report.report_period)
        if not checks.ready:
            raise ValidationError(checks.messages)
        return
    if not render.content.get("sections"):
        raise ValidationError(
            "This version's content was not kept when it was rendered, so it cannot be checked: render "
            "the report again from its page and send that version"
        )
    content = render.content
    checks = readiness_of(
        sections=content["sections"],
        cover_line=content.get("cover", {}).get("short_line", ""),
        reasons=reasons_for(render.report.report_period),
        problems=content.get("problems", []),
    )
    if not checks.ready:
        raise ValidationError(checks.messages)
    render.content = {**content, **stored_checks(checks), "checked_on": timezone.localdate().isoformat()}
    render.save(update_fields=["content"])


def uploaded_readiness(version: DocumentVersion, period: FinancialYear) -> Readiness:
    """The checks a rendered version passes, on a file uploaded as a version: its text must
    carry no case reference, case date or unconsented name, and each required Working
    Together item must be covered by a section the file has (its heading in the text,
    with content in the records) or have the business unit's reason."""
    paragraphs = uploads.paragraphs_of(version)
    if paragraphs is None:
        raise ValidationError(
            "The text of this file cannot be read, so it cannot be checked for case references, case "
            "dates and the Working Together contents list: upload the report as a PDF with its text (not "
            "a scan) or a Word document, or render it from its page"
        )
    text = uploads.normalised(" ".join(paragraphs))
    inputs = report_inputs(period)
    sections = document_sections(assemble(period, {}, inputs))
    stored = [
        {**section.as_stored(), "is_empty": section.is_empty or uploads.normalised(section.title) not in text}
        for section in sections
    ]
    coverage = checklist.evaluate(
        [_StoredSection(section) for section in stored],
        reasons=reasons_for(period),
        not_applicable={section["key"]: section["not_applicable"] for section in stored},
    )
    uploaded = {
        "key": "uploaded",
        "title": f"The uploaded file {version.file_name}",
        "html": uploads.as_html(paragraphs),
        # Which dates came from records other than cases cannot be told apart in a file.
        "dates_checked": True,
    }
    return Readiness(
        coverage=coverage,
        findings=safety.check([uploaded], selectors.sensitive_values()),
        problems=_problems(sections, inputs),
        uploaded=True,
    )


def version_page(version: DocumentVersion):
    render = render_of_version(version)
    if render is None:
        return None
    changes = (
        " and what changed since the signed version" if signed_render(render.report, before=render) else ""
    )
    return (
        "Before you decide, read this version of the report: what it says and its Working Together "
        f"checklist, with any reasons the business unit recorded{changes}",
        render.get_absolute_url(),
    )


def documents_tracking_sending() -> list[int]:
    return list(YearlyReport.objects.exclude(document=None).values_list("document_id", flat=True))


@transaction.atomic
def send_for_sign_off(*, render: ReportRender, by: User) -> DocumentVersion:
    """Send a finished render's version for sign-off (governance checks it through the hook)."""
    if render.status != ReportRender.Status.DONE or render.document_version_id is None:
        raise ValidationError("This render has not finished, so there is nothing to send")
    return governance_services.send_for_sign_off(version=render.document_version, by=by)


# The Working Together checklist and empty sections


def _report(period: FinancialYear) -> YearlyReport:
    return YearlyReport.objects.get_or_create(period=period.start_year)[0]


@transaction.atomic
def record_checklist_reason(*, period: FinancialYear, item: str, reason: str, by: User) -> ChecklistReason:
    if item not in checklist.CHECKLIST_BY_KEY:
        raise ValidationError("There is no such item in the Working Together contents list")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the report has nothing on this"})
    record, _ = ChecklistReason.objects.get_or_create(
        report=_report(period), item=item, defaults={"reason": reason.strip(), "recorded_by": by}
    )
    record.reason = reason.strip()
    record.recorded_by = by
    record.full_clean()
    record._history_user = by
    record.save()
    return record


def _section_keys_that_may_be_not_applicable(period: FinancialYear) -> dict[str, str]:
    """Every empty section of the live report: key -> title."""
    return {section.key: section.title for section in report_sections(period) if section.is_empty}


@transaction.atomic
def mark_not_applicable(*, period: FinancialYear, section_key: str, reason: str, by: User) -> NotApplicable:
    empty = _section_keys_that_may_be_not_applicable(period)
    placeholders = {placeholder.key for placeholder in PLACEHOLDERS}
    if section_key not in empty and section_key not in placeholders:
        raise ValidationError("Only a section with nothing in it for the year can be marked not applicable")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this section does not apply this year"})
    record = NotApplicable.objects.filter(report=_report(period), section_key=section_key).first()
    if record is None:
        record = NotApplicable(report=_report(period), section_key=section_key)
    record.reason = reason.strip()
    record.recorded_by = by
    record.withdrawn_on = None
    record.full_clean()
    record._history_user = by
    record.save()
    return record


@transaction.atomic
def withdraw_not_applicable(*, period: FinancialYear, section_key: str, by: User) -> NotApplicable:
    record = NotApplicable.objects.filter(
        report__period=period.start_year, section_key=section_key, withdrawn_on=None
    ).first()
    if record is None:
        raise ValidationError("This section is not marked not applicable")
    record.withdrawn_on = timezone.localdate()
    record._history_user = by
    record._change_reason = "marking withdrawn"
    record.save()
    return record


def _withdraw_with_reason(record, *, reason: str, by: User, enter_reason: str, already: str):
    """Withdraw a record the report's people entered: never deleted, kept with the date and
    why, and History names who withdrew it."""
    if not reason.strip():
        raise ValidationError({"reason": enter_reason})
    if record.withdrawn_on is not None:
        raise ValidationError(already)
    record.withdrawn_on = timezone.localdate()
    record.withdrawal_reason = reason.strip()
    record._history_user = by
    record._change_reason = "withdrawn"
    record.save()
    return record


# Achievements


@transaction.atomic
def add_achievement(*, period: FinancialYear, by: User, **fields) -> Achievement:
    achievement = Achievement(report=_report(period), recorded_by=by, **fields)
    achievement.full_clean()
    achievement._history_user = by
    achievement.save()
    return achievement


@transaction.atomic
def change_achievement(*, achievement: Achievement, by: User, **fields) -> Achievement:
    if achievement.is_withdrawn:
        raise ValidationError("This achievement was withdrawn: it cannot be changed")
    for name, value in fields.items():
        setattr(achievement, name, value)
    achievement.full_clean()
    achievement._history_user = by
    achievement.save()
    return achievement


@transaction.atomic
def withdraw_achievement(*, achievement: Achievement, reason: str, by: User) -> Achievement:
    return _withdraw_with_reason(
        achievement,
        reason=reason,
        by=by,
        enter_reason="Enter why the achievement is withdrawn",
        already="This achievement is already withdrawn",
    )


# The partners' representatives for the year


@transaction.atomic
def add_representative(
    *, period: FinancialYear, partner: str, person: Person, standing: str, by: User
) -> PartnerRepresentative:
    representative = PartnerRepresentative(
        report=_report(period), partner=partner, person=person, standing=standing, recorded_by=by
    )
    representative.full_clean()
    representative._history_user = by
    representative.save()
    return representative


@transaction.atomic
def withdraw_representative(
    *, representative: PartnerRepresentative, reason: str, by: User
) -> PartnerRepresentative:
    return _withdraw_with_reason(
        representative,
        reason=reason,
        by=by,
        enter_reason="Enter why this person is taken off the report",
        already="This person is already taken off the report",
    )


# Consent to be named


@transaction.atomic
def record_consent(*, person: Person, consent_given_on: date, how_given: str, by: User) -> NamingConsent:
    if person.pk not in {young.pk for young in selectors.young_scrutineers()}:
        raise ValidationError("Consent to be named is recorded for young scrutineers")
    if consent_given_on > timezone.localdate():
        raise ValidationError({"consent_given_on": "The date consent was given must be today or in the past"})
    if NamingConsent.objects.filter(person=person, withdrawn_on=None).exists():
        raise ValidationError("A consent to be named is already recorded for this young scrutineer")
    consent = NamingConsent(
        person=person, consent_given_on=consent_given_on, how_given=how_given, recorded_by=by
    )
    consent.full_clean()
    consent._history_user = by
    consent.save()
    return consent


@transaction.atomic
def withdraw_consent(*, consent: NamingConsent, reason: str, by: User) -> NamingConsent:
    return _withdraw_with_reason(
        consent,
        reason=reason,
        by=by,
        enter_reason="Enter why the consent is withdrawn",
        already="This consent is already withdrawn",
    )


# The cover


@transaction.atomic
def save_cover(*, by: User, logo=None, remove_logo: bool = False, **fields) -> ReportBranding:
    branding, _ = ReportBranding.objects.get_or_create(singleton=ReportBranding.SINGLETON)
    for name, value in fields.items():
        setattr(branding, name, value.strip() if isinstance(value, str) else value)
    if logo is not None:
        branding.logo = logo
    elif remove_logo:
        branding.logo = ""
    if branding.logo and not branding.logo_description:
        raise ValidationError({"logo_description": "Enter a description of the logo"})
    branding.updated_by = by
    branding.full_clean()
    branding._history_user = by
    branding.save()
    return branding


# After sign-off: publication and sending


def signed_version(period: FinancialYear) -> DocumentVersion | None:
    """The newest version of the period's report that was signed off or published."""
    return (
        DocumentVersion.objects.filter(
            document__yearly_report__period=period.start_year, status__in=DocumentVersion.LOCKED_STATUSES
        )
        .order_by("-number")
        .first()
    )


@transaction.atomic
def record_publication(
    *, period: FinancialYear, link: str, by: User, published_on: date | None = None
) -> ReportPublication:
    version = signed_version(period)
    if version is None:
        raise ValidationError(
            "The report can be published once the partners and the scrutineer have signed it off"
        )
    if ReportPublication.objects.filter(version=version).exists():
        raise ValidationError("This version's publication is already recorded")
    if version.status == DocumentVersion.Status.SIGNED_OFF:
        version = governance_services.publish_version(version=version, by=by, published_on=published_on)
    elif published_on and published_on != version.published_on:
        raise ValidationError(
            {"published_on": f"This version was recorded as published on {version.published_on:%-d %B %Y}"}
        )
    publication = ReportPublication(
        report=_report(period), version=version, published_on=version.published_on, link=link, recorded_by=by
    )
    publication.full_clean()
    publication._history_user = by
    publication.save()
    return publication


@transaction.atomic
def record_sending(
    *, publication: ReportPublication, recipient: str, sent_on: date, by: User
) -> ReportSending:
    if recipient not in ReportSending.Recipient.values:
        raise ValidationError("Choose the Panel or Foundations")
    if sent_on < publication.published_on:
        raise ValidationError({"sent_on": "The date sent cannot be before the report was published"})
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": "The date sent must be today or in the past"})
    sending = ReportSending.objects.filter(
        publication=publication, recipient=recipient
    ).first() or ReportSending(publication=publication, recipient=recipient)
    sending.sent_on = sent_on
    sending.recorded_by = by
    sending.full_clean()
    sending._history_user = by
    sending.save()
    sent = list(publication.sendings.values_list("sent_on", flat=True))
    if len(sent) == len(ReportSending.Recipient.values):
        # Both have it: governance's record of the version says so too.
        governance_services.record_sent_to_panel(version=publication.version, sent_on=max(sent), by=by)
    return sending


@dataclass(frozen=True)
class NextPublication:
    due_on: date
    basis: str
    period: FinancialYear  # the year the next report is about


def next_publication_due(today: date) -> NextPublication:
    """When the next yearly report must be published (WT 2023: at least once every 12
    months): 12 months after the last publication, or, with none recorded, 12 months
    after the end of the last complete financial year."""
    last = ReportPublication.objects.select_related("report").order_by("-published_on").first()
    if last is not None:
        return NextPublication(
            due_on=last.published_on + relativedelta(months=12),
            basis=f"12 months after {last.report} was published",
            period=FinancialYear(last.report.period + 1),
        )
    year = FinancialYear(FinancialYear.containing(today).start_year - 1)
    return NextPublication(
        due_on=year.end + relativedelta(months=12),
        basis=f"12 months after the end of {year.label}",
        period=year,
    )


def publications_with_sendings():
    return ReportPublication.objects.select_related("report", "version").prefetch_related(
        Prefetch("sendings", queryset=ReportSending.objects.order_by("recipient"))
    )


def sending_due(publication: ReportPublication) -> date:
    return publication.published_on + timedelta(days=statutory_clocks().yearly_report_sending_days)
