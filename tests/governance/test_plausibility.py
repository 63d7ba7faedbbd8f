"""Issue 12: plausibility rules, each with a clear GOV.UK error, and the quorum and
publication rules."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import roles, services
from governance.models import Action, Agency, Attendance, Document, DocumentVersion, Risk, SignOff
from governance.templatetags.governance_tags import rag_tag
from tests.governance.factories import (
    ActionFactory,
    AgencyFactory,
    MeetingFactory,
    PartnershipGroupFactory,
    PersonFactory,
    RiskFactory,
    UserFactory,
    executive_group,
    pdf_upload,
)
from tests.governance.test_meetings import executive  # noqa: F401 - the fixture
from tests.governance.test_risks import executive_member, risk_form

pytestmark = pytest.mark.django_db

Partner = Agency.StatutoryPartner


@pytest.fixture
def business_unit(signed_in_client):
    return signed_in_client(roles.BUSINESS_UNIT)


def _action_form(group, owner, **overrides):
    due = timezone.localdate() + timedelta(days=30)
    data = {
        "title": "Refresh the protocol",
        "group": str(group.pk),
        "owner": str(owner.pk),
        "due_date_0": str(due.day),
        "due_date_1": str(due.month),
        "due_date_2": str(due.year),
        "rag": Action.Rag.GREEN,
    }
    data.update(overrides)
    return data


# Actions


def test_an_overdue_action_never_reads_green_on_track():
    action = ActionFactory(due_date=timezone.localdate() - timedelta(days=1), rag=Action.Rag.GREEN)
    assert "Green" not in rag_tag(action) and "Red" in rag_tag(action)
    on_time = ActionFactory(due_date=timezone.localdate() + timedelta(days=1), rag=Action.Rag.GREEN)
    assert "Green – on track" in rag_tag(on_time)


def test_a_new_action_due_years_ago_is_refused(business_unit):
    client, _ = business_unit
    data = _action_form(PartnershipGroupFactory(), PersonFactory(), due_date_2="2019")
    page = client.post(reverse("governance:action_create"), data).content.decode()
    assert "The due date must be no more than 1 year in the past" in page
    assert not Action.objects.exists()


def test_an_overdue_action_cannot_be_saved_as_green(business_unit):
    client, _ = business_unit
    action = ActionFactory(due_date=timezone.localdate() - timedelta(days=3), rag=Action.Rag.AMBER)
    due = action.due_date
    data = _action_form(
        action.group,
        action.owner,
        status=Action.Status.OPEN,
        due_date_0=str(due.day),
        due_date_1=str(due.month),
        due_date_2=str(due.year),
    )
    page = client.post(reverse("governance:action_edit", args=[action.pk]), data).content.decode()
    assert "An overdue action is not on track: choose red or amber" in page
    action.refresh_from_db()
    assert action.rag == Action.Rag.AMBER


def test_an_existing_action_keeps_its_old_due_date_when_other_fields_change(business_unit):
    client, _ = business_unit
    action = ActionFactory(due_date=timezone.localdate() - timedelta(days=800), rag=Action.Rag.RED)
    due = action.due_date
    data = _action_form(
        action.group,
        action.owner,
        title="Renamed",
        status=Action.Status.OPEN,
        rag=Action.Rag.RED,
        due_date_0=str(due.day),
        due_date_1=str(due.month),
        due_date_2=str(due.year),
    )
    assert client.post(reverse("governance:action_edit", args=[action.pk]), data).status_code == 302


# Risks


def test_a_current_score_above_the_inherent_score_needs_a_reason(business_unit):
    client, _ = business_unit
    owner = executive_member()
    data = risk_form(owner, inherent_likelihood="2", inherent_impact="2")
    page = client.post(reverse("governance:risk_create"), data).content.decode()
    assert "The current score (12) is higher than the inherent score (4): say why" in page
    assert not Risk.objects.exists()
    data["score_above_inherent_reason"] = "A new pattern of exploitation has emerged."
    assert client.post(reverse("governance:risk_create"), data).status_code == 302
    assert Risk.objects.get().score_above_inherent_reason


def test_a_new_risk_cannot_be_due_for_review_in_the_past(business_unit):
    client, _ = business_unit
    page = client.post(
        reverse("governance:risk_create"), risk_form(executive_member(), review_date_2="2020")
    ).content.decode()
    assert "The review date must be today or in the future" in page
    assert not Risk.objects.exists()


def test_an_owner_can_leave_an_overdue_review_date_as_it_is_while_changing_other_things(business_unit):
    client, _ = business_unit
    risk = RiskFactory(review_date=timezone.localdate() - timedelta(days=10))
    due = risk.review_date
    data = risk_form(
        risk.owner, review_date_0=str(due.day), review_date_1=str(due.month), review_date_2=str(due.year)
    )
    assert client.post(reverse("governance:risk_edit", args=[risk.pk]), data).status_code == 302


# Quorum


def test_a_member_cannot_be_their_own_deputy(executive):  # noqa: F811
    member = executive.partner_members[Partner.POLICE]
    attendance = Attendance(
        meeting=MeetingFactory(group=executive), person=member, status=Attendance.Status.DEPUTY, deputy=member
    )
    with pytest.raises(ValidationError) as refused:
        attendance.full_clean()
    assert "own deputy" in refused.value.message_dict["deputy"][0]


def test_a_deputy_from_another_agency_is_refused_and_never_makes_a_meeting_quorate(executive):  # noqa: F811
    meeting = MeetingFactory(group=executive)
    members = executive.partner_members
    young_scrutineer = PersonFactory(agency=AgencyFactory(name="Young scrutineers"))
    attendance = Attendance(
        meeting=meeting,
        person=members[Partner.INTEGRATED_CARE_BOARD],
        status=Attendance.Status.DEPUTY,
        deputy=young_scrutineer,
    )
    with pytest.raises(ValidationError):
        attendance.full_clean()
    # A record made before the rule existed does not count either.
    attendance.save()
    for partner in (Partner.LOCAL_AUTHORITY, Partner.POLICE):
        Attendance.objects.create(meeting=meeting, person=members[partner], status=Attendance.Status.PRESENT)
    assert meeting.is_quorate is False


def test_the_attendance_form_offers_only_deputies_from_the_members_agency(business_unit, executive):  # noqa: F811
    client, _ = business_unit
    meeting = MeetingFactory(group=executive)
    police = executive.partner_members[Partner.POLICE]
    colleague = PersonFactory(full_name="Sian Evans", agency=police.agency)
    outsider = PersonFactory(full_name="Zara Outsider")
    page = client.get(reverse("governance:meeting_attendance", args=[meeting.pk])).content.decode()
    police_row = page.split(f'id="person-{police.pk}-deputy"', 1)[1].split("</select>", 1)[0]
    assert colleague.full_name in police_row and outsider.full_name not in police_row
    response = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {f"person-{police.pk}-status": "deputy", f"person-{police.pk}-deputy": str(outsider.pk)},
    )
    assert "must work for" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_meeting_in_the_future_is_not_called_not_quorate(business_unit, executive):  # noqa: F811
    client, _ = business_unit
    meeting = MeetingFactory(group=executive, starts_at=timezone.now() + timedelta(days=14))
    assert meeting.is_quorate is None
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "not quorate" not in page and "has not happened yet" in page
    response = client.get(reverse("governance:meeting_attendance", args=[meeting.pk]))
    assert response.status_code == 302


def test_someone_who_gave_apologies_cannot_be_named_as_a_deputy_at_the_same_meeting(
    business_unit,
    executive,  # noqa: F811
):
    client, _ = business_unit
    meeting = MeetingFactory(group=executive)
    police = executive.partner_members[Partner.POLICE]
    colleague = PersonFactory(full_name="Sian Evans", agency=police.agency)
    colleague.groups.add(executive)
    page = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {
            f"person-{police.pk}-status": "deputy",
            f"person-{police.pk}-deputy": str(colleague.pk),
            f"person-{colleague.pk}-status": "apologies",
        },
    ).content.decode()
    assert "govuk-error-summary" in page
    assert "Sian Evans gave apologies for this meeting, so cannot be Gareth Lloyd’s deputy" in page
    assert not Attendance.objects.exists()
    assert meeting.is_quorate is None


def test_a_deputy_who_attended_is_accepted(business_unit, executive):  # noqa: F811
    client, _ = business_unit
    meeting = MeetingFactory(group=executive)
    police = executive.partner_members[Partner.POLICE]
    colleague = PersonFactory(full_name="Sian Evans", agency=police.agency)
    colleague.groups.add(executive)
    response = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {
            f"person-{police.pk}-status": "deputy",
            f"person-{police.pk}-deputy": str(colleague.pk),
            f"person-{colleague.pk}-status": "present",
        },
    )
    assert response.status_code == 302
    assert Attendance.objects.count() == 2


def test_the_attendance_service_refuses_a_deputy_who_did_not_attend(executive):  # noqa: F811
    meeting = MeetingFactory(group=executive)
    police = executive.partner_members[Partner.POLICE]
    colleague = PersonFactory(agency=police.agency)
    with pytest.raises(ValidationError):
        services.record_attendance(
            meeting=meeting,
            entries=[
                {"person": police, "status": Attendance.Status.DEPUTY, "deputy": colleague},
                {"person": colleague, "status": Attendance.Status.ABSENT, "deputy": None},
            ],
            by=UserFactory(),
        )


def _meeting_on(client, group, day):
    return client.post(
        reverse("governance:meeting_create", args=[group.slug]),
        {
            "starts_on_0": str(day.day),
            "starts_on_1": str(day.month),
            "starts_on_2": str(day.year),
            "start_time": "10:00",
            "location": "Town Hall",
        },
    )


def test_a_meeting_dated_1_january_1900_is_refused(business_unit):
    client, _ = business_unit
    group = PartnershipGroupFactory()
    page = _meeting_on(client, group, datetime(1900, 1, 1).date()).content.decode()
    assert "govuk-error-summary" in page
    assert "The date of the meeting must be the same as or after 1 January 2000" in page
    assert not group.meetings.exists()


def test_a_meeting_more_than_five_years_ahead_is_refused(business_unit):
    client, _ = business_unit
    group = PartnershipGroupFactory()
    day = timezone.localdate() + timedelta(days=5 * 366 + 1)
    page = _meeting_on(client, group, day).content.decode()
    assert "The date of the meeting must be the same as or before" in page
    assert not group.meetings.exists()


def test_a_meeting_within_the_bounds_is_accepted(business_unit):
    client, _ = business_unit
    group = PartnershipGroupFactory()
    assert _meeting_on(client, group, timezone.localdate() + timedelta(days=4 * 365)).status_code == 302
    assert _meeting_on(client, group, datetime(2000, 1, 1).date()).status_code == 302
    assert group.meetings.count() == 2


def test_the_model_refuses_an_implausible_meeting_date():
    meeting = MeetingFactory.build(
        group=PartnershipGroupFactory(), starts_at=timezone.make_aware(datetime(1900, 1, 1, 10))
    )
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert "starts_at" in refused.value.message_dict


def test_a_past_executive_meeting_with_no_attendance_says_attendance_not_recorded(
    business_unit,
    executive,  # noqa: F811
):
    client, _ = business_unit
    meeting = MeetingFactory(group=executive)
    assert meeting.is_quorate is None
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Attendance not recorded" in page and "not quorate" not in page
    listing = client.get(reverse("governance:meeting_list")).content.decode()
    assert "Attendance not recorded" in listing and "Not quorate" not in listing


def test_a_future_executive_meeting_says_nothing_about_quorum(business_unit, executive):  # noqa: F811
    client, _ = business_unit
    meeting = MeetingFactory(group=executive, starts_at=timezone.now() + timedelta(days=14))
    page = client.get(meeting.get_absolute_url()).content.decode().lower()
    assert "quorate" not in page and "quorum" not in page
    group_page = client.get(reverse("governance:group_detail", args=[executive.slug])).content.decode()
    assert "quorate" not in group_page.lower()


# Publication


def _signed_off(kind=Document.Kind.ARRANGEMENTS):
    business_unit = UserFactory(roles=[roles.BUSINESS_UNIT])
    document = Document.objects.create(title="Arrangements", kind=kind, owner=PersonFactory())
    version = services.add_document_version(document=document, upload=pdf_upload(), by=business_unit)
    services.send_for_sign_off(version=version, by=business_unit)
    for partner, label in Partner.choices:
        user = UserFactory(roles=[roles.EXECUTIVE_MEMBER])
        PersonFactory(user=user, agency=AgencyFactory(name=label, statutory_partner=partner))
        services.record_sign_off(version=version, slot=partner, approve=True, sha256=version.sha256, by=user)
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.SIGNED_OFF
    return version, business_unit


def test_publishing_asks_for_confirmation_first(business_unit):
    client, _ = business_unit
    version, _ = _signed_off()
    page = client.get(reverse("governance:version_publish", args=[version.pk])).content.decode()
    assert "Publish version 1?" in page and "cannot be undone" in page
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.SIGNED_OFF
    client.post(reverse("governance:version_publish", args=[version.pk]))
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.PUBLISHED


def test_a_publication_date_cannot_precede_the_sign_off():
    version, business_unit = _signed_off()
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be before the sign-off"):
        services.publish_version(version=version, by=business_unit, published_on=yesterday)
    version.sign_offs.update(signed_at=timezone.make_aware(datetime(2026, 1, 5, 9, 0)))
    services.publish_version(version=version, by=business_unit, published_on=yesterday)


def test_an_uploaded_version_is_not_labelled_as_rendered_by_the_service(business_unit):
    client, _ = business_unit
    version, _ = _signed_off()
    page = client.get(version.get_absolute_url()).content.decode()
    assert "rendered by the service" not in page and "(uploaded)" in page
    assert SignOff.objects.filter(version=version).count() == 3
    assert executive_group()


# The risk form's mitigating actions


def test_mitigating_actions_are_chosen_by_reference_and_title(business_unit):
    client, _ = business_unit
    first = ActionFactory(title="Audit")
    second = ActionFactory(title="Audit")
    closed = ActionFactory(title="Old audit", status=Action.Status.DONE)
    page = client.get(reverse("governance:risk_create")).content.decode()
    assert f"A{first.pk}: Audit ({first.group.name}" in page and f"A{second.pk}: Audit" in page
    assert f"A{closed.pk}:" not in page
    assert "app-scroll-box" in page


def test_mitigating_actions_can_be_added_by_typing_their_references(business_unit):
    client, _ = business_unit
    first, second = ActionFactory(), ActionFactory()
    data = risk_form(executive_member(), action_references=f"A{first.pk}, a{second.pk}")
    assert client.post(reverse("governance:risk_create"), data).status_code == 302
    assert set(Risk.objects.get().mitigating_actions.all()) == {first, second}


def test_an_unknown_action_reference_is_refused_in_plain_words(business_unit):
    client, _ = business_unit
    page = client.post(
        reverse("governance:risk_create"), risk_form(executive_member(), action_references="A99999")
    ).content.decode()
    assert "There is no action A99999 in the action log" in page
    assert not Risk.objects.exists()
