"""Governance's sections of the yearly report read the partnership as it stood at the end
of the year (31 March), from History, and chart labels fit (issue 16)."""

import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from governance import roles
from governance.models import Agency, ExecutiveChairTerm, PartnershipGroup, Person, Risk
from governance.periods import FinancialYear
from governance.report import report_sections
from governance.reporting import Bar, BarChart, date_history, text_width, wrap_label
from tests.governance.factories import (
    AgencyFactory,
    PartnershipGroupFactory,
    PersonFactory,
    RiskFactory,
    UserFactory,
    executive_group,
)

pytestmark = pytest.mark.django_db

PERIOD = FinancialYear(2025)
DURING_THE_YEAR = timezone.make_aware(datetime(2025, 6, 2, 9))


def entered_during_the_year(*records):
    """Say these records were entered in June 2025, as if the product was in use then."""
    for record in records:
        date_history(type(record), DURING_THE_YEAR, ids=[record.pk])


def sections():
    return {found.key: found for found in report_sections(PERIOD)}


@pytest.fixture
def partners():
    """The three statutory partners, each with its delegated partner on the Executive, and
    the business manager and a young scrutineer who sit on the Executive too."""
    executive = executive_group()
    agencies = {
        partner: AgencyFactory(name=f"{label} agency", statutory_partner=partner)
        for partner, label in Agency.StatutoryPartner.choices
    }
    people = {}
    for partner, agency in agencies.items():
        person = PersonFactory(
            full_name=f"Delegate of {agency.name}",
            job_title="Director",
            agency=agency,
            user=UserFactory(roles=[roles.EXECUTIVE_MEMBER]),
        )
        person.groups.add(executive)
        people[partner] = person
    council = agencies[Agency.StatutoryPartner.LOCAL_AUTHORITY]
    manager = PersonFactory(
        full_name="Amira Manager", agency=council, user=UserFactory(roles=[roles.BUSINESS_UNIT])
    )
    young = PersonFactory(
        full_name="Zara Young", agency=council, user=UserFactory(roles=[roles.YOUNG_SCRUTINEER])
    )
    manager.groups.add(executive)
    young.groups.add(executive)
    entered_during_the_year(executive, *agencies.values(), *people.values(), manager, young)
    return people


def test_the_partners_table_lists_each_partner_s_representatives_not_the_business_unit_or_scrutineers(
    partners,
):
    html = sections()["partners"].html
    for person in partners.values():
        assert person.full_name in html
    assert "Amira Manager" not in html
    assert "Zara Young" not in html
    assert "Represented on the Executive by" in html


def test_someone_who_joined_the_executive_after_the_year_end_is_not_a_representative_for_it(partners):
    police = Agency.objects.get(statutory_partner=Agency.StatutoryPartner.POLICE)
    newcomer = PersonFactory(
        full_name="Later Arrival", agency=police, user=UserFactory(roles=[roles.EXECUTIVE_MEMBER])
    )
    newcomer.groups.add(executive_group())
    assert "Later Arrival" not in sections()["partners"].html


def test_someone_who_left_the_executive_after_the_year_end_still_represented_their_partner(partners):
    leaver = partners[Agency.StatutoryPartner.POLICE]
    leaver.groups.clear()
    assert leaver.full_name in sections()["partners"].html


def test_a_chair_s_term_ends_the_day_before_the_next_starts(partners):
    council = partners[Agency.StatutoryPartner.LOCAL_AUTHORITY]
    ExecutiveChairTerm.objects.create(
        partner=Agency.StatutoryPartner.LOCAL_AUTHORITY,
        chair=council,
        starts_on=date(2025, 4, 1),
        ends_on=date(2026, 4, 1),
    )
    html = sections()["partners"].html
    assert "1 April 2025 to 31 March 2026" in html
    assert "1 April 2026" not in html


def test_the_risk_register_is_as_it_stood_at_the_year_end():
    kept = RiskFactory(title="Workforce capacity", current_likelihood=3, current_impact=3)
    closed_later = RiskFactory(title="Data sharing is slow")
    entered_during_the_year(kept, closed_later, *Person.objects.all(), executive_group())
    RiskFactory(title="Added in November")
    closed_later.status = Risk.Status.CLOSED
    closed_later.save()
    kept.current_likelihood = 5
    kept.current_impact = 5
    kept.save()
    html = sections()["risks"].html
    assert "Workforce capacity" in html and "Data sharing is slow" in html
    assert "Added in November" not in html
    assert "9 (Medium)" in html and "25 (Very high)" not in html
    assert "At 31 March 2026 the register had 2 open risks" in html


