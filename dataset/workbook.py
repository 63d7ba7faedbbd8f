"""The Excel workbooks: the return an agency fills in offline, and the quarterly summary.

The return workbook has the agency's indicators on a protected sheet (labels locked,
input cells open, with data validation), the definitions on a second sheet, and a
hidden sheet that says which agency and quarter it is for. An upload is checked cell by
cell against the same rules as the web form (validation.py); every problem is listed by
sheet, row and column, and nothing from a file with a problem is saved.
"""

import io
import re
import zipfile
from decimal import Decimal

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from .models import Indicator, QuarterlyReturn
from .validation import Figure, figure_problems, parse_number

TEMPLATE_MARK = "partnership-hub:dataset-return"
TEMPLATE_VERSION = "1"
RETURN_SHEET = "Return"
DEFINITIONS_SHEET = "Definitions"
ABOUT_SHEET = "About this workbook"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
COLUMNS = ["Code", "Indicator", "Unit", "Figure", "Numerator", "Denominator", "Comment"]
CODE, TITLE, UNIT, VALUE, NUMERATOR, DENOMINATOR, COMMENT = range(1, 8)
COLUMN_FOR_PART = {"value": VALUE, "numerator": NUMERATOR, "denominator": DENOMINATOR}
INPUT_FILL = PatternFill("solid", fgColor="FFF7BF")
NOT_OUR_TEMPLATE = (
    "The selected file is not the workbook from this service: download the workbook for this return, "
    "fill it in and upload that"
)


def shown_as_percentage(number_format: str | None) -> bool:
    """Does Excel show the cell as a percentage (a '%' in its number format that is
    not quoted text)?"""
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in unquoted


def _cell_name(column: int) -> str:
    return f"column {get_column_letter(column)} ({COLUMNS[column - 1]})"


