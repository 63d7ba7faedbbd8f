import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.periods import FinancialYear
from thscp.reports.services import render_period_to_file


class Command(BaseCommand):
    help = (
        "Render the yearly report for a financial year to a PDF file, here and now (no Celery). "
        "The file is not stored as a document version: render in the product for sign-off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The financial year, for example 2025-26.")
        parser.add_argument("--output", required=True, help="Where to write the PDF, for example report.pdf.")

    def handle(self, *args, period, output, **options):
        try:
            report_period = FinancialYear.parse(period)
        except ValueError as error:
            raise CommandError(str(error)) from error
        target = Path(output).resolve()
        if not target.parent.is_dir():
            raise CommandError(f"There is no folder {target.parent} to write the PDF to.")
        # Written beside the target and renamed when complete: never a half-written file.
        handle, partial = tempfile.mkstemp(prefix=".render-", suffix=".pdf.part", dir=target.parent)
        os.close(handle)
        try:
            pages = render_period_to_file(period=report_period, target=Path(partial))
            os.replace(partial, target)
        finally:
            Path(partial).unlink(missing_ok=True)
        self.stdout.write(
            self.style.SUCCESS(f"Yearly report {report_period.label}: {pages} pages written to {target}")
        )
