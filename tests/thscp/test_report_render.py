"""Rendering the yearly report to PDF: the contents page is right, the figures are the
reviews app's, the PDF is tagged PDF/UA with its language, the result is a version of
the yearly report document; failures, retries, lost workers and two renders at once."""

import hashlib
import re
import shutil
import subprocess
import zlib
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from governance import roles
from governance.models import Document, DocumentVersion
from governance.periods import FinancialYear
from reviews import selectors
from tests.governance.factories import PersonFactory, UserFactory
from tests.services import require
from tests.thscp.test_report_sections import incidents_for_2025_26
from thscp.reports import pdf, services
from thscp.reports.models import ReportRender, YearlyReport
from thscp.reports.tasks import render_yearly_report, sweep_report_renders

pytestmark = pytest.mark.django_db

PERIOD = FinancialYear(2025)


@pytest.fixture
def business_unit():
    user = UserFactory(roles=[roles.BUSINESS_UNIT])
    PersonFactory(user=user, full_name="Amira Hussain")
    return user


def queue(by, period=PERIOD) -> ReportRender:
    """A queued render, as the Render PDF button leaves it (without its on-commit task)."""
    report, _ = YearlyReport.objects.get_or_create(period=period.start_year)
    return ReportRender.objects.create(report=report, requested_by=by)


def pdf_text(path) -> list[str]:
    tool = shutil.which("pdftotext")
    require(tool is not None, "pdftotext (apt-get install poppler-utils)")
    output = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return output.split("\f")


