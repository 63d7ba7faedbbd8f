"""The partnership's structure: the Executive's chair rotation, groups, agencies and contacts."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from governance import roles, services
from governance.models import Agency, ExecutiveChairTerm, PartnershipGroup, Person
from tests.governance.factories import AgencyFactory, PartnershipGroupFactory, PersonFactory, executive_group

pytestmark = pytest.mark.django_db

Partner = Agency.StatutoryPartner


def content(response) -> str:
    return response.content.decode()


def plain_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def summary_value(page: str, key: str) -> str:
    """The text of a GOV.UK summary list row's value, found by its key."""
    match = re.search(
        rf'<dt class="govuk-summary-list__key">{re.escape(key)}</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
        re.S,
    )
    assert match, f"No summary row {key!r}"
    return plain_text(match.group(1))


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def partners():
    """A named person at each of the three statutory partners."""
    agencies = {
        Partner.LOCAL_AUTHORITY: ("County Council", Agency.Kind.LOCAL_AUTHORITY, "Helen Marsh"),
        Partner.INTEGRATED_CARE_BOARD: ("County ICB", Agency.Kind.HEALTH, "Dev Patel"),
        Partner.POLICE: ("County Constabulary", Agency.Kind.POLICE, "Gareth Lloyd"),
    }
    return {
        partner: PersonFactory(
            full_name=full_name, agency=AgencyFactory(name=name, kind=kind, statutory_partner=partner)
        )
        for partner, (name, kind, full_name) in agencies.items()
    }


def add_term(partners, partner, starts_on, ends_on, by=None):
    return services.add_executive_chair_term(
        partner=partner, chair=partners[partner], starts_on=starts_on, ends_on=ends_on, by=by
    )


# The Executive's chair rotation


def test_executive_page_shows_the_current_chair_and_who_takes_over_next_and_when(signed_in_client, partners):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    today = timezone.localdate()
    handover = today + timedelta(days=40)
    add_term(partners, Partner.POLICE, today - timedelta(days=400), today - timedelta(days=35))
    add_term(partners, Partner.LOCAL_AUTHORITY, today - timedelta(days=35), handover)
    add_term(partners, Partner.INTEGRATED_CARE_BOARD, handover, handover + timedelta(days=365))
    page = content(client.get(reverse("governance:group_detail", args=[executive_group().slug])))
    current = summary_value(page, "Current chair")
    following = summary_value(page, "Next chair")
    assert current == f"Helen Marsh (Local authority), until {long_date(handover)}"
    assert following == f"Dev Patel (Integrated care board), from {long_date(handover)}"


def test_executive_page_says_when_no_next_chair_is_agreed(signed_in_client, partners):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    today = timezone.localdate()
    add_term(partners, Partner.POLICE, today - timedelta(days=10), today + timedelta(days=300))
    page = content(client.get(reverse("governance:group_detail", args=[executive_group().slug])))
    assert summary_value(page, "Current chair").startswith("Gareth Lloyd (Chief officer of police)")
    assert summary_value(page, "Next chair") == "Not yet agreed"


def test_business_unit_adds_a_chairs_term_through_the_page(signed_in_client, partners):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    executive_group()
    starts = timezone.localdate() + timedelta(days=10)
    ends = starts + timedelta(days=365)
    response = client.post(
        reverse("governance:chair_term_add"),
        {
            "partner": Partner.POLICE,
            "chair": partners[Partner.POLICE].pk,
            "starts_on_0": starts.day,
            "starts_on_1": starts.month,
            "starts_on_2": starts.year,
            "ends_on_0": ends.day,
            "ends_on_1": ends.month,
            "ends_on_2": ends.year,
        },
    )
    assert response.status_code == 302
    term = ExecutiveChairTerm.objects.get()
    assert (term.partner, term.chair, term.starts_on, term.ends_on) == (
        Partner.POLICE,
        partners[Partner.POLICE],
        starts,
        ends,
    )


def test_an_overlapping_chairs_term_is_refused(partners):
    today = timezone.localdate()
    add_term(partners, Partner.LOCAL_AUTHORITY, today, today + timedelta(days=365))
    with pytest.raises(ValidationError) as refused:
        add_term(partners, Partner.POLICE, today + timedelta(days=300), today + timedelta(days=600))
    assert refused.value.message_dict["starts_on"] == ["This term overlaps another chair's term"]
    assert ExecutiveChairTerm.objects.count() == 1


