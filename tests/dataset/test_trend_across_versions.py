"""An indicator's trend and direction of travel run across its versions: a changed
definition starts a new version (so earlier figures keep their meaning), and the trend
joins the versions with the change marked, in the chart, its table, the dashboard, the
indicator's page and the quarterly summary, so that nobody reads the step as a real
change."""

import csv
import html
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dataset import services
from dataset.models import Indicator, QuarterlyReturn, ReturnValue
from dataset.selectors import collection_period, indicator_rows, quarters_ending
from governance import roles
from tests.dataset.factories import IndicatorFactory, QuarterlyReturnFactory, ReturnValueFactory
from tests.governance.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarters():
    """The dashboard's eight quarters, oldest first."""
    return quarters_ending(collection_period(timezone.localdate()), 8)


def accept(indicator, period, value, comment=""):
    found = QuarterlyReturn.objects.filter(
        agency=indicator.agency, year=period.year.start_year, quarter=period.number
    ).first() or QuarterlyReturnFactory(
        agency=indicator.agency,
        year=period.year.start_year,
        quarter=period.number,
        status=QuarterlyReturn.Status.ACCEPTED,
    )
    return ReturnValueFactory(
        quarterly_return=found,
        indicator=indicator,
        value=Decimal(str(value)),
        comment=comment,
        status=ReturnValue.Status.ACCEPTED,
    )


def redefine(indicator, **fields):
    """Change what is counted: the service starts version 2."""
    return services.save_indicator(
        indicator=indicator,
        by=UserFactory(),
        definition="Counted from the referral, not the contact.",
        **fields,
    )


@pytest.fixture
def redefined(quarters):
    """Version 1 has figures for the first five quarters; the definition changed, and
    version 2 has figures for the last three."""
    first = IndicatorFactory(code="CSC-ASSESS-45", title="Assessments within 45 working days", target=85)
    for period, value in zip(quarters[:5], (80, 81, 82, 83, 84), strict=True):
        accept(first, period, value)
    second = redefine(first)
    for period, value in zip(quarters[5:], (70, 72, 71), strict=True):
        accept(second, period, value)
    first.refresh_from_db()
    return first, second


def test_the_trend_joins_the_figures_of_an_indicators_earlier_versions(redefined, quarters):
    first, second = redefined
    [row] = indicator_rows([second], quarters)
    assert [point.value for point in row.points] == [80, 81, 82, 83, 84, 70, 72, 71]
    assert [point.version for point in row.points] == [1, 1, 1, 1, 1, 2, 2, 2]


def test_the_trend_marks_the_quarter_the_definition_changed(redefined, quarters):
    [row] = indicator_rows([redefined[1]], quarters)
    [change] = row.changes
    assert change.period == quarters[5] and change.version == 2 and change.previous_version == 1
    assert change.note.startswith(f"Definition changed from {quarters[5].label} (version 2)")


def test_an_indicator_that_never_changed_has_no_mark(quarters):
    indicator = IndicatorFactory()
    accept(indicator, quarters[-2], 60)
    accept(indicator, quarters[-1], 62)
    [row] = indicator_rows([indicator], quarters)
    assert row.changes == [] and row.direction == "Up, improving"


def test_the_direction_of_travel_across_a_definition_change_says_it_is_not_like_for_like(quarters):
    first = IndicatorFactory(code="MASH-1WD")
    accept(first, quarters[-2], 90)
    second = redefine(first)
    accept(second, quarters[-1], 80)
    [row] = indicator_rows([second], quarters)
    assert row.direction == (
        f"Down, worsening, but the definition changed from {quarters[-1].label}, so this is not like for like"
    )


def test_the_direction_of_travel_after_the_change_compares_figures_of_the_new_definition(redefined, quarters):
    [row] = indicator_rows([redefined[1]], quarters)
    assert row.direction == "Down, worsening"


