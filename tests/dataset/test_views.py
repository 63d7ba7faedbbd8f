"""The dataset's pages: what each role sees, the error summary, and the same rule for
a figure on every view (the return page, History, the dashboard, CSV and Excel)."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dataset.models import Indicator, QuarterlyReturn, ReturnValue
from dataset.selectors import collection_period
from dataset.workbook import return_workbook
from governance import roles
from governance.templatetags.governance_tags import history_url
from tests.dataset.factories import IndicatorFactory, QuarterlyReturnFactory, ReturnValueFactory
from tests.governance.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    from django.utils import timezone

    return collection_period(timezone.localdate())


@pytest.fixture
def data_lead(make_user):
    """An agency data lead who works for an agency that supplies an indicator."""
    user = make_user(roles.AGENCY_DATA_LEAD)
    person = PersonFactory(user=user, full_name=user.full_name)
    IndicatorFactory(agency=person.agency, code="OWN-1", unit=Indicator.Unit.PERCENTAGE)
    return user


def return_of(agency, period, **fields):
    return QuarterlyReturnFactory(agency=agency, year=period.year.start_year, quarter=period.number, **fields)


def test_a_data_lead_sees_only_their_own_agencys_returns(client, data_lead, period):
    own = return_of(data_lead.person.agency, period)
    other = return_of(IndicatorFactory(code="OTHER-1").agency, period)
    client.force_login(data_lead)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    listing = client.get(reverse("dataset:return_list")).content.decode()
    assert data_lead.person.agency.name in listing and other.agency.name not in listing
    dashboard = client.get(reverse("dataset:index")).content.decode()
    assert "OWN-1" in dashboard and "OTHER-1" not in dashboard


def test_a_data_lead_cannot_start_another_agencys_return(client, data_lead, period):
    other = IndicatorFactory(code="OTHER-1")
    client.force_login(data_lead)
    url = reverse("dataset:return_for_period", args=[other.agency_id, period.year.start_year, period.number])
    assert client.post(url).status_code == 404
    assert not QuarterlyReturn.objects.exists()


def test_a_data_lead_starts_and_fills_their_return_with_the_form(client, data_lead, period):
    client.force_login(data_lead)
    agency = data_lead.person.agency
    url = reverse("dataset:return_for_period", args=[agency.pk, period.year.start_year, period.number])
    response = client.post(url)
    found = QuarterlyReturn.objects.get(agency=agency)
    assert response.url == reverse("dataset:return_figures", args=[found.pk])
    indicator = Indicator.objects.get(code="OWN-1")
    response = client.post(response.url, {f"value_{indicator.pk}": "140", f"comment_{indicator.pk}": ""})
    page = response.content.decode()
    assert "There is a problem" in page and "The percentage for OWN-1 must be 100 or less" in page
    assert not ReturnValue.objects.exists()
    response = client.post(
        reverse("dataset:return_figures", args=[found.pk]), {f"value_{indicator.pk}": "abc"}
    )
    assert "Enter the figure for OWN-1 as a number" in response.content.decode()
    client.post(reverse("dataset:return_figures", args=[found.pk]), {f"value_{indicator.pk}": "87.5"})
    assert found.values.get().value == Decimal("87.5")


def test_a_bad_upload_shows_each_problem_in_the_error_summary(client, data_lead, period):
    found = return_of(data_lead.person.agency, period)
    book = load_workbook(
        io.BytesIO(return_workbook(quarterly_return=found, indicators=[Indicator.objects.get()]))
    )
    book["Return"]["D6"] = 104
    output = io.BytesIO()
    book.save(output)
    client.force_login(data_lead)
    response = client.post(
        reverse("dataset:return_upload", args=[found.pk]),
        {"workbook": SimpleUploadedFile("return.xlsx", output.getvalue())},
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Return sheet, row 6, column D (Figure): The percentage for OWN-1 must be 100 or less" in page
    assert not ReturnValue.objects.exists()


def test_the_submit_page_lists_what_stops_submission(client, data_lead, period):
    found = return_of(data_lead.person.agency, period)
    client.force_login(data_lead)
    page = client.post(reverse("dataset:return_submit", args=[found.pk])).content.decode()
    assert "Enter the figure for OWN-1, or a comment saying why there is none" in page
    found.refresh_from_db()
    assert found.status == QuarterlyReturn.Status.DRAFT


def test_a_figure_not_yet_accepted_is_hidden_from_readers_on_every_view(client, make_user, period):
    value = ReturnValueFactory(
        quarterly_return__status=QuarterlyReturn.Status.SUBMITTED,
        quarterly_return__year=period.year.start_year,
        quarterly_return__quarter=period.number,
        value=Decimal("61.25"),
        comment="Private draft note",
    )
    value.value, value.comment = Decimal("62.75"), "Second private note"
    value.save()  # History has a change to show (or hide)
    client.force_login(make_user(roles.EXECUTIVE_MEMBER))
    detail = client.get(value.quarterly_return.get_absolute_url()).content.decode()
    assert "Not yet accepted" in detail and "61.2" not in detail and "Private draft note" not in detail
    history = client.get(history_url(value)).content.decode()
    assert "62.75" not in history and "61.25" not in history and "Second private note" not in history
    dashboard = client.get(reverse("dataset:index")).content.decode()
    assert "61.2" not in dashboard
    exported = client.get(reverse("dataset:summary_csv")).content.decode()
    assert "61.25" not in exported


def test_an_accepted_figure_is_shown_to_readers_in_the_dashboard_and_the_csv(client, make_user, period):
    value = ReturnValueFactory(
        quarterly_return__status=QuarterlyReturn.Status.ACCEPTED,
        quarterly_return__year=period.year.start_year,
        quarterly_return__quarter=period.number,
        status=ReturnValue.Status.ACCEPTED,
        value=Decimal("61.25"),
        indicator__code="SHOWN-1",
    )
    value.comment = "Checked with the team"
    value.save()
    client.force_login(make_user(roles.INDEPENDENT_SCRUTINEER))
    assert "61.3%" in client.get(reverse("dataset:index")).content.decode()
    rows = list(csv.reader(io.StringIO(client.get(reverse("dataset:summary_csv")).content.decode())))
    assert rows[1][0] == "SHOWN-1" and rows[1][rows[0].index(period.label)] == "61.2500"
    assert "Checked with the team" in client.get(history_url(value)).content.decode()


def test_the_csv_applies_the_data_leads_scope(client, data_lead, period):
    ReturnValueFactory(
        quarterly_return__status=QuarterlyReturn.Status.ACCEPTED,
        quarterly_return__year=period.year.start_year,
        quarterly_return__quarter=period.number,
        status=ReturnValue.Status.ACCEPTED,
        indicator__code="OTHER-9",
    )
    client.force_login(data_lead)
    exported = client.get(reverse("dataset:summary_csv")).content.decode()
    assert "OWN-1" in exported and "OTHER-9" not in exported
    workbook = load_workbook(io.BytesIO(client.get(reverse("dataset:summary_xlsx")).content))
    codes = [row[0].value for row in workbook["Summary"].iter_rows(min_row=4)]
    assert codes == ["OWN-1"]


def test_the_csv_never_starts_a_cell_with_a_formula(client, make_user):
    IndicatorFactory(code="F1", title='=HYPERLINK("http://evil")')
    client.force_login(make_user(roles.BUSINESS_UNIT))
    rows = list(csv.reader(io.StringIO(client.get(reverse("dataset:summary_csv")).content.decode())))
    assert rows[1][1].startswith("'=")


def test_user_text_is_escaped_on_the_dashboard_and_return(client, make_user, period):
    value = ReturnValueFactory(
        quarterly_return__status=QuarterlyReturn.Status.ACCEPTED,
        quarterly_return__year=period.year.start_year,
        quarterly_return__quarter=period.number,
        status=ReturnValue.Status.ACCEPTED,
        indicator__title="<script>alert(1)</script>",
        comment="<b>bold</b>",
    )
    client.force_login(make_user(roles.BUSINESS_UNIT))
    for url in (
        reverse("dataset:index"),
        value.quarterly_return.get_absolute_url(),
        reverse("dataset:summary"),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page


def test_the_dashboard_shows_which_agencies_are_late(client, make_user):
    late = IndicatorFactory(code="LATE-1")
    client.force_login(make_user(roles.BUSINESS_UNIT))
    page = client.get(reverse("dataset:index") + "?period=Q2 2025-26").content.decode()
    assert late.agency.name in page and "Late" in page and "Not started" in page


def test_the_business_unit_returns_a_figure_and_accepts_the_rest(client, make_user):
    found = QuarterlyReturnFactory(status=QuarterlyReturn.Status.SUBMITTED)
    wrong = ReturnValueFactory(quarterly_return=found)
    right = ReturnValueFactory(quarterly_return=found)
    client.force_login(make_user(roles.BUSINESS_UNIT))
    client.post(reverse("dataset:value_send_back", args=[wrong.pk]), {"reason": "Check the count."})
    client.post(reverse("dataset:return_accept", args=[found.pk]))
    right.refresh_from_db()
    found.refresh_from_db()
    assert right.status == ReturnValue.Status.ACCEPTED
    assert found.status == QuarterlyReturn.Status.RETURNED
    assert "Check the count." in client.get(found.get_absolute_url()).content.decode()


def test_a_reason_is_asked_for_in_plain_words(client, make_user):
    value = ReturnValueFactory(quarterly_return__status=QuarterlyReturn.Status.SUBMITTED)
    client.force_login(make_user(roles.BUSINESS_UNIT))
    page = client.post(reverse("dataset:value_send_back", args=[value.pk]), {"reason": ""}).content.decode()
    assert "Enter why the figure is being returned" in page


def test_changing_an_indicators_definition_says_a_new_version_started(client, make_user):
    value = ReturnValueFactory()
    indicator = value.indicator
    client.force_login(make_user(roles.BUSINESS_UNIT))
    page = client.get(reverse("dataset:indicator_edit", args=[indicator.pk]))
    assert page.status_code == 200
    data = {
        "title": indicator.title,
        "definition": "A new definition.",
        "numerator_definition": "",
        "denominator_definition": "",
        "agency": str(indicator.agency_id),
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "theme": indicator.theme,
        "target": "90",
        "amber_tolerance": "5",
        "change_needing_comment": "20",
        "display_order": "100",
    }
    response = client.post(reverse("dataset:indicator_edit", args=[indicator.pk]), data, follow=True)
    assert "version 2 was started" in response.content.decode()
    assert Indicator.objects.filter(code=indicator.code).count() == 2


def test_an_indicator_page_dates_are_uk_style(client, make_user):
    indicator = IndicatorFactory(retired_on=date(2026, 3, 5), retirement_reason="Stopped.")
    client.force_login(make_user(roles.BUSINESS_UNIT))
    assert "5 March 2026" in client.get(indicator.get_absolute_url()).content.decode()


def test_an_action_can_be_raised_from_an_indicator(client, make_user):
    indicator = IndicatorFactory(code="MASH-1WD", title="MASH decisions within 1 working day")
    client.force_login(make_user(roles.BUSINESS_UNIT))
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Raise an action for this indicator" in page
    form = client.get(reverse("governance:action_create") + f"?source=indicator:{indicator.pk}")
    assert form.status_code == 200
    assert "Improve MASH-1WD: MASH decisions within 1 working day" in form.content.decode()


def test_the_form_takes_figures_written_with_commas_and_a_per_cent_sign(client, data_lead, period):
    found = return_of(data_lead.person.agency, period)
    count = IndicatorFactory(
        agency=found.agency, code="OWN-COUNT", unit=Indicator.Unit.COUNT, target=None, display_order=200
    )
    percentage = Indicator.objects.get(code="OWN-1")
    client.force_login(data_lead)
    client.post(
        reverse("dataset:return_figures", args=[found.pk]),
        {f"value_{percentage.pk}": "87.5%", f"value_{count.pk}": "1,204"},
    )
    assert found.values.get(indicator=percentage).value == Decimal("87.5")
    assert found.values.get(indicator=count).value == 1204


def test_a_per_cent_sign_on_a_count_is_refused_on_the_form(client, data_lead, period):
    found = return_of(data_lead.person.agency, period)
    count = IndicatorFactory(agency=found.agency, code="OWN-COUNT", unit=Indicator.Unit.COUNT, target=None)
    client.force_login(data_lead)
    page = client.post(reverse("dataset:return_figures", args=[found.pk]), {f"value_{count.pk}": "12%"})
    assert "Enter the figure for OWN-COUNT as a number" in page.content.decode()
    assert not found.values.exists()


def test_the_figures_page_offers_the_workbook_instead(client, data_lead, period):
    found = return_of(data_lead.person.agency, period)
    client.force_login(data_lead)
    page = client.get(reverse("dataset:return_figures", args=[found.pk])).content.decode()
    assert reverse("dataset:return_workbook", args=[found.pk]) in page
    assert reverse("dataset:return_upload", args=[found.pk]) in page


def test_the_workbook_is_named_for_the_agency_and_quarter(client, data_lead, period):
    found = return_of(data_lead.person.agency, period)
    found.agency.name = "Barts Health NHS Trust"
    found.agency.save()
    client.force_login(data_lead)
    response = client.get(reverse("dataset:return_workbook", args=[found.pk]))
    expected = f"dataset-return-barts-health-nhs-trust-{period.label.replace(' ', '-')}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_back_to_the_submit_page_after_submitting_goes_to_the_return(client, data_lead, period):
    found = return_of(data_lead.person.agency, period, status=QuarterlyReturn.Status.SUBMITTED)
    client.force_login(data_lead)
    for send in (client.get, client.post):
        response = send(reverse("dataset:return_submit", args=[found.pk]), follow=True)
        assert response.redirect_chain == [(found.get_absolute_url(), 302)]
        page = response.content.decode()
        assert "This return is submitted already" in page and "There is a problem" not in page


def test_accepting_again_after_everything_was_accepted_goes_to_the_return(client, make_user):
    found = QuarterlyReturnFactory(status=QuarterlyReturn.Status.SUBMITTED)
    ReturnValueFactory(quarterly_return=found)
    client.force_login(make_user(roles.BUSINESS_UNIT))
    client.post(reverse("dataset:return_accept", args=[found.pk]))
    response = client.post(reverse("dataset:return_accept", args=[found.pk]), follow=True)
    assert response.redirect_chain == [(found.get_absolute_url(), 302)]
    assert "No figures of this return are waiting to be accepted" in response.content.decode()


def test_returning_a_figure_twice_says_it_is_already_returned(client, make_user):
    value = ReturnValueFactory(
        quarterly_return__status=QuarterlyReturn.Status.SUBMITTED, indicator__code="TWICE"
    )
    client.force_login(make_user(roles.BUSINESS_UNIT))
    url = reverse("dataset:value_send_back", args=[value.pk])
    client.post(url, {"reason": "Check the count."})
    response = client.post(url, {"reason": "Check the count."}, follow=True)
    assert "TWICE is returned for correction" in response.content.decode()
    value.refresh_from_db()
    assert value.returned_reason == "Check the count."


def test_accept_is_offered_only_while_a_figure_waits(client, make_user):
    found = QuarterlyReturnFactory(status=QuarterlyReturn.Status.SUBMITTED)
    waiting = ReturnValueFactory(quarterly_return=found)
    returned = ReturnValueFactory(quarterly_return=found)
    client.force_login(make_user(roles.BUSINESS_UNIT))
    accept = reverse("dataset:return_accept", args=[found.pk])
    assert accept in client.get(found.get_absolute_url()).content.decode()
    client.post(reverse("dataset:value_send_back", args=[returned.pk]), {"reason": "Check it."})
    client.post(accept)
    waiting.refresh_from_db()
    assert waiting.status == ReturnValue.Status.ACCEPTED
    assert accept not in client.get(found.get_absolute_url()).content.decode()


def test_the_business_unit_reviews_first_and_fills_in_only_on_the_agencys_behalf(client, make_user):
    found = QuarterlyReturnFactory(status=QuarterlyReturn.Status.RETURNED)
    ReturnValueFactory(quarterly_return=found)
    client.force_login(make_user(roles.BUSINESS_UNIT))
    page = client.get(found.get_absolute_url()).content.decode()
    assert page.index("Accept the figures") < page.index("on the agency's behalf")
    assert '<a class="govuk-button" href="' + reverse("dataset:return_submit", args=[found.pk]) not in page


def test_a_return_submitted_after_its_due_date_is_marked_on_the_dashboard(client, make_user, period):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    indicator = IndicatorFactory(code="LATE-SUB")
    found = return_of(indicator.agency, period, status=QuarterlyReturn.Status.ACCEPTED)
    found.submitted_at = timezone.make_aware(datetime.combine(found.due_on + timedelta(days=3), time(10)))
    found.save()
    client.force_login(make_user(roles.INDEPENDENT_SCRUTINEER))
    page = client.get(reverse("dataset:index")).content.decode()
    table = page[page.index('id="completeness"') :]
    row = table[table.index(indicator.agency.name) :]
    assert "Submitted late" in row[: row.index("</tr>")]
    assert "1 submitted after the due date" in page


def test_the_quarterly_summary_shows_each_agencys_return_for_the_quarter(client, make_user, period):
    indicator = IndicatorFactory(code="SUM-1")
    return_of(indicator.agency, period, status=QuarterlyReturn.Status.SUBMITTED)
    client.force_login(make_user(roles.SUB_GROUP_CHAIR))
    page = client.get(reverse("dataset:summary")).content.decode()
    table = page[page.index('id="summary-completeness"') :]
    table = table[: table.index("</table>")]
    assert indicator.agency.name in table and "Submitted" in table


def test_the_figures_page_shows_why_a_figure_was_returned_and_figures_as_typed(client, data_lead, period):
    found = return_of(data_lead.person.agency, period, status=QuarterlyReturn.Status.RETURNED)
    value = ReturnValueFactory(
        quarterly_return=found,
        indicator=Indicator.objects.get(code="OWN-1"),
        value=Decimal("96.7"),
        status=ReturnValue.Status.RETURNED,
        returned_reason="Twice last quarter's figure: please check it.",
    )
    client.force_login(data_lead)
    page = client.get(reverse("dataset:return_figures", args=[found.pk])).content.decode()
    assert "Twice last quarter&#x27;s figure: please check it." in page
    assert 'value="96.7"' in page and "96.7000" not in page
    assert f'aria-describedby="definition-{value.indicator_id} returned-{value.indicator_id}"' in page


def test_the_dashboard_links_an_executive_member_only_to_pages_they_may_open(client, make_user):
    not_started = IndicatorFactory(code="LATE-2")
    started = QuarterlyReturnFactory(status=QuarterlyReturn.Status.SUBMITTED)
    IndicatorFactory(code="DONE-1", agency=started.agency)
    executive = make_user(roles.EXECUTIVE_MEMBER)
    client.force_login(executive)
    query = f"?period={started.period.label}"

    page = client.get(reverse("dataset:index") + query).content.decode()

    start_url = reverse(
        "dataset:return_for_period", args=[not_started.agency.pk, started.year, started.quarter]
    )
    assert not_started.agency.name in page
    assert f'href="{start_url}"' not in page
    assert f'href="{started.get_absolute_url()}"' in page
    answers = {
        href: client.get(href).status_code for href in set(re.findall(r'href="(/dataset/[^"?#]*)', page))
    }
    assert {href: status for href, status in answers.items() if status >= 400} == {}


def test_the_dashboard_links_the_business_unit_to_start_a_return_not_yet_started(client, make_user, period):
    not_started = IndicatorFactory(code="LATE-3")
    client.force_login(make_user(roles.BUSINESS_UNIT))

    page = client.get(reverse("dataset:index")).content.decode()

    start_url = reverse(
        "dataset:return_for_period", args=[not_started.agency.pk, period.year.start_year, period.number]
    )
    assert f'href="{start_url}"' in page
