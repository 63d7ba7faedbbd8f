"""List pages run the same number of SQL queries however many rows they show, and paginate.

Each page is measured with 10 rows and again with 60; the counts must be equal and
under a pinned ceiling. A wrong count prints the SQL that ran.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import roles, services
from governance.models import Agency, Attendance, ScrutinyRecommendation
from tests.governance.factories import (
    ActionFactory,
    AgencyFactory,
    EscalationFactory,
    MeetingFactory,
    PartnershipGroupFactory,
    PersonFactory,
    RiskFactory,
    ScrutinyActivityFactory,
    ThemeFactory,
    executive_group,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 10, 60


def add_people(count):
    groups = [PartnershipGroupFactory() for _ in range(2)]
    for _ in range(count):
        PersonFactory().groups.add(*groups)


def add_actions(count):
    theme = ThemeFactory(name="Information sharing")
    meeting = MeetingFactory()
    for number in range(count):
        if number % 2:
            services.create_action(
                title=f"Arising {number}",
                group=meeting.group,
                owner=PersonFactory(),
                due_date=timezone.localdate() + timedelta(days=number - 5),
                theme=theme,
                source=meeting,
                by=None,
            )
        else:
            ActionFactory(due_date=timezone.localdate() - timedelta(days=number))


def add_risks(count):
    action = ActionFactory()
    for number in range(count):
        risk = RiskFactory(current_likelihood=1 + number % 5, current_impact=5, target_likelihood=1)
        risk.mitigating_actions.add(action)
        # A second version in history, so each risk has a trend to compute.
        risk.current_impact = 4
        services.save_risk(risk=risk, by=None)


def _statutory_people():
    people = []
    for partner in Agency.StatutoryPartner.values:
        agency = Agency.objects.filter(statutory_partner=partner).first() or AgencyFactory(
            name=f"Partner {partner}", statutory_partner=partner
        )
        people.append(PersonFactory(agency=agency))
    return people


def add_meetings(count):
    executive = executive_group()
    partners = _statutory_people()
    for number in range(count):
        if number % 2:
            meeting = MeetingFactory(group=executive, starts_at=timezone.now() - timedelta(days=number))
            for person in partners:
                Attendance.objects.create(meeting=meeting, person=person, status=Attendance.Status.PRESENT)
        else:
            meeting = MeetingFactory(starts_at=timezone.now() - timedelta(days=number))
            Attendance.objects.create(
                meeting=meeting, person=PersonFactory(), status=Attendance.Status.ABSENT
            )


def add_escalations(count):
    for _ in range(count):
        escalation = EscalationFactory()
        escalation.agencies.add(AgencyFactory(), AgencyFactory())
        PersonFactory(agency=escalation.raised_by_agency, is_escalation_contact=True)


def add_scrutiny(count):
    for _ in range(count):
        activity = ScrutinyActivityFactory()
        ScrutinyRecommendation.objects.create(activity=activity, text="Share findings with schools.")


# (url name, how to add rows, ceiling on the number of queries). Every page spends 7 of
# them on the session, the user, their roles, two-factor and saving the session.
LIST_PAGES = [
    ("governance:person_list", add_people, 12),
    ("governance:action_list", add_actions, 16),
    ("governance:risk_list", add_risks, 12),
    ("governance:meeting_list", add_meetings, 13),
    ("governance:escalation_list", add_escalations, 11),
    ("governance:scrutiny_list", add_scrutiny, 10),
]


def count_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sql = "\n".join(query["sql"] for query in captured.captured_queries)
    return len(captured), sql


@pytest.mark.parametrize(("url_name", "add_rows", "ceiling"), LIST_PAGES, ids=[p[0] for p in LIST_PAGES])
def test_list_page_runs_the_same_number_of_queries_for_10_rows_as_for_60(
    client, make_user, url_name, add_rows, ceiling
):
    client.force_login(make_user(roles.BUSINESS_UNIT))
    url = reverse(url_name)
    add_rows(SMALL)
    client.get(url)  # warms the session
    small, small_sql = count_queries(client, url)
    add_rows(LARGE - SMALL)
    large, large_sql = count_queries(client, url)
    assert large == small, (
        f"{url_name}: {small} queries for {SMALL} rows, {large} for {LARGE}.\n\n"
        f"With {LARGE} rows:\n{large_sql}"
    )
    assert small <= ceiling, f"{url_name}: {small} queries, more than {ceiling}.\n\n{small_sql}"


def test_action_list_for_a_sub_group_chair_runs_a_constant_number_of_queries(client, make_user):
    user = make_user(roles.SUB_GROUP_CHAIR)
    person = PersonFactory(user=user)
    group = PartnershipGroupFactory(chair=person)
    person.groups.add(group)
    client.force_login(user)
    url = reverse("governance:action_list")
    for _ in range(SMALL):
        ActionFactory(group=group)
    client.get(url)
    small, _ = count_queries(client, url)
    for _ in range(LARGE - SMALL):
        ActionFactory(group=group)
    large, large_sql = count_queries(client, url)
    assert large == small, large_sql


def test_meeting_list_for_a_group_member_runs_a_constant_number_of_queries(client, make_user):
    user = make_user(roles.GROUP_MEMBER)
    group = executive_group()
    PersonFactory(user=user).groups.add(group)
    partners = _statutory_people()
    client.force_login(user)
    url = reverse("governance:meeting_list")

    def add(count):
        for _ in range(count):
            meeting = MeetingFactory(group=group)
            for person in partners:
                Attendance.objects.create(meeting=meeting, person=person, status=Attendance.Status.PRESENT)

    add(SMALL)
    client.get(url)
    small, _ = count_queries(client, url)
    add(LARGE - SMALL)
    large, large_sql = count_queries(client, url)
    assert large == small, large_sql


# The acceptance: contacts, actions, risks and meetings lists paginate.
PAGINATED = [
    ("governance:person_list", add_people),
    ("governance:action_list", add_actions),
    ("governance:risk_list", add_risks),
    ("governance:meeting_list", add_meetings),
]


@pytest.mark.parametrize(("url_name", "add_rows"), PAGINATED, ids=[p[0] for p in PAGINATED])
def test_list_page_paginates(signed_in_client, url_name, add_rows):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    add_rows(LARGE)
    page = client.get(reverse(url_name)).content.decode()
    assert 'class="govuk-pagination"' in page
    assert re.search(r"Page 1 of \d", page)
    assert 'rel="next"' in page