def test_each_figure_is_shown_in_the_unit_of_the_version_it_was_given_under(quarters):
    first = IndicatorFactory(code="EH-CASES", unit=Indicator.Unit.COUNT, target=None)
    accept(first, quarters[-2], 1234)
    second = redefine(first, unit=Indicator.Unit.PERCENTAGE)
    accept(second, quarters[-1], 45.5)
    [row] = indicator_rows([second], quarters)
    assert [point.shown for point in row.points[-2:]] == ["1,234", "45.5%"]


def test_the_latest_figure_is_rated_against_the_target_of_its_own_version(quarters):
    first = IndicatorFactory(code="HV-NBV-14", target=80, amber_tolerance=0)
    accept(first, quarters[-1], 85)
    second = redefine(first, target=Decimal(95))
    [row] = indicator_rows([second], quarters)
    assert row.latest.version == 1 and row.rag == "green"


def test_a_quarter_with_figures_under_two_versions_shows_the_newer_definitions(quarters):
    first = IndicatorFactory(code="CSC-REREF-12")
    accept(first, quarters[-2], 20)
    accept(first, quarters[-1], 21)
    second = redefine(first)
    accept(second, quarters[-1], 19)
    [row] = indicator_rows([second], quarters)
    assert row.points[-1].value == 19 and row.points[-1].version == 2


def test_the_chart_draws_the_change_and_its_table_names_it(redefined, quarters):
    [row] = indicator_rows([redefined[1]], quarters)
    html = str(row.chart().render())
    svg, table = html.split("</svg>")
    assert 'stroke-dasharray="6 4"' in svg
    assert f"Definition changed from {quarters[5].label} (version 2)" in svg
    assert f"<strong>Definition changed from {quarters[5].label}</strong> (version 2)" in table
    assert f"Definition changed from {quarters[5].label} (version 2): figures before then" in html


def test_the_dashboard_names_the_change_and_links_to_the_trend_across_versions(
    client, make_user, redefined, quarters
):
    client.force_login(make_user(roles.INDEPENDENT_SCRUTINEER))
    page = client.get(reverse("dataset:index")).content.decode()
    row = page[page.index('id="indicator-csc-assess-45"') :]
    row = row[: row.index("</tr>")]
    assert f'<span class="govuk-body-s">Definition changed from {quarters[5].label} (version 2)' in row
    assert "71.0%" in row  # the latest figure
    # The whole run, the first version's figures too, is one link away.
    link = re.search(r'href="([^"]+)"', row).group(1)
    trend = client.get(html.unescape(link)).content.decode()
    assert "80.0%" in trend and "71.0%" in trend
    assert f"Definition changed from {quarters[5].label}</strong> (version 2)" in trend


def test_the_pages_of_both_versions_show_the_whole_series_with_the_change(
    client, make_user, redefined, quarters
):
    client.force_login(make_user(roles.BUSINESS_UNIT))
    for version in redefined:
        page = client.get(version.get_absolute_url()).content.decode()
        assert "80.0%" in page and "71.0%" in page
        assert f"Definition changed from {quarters[5].label}</strong> (version 2)" in page


def test_the_quarterly_summary_and_its_csv_mark_the_change(client, make_user, quarters):
    first = IndicatorFactory(code="ICB-IHA-20")
    accept(first, quarters[-3], 60)
    second = redefine(first)
    accept(second, quarters[-2], 75)
    accept(second, quarters[-1], 77)
    client.force_login(make_user(roles.SUB_GROUP_CHAIR))
    page = client.get(reverse("dataset:summary")).content.decode()
    row = page[page.index('id="summary-icb-iha-20"') :]
    row = row[: row.index("</tr>")]
    assert f"Definition changed from {quarters[-2].label}</strong> (version 2)" in row
    assert "60.0%" in row and "75.0%" in row and "new definition" in row
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("dataset:summary_csv")).content.decode())))
    assert rows[0]["Definition changes"].startswith(
        f"Definition changed from {quarters[-2].label} (version 2)"
    )
    assert rows[0][quarters[-3].label] == "60.0000"
