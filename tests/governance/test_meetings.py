"""Meetings: quorum, recording a meeting, confidential content, papers."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from governance import roles, services
from governance.files import MAX_UPLOAD_BYTES
from governance.models import Agency, AgendaItem, Attendance, Meeting
from tests.governance.factories import (
    PDF_BYTES,
    AgencyFactory,
    MeetingFactory,
    PartnershipGroupFactory,
    PersonFactory,
    executive_group,
    pdf_upload,
)
from tests.governance.uploads import office_document

pytestmark = pytest.mark.django_db

Partner = Agency.StatutoryPartner


def content(response) -> str:
    return response.content.decode()


def plain_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def executive():
    """The Executive with one member from each statutory partner, keyed by partner."""
    group = executive_group()
    agencies = {
        Partner.LOCAL_AUTHORITY: AgencyFactory(
            name="County Council", kind=Agency.Kind.LOCAL_AUTHORITY, statutory_partner=Partner.LOCAL_AUTHORITY
        ),
        Partner.INTEGRATED_CARE_BOARD: AgencyFactory(
            name="County ICB", kind=Agency.Kind.HEALTH, statutory_partner=Partner.INTEGRATED_CARE_BOARD
        ),
        Partner.POLICE: AgencyFactory(
            name="County Constabulary", kind=Agency.Kind.POLICE, statutory_partner=Partner.POLICE
        ),
    }
    names = {
        Partner.LOCAL_AUTHORITY: "Helen Marsh",
        Partner.INTEGRATED_CARE_BOARD: "Dev Patel",
        Partner.POLICE: "Gareth Lloyd",
    }
    group.partner_members = {}
    for partner, agency in agencies.items():
        person = PersonFactory(full_name=names[partner], agency=agency)
        person.groups.add(group)
        group.partner_members[partner] = person
    return group


def record(meeting, statuses: dict, deputies: dict | None = None):
    deputies = deputies or {}
    for person, status in statuses.items():
        attendance = Attendance(meeting=meeting, person=person, status=status, deputy=deputies.get(person))
        attendance.full_clean()
        attendance.save()


# Quorum


def test_executive_is_quorate_when_all_three_statutory_partners_attend(executive):
    meeting = MeetingFactory(group=executive)
    record(meeting, dict.fromkeys(executive.partner_members.values(), Attendance.Status.PRESENT))
    assert meeting.is_quorate is True


def test_executive_is_quorate_when_a_partner_sends_a_named_deputy(executive):
    members = executive.partner_members
    meeting = MeetingFactory(group=executive)
    deputy = PersonFactory(full_name="Sian Evans", agency=members[Partner.POLICE].agency)
    record(
        meeting,
        {
            members[Partner.LOCAL_AUTHORITY]: Attendance.Status.PRESENT,
            members[Partner.INTEGRATED_CARE_BOARD]: Attendance.Status.PRESENT,
            members[Partner.POLICE]: Attendance.Status.DEPUTY,
        },
        deputies={members[Partner.POLICE]: deputy},
    )
    assert meeting.is_quorate is True


def test_executive_is_not_quorate_when_the_police_only_send_apologies(executive):
    members = executive.partner_members
    meeting = MeetingFactory(group=executive)
    record(
        meeting,
        {
            members[Partner.LOCAL_AUTHORITY]: Attendance.Status.PRESENT,
            members[Partner.INTEGRATED_CARE_BOARD]: Attendance.Status.PRESENT,
            members[Partner.POLICE]: Attendance.Status.APOLOGIES,
        },
    )
    assert meeting.is_quorate is False
    assert meeting.missing_partners() == ["Chief officer of police"]


def test_executive_is_not_quorate_when_a_partner_is_recorded_absent(executive):
    members = executive.partner_members
    meeting = MeetingFactory(group=executive)
    record(
        meeting,
        {
            members[Partner.LOCAL_AUTHORITY]: Attendance.Status.ABSENT,
            members[Partner.INTEGRATED_CARE_BOARD]: Attendance.Status.PRESENT,
            members[Partner.POLICE]: Attendance.Status.PRESENT,
        },
    )
    assert meeting.is_quorate is False
    assert meeting.missing_partners() == ["Local authority"]


def test_deputy_sent_without_naming_the_deputy_is_refused(executive):
    meeting = MeetingFactory(group=executive)
    attendance = Attendance(
        meeting=meeting, person=executive.partner_members[Partner.POLICE], status=Attendance.Status.DEPUTY
    )
    with pytest.raises(ValidationError) as refused:
        attendance.full_clean()
    assert refused.value.message_dict["deputy"] == ["Name the deputy who attended"]


def test_meeting_page_says_plainly_it_was_not_quorate_and_names_the_police(signed_in_client, executive):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    members = executive.partner_members
    meeting = MeetingFactory(group=executive)
    record(
        meeting,
        {
            members[Partner.LOCAL_AUTHORITY]: Attendance.Status.PRESENT,
            members[Partner.INTEGRATED_CARE_BOARD]: Attendance.Status.PRESENT,
            members[Partner.POLICE]: Attendance.Status.APOLOGIES,
        },
    )
    page = content(client.get(meeting.get_absolute_url()))
    warning = plain_text(re.search(r'<div class="govuk-warning-text">.*?</div>', page, re.S).group(0))
    assert "not quorate" in warning
    assert "Chief officer of police" in warning
    assert "Local authority" not in warning
    assert "Integrated care board" not in warning


def test_meeting_list_tags_a_non_quorate_executive_meeting(signed_in_client, executive):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    members = executive.partner_members
    meeting = MeetingFactory(group=executive)
    record(meeting, {members[Partner.LOCAL_AUTHORITY]: Attendance.Status.PRESENT})
    assert "Not quorate" in content(client.get(reverse("governance:meeting_list")))


def test_a_non_executive_meeting_has_no_quorum_rule(signed_in_client, executive):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    member = PersonFactory(full_name="Amy Clarke")
    group = PartnershipGroupFactory(name="Delivery Group")
    member.groups.add(group)
    meeting = MeetingFactory(group=group)
    record(meeting, {member: Attendance.Status.APOLOGIES})
    assert meeting.is_quorate is None
    assert "quorate" not in content(client.get(meeting.get_absolute_url())).lower()


# A chair records a meeting of their group


@pytest.fixture
def chair(client, make_user):
    """A signed-in sub-group chair of `chair.group`, which has two members."""
    user = make_user(roles.SUB_GROUP_CHAIR)
    person = PersonFactory(full_name="Olivia Grant", user=user)
    user.group = PartnershipGroupFactory(name="Effective Learning Group", chair=person)
    user.members = [person, PersonFactory(full_name="Bilal Hussain")]
    for member in user.members:
        member.groups.add(user.group)
    client.force_login(user)
    return user


def meeting_data(**overrides) -> dict:
    on = timezone.localdate() - timedelta(days=2)
    data = {
        "starts_on_0": str(on.day),
        "starts_on_1": str(on.month),
        "starts_on_2": str(on.year),
        "start_time": "14:30",
        "location": "Civic Centre, Room 2",
        "online_link": "",
        "minutes": "The group agreed the learning brief on neglect.",
    }
    data.update(overrides)
    return data


def test_chair_records_a_meeting_of_their_group_with_attendance_and_minutes(client, chair):
    response = client.post(reverse("governance:meeting_create", args=[chair.group.slug]), meeting_data())
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    local = timezone.localtime(meeting.starts_at)
    assert (local.date(), local.strftime("%H:%M")) == (timezone.localdate() - timedelta(days=2), "14:30")
    assert meeting.group == chair.group

    me, other = chair.members
    response = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {
            f"person-{me.pk}-status": Attendance.Status.PRESENT,
            f"person-{me.pk}-deputy": "",
            f"person-{other.pk}-status": Attendance.Status.APOLOGIES,
            f"person-{other.pk}-deputy": "",
        },
    )
    assert response.status_code == 302

    page = plain_text(content(client.get(meeting.get_absolute_url())))
    assert "Civic Centre, Room 2" in page
    assert "14:30" in page
    assert "The group agreed the learning brief on neglect." in page
    assert "Olivia Grant" in page and "Present" in page
    assert "Bilal Hussain" in page and "Apologies" in page
    assert dict(meeting.attendances.values_list("person__full_name", "status")) == {
        "Olivia Grant": "present",
        "Bilal Hussain": "apologies",
    }


def test_chair_cannot_record_a_meeting_of_another_group(client, chair):
    other = PartnershipGroupFactory()
    response = client.post(reverse("governance:meeting_create", args=[other.slug]), meeting_data())
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_deputy_sent_without_a_named_deputy_shows_the_error_summary_and_saves_nothing(client, chair):
    me, other = chair.members
    meeting = MeetingFactory(group=chair.group)
    record(meeting, {me: Attendance.Status.PRESENT, other: Attendance.Status.PRESENT})
    response = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {
            f"person-{me.pk}-status": Attendance.Status.ABSENT,
            f"person-{me.pk}-deputy": "",
            f"person-{other.pk}-status": Attendance.Status.DEPUTY,
            f"person-{other.pk}-deputy": "",
        },
    )
    page = content(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Name the deputy who attended for Bilal Hussain" in page
    assert dict(meeting.attendances.values_list("person_id", "status")) == {
        me.pk: Attendance.Status.PRESENT,
        other.pk: Attendance.Status.PRESENT,
    }


def test_a_meeting_without_a_place_or_an_online_link_is_refused(client, chair):
    response = client.post(
        reverse("governance:meeting_create", args=[chair.group.slug]), meeting_data(location="")
    )
    page = content(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a place or an online link for the meeting" in page
    assert not Meeting.objects.exists()


def test_an_online_meeting_needs_no_place(client, chair):
    response = client.post(
        reverse("governance:meeting_create", args=[chair.group.slug]),
        meeting_data(location="", online_link="https://meet.example.org/elg"),
    )
    assert response.status_code == 302
    assert Meeting.objects.get().online_link == "https://meet.example.org/elg"


# Confidential content and who sees which meetings


@pytest.fixture
def confidential_meeting(make_user):
    meeting = MeetingFactory(minutes="Discussed the family at 4 Elm Row.", minutes_confidential=True)
    services.add_agenda_item(
        meeting=meeting,
        title="Case discussion",
        paper=pdf_upload("case.pdf"),
        is_confidential=True,
        by=make_user(roles.BUSINESS_UNIT),
    )
    return meeting


def test_young_scrutineer_sees_the_meeting_but_not_its_confidential_minutes(
    signed_in_client, confidential_meeting
):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    response = client.get(confidential_meeting.get_absolute_url())
    page = content(response)
    assert response.status_code == 200
    assert "The minutes of this meeting are confidential." in page
    assert "4 Elm Row" not in page


def test_young_scrutineer_is_not_shown_a_confidential_paper(signed_in_client, confidential_meeting):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    item = confidential_meeting.agenda_items.get()
    page = content(client.get(confidential_meeting.get_absolute_url()))
    assert reverse("governance:agenda_paper", args=[item.pk]) not in page
    assert client.get(reverse("governance:agenda_paper", args=[item.pk])).status_code == 404


def test_business_unit_downloads_a_confidential_paper(signed_in_client, confidential_meeting):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    item = confidential_meeting.agenda_items.get()
    response = client.get(reverse("governance:agenda_paper", args=[item.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert 'filename="case.pdf"' in response["Content-Disposition"]


def test_business_unit_reads_confidential_minutes(signed_in_client, confidential_meeting):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    assert "4 Elm Row" in content(client.get(confidential_meeting.get_absolute_url()))


@pytest.fixture
def group_member(client, make_user):
    user = make_user(roles.GROUP_MEMBER)
    user.group = PartnershipGroupFactory(name="Rapid Review Working Group")
    PersonFactory(user=user).groups.add(user.group)
    client.force_login(user)
    return user


def test_group_member_lists_only_meetings_of_their_groups(client, group_member):
    MeetingFactory(group=group_member.group)
    MeetingFactory(group=PartnershipGroupFactory(name="Strategic Exploitation and Missing Group"))
    page = content(client.get(reverse("governance:meeting_list")))
    assert "Rapid Review Working Group" in page
    assert "Strategic Exploitation and Missing Group" not in page


def test_group_member_opens_a_meeting_of_their_group(client, group_member):
    meeting = MeetingFactory(group=group_member.group)
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_group_member_gets_not_found_for_a_meeting_of_another_group(client, group_member):
    meeting = MeetingFactory(group=PartnershipGroupFactory())
    assert client.get(meeting.get_absolute_url()).status_code == 404


# Agenda papers

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def upload(name, head, size=64):
    return SimpleUploadedFile(name, head + b"\0" * (size - len(head)))


def add_paper(client, meeting, paper):
    return client.post(
        reverse("governance:agenda_item_add", args=[meeting.pk]),
        {"title": "Annual report", "lead": "", "paper": paper},
    )


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("report.pdf", PDF_BYTES),
        ("report.docx", office_document(".docx")),
        ("report.doc", OLE),
        ("data.xlsx", office_document(".xlsx")),
        ("data.xls", OLE),
        ("slides.pptx", office_document(".pptx")),
        ("slides.ppt", OLE),
    ],
)
def test_agenda_paper_upload_accepts_office_documents_and_pdfs(signed_in_client, name, head):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    meeting = MeetingFactory()
    response = add_paper(client, meeting, upload(name, head))
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.paper_name == name
    assert item.paper.read().startswith(head)


def test_agenda_paper_of_exactly_20_mb_is_accepted(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    meeting = MeetingFactory()
    response = add_paper(client, meeting, upload("big.pdf", PDF_BYTES, size=MAX_UPLOAD_BYTES))
    assert response.status_code == 302
    assert AgendaItem.objects.get().paper.size == 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("paper", "message"),
    [
        (
            upload("notes.txt", b"plain text"),
            "The selected file must be a PDF, Word, Excel or PowerPoint file",
        ),
        (
            upload("tool.exe", b"MZ\x90\x00"),
            "The selected file must be a PDF, Word, Excel or PowerPoint file",
        ),
        (upload("page.html", b"<html>"), "The selected file must be a PDF, Word, Excel or PowerPoint file"),
        (upload("fake.docx", b"MZ\x90\x00"), "The selected file is not a real DOCX file"),
        (
            upload("huge.pdf", PDF_BYTES, size=MAX_UPLOAD_BYTES + 1),
            "The selected file must be smaller than 20 MB",
        ),
    ],
    ids=["text", "program", "web-page", "program-named-docx", "over-20-mb"],
)
def test_agenda_paper_upload_refuses_other_files_with_a_clear_message(signed_in_client, paper, message):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    meeting = MeetingFactory()
    paper.seek(0)
    response = add_paper(client, meeting, paper)
    page = content(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not AgendaItem.objects.exists()


# Setting attendance back to "Not recorded" (issue 12: nothing is deleted silently)


def _post_register(client, meeting, statuses: dict):
    data = {}
    for person, status in statuses.items():
        data[f"person-{person.pk}-status"] = status
        data[f"person-{person.pk}-deputy"] = ""
    return client.post(reverse("governance:meeting_attendance", args=[meeting.pk]), data)


def test_attendance_set_back_to_not_recorded_keeps_its_row_and_history_names_who_cleared_it(client, chair):
    me, other = chair.members
    meeting = MeetingFactory(group=chair.group)
    _post_register(client, meeting, {me: Attendance.Status.PRESENT, other: Attendance.Status.APOLOGIES})

    response = _post_register(client, meeting, {me: Attendance.Status.PRESENT, other: ""})

    assert response.status_code == 302
    cleared = Attendance.objects.get(meeting=meeting, person=other)
    assert cleared.status == Attendance.Status.NOT_RECORDED
    page = content(client.get(meeting.get_absolute_url()))
    history_link = re.search(
        r'href="([^"]+)">History<span class="govuk-visually-hidden"> of Bilal Hussain', page
    )
    assert history_link, "the meeting page links the cleared row's History"
    history = plain_text(content(client.get(history_link.group(1))))
    assert "Status Changed from Apologies → to Not recorded" in history
    assert f"Changed by {chair.full_name}" in history


def test_a_cleared_attendance_shows_as_not_recorded_on_the_register_and_can_be_recorded_again(client, chair):
    me, other = chair.members
    meeting = MeetingFactory(group=chair.group)
    _post_register(client, meeting, {me: Attendance.Status.PRESENT, other: Attendance.Status.ABSENT})
    _post_register(client, meeting, {me: Attendance.Status.PRESENT, other: ""})

    register = content(client.get(reverse("governance:meeting_attendance", args=[meeting.pk])))
    select = re.search(rf'name="person-{other.pk}-status">(.*?)</select>', register, re.S).group(1)
    assert re.findall(r"<option [^>]*selected[^>]*>([^<]+)<", select) == ["Not recorded"]
    assert select.count("Not recorded") == 1

    response = _post_register(
        client, meeting, {me: Attendance.Status.PRESENT, other: Attendance.Status.PRESENT}
    )
    assert response.status_code == 302
    assert Attendance.objects.get(meeting=meeting, person=other).status == Attendance.Status.PRESENT


def test_an_executive_meeting_whose_attendance_was_all_cleared_counts_as_not_recorded(executive, make_user):
    business_unit = make_user(roles.BUSINESS_UNIT)
    meeting = MeetingFactory(group=executive)
    services.record_attendance(
        meeting=meeting,
        entries=[
            {"person": person, "status": Attendance.Status.PRESENT}
            for person in executive.partner_members.values()
        ],
        by=business_unit,
    )

    services.record_attendance(meeting=meeting, entries=[], by=business_unit)

    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.attendances.count() == 3
    assert meeting.is_quorate is None
    assert meeting.attendance_not_recorded is True


def test_a_partner_whose_attendance_was_cleared_does_not_count_towards_quorum(executive, make_user):
    business_unit = make_user(roles.BUSINESS_UNIT)
    members = executive.partner_members
    meeting = MeetingFactory(group=executive)
    everyone = [{"person": person, "status": Attendance.Status.PRESENT} for person in members.values()]
    services.record_attendance(meeting=meeting, entries=everyone, by=business_unit)

    without_police = [entry for entry in everyone if entry["person"] != members[Partner.POLICE]]
    services.record_attendance(meeting=meeting, entries=without_police, by=business_unit)

    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.is_quorate is False
    assert meeting.missing_partners() == [Partner.POLICE.label]
