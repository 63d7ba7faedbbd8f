"""Tables scroll sideways in a box on a phone; keyboard users reach and scroll the box
without JavaScript (WCAG 2.1.1; axe's scrollable-region-focusable): the server renders
it as a focusable region named by the table's caption."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from governance import roles
from governance.models import BudgetContribution
from governance.periods import FinancialYear
from tests.governance.factories import (
    ActionFactory,
    MeetingFactory,
    PartnershipGroupFactory,
    PersonFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db

BOX = re.compile(r'<div class="app-table-scroll" tabindex="0" role="region" aria-label="([^"]+)">\s*<table\b')


def test_a_table_box_is_a_focusable_region_named_by_the_caption():
    rendered = Template(
        '{% load governance_tags %}{% table_box %}<table class="govuk-table">'
        '<caption class="govuk-table__caption">Each agency&#x27;s <span>escalation</span> contacts</caption>'
        "</table>{% endtable_box %}"
    ).render(Context())
    assert BOX.search(rendered).group(1) == "Each agency&#x27;s escalation contacts"


def test_a_table_box_takes_the_label_given_before_the_caption():
    rendered = Template(
        "{% load governance_tags %}{% table_box label %}"
        "<table><caption>Ignored</caption></table>{% endtable_box %}"
    ).render(Context({"label": 'Risks "open"'}))
    assert 'aria-label="Risks &quot;open&quot;"' in rendered


@pytest.mark.parametrize(
    "url_name",
    [
        "governance:group_list",
        "governance:person_list",
        "governance:agency_list",
        "governance:account_list",
        "governance:meeting_list",
        "governance:action_list",
        "governance:risk_list",
        "governance:document_list",
        "governance:budget",
        "governance:escalation_list",
        "governance:scrutiny_list",
    ],
)
def test_every_table_on_a_governance_page_is_in_a_named_focusable_box(client, make_user, url_name):
    group = PartnershipGroupFactory()
    PersonFactory().groups.add(group)
    MeetingFactory(group=group)
    ActionFactory(group=group)
    RiskFactory()
    BudgetContribution.objects.create(
        financial_year=FinancialYear.containing(timezone.localdate()).start_year,
        agency=group.members.get().agency,
        amount=5000,
    )
    client.force_login(make_user(roles.BUSINESS_UNIT))

    page = client.get(reverse(url_name)).content.decode()

    tables = page.count("<table")
    assert tables, "the page shows at least one table"
    assert len(BOX.findall(page)) == tables