def return_workbook(*, quarterly_return: QuarterlyReturn, indicators: list[Indicator]) -> bytes:
    """The workbook for one agency's return, with any figures already in the draft."""
    values = {value.indicator_id: value for value in quarterly_return.values.all()}
    book = Workbook()
    sheet = book.active
    sheet.title = RETURN_SHEET
    period = quarterly_return.period
    sheet["A1"] = "Quarterly multi-agency dataset return"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"], sheet["B2"] = "Agency", quarterly_return.agency.name
    sheet["A3"], sheet["B3"] = "Quarter", f"{period.label} ({period.long_label})"
    sheet["A4"] = (
        "Fill in the yellow cells only. For an indicator with a numerator and a denominator, "
        "give both: the service works out the rate. The definitions are on the next sheet."
    )
    for column, heading in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=heading)
        cell.font = Font(bold=True)
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    whole.error, whole.errorTitle = "Enter a whole number, 0 or more", "Not a count"
    percentage = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
    )
    percentage.error, percentage.errorTitle = "Enter a percentage from 0 to 100", "Not a percentage"
    rate = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="10000", allow_blank=True
    )
    rate.error, rate.errorTitle = "Enter a rate from 0 to 10,000", "Not a rate"
    for validation in (whole, percentage, rate):
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    for offset, indicator in enumerate(indicators):
        row = FIRST_ROW + offset
        value = values.get(indicator.pk)
        sheet.cell(row=row, column=CODE, value=indicator.code)
        sheet.cell(row=row, column=TITLE, value=indicator.title)
        sheet.cell(row=row, column=UNIT, value=indicator.get_unit_display())
        if indicator.has_numerator:
            inputs = {
                NUMERATOR: value.numerator if value else None,
                DENOMINATOR: value.denominator if value else None,
            }
            for column in inputs:
                whole.add(sheet.cell(row=row, column=column))
        else:
            inputs = {VALUE: value.value if value else None}
            {Indicator.Unit.COUNT: whole, Indicator.Unit.PERCENTAGE: percentage, Indicator.Unit.RATE: rate}[
                indicator.unit
            ].add(sheet.cell(row=row, column=VALUE))
        inputs[COMMENT] = value.comment if value else ""
        for column, current in inputs.items():
            cell = sheet.cell(
                row=row, column=column, value=float(current) if isinstance(current, Decimal) else current
            )
            cell.protection = Protection(locked=False)
            cell.fill = INPUT_FILL
    for column, width in zip(range(1, 8), (10, 50, 24, 12, 12, 13, 50), strict=True):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False

    definitions = book.create_sheet(DEFINITIONS_SHEET)
    for column, heading in enumerate(
        ["Code", "Indicator", "Definition", "Numerator", "Denominator", "Unit", "Better when", "Target"],
        start=1,
    ):
        definitions.cell(row=1, column=column, value=heading).font = Font(bold=True)
    for row, indicator in enumerate(indicators, start=2):
        for column, text in enumerate(
            [
                indicator.code,
                indicator.title,
                indicator.definition,
                indicator.numerator_definition,
                indicator.denominator_definition,
                indicator.get_unit_display(),
                indicator.get_polarity_display(),
                indicator.shown(indicator.target) if indicator.target is not None else "",
            ],
            start=1,
        ):
            definitions.cell(row=row, column=column, value=text)
    definitions.protection.sheet = True

    about = book.create_sheet(ABOUT_SHEET)
    about["A1"], about["B1"] = "Template", TEMPLATE_MARK
    about["A2"], about["B2"] = "Version", TEMPLATE_VERSION
    about["A3"], about["B3"] = "Agency", str(quarterly_return.agency_id)
    about["A4"], about["B4"] = "Quarter", period.label
    about.sheet_state = "hidden"
    about.protection.sheet = True

    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def read_return_workbook(upload, *, quarterly_return: QuarterlyReturn, indicators: list[Indicator]) -> dict:
    """The figures in an uploaded return workbook, by indicator id. Raises a
    ValidationError listing every problem (under 'workbook') if there is any."""

    def refuse(*messages):
        raise ValidationError({"workbook": list(messages)})

    size = getattr(upload, "size", None)
    if not size:
        refuse("The selected file is empty")
    if size > MAX_UPLOAD_BYTES:
        refuse("The selected file must be smaller than 5 MB")
    data = upload.read()
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError, IndexError):
        refuse(
            "The selected file must be an Excel workbook (.xlsx): "
            "download the workbook for this return, fill it in and upload that"
        )
    if ABOUT_SHEET not in book.sheetnames or RETURN_SHEET not in book.sheetnames:
        refuse(NOT_OUR_TEMPLATE)
    about = book[ABOUT_SHEET]
    if str(about["B1"].value) != TEMPLATE_MARK or str(about["B2"].value) != TEMPLATE_VERSION:
        refuse(NOT_OUR_TEMPLATE)
    problems = []
    if str(about["B3"].value) != str(quarterly_return.agency_id):
        problems.append(
            f"The workbook is for another agency, not {quarterly_return.agency.name}: "
            "download the workbook from this return"
        )
    period = quarterly_return.period
    if str(about["B4"].value) != period.label:
        problems.append(
            f"The workbook is for {str(about['B4'].value)[:20]}, not {period.label}: "
            "download the workbook from this return"
        )
    if problems:
        refuse(*problems)

    sheet = book[RETURN_SHEET]
    if sheet.max_row > MAX_ROWS:
        refuse(
            f"The {RETURN_SHEET} sheet has more than {MAX_ROWS} rows: "
            + NOT_OUR_TEMPLATE[0].lower()
            + NOT_OUR_TEMPLATE[1:]
        )
    by_code = {indicator.code: indicator for indicator in indicators}
    figures: dict[int, Figure] = {}
    seen: set[str] = set()
    for row in sheet.iter_rows(min_row=FIRST_ROW, max_col=COMMENT):
        cells = {cell.column: cell.value for cell in row}
        formats = {cell.column: cell.number_format for cell in row}
        row_number = row[0].row
        where = f"{RETURN_SHEET} sheet, row {row_number}"
        code = cells.get(CODE)
        if code is None or str(code).strip() == "":
            if any(
                cells.get(column) not in (None, "") for column in (VALUE, NUMERATOR, DENOMINATOR, COMMENT)
            ):
                problems.append(f"{where}, {_cell_name(CODE)}: the indicator's code is missing")
            continue
        code = str(code).strip()
        indicator = by_code.get(code)
        if indicator is None:
            problems.append(
                f"{where}, {_cell_name(CODE)}: {code[:20]} is not one of this return's indicators"
            )
            continue
        if code in seen:
            problems.append(f"{where}, {_cell_name(CODE)}: {code} appears twice")
            continue
        seen.add(code)
        numbers = {}
        row_ok = True
        for part, column in COLUMN_FOR_PART.items():
            percentage = part == "value" and indicator.unit == Indicator.Unit.PERCENTAGE
            try:
                numbers[part] = parse_number(cells.get(column), percentage=percentage)
                if (
                    percentage
                    and isinstance(cells.get(column), int | float)
                    and shown_as_percentage(formats.get(column))
                ):
                    # Typed as '88%', Excel keeps 0.88 and shows it as 88%: take what it shows.
                    numbers[part] *= 100
            except ValueError:
                problems.append(f"{where}, {_cell_name(column)}: enter a number for {code}, not text")
                row_ok = False
        if not row_ok:
            continue
        comment = cells.get(COMMENT)
        figure = Figure(
            value=None if indicator.has_numerator else numbers["value"],
            numerator=numbers["numerator"] if indicator.has_numerator else None,
            denominator=numbers["denominator"] if indicator.has_numerator else None,
            comment="" if comment is None else str(comment)[:2000],
        )
        if indicator.has_numerator and numbers["value"] is not None:
            problems.append(
                f"{where}, {_cell_name(VALUE)}: leave the figure for {code} blank "
                "and give its numerator and denominator"
            )
            continue
        if not indicator.has_numerator and (
            numbers["numerator"] is not None or numbers["denominator"] is not None
        ):
            problems.append(
                f"{where}, {_cell_name(NUMERATOR)}: {code} takes a figure, not a numerator and denominator"
            )
            continue
        for part, message in figure_problems(indicator, figure).items():
            problems.append(f"{where}, {_cell_name(COLUMN_FOR_PART[part])}: {message}")
        figures[indicator.pk] = figure
    if problems:
        refuse(*problems)
    if not any(not figure.is_blank or figure.comment.strip() for figure in figures.values()):
        refuse("The workbook has no figures in it: fill in the yellow cells and upload it again")
    return figures


def summary_workbook(*, title: str, header: list[str], rows: list[list]) -> bytes:
    """The quarterly summary as a plain workbook."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Summary"
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    for column, heading in enumerate(header, start=1):
        sheet.cell(row=3, column=column, value=heading).font = Font(bold=True)
    for row_number, row in enumerate(rows, start=4):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
                value = "'" + value  # never a formula from typed text
            sheet.cell(
                row=row_number, column=column, value=float(value) if isinstance(value, Decimal) else value
            )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