def test_an_overlapping_chairs_term_is_refused_on_the_page_with_the_error_summary(signed_in_client, partners):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    executive_group()
    today = timezone.localdate()
    add_term(partners, Partner.LOCAL_AUTHORITY, today, today + timedelta(days=365))
    starts, ends = today + timedelta(days=100), today + timedelta(days=500)
    response = client.post(
        reverse("governance:chair_term_add"),
        {
            "partner": Partner.POLICE,
            "chair": partners[Partner.POLICE].pk,
            "starts_on_0": starts.day,
            "starts_on_1": starts.month,
            "starts_on_2": starts.year,
            "ends_on_0": ends.day,
            "ends_on_1": ends.month,
            "ends_on_2": ends.year,
        },
    )
    page = content(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "This term overlaps another chair&#x27;s term" in page
    assert ExecutiveChairTerm.objects.count() == 1


def test_back_to_back_chairs_terms_are_allowed(partners):
    today = timezone.localdate()
    add_term(partners, Partner.LOCAL_AUTHORITY, today, today + timedelta(days=365))
    add_term(partners, Partner.POLICE, today + timedelta(days=365), today + timedelta(days=730))
    assert ExecutiveChairTerm.objects.count() == 2


def test_a_chair_from_another_partner_than_the_one_whose_turn_it_is_is_refused(partners):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.add_executive_chair_term(
            partner=Partner.POLICE,
            chair=partners[Partner.LOCAL_AUTHORITY],
            starts_on=today,
            ends_on=today + timedelta(days=365),
            by=None,
        )
    assert refused.value.message_dict["chair"] == [
        "The chair must work for the statutory partner whose turn it is"
    ]
    assert not ExecutiveChairTerm.objects.exists()


def test_a_chair_from_the_wrong_partner_is_refused_on_the_page(signed_in_client, partners):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    executive_group()
    starts = timezone.localdate()
    ends = starts + timedelta(days=365)
    response = client.post(
        reverse("governance:chair_term_add"),
        {
            "partner": Partner.INTEGRATED_CARE_BOARD,
            "chair": partners[Partner.POLICE].pk,
            "starts_on_0": starts.day,
            "starts_on_1": starts.month,
            "starts_on_2": starts.year,
            "ends_on_0": ends.day,
            "ends_on_1": ends.month,
            "ends_on_2": ends.year,
        },
    )
    page = content(response)
    assert "There is a problem" in page
    assert "The chair must work for the statutory partner whose turn it is" in page
    assert not ExecutiveChairTerm.objects.exists()


def test_a_chairs_term_that_ends_before_it_starts_is_refused(partners):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        add_term(partners, Partner.POLICE, today, today - timedelta(days=1))
    assert "The end date must be after the start date" in refused.value.message_dict["ends_on"]


# Groups


def group_form(**overrides) -> dict:
    data = {
        "name": "Neglect Strategy Group",
        "purpose": "Leads the partnership's neglect strategy.",
        "terms_of_reference": "Meets quarterly; reports to the Executive.",
        "chair_role_title": "Head of Early Help",
        "chair": "",
        "vice_chair": "",
        "meeting_frequency": PartnershipGroup.Frequency.QUARTERLY,
    }
    data.update(overrides)
    return data


def test_business_unit_adds_a_group(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    response = client.post(reverse("governance:group_create"), group_form())
    group = PartnershipGroup.objects.get(name="Neglect Strategy Group")
    assert response.status_code == 302
    assert response.url == reverse("governance:group_detail", args=[group.slug])
    assert group.purpose == "Leads the partnership's neglect strategy."
    assert group.history.first().history_user == user
    assert "Neglect Strategy Group" in content(client.get(reverse("governance:group_list")))


def test_business_unit_renames_a_group_and_its_address_stays_the_same(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    group = PartnershipGroupFactory(name="Delivery Group", slug="delivery-group")
    response = client.post(
        reverse("governance:group_edit", args=[group.slug]), group_form(name="Practice Delivery Group")
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Practice Delivery Group"
    assert group.slug == "delivery-group"
    page = content(client.get(reverse("governance:group_detail", args=["delivery-group"])))
    assert "Practice Delivery Group" in page


def test_business_unit_retires_a_group(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    group = PartnershipGroupFactory(name="Education Safeguarding Forum")
    response = client.post(
        reverse("governance:group_edit", args=[group.slug]),
        group_form(name="Education Safeguarding Forum", is_retired="on"),
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.is_retired
    row = re.search(
        r"Education Safeguarding Forum</a>.*?</tr>",
        content(client.get(reverse("governance:group_list"))),
        re.S,
    )
    assert "Retired" in row.group(0)


def test_a_retired_group_takes_no_new_actions(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    PartnershipGroupFactory(name="Old Forum", is_retired=True)
    page = content(client.get(reverse("governance:action_create")))
    assert "Old Forum" not in page


def test_a_group_with_the_same_person_as_chair_and_vice_chair_is_refused(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    person = PersonFactory()
    response = client.post(
        reverse("governance:group_create"), group_form(chair=person.pk, vice_chair=person.pk)
    )
    assert "There is a problem" in content(response)
    assert not PartnershipGroup.objects.filter(name="Neglect Strategy Group").exists()


def test_a_new_group_whose_address_would_clash_with_another_is_refused_with_the_error_summary(
    signed_in_client,
):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    PartnershipGroupFactory(name="Delivery Group", slug="delivery-group")
    response = client.post(reverse("governance:group_create"), group_form(name="Delivery group"))
    assert response.status_code == 200
    assert "There is a problem" in content(response)
    assert PartnershipGroup.objects.count() == 1


@pytest.mark.parametrize("role_name", [roles.SUB_GROUP_CHAIR, roles.EXECUTIVE_MEMBER, roles.GROUP_MEMBER])
def test_only_the_business_unit_adds_groups(signed_in_client, role_name):
    client, _ = signed_in_client(role_name)
    assert client.post(reverse("governance:group_create"), group_form()).status_code == 403
    assert not PartnershipGroup.objects.exists()


# Agencies


def test_only_one_agency_may_be_each_statutory_partner():
    AgencyFactory(name="County Constabulary", statutory_partner=Partner.POLICE)
    second = Agency(
        name="British Transport Police", kind=Agency.Kind.POLICE, statutory_partner=Partner.POLICE
    )
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert "Another agency is already this statutory partner." in refused.value.messages


def test_the_database_refuses_a_second_agency_as_the_same_statutory_partner():
    AgencyFactory(name="County ICB", statutory_partner=Partner.INTEGRATED_CARE_BOARD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(
            name="Neighbouring ICB", kind=Agency.Kind.HEALTH, statutory_partner=Partner.INTEGRATED_CARE_BOARD
        )


def test_many_agencies_may_be_no_statutory_partner():
    for name in ("Cafcass", "Probation Service", "Youth Offending Service"):
        agency = Agency(name=name, kind=Agency.Kind.OTHER)
        agency.full_clean()
        agency.save()
    assert Agency.objects.filter(statutory_partner="").count() == 3


# The partner contacts directory


def contacts(client, **params):
    return client.get(reverse("governance:person_list"), params)


def listed_names(response) -> list[str]:
    rows = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', content(response), re.S).group(1)
    return re.findall(r'<a class="govuk-link" href="/governance/contacts/\d+/">([^<]+)</a>', rows)


def test_contacts_search_by_name(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    PersonFactory(full_name="Ada Okafor")
    PersonFactory(full_name="Ben Okafor-Smith")
    PersonFactory(full_name="Carla Jones")
    assert listed_names(contacts(client, q="okafor")) == ["Ada Okafor", "Ben Okafor-Smith"]


def test_contacts_filter_by_agency(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    police = AgencyFactory(name="County Constabulary")
    PersonFactory(full_name="Gareth Lloyd", agency=police)
    PersonFactory(full_name="Dev Patel", agency=AgencyFactory(name="County ICB"))
    assert listed_names(contacts(client, agency=police.pk)) == ["Gareth Lloyd"]


def test_contacts_filter_by_group(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    group = PartnershipGroupFactory(name="Rapid Review Panel")
    PersonFactory(full_name="Helen Marsh").groups.add(group, PartnershipGroupFactory())
    PersonFactory(full_name="Carla Jones").groups.add(PartnershipGroupFactory())
    PersonFactory(full_name="Amy Clarke")
    assert listed_names(contacts(client, group=group.pk)) == ["Helen Marsh"]


def test_contacts_directory_paginates(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    for number in range(30):
        PersonFactory(full_name=f"Contact {number:02d}")
    first = contacts(client)
    second = contacts(client, page=2)
    assert listed_names(first) == [f"Contact {n:02d}" for n in range(25)]
    assert "Page 1 of 2" in content(first)
    assert 'rel="next"' in content(first)
    assert listed_names(second) == [f"Contact {n:02d}" for n in range(25, 30)]


def test_contacts_pagination_keeps_the_search(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    for number in range(30):
        PersonFactory(full_name=f"Nurse {number:02d}")
    PersonFactory(full_name="Detective Inspector")
    page = content(contacts(client, q="Nurse"))
    assert 'href="?q=Nurse&amp;page=2"' in page


def test_contacts_export_as_csv_with_the_search_applied(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    group = PartnershipGroupFactory(name="Delivery Group")
    ada = PersonFactory(
        full_name="Ada Okafor",
        job_title="Designated nurse",
        agency=AgencyFactory(name="County ICB"),
        email="ada.okafor@example.org",
        phone="01234 567890",
        receives_bulletins=True,
    )
    ada.groups.add(group)
    PersonFactory(full_name="Carla Jones")
    response = contacts(client, q="Okafor", format="csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "Name",
            "Job title",
            "Agency",
            "Email",
            "Phone",
            "Groups",
            "Receives bulletins",
            "Escalation contact",
        ],
        [
            "Ada Okafor",
            "Designated nurse",
            "County ICB",
            "ada.okafor@example.org",
            "01234 567890",
            "Delivery Group",
            "Yes",
            "No",
        ],
    ]


def test_contacts_export_has_every_match_not_just_the_first_page(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    for number in range(30):
        PersonFactory(full_name=f"Contact {number:02d}")
    rows = list(csv.reader(io.StringIO(contacts(client, format="csv").content.decode())))
    assert len(rows) == 31


@pytest.mark.parametrize("role_name", [roles.YOUNG_SCRUTINEER, roles.GROUP_MEMBER, roles.AGENCY_DATA_LEAD])
def test_contacts_directory_is_refused_to_roles_without_access_to_personal_data(signed_in_client, role_name):
    client, _ = signed_in_client(role_name)
    assert contacts(client).status_code == 403
    assert contacts(client, format="csv").status_code == 403


def test_the_business_unit_adds_a_contact_with_their_groups(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    agency = AgencyFactory(name="Barts Health NHS Trust")
    group = PartnershipGroupFactory(name="Rapid Review Panel")
    response = client.post(
        reverse("governance:person_create"),
        {
            "full_name": "Joanna Pike",
            "job_title": "Named Nurse",
            "agency": agency.pk,
            "email": "Joanna.Pike@Example.org",
            "groups": [group.pk],
            "receives_bulletins": "on",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(full_name="Joanna Pike")
    assert person.email == "joanna.pike@example.org"
    assert list(person.groups.all()) == [group]


def test_a_contact_with_an_email_already_in_the_directory_is_refused(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    existing = PersonFactory(email="lead@example.org")
    response = client.post(
        reverse("governance:person_create"),
        {"full_name": "Someone Else", "agency": existing.agency.pk, "email": "lead@example.org"},
    )
    assert "There is a problem" in response.content.decode()
    assert Person.objects.filter(email="lead@example.org").count() == 1


def test_a_second_agency_cannot_be_the_same_statutory_partner(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    AgencyFactory(name="Council", statutory_partner=Agency.StatutoryPartner.LOCAL_AUTHORITY)
    response = client.post(
        reverse("governance:agency_create"),
        {
            "name": "Another council",
            "kind": "local_authority",
            "statutory_partner": "local_authority",
            "is_active": "on",
        },
    )
    page = response.content.decode()
    assert "There is a problem" in page and "already this statutory partner" in page
    assert not Agency.objects.filter(name="Another council").exists()


def test_only_the_business_unit_changes_agencies_and_contacts(signed_in_client):
    client, _ = signed_in_client(roles.EXECUTIVE_MEMBER)
    assert client.get(reverse("governance:agency_create")).status_code == 403
    assert client.get(reverse("governance:person_create")).status_code == 403
