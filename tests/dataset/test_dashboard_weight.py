"""The dashboard is a summary: a row an indicator with its latest figure, rating,
direction and a small picture of the trend; each indicator's chart and its figures quarter
by quarter are on the indicator's page, for the quarter the dashboard shows, one link away.
(Issue 17: with a chart and its table in every card it weighed 171 KB.)"""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dataset.selectors import DASHBOARD_PAGE_SIZE, collection_period, quarters_ending
from governance import roles
from tests.dataset.factories import IndicatorFactory
from tests.dataset.test_trend_across_versions import accept

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarters():
    return quarters_ending(collection_period(timezone.localdate()), 8)


def _with_figures(count, quarters):
    made = []
    for n in range(count):
        indicator = IndicatorFactory(code=f"WEIGHT-{n:02}", target=50)
        for offset, period in enumerate(quarters):
            accept(indicator, period, 40 + n + offset, comment=f"Comment {n} {offset}")
        made.append(indicator)
    return made


def test_the_dashboard_draws_a_sparkline_for_each_indicator_not_its_whole_chart(client, make_user, quarters):
    _with_figures(3, quarters)
    client.force_login(make_user(roles.BUSINESS_UNIT))
    page = client.get(reverse("dataset:index")).content.decode()
    assert page.count('class="app-sparkline"') == 3
    assert "app-report-chart" not in page
    # An earlier quarter's figure is not on the dashboard, only the latest.
    assert "40.0" not in page
    row = page[page.index('id="indicator-weight-02"') :]
    row = row[: row.index("</tr>")]
    assert "49.0" in row and "Comment 2 7" in row and quarters[-1].label in row


def test_each_indicator_links_to_its_trend_for_the_quarter_the_dashboard_shows(client, make_user, quarters):
    (indicator,) = _with_figures(1, quarters)
    client.force_login(make_user(roles.INDEPENDENT_SCRUTINEER))
    earlier = quarters[-3]
    page = client.get(reverse("dataset:index") + f"?period={earlier.label}").content.decode()
    row = page[page.index('id="indicator-weight-00"') :]
    link = html.unescape(re.search(r'href="([^"]+)"', row).group(1))
    assert link.startswith(indicator.get_absolute_url())
    trend = client.get(link).content.decode()
    chart = trend[trend.index('class="app-report-chart') :]
    # The eight quarters up to the one shown, with their figures; none after it.
    assert earlier.label in chart and quarters[-1].label not in chart
    assert "45.0" in chart and "46.0" not in chart and "47.0" not in chart


def test_an_indicators_page_for_a_quarter_not_yet_collected_shows_the_latest(client, make_user, quarters):
    (indicator,) = _with_figures(1, quarters)
    client.force_login(make_user(roles.BUSINESS_UNIT))
    later = quarters[-1].next
    page = client.get(indicator.get_absolute_url() + f"?period={later.label}").content.decode()
    chart = page[page.index('class="app-report-chart') :]
    assert quarters[-1].label in chart and "47.0" in chart


def test_a_full_page_of_the_dashboard_weighs_under_2_kb_an_indicator(client, make_user, quarters):
    _with_figures(DASHBOARD_PAGE_SIZE, quarters)
    client.force_login(make_user(roles.BUSINESS_UNIT))
    page = client.get(reverse("dataset:index")).content.decode()
    table = page[page.index('id="indicators"') : page.index("</table>", page.index('id="indicators"'))]
    assert table.count("<tr") == DASHBOARD_PAGE_SIZE + 1
    assert len(table.encode()) < 2048 * DASHBOARD_PAGE_SIZE