def pdf_objects(raw: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated (the catalogue of a PDF 1.7
    file sits in a compressed object stream)."""
    inflated = [raw]
    # Up to "endstream" itself: a stream's own last byte can be a carriage return, which
    # a pattern ending "\r?\nendstream" would take for the line break (a flaky failure,
    # as the PDF holds the time it was made). decompressobj ignores the bytes after the end.
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", raw, re.DOTALL):
        try:
            inflated.append(zlib.decompressobj().decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def contents(pages: list[str]) -> dict[str, int]:
    """Each contents entry, "7 Governance and structure", and its page number."""
    entries = {}
    for line in pages[1].splitlines():
        match = re.match(r"\s*(\d+)\s+(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            entries[f"{match.group(1)} {match.group(2)}"] = int(match.group(3))
    return entries


def test_a_render_makes_a_pdf_whose_contents_page_numbers_are_right(business_unit):
    incidents_for_2025_26()
    render = queue(business_unit)
    assert render_yearly_report.delay(render.pk).get() == "done"
    render.refresh_from_db()
    assert render.status == ReportRender.Status.DONE
    pages = pdf_text(render.pdf.path)
    assert "Contents" in pages[1]
    entries = contents(pages)
    # Every section the document holds, numbered in order (an unwritten narrative is not one).
    included = services.document_sections(services.report_sections(PERIOD))
    assert list(entries) == [f"{section.number} {section.title}" for section in included]
    assert [section.number for section in included] == list(range(1, len(included) + 1))
    for title, number in entries.items():
        # Sections follow on, so a heading may sit anywhere on its page.
        text = " ".join(" ".join(pages[number - 1].split()).split())
        assert title in text, f"{title} is not on page {number}"
    assert render.page_count == len([page for page in pages if page.strip()])
    assert "Page 1 of" not in pages[0]  # the cover has no page number
    assert f"Page 2 of {render.page_count}" in pages[1]
    assert f"Page {render.page_count} of {render.page_count}" in pages[render.page_count - 1]


def test_the_pdf_holds_the_timeliness_figures_the_reviews_app_shows(business_unit):
    incidents_for_2025_26()
    shown = selectors.timeliness(user=business_unit, start_year=2025)
    render = queue(business_unit)
    render_yearly_report.delay(render.pk)
    render.refresh_from_db()
    text = "\n".join(pdf_text(render.pdf.path))
    for label, rate in (
        ("Notifications within 5 working days", shown.notifications),
        ("Rapid reviews within 15 working days", shown.rapid_reviews),
    ):
        line = next(line for line in text.splitlines() if line.strip().startswith(label))
        assert line.split()[-3:] == [str(rate.within), str(rate.total), f"{rate.percent}%"]
    assert shown.notifications.percent == 67
    assert shown.rapid_reviews.percent == 50


def test_the_pdf_is_tagged_pdf_ua_with_its_language_and_titled(business_unit):
    incidents_for_2025_26()
    render = queue(business_unit)
    render_yearly_report.delay(render.pk)
    render.refresh_from_db()
    content = pdf_objects(Path(render.pdf.path).read_bytes())
    assert b"/MarkInfo" in content and b"/Marked true" in content
    assert b"/Lang (en-GB)" in content
    assert b"/StructTreeRoot" in content
    assert b'pdfuaid:part="1"' in content
    # Every chart is a figure whose alternative text is its title (the table follows it).
    assert b"/Alt (Bar chart: Statutory reviews within the statutory time, 2025-26)" in content
    figures = content.count(b"/S /Figure")
    assert figures and figures == content.count(b"/Alt (Bar chart:")
    if tool := shutil.which("pdfinfo"):
        info = subprocess.run(  # noqa: S603 - a fixed tool on our own file
            [tool, render.pdf.path], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(r"Tagged:\s+yes", info)
        assert re.search(r"Page size:\s+595.\d+ x 841.\d+ pts \(A4\)", info)
        assert "yearly report 2025-26" in info


def test_the_finished_pdf_is_a_version_of_the_yearly_report_document_with_its_sha256(business_unit):
    render = queue(business_unit)
    render_yearly_report.delay(render.pk)
    render.refresh_from_db()
    stored = Path(render.pdf.path).read_bytes()
    version = render.document_version
    assert isinstance(version, DocumentVersion)
    assert version.document.kind == Document.Kind.YEARLY_REPORT
    assert version.document.title == "Yearly report 2025-26"
    assert version.document.owner == business_unit.person
    assert version.generated
    assert version.status == DocumentVersion.Status.DRAFT
    assert version.created_by == business_unit
    assert render.sha256 == hashlib.sha256(stored).hexdigest() == version.sha256
    assert hashlib.sha256(version.file.read()).hexdigest() == version.sha256
    assert YearlyReport.objects.get(period=2025).document == version.document


def test_a_second_render_is_the_next_version_of_the_same_document(business_unit):
    first, second = queue(business_unit), queue(business_unit)
    render_yearly_report.delay(first.pk)
    render_yearly_report.delay(second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.document_version.document == second.document_version.document
    assert (first.document_version.number, second.document_version.number) == (1, 2)
    first.document_version.refresh_from_db()
    assert first.document_version.status == DocumentVersion.Status.SUPERSEDED


def test_two_renders_of_one_period_at_once_both_finish_as_separate_versions(business_unit):
    first, second = queue(business_unit), queue(business_unit)
    real_write = pdf.write_pdf
    calls = []

    def write_while_the_other_renders(*, html, target):
        calls.append(target)
        if len(calls) == 1:
            # The first render is mid-way when the second runs from start to finish.
            assert services.run_render(render_id=second.pk) == "done"
        return real_write(html=html, target=target)

    with mock.patch.object(pdf, "write_pdf", side_effect=write_while_the_other_renders):
        assert services.run_render(render_id=first.pk) == "done"
    first.refresh_from_db()
    second.refresh_from_db()
    assert {first.status, second.status} == {ReportRender.Status.DONE}
    assert second.document_version.number == 1
    assert first.document_version.number == 2
    assert first.pdf.name != second.pdf.name
    assert DocumentVersion.objects.count() == 2


def test_a_version_number_taken_meanwhile_is_retried(business_unit):
    import governance.services

    render = queue(business_unit)
    # Another render of the period finished first and took version 1 ...
    assert services.run_render(render_id=queue(business_unit).pk) == "done"
    real_next = governance.services._next_version_number
    reads = []

    def stale_read(document):
        # ... but this render read the highest number before that version was written.
        reads.append(document)
        return 1 if len(reads) == 1 else real_next(document)

    with mock.patch.object(governance.services, "_next_version_number", side_effect=stale_read):
        assert services.run_render(render_id=render.pk) == "done"
    render.refresh_from_db()
    assert render.document_version.number == 2
    assert len(reads) == 2


def test_running_a_render_twice_makes_one_pdf(business_unit):
    render = queue(business_unit)
    assert services.run_render(render_id=render.pk) == "done"
    assert services.run_render(render_id=render.pk) == "not queued"
    assert DocumentVersion.objects.count() == 1


def test_a_period_with_no_data_renders_a_report_that_says_so(business_unit):
    render = queue(business_unit, FinancialYear(2019))
    assert services.run_render(render_id=render.pk) == "done"
    render.refresh_from_db()
    text = "\n".join(pdf_text(render.pdf.path))
    assert "Yearly report 2019-20" in text
    assert "In 2019-20 the local authority notified no serious incidents" in text
    assert "The partners made no contributions to a shared budget for 2019-20" in text
    # An unwritten narrative is left out of the published document, not printed empty.
    assert "Nothing has been written" not in text
    assert "Introduction" not in text


def test_a_failed_render_keeps_the_reason_and_leaves_no_file(business_unit, settings):
    render = queue(business_unit)
    with mock.patch.object(pdf, "write_pdf", side_effect=OSError("No fonts are installed")):
        assert services.run_render(render_id=render.pk) == "failed"
    render.refresh_from_db()
    assert render.status == ReportRender.Status.FAILED
    assert render.error == "OSError: No fonts are installed"
    assert not render.pdf
    assert render.finished_at is not None
    assert not DocumentVersion.objects.exists()
    leftovers = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert leftovers == []
    assert render.history.first().history_change_reason == "failed"


def test_a_failed_render_can_be_retried_and_then_finishes(business_unit, django_capture_on_commit_callbacks):
    render = queue(business_unit)
    with mock.patch.object(pdf, "write_pdf", side_effect=RuntimeError("out of memory")):
        services.run_render(render_id=render.pk)
    render.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_render(render=render, by=business_unit)
    render.refresh_from_db()
    assert render.status == ReportRender.Status.DONE
    assert render.error == ""
    assert render.document_version is not None


def test_a_half_written_pdf_is_never_stored(business_unit, settings):
    render = queue(business_unit)

    def write_half(*, html, target):
        Path(target).write_bytes(b"%PDF-1.7\n1 0 obj")  # the worker stopped part-way
        return 3

    with mock.patch.object(pdf, "write_pdf", side_effect=write_half):
        assert services.run_render(render_id=render.pk) == "failed"
    render.refresh_from_db()
    assert "incomplete" in render.error
    assert [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()] == []


def test_a_redelivered_task_takes_over_a_render_whose_worker_died_once(business_unit):
    render = queue(business_unit)
    # The first worker claimed it and was killed mid-render.
    ReportRender.objects.filter(pk=render.pk).update(
        status="rendering", attempts=1, started_at=timezone.now()
    )
    assert services.run_render(render_id=render.pk, redelivered=False) == "not queued"
    assert services.run_render(render_id=render.pk, redelivered=True) == "done"
    render.refresh_from_db()
    assert render.attempts == 2


def test_a_render_interrupted_twice_fails_rather_than_looping(business_unit):
    render = queue(business_unit)
    ReportRender.objects.filter(pk=render.pk).update(
        status="rendering", attempts=2, started_at=timezone.now()
    )
    assert services.run_render(render_id=render.pk, redelivered=True) == "failed: interrupted twice"
    render.refresh_from_db()
    assert render.status == ReportRender.Status.FAILED
    assert "interrupted twice" in render.error


def test_the_lost_worker_s_late_result_is_discarded(business_unit):
    render = queue(business_unit)

    def taken_over_meanwhile(*, html, target):
        # While this worker rendered, it was thought lost and another took the render over.
        ReportRender.objects.filter(pk=render.pk).update(attempts=2)
        Path(target).write_bytes(b"%PDF-1.7\n%%EOF\n")
        return 1

    with mock.patch.object(pdf, "write_pdf", side_effect=taken_over_meanwhile):
        assert services.run_render(render_id=render.pk) == "superseded"
    assert not DocumentVersion.objects.exists()


def test_the_sweep_requeues_a_stuck_render_once_then_fails_it(business_unit):
    render = queue(business_unit)
    long_ago = timezone.now() - timedelta(hours=1)
    ReportRender.objects.filter(pk=render.pk).update(status="rendering", attempts=1, started_at=long_ago)
    with mock.patch("thscp.reports.services.enqueue_render") as enqueue:
        assert sweep_report_renders.delay().get()["requeued_stale"] == 1
    assert ReportRender.objects.get().status == ReportRender.Status.QUEUED
    enqueue.assert_called_once_with(render.pk)
    ReportRender.objects.filter(pk=render.pk).update(status="rendering", attempts=2, started_at=long_ago)
    assert services.sweep()["failed_stale"] == 1
    render.refresh_from_db()
    assert render.status == ReportRender.Status.FAILED
    assert "interrupted twice" in render.error


def test_the_sweep_hands_renders_the_broker_never_got_to_celery(business_unit):
    render = queue(business_unit)
    ReportRender.objects.filter(pk=render.pk).update(requested_at=timezone.now() - timedelta(minutes=10))
    with mock.patch("thscp.reports.services.enqueue_render") as enqueue:
        assert services.sweep()["queued_again"] == 1
    enqueue.assert_called_once_with(render.pk)


def test_a_render_stays_queued_when_the_broker_is_down(business_unit, django_capture_on_commit_callbacks):
    with (
        mock.patch(
            "thscp.reports.tasks.render_yearly_report.apply_async", side_effect=ConnectionError("down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        render = services.request_render(period=PERIOD, by=business_unit)
    render.refresh_from_db()
    assert render.status == ReportRender.Status.QUEUED


def test_without_a_business_unit_contact_the_render_fails_and_says_what_to_do():
    user = UserFactory(roles=[roles.BUSINESS_UNIT])  # no entry in the contacts directory
    render = queue(user)
    services.run_render(render_id=render.pk)
    render.refresh_from_db()
    assert render.status == ReportRender.Status.FAILED
    assert "Link the business unit's sign-in" in render.error


def test_operators_render_from_the_command_line_without_celery(tmp_path):
    target = tmp_path / "report.pdf"
    with mock.patch("thscp.reports.tasks.render_yearly_report.apply_async") as apply_async:
        call_command("render_yearly_report", "--period", "2025-26", "--output", str(target))
    apply_async.assert_not_called()
    assert target.read_bytes().startswith(b"%PDF")
    assert "Yearly report 2025-26" in "\n".join(pdf_text(target))
    assert not ReportRender.objects.exists()
    assert [path.name for path in tmp_path.iterdir()] == ["report.pdf"]


def test_the_command_refuses_a_period_that_is_not_a_financial_year(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="financial year"):
        call_command("render_yearly_report", "--period", "2025-27", "--output", str(tmp_path / "r.pdf"))
