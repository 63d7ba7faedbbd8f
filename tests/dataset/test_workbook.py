"""The return workbook: what it holds, and every way an upload is refused. A refused
upload lists each problem by sheet, row and column, and saves nothing."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from dataset import services
from dataset.models import Indicator, QuarterlyReturn, ReturnValue
from dataset.workbook import MAX_UPLOAD_BYTES, return_workbook
from tests.dataset.factories import IndicatorFactory, QuarterlyReturnFactory
from tests.governance.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    found = QuarterlyReturnFactory(status=QuarterlyReturn.Status.NOT_STARTED)
    IndicatorFactory(code="PCT", agency=found.agency, unit=Indicator.Unit.PERCENTAGE, display_order=1)
    IndicatorFactory(
        code="COUNT", agency=found.agency, unit=Indicator.Unit.COUNT, target=None, display_order=2
    )
    IndicatorFactory(
        code="RATIO",
        agency=found.agency,
        unit=Indicator.Unit.PERCENTAGE,
        numerator_definition="Visits within 14 days",
        denominator_definition="Births",
        display_order=3,
    )
    return found


def book_for(found):
    from dataset.selectors import indicators_for_return

    return load_workbook(
        io.BytesIO(return_workbook(quarterly_return=found, indicators=indicators_for_return(found)))
    )


def upload(book, name="return.xlsx") -> SimpleUploadedFile:
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def filled(found, **cells):
    book = book_for(found)
    sheet = book["Return"]
    defaults = {"D6": 91.5, "D7": 120, "E8": 45, "F8": 50}
    for cell, value in {**defaults, **cells}.items():
        sheet[cell] = value
    return book


def refused(found, file) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        services.upload_workbook(quarterly_return=found, upload=file, by=UserFactory())
    assert not ReturnValue.objects.filter(quarterly_return=found).exists()
    return caught.value.message_dict["workbook"]


def test_the_workbook_locks_its_labels_and_opens_only_the_input_cells(draft):
    sheet = book_for(draft)["Return"]
    assert sheet.protection.sheet
    assert sheet["A6"].value == "PCT" and sheet["A6"].protection.locked
    assert not sheet["D6"].protection.locked
    assert not sheet["G6"].protection.locked
    # A rate from a numerator and a denominator asks for those, not the figure.
    assert sheet["D8"].protection.locked and not sheet["E8"].protection.locked


def test_the_workbook_validates_input_cells_and_carries_the_definitions(draft):
    book = book_for(draft)
    rules = {
        str(v.sqref): (v.type, v.formula1, v.formula2) for v in book["Return"].data_validations.dataValidation
    }
    assert ("decimal", "0", "100") in rules.values()
    assert ("whole", "0", None) in rules.values()
    definitions = book["Definitions"]
    assert definitions["A2"].value == "PCT" and definitions["C2"].value == "What is counted in the quarter."
    assert book["About this workbook"].sheet_state == "hidden"


def test_a_good_upload_fills_the_draft(draft):
    services.upload_workbook(quarterly_return=draft, upload=upload(filled(draft)), by=UserFactory())
    values = {v.indicator.code: v for v in ReturnValue.objects.filter(quarterly_return=draft)}
    assert values["PCT"].value == Decimal("91.5")
    assert values["COUNT"].value == 120
    assert values["RATIO"].value == 90  # 45 of 50, worked out by the product
    draft.refresh_from_db()
    assert draft.status == QuarterlyReturn.Status.DRAFT


def test_text_where_a_number_belongs_is_refused_by_cell(draft):
    problems = refused(draft, upload(filled(draft, D7="about 120")))
    assert problems == ["Return sheet, row 7, column D (Figure): enter a number for COUNT, not text"]


def test_a_percentage_over_100_is_refused_by_cell(draft):
    problems = refused(draft, upload(filled(draft, D6=104)))
    assert problems == ["Return sheet, row 6, column D (Figure): The percentage for PCT must be 100 or less"]


def test_a_negative_count_is_refused_by_cell(draft):
    problems = refused(draft, upload(filled(draft, D7=-3)))
    assert problems == ["Return sheet, row 7, column D (Figure): The count for COUNT cannot be negative"]


def test_a_numerator_over_its_denominator_is_refused_by_cell(draft):
    problems = refused(draft, upload(filled(draft, E8=60)))
    assert problems == [
        "Return sheet, row 8, column E (Numerator): "
        "The numerator for RATIO cannot be more than its denominator"
    ]


def test_every_problem_is_listed_at_once(draft):
    problems = refused(draft, upload(filled(draft, D6=104, D7=-3)))
    assert len(problems) == 2


def test_a_workbook_for_another_agency_is_refused(draft):
    other = QuarterlyReturnFactory(year=draft.year, quarter=draft.quarter)
    IndicatorFactory(code="PCT2", agency=other.agency)
    problems = refused(draft, upload(book_for(other)))
    assert problems[0].startswith("The workbook is for another agency")


def test_a_workbook_for_another_quarter_is_refused(draft):
    earlier = QuarterlyReturnFactory(agency=draft.agency, year=draft.year, quarter=draft.quarter - 1)
    problems = refused(draft, upload(filled(earlier)))
    assert problems == [
        f"The workbook is for Q1 2025-26, not {draft.period.label}: download the workbook from this return"
    ]


def test_a_random_workbook_is_not_ours(draft):
    book = Workbook()
    book.active["A1"] = "Budget 2025"
    problems = refused(draft, upload(book))
    assert problems[0].startswith("The selected file is not the workbook from this service")


def test_a_csv_renamed_to_xlsx_is_refused(draft):
    problems = refused(draft, SimpleUploadedFile("return.xlsx", b"Code,Figure\nPCT,91\n"))
    assert problems[0].startswith("The selected file must be an Excel workbook (.xlsx)")


def test_a_zip_that_is_not_a_workbook_is_refused(draft):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    problems = refused(draft, SimpleUploadedFile("return.xlsx", output.getvalue()))
    assert problems[0].startswith("The selected file must be an Excel workbook (.xlsx)")


def test_an_empty_file_is_refused(draft):
    assert refused(draft, SimpleUploadedFile("return.xlsx", b"")) == ["The selected file is empty"]


def test_a_20_mb_file_is_refused_before_it_is_read(draft):
    big = SimpleUploadedFile("return.xlsx", b"\0" * (20 * 1024 * 1024))
    assert big.size > MAX_UPLOAD_BYTES
    assert refused(draft, big) == ["The selected file must be smaller than 5 MB"]


def test_an_unknown_code_is_refused_by_cell(draft):
    problems = refused(draft, upload(filled(draft, A7="NOT-OURS")))
    assert problems == [
        "Return sheet, row 7, column A (Code): NOT-OURS is not one of this return's indicators"
    ]


def test_a_figure_given_for_a_rate_instead_of_its_parts_is_refused(draft):
    problems = refused(draft, upload(filled(draft, D8=90)))
    assert "leave the figure for RATIO blank" in problems[0]


def test_an_upload_with_no_figures_is_refused(draft):
    assert refused(draft, upload(book_for(draft)))[0].startswith("The workbook has no figures in it")


def test_an_accepted_return_takes_no_upload(draft):
    draft.status = QuarterlyReturn.Status.ACCEPTED
    draft.save()
    with pytest.raises(ValidationError, match="cannot be changed now"):
        services.upload_workbook(quarterly_return=draft, upload=upload(filled(draft)), by=UserFactory())


def test_a_percentage_typed_with_a_per_cent_sign_in_excel_is_read_as_excel_shows_it(draft):
    # Typing "91.5%" into a cell, Excel stores 0.915 and shows it with a percentage format.
    book = filled(draft, D6=0.915)
    book["Return"]["D6"].number_format = "0.0%"
    services.upload_workbook(quarterly_return=draft, upload=upload(book), by=UserFactory())
    assert ReturnValue.objects.get(indicator__code="PCT").value == Decimal("91.5")


def test_a_percentage_typed_as_text_with_a_per_cent_sign_is_read(draft):
    services.upload_workbook(
        quarterly_return=draft, upload=upload(filled(draft, D6="91.5%")), by=UserFactory()
    )
    assert ReturnValue.objects.get(indicator__code="PCT").value == Decimal("91.5")


def test_a_per_cent_sign_in_quotes_in_the_cells_format_is_only_text(draft):
    book = filled(draft, D6=91.5)
    book["Return"]["D6"].number_format = '0.0"%"'
    services.upload_workbook(quarterly_return=draft, upload=upload(book), by=UserFactory())
    assert ReturnValue.objects.get(indicator__code="PCT").value == Decimal("91.5")


def test_a_count_typed_with_a_per_cent_sign_is_refused(draft):
    assert refused(draft, upload(filled(draft, D7="120%"))) == [
        "Return sheet, row 7, column D (Figure): enter a number for COUNT, not text"
    ]


def test_a_count_typed_with_thousands_commas_as_text_is_read(draft):
    services.upload_workbook(
        quarterly_return=draft, upload=upload(filled(draft, D7="1,204")), by=UserFactory()
    )
    assert ReturnValue.objects.get(indicator__code="COUNT").value == 1204