def test_a_risk_closed_before_the_year_end_is_not_on_its_register():
    risk = RiskFactory(title="Closed in the year")
    risk.status = Risk.Status.CLOSED
    risk.save()
    entered_during_the_year(risk)
    assert "Closed in the year" not in sections()["risks"].html


def test_groups_and_their_chairs_are_as_they_stood_at_the_year_end():
    chair = PersonFactory(full_name="Helen Chair")
    group = PartnershipGroupFactory(name="Quality Assurance", chair=chair, chair_role_title="Director")
    entered_during_the_year(chair, group)
    group.chair = PersonFactory(full_name="Newer Chair")
    group.save()
    PartnershipGroupFactory(name="Set up in the autumn")
    html = sections()["structure"].html
    assert "Director (Helen Chair)" in html
    assert "Newer Chair" not in html
    assert "Set up in the autumn" not in html


def test_membership_counts_agencies_and_people_as_they_stood_at_the_year_end():
    member = AgencyFactory(name="Bow School", kind=Agency.Kind.EDUCATION)
    person = PersonFactory(agency=member)
    person.groups.add(PartnershipGroupFactory())
    entered_during_the_year(member, person, *PartnershipGroup.objects.all())
    AgencyFactory(name="Joined in the autumn")
    member.is_active = False
    member.save()
    html = sections()["membership"].html
    assert "Bow School" in html and "Joined in the autumn" not in html
    assert "1 agency took part" in html
    assert "listed 1 professional, of whom 1 sat on the Executive or a sub-group" in html


def test_each_empty_section_says_what_the_partnership_did_not_do_in_the_year():
    found = sections()
    assert "No risks were open on the safeguarding risk register at 31 March 2026." in found["risks"].html
    assert "The partnership commissioned no independent scrutiny activity in 2025-26." in (
        found["scrutiny_activity"].html
    )
    for key in ("partners", "structure", "membership", "scrutiny_activity", "risks", "budget"):
        assert found[key].is_empty, key
        assert "recorded" not in found[key].html, key
        assert "Partnership Hub" not in found[key].html, key


class _FigureChildren(HTMLParser):
    """The tags directly inside each figure, to check where its caption is."""

    def __init__(self):
        super().__init__()
        self.stack, self.children = [], []

    def handle_starttag(self, tag, attrs):
        if self.stack and self.stack[-1] == "figure":
            self.children.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass


def test_a_chart_s_caption_is_the_first_child_of_its_figure_not_inside_a_div():
    html = BarChart(
        chart_id="c", title="Title", description="What it shows.", bars=[Bar("A", 1, "1")]
    ).render()
    parser = _FigureChildren()
    parser.feed(html)
    assert parser.children[0] == "figcaption"  # first: in print it stays with the chart
    assert parser.children.count("figcaption") == 1
    assert "<table" in html  # the figures, once, beside the chart


@pytest.mark.parametrize(
    "name",
    [
        "Tower Hamlets Council Children's Services",
        "NHS North East London Integrated Care Board",
        "Metropolitan Police Service (Central East)",
        "Tower Hamlets Youth Justice and Youth Service",
    ],
)
def test_an_agency_s_name_is_wrapped_onto_two_lines_whole_rather_than_cut(name):
    lines = wrap_label(name, BarChart.LABEL_WIDTH - 10)
    assert len(lines) <= 2
    assert " ".join(lines) == name
    assert all(text_width(line) <= BarChart.LABEL_WIDTH - 10 for line in lines)


def test_a_label_too_long_for_two_lines_ends_in_an_ellipsis_and_the_table_has_it_whole():
    label = "An extraordinarily long name of a partnership body that would never fit in the chart"
    chart = BarChart(chart_id="c", title="T", description="D", bars=[Bar(label, 1, "1")])
    lines = [line["text"] for line in chart.rows[0]["lines"]]
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert label in chart.render()


def test_the_longest_value_still_fits_inside_the_chart():
    chart = BarChart(
        chart_id="c",
        title="T",
        description="D",
        bars=[Bar("Children looked after", 50.5, "50.5 per 10,000"), Bar("Other", 20, "20.0 per 10,000")],
    )
    widest = chart.rows[0]
    assert widest["value_x"] + text_width("50.5 per 10,000") <= chart.WIDTH


def test_the_svg_labels_are_escaped():
    html = BarChart(chart_id="c", title="T", description="D", bars=[Bar("<b>A</b> & B", 1, "1")]).render()
    assert "<b>" not in html
    assert re.search(r"&lt;b&gt;A&lt;/b&gt; &amp; B", html)
