"""The yearly report's pages are valid HTML (issue 16: a figcaption inside a div on every
preview). Checked with report_helpers.html_errors, the validator's rules a template can
break; the first tests show the check finds each kind of mistake."""

from datetime import date

import pytest
from django.urls import reverse

from governance import roles
from tests.reviews.factories import RapidReviewFactory, SeriousIncidentFactory
from tests.thscp.report_helpers import PERIOD, covered_report, html_errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fragment", "error"),
    [
        (
            "<figure><div><svg></svg><figcaption>A</figcaption></div><table></table></figure>",
            "<figcaption> inside <div>",
        ),
        ("<figure><figcaption>A</figcaption><p>B</p><div>C</div></figure>", None),
        ("<figure><p>B</p><figcaption>A</figcaption><div>C</div></figure>", "not the first or last child"),
        ("<p>Intro <ul><li>item</li></ul></p>", "<ul> inside <p>"),
        ("<span><div>block</div></span>", "<div> inside <span>"),
        ("<ul><p>not an item</p></ul>", "<p> directly inside <ul>"),
        ("<div><li>orphan</li></div>", "<li> inside <div>"),
        ('<p id="a">1</p><p id="a">2</p>', 'id="a" is used 2 times'),
        ('<svg aria-labelledby="missing"></svg>', 'aria-labelledby="missing" names no element'),
        ("<div><span></div></span>", "does not close"),
        ('<a href="#"><button>x</button></a>', "<button> inside a link or button"),
    ],
)
def test_the_html_check_finds_what_the_validator_would(fragment, error):
    found = html_errors(fragment)
    if error is None:
        assert found == []
    else:
        assert any(error in message for message in found), found


def test_the_report_preview_with_its_charts_is_valid_html(signed_in_client):
    client, by = signed_in_client(roles.BUSINESS_UNIT)
    covered_report(by)
    incident = SeriousIncidentFactory(aware_on=date(2025, 9, 1), notified_on=date(2025, 9, 3))
    RapidReviewFactory(incident=incident, opened_on=date(2025, 9, 3), sent_to_panel_on=date(2025, 9, 20))

    page = client.get(reverse("reports:report", args=[PERIOD.start_year])).content.decode()

    assert "<figure" in page and "<figcaption" in page  # the charts are there to check
    assert html_errors(page) == []


@pytest.mark.parametrize("name", ["reports:checklist", "reports:review", "reports:achievements"])
def test_the_report_s_working_pages_are_valid_html(signed_in_client, name):
    client, by = signed_in_client(roles.BUSINESS_UNIT)
    covered_report(by)

    page = client.get(reverse(name, args=[PERIOD.start_year])).content.decode()

    assert html_errors(page) == []
