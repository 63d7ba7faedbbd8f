import statistics
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.periods import FinancialYear
from thscp.reports import pdf
from thscp.reports.services import report_sections


class Command(BaseCommand):
    help = (
        "Render the yearly report several times and print how long it takes and how many pages it "
        "has. Run `manage.py seed_demo` first to measure the demo report. A benchmark, not a test."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", default="2025-26", help="The financial year (default 2025-26).")
        parser.add_argument("--runs", type=int, default=5, help="How many renders to time (default 5).")

    def handle(self, *args, period, runs, **options):
        try:
            report_period = FinancialYear.parse(period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if runs < 1:
            raise CommandError("--runs must be at least 1")
        assemble_times, pdf_times, pages = [], [], 0
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "report.pdf"
            for run in range(runs + 1):
                started = time.perf_counter()
                html = pdf.report_html(period=report_period, sections=report_sections(report_period))
                assembled = time.perf_counter()
                pages = pdf.write_pdf(html=html, target=target)
                finished = time.perf_counter()
                if run == 0:
                    continue  # a warm-up: fonts and templates load once per worker
                assemble_times.append(assembled - started)
                pdf_times.append(finished - assembled)
            size = target.stat().st_size
        totals = [a + b for a, b in zip(assemble_times, pdf_times, strict=True)]
        self.stdout.write(f"Yearly report {report_period.label}: {pages} pages, {size / 1024:.0f} KiB")
        self.stdout.write(
            f"{runs} runs after one warm-up: median {statistics.median(totals):.2f} s "
            f"(assembling sections {statistics.median(assemble_times):.2f} s, "
            f"WeasyPrint {statistics.median(pdf_times):.2f} s); "
            f"fastest {min(totals):.2f} s, slowest {max(totals):.2f} s"
        )
