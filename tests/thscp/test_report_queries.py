"""The yearly report's pages run the same number of SQL queries however many records they
show: measured with 3 rows and again with 12. A wrong count prints the SQL that ran."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import roles
from tests.governance.factories import PersonFactory, UserFactory
from tests.thscp.report_helpers import PERIOD, partner_agencies
from thscp.reports import services

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 12


def add_achievements(count):
    by = UserFactory()
    for index in range(count):
        services.add_achievement(
            period=PERIOD, by=by, title=f"Achievement {index}", what_we_did="Did it.", impact="It helped.",
            position=index,
        )  # fmt: skip


def add_representatives(count):
    by = UserFactory()
    agencies = list(partner_agencies().items())
    for index in range(count):
        partner, agency = agencies[index % 3]
        services.add_representative(
            period=PERIOD, partner=partner, person=PersonFactory(agency=agency), standing="delegated", by=by
        )


def add_consents(count):
    by = UserFactory()
    for _ in range(count):
        services.record_consent(
            person=PersonFactory(job_title="Young Scrutineer"), consent_given_on=date(2025, 5, 1),
            how_given="Signed form", by=by,
        )  # fmt: skip


def add_narrative(count):
    by = UserFactory()
    text = "\n".join(f"- statement {index} about webinars and training" for index in range(count * 3))
    for key in ("introduction", "achievements", "challenges", "plan_ahead"):
        services.save_narrative(period=PERIOD, key=key, text=text, by=by)


def add_reasons(count):
    from thscp.reports.checklist import CHECKLIST

    by = UserFactory()
    for item in CHECKLIST[:count]:
        services.record_checklist_reason(period=PERIOD, item=item.key, reason="A reason.", by=by)


PAGES = [
    ("reports:achievements", add_achievements),
    ("reports:representatives", add_representatives),
    ("reports:consents", add_consents),
    ("reports:review", add_narrative),
    ("reports:checklist", add_reasons),
]


def count_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), "\n".join(query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize(("url_name", "add_rows"), PAGES, ids=[page[0] for page in PAGES])
def test_a_report_page_runs_the_same_number_of_queries_for_3_rows_as_for_12(
    signed_in_client, url_name, add_rows
):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    url = reverse(url_name) if url_name == "reports:consents" else reverse(url_name, args=[PERIOD.start_year])
    add_rows(SMALL)
    client.get(url)  # warms the session
    small, _ = count_queries(client, url)
    add_rows(LARGE - SMALL)
    large, large_sql = count_queries(client, url)
    assert large == small, (
        f"{url_name}: {small} queries for {SMALL} rows, {large} for {LARGE}.\n\n{large_sql}"
    )
