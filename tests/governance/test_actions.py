"""The partnership's action log: its services, its list and its pages."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from governance import roles, services
from governance.models import Action, ActionUpdate, Meeting
from tests.governance.factories import (
    PDF_BYTES,
    ActionFactory,
    AgencyFactory,
    MeetingFactory,
    PartnershipGroupFactory,
    PersonFactory,
    RiskFactory,
    ThemeFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def content(response) -> str:
    return response.content.decode()


def action_list(client, **params):
    return content(client.get(reverse("governance:action_list"), params))


def date_fields(name: str, day, month, year) -> dict:
    """The GOV.UK date input posts day, month and year as three fields."""
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}


def new_action_data(*, group, owner, title="Share the neglect toolkit with schools", due=None) -> dict:
    due = due or today() + timedelta(days=60)
    return {
        "title": title,
        "description": "Every school's designated safeguarding lead receives it.",
        "group": str(group.pk),
        "owner": str(owner.pk),
        **date_fields("due_date", due.day, due.month, due.year),
        "rag": Action.Rag.GREEN,
        "theme": "",
    }


@pytest.fixture
def chair(make_user, client):
    """A signed-in sub-group chair, whose person chairs `chair.group`."""
    user = make_user(roles.SUB_GROUP_CHAIR)
    person = PersonFactory(full_name="Priya Natarajan", user=user)
    user.group = PartnershipGroupFactory(name="Education Safeguarding Forum", chair=person)
    person.groups.add(user.group)
    client.force_login(user)
    return user


# Services


def test_create_action_records_a_meeting_as_its_source():
    meeting = MeetingFactory()
    action = services.create_action(
        title="Refresh the escalation policy",
        group=meeting.group,
        owner=PersonFactory(),
        due_date=today() + timedelta(days=30),
        source=meeting,
        by=None,
    )
    action.refresh_from_db()
    assert action.source_type == ContentType.objects.get_for_model(Meeting)
    assert action.source_id == meeting.pk
    assert action.source == meeting


def test_create_action_from_a_risk_links_it_as_a_mitigating_action():
    risk = RiskFactory()
    action = services.create_action(
        title="Recruit two more designated nurses",
        group=PartnershipGroupFactory(),
        owner=PersonFactory(),
        due_date=today() + timedelta(days=30),
        source=risk,
        by=None,
    )
    assert action.source == risk
    assert list(risk.mitigating_actions.all()) == [action]


def test_a_progress_update_moves_an_open_action_to_in_progress(make_user):
    action = ActionFactory()
    assert action.status == Action.Status.OPEN
    services.add_action_update(action=action, note="Draft circulated", by=make_user(roles.BUSINESS_UNIT))
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    assert [update.note for update in action.updates.all()] == ["Draft circulated"]


def test_completing_an_action_without_a_closing_note_is_refused_and_changes_nothing(make_user):
    action = ActionFactory()
    with pytest.raises(ValidationError) as refused:
        services.complete_action(action=action, closing_note="   ", by=make_user(roles.BUSINESS_UNIT))
    assert refused.value.message_dict["closing_note"] == [
        "Enter a closing note with the evidence of impact before marking it done"
    ]
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    assert action.rag == Action.Rag.GREEN
    assert action.closed_on is None
    assert action.closing_note == ""
    assert not action.updates.exists()


def test_completing_an_action_marks_it_done_blue_closed_today_with_a_timeline_entry(make_user):
    user = make_user(roles.BUSINESS_UNIT)
    action = ActionFactory()
    services.complete_action(
        action=action, closing_note="Audit shows 95% of referrals now complete.", by=user
    )
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.rag == Action.Rag.BLUE
    assert action.closed_on == today()
    assert action.closing_note == "Audit shows 95% of referrals now complete."
    entry = action.updates.get()
    assert entry.author == user
    assert entry.written_on == today()
    assert "Audit shows 95% of referrals now complete." in entry.note


def test_an_open_action_due_yesterday_is_overdue():
    assert ActionFactory(due_date=today() - timedelta(days=1)).is_overdue()


def test_a_done_action_due_yesterday_is_not_overdue():
    action = ActionFactory(
        due_date=today() - timedelta(days=1), status=Action.Status.DONE, closing_note="Done and shown."
    )
    assert not action.is_overdue()


def test_an_action_due_today_is_not_yet_overdue():
    assert not ActionFactory(due_date=today()).is_overdue()


def test_overdue_is_never_stored():
    stored = {field.name for field in Action._meta.get_fields()}
    assert not any("overdue" in name for name in stored)
    assert not any("overdue" in field.name for field in Action.history.model._meta.get_fields())


# The list and its filters


def test_my_actions_lists_only_the_actions_i_own(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    me = PersonFactory(user=user)
    ActionFactory(title="Mine to do", owner=me)
    ActionFactory(title="For someone else")
    page = action_list(client, view="mine")
    assert "Mine to do" in page
    assert "For someone else" not in page


def test_my_groups_actions_lists_only_the_actions_of_groups_i_sit_on(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    mine = PartnershipGroupFactory()
    PersonFactory(user=user).groups.add(mine)
    ActionFactory(title="Action of my group", group=mine)
    ActionFactory(title="Action of another group")
    page = action_list(client, view="my_groups")
    assert "Action of my group" in page
    assert "Action of another group" not in page


def test_overdue_view_lists_open_actions_past_their_due_date_only(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    yesterday = today() - timedelta(days=1)
    ActionFactory(title="Late and open", due_date=yesterday)
    ActionFactory(title="Late but done", due_date=yesterday, status=Action.Status.DONE, closing_note="x")
    ActionFactory(title="Due next week", due_date=today() + timedelta(days=7))
    page = action_list(client, view="overdue")
    assert "Late and open" in page
    assert "Late but done" not in page
    assert "Due next week" not in page
    assert "1 action." in page


def test_action_list_filters_by_group(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    wanted = ActionFactory(title="Delivery group action")
    ActionFactory(title="Learning group action")
    page = action_list(client, group=wanted.group.pk)
    assert "Delivery group action" in page
    assert "Learning group action" not in page


def test_action_list_filters_by_owner(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    wanted = ActionFactory(title="Owned by the named nurse")
    ActionFactory(title="Owned by the detective inspector")
    page = action_list(client, owner=wanted.owner.pk)
    assert "Owned by the named nurse" in page
    assert "Owned by the detective inspector" not in page


def test_action_list_filters_by_the_owners_agency(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    police = AgencyFactory(name="County Police")
    ActionFactory(title="Police action", owner=PersonFactory(agency=police))
    ActionFactory(title="Health action", owner=PersonFactory(agency=AgencyFactory(name="County ICB")))
    page = action_list(client, agency=police.pk)
    assert "Police action" in page
    assert "Health action" not in page


def test_action_list_filters_by_status(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    ActionFactory(title="Finished action", status=Action.Status.DONE, closing_note="Shown to work.")
    ActionFactory(title="Unstarted action")
    page = action_list(client, status=Action.Status.DONE)
    assert "Finished action" in page
    assert "Unstarted action" not in page


def test_action_list_filters_by_theme(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    sharing = ThemeFactory(name="Information sharing")
    ActionFactory(title="Agree the data protocol", theme=sharing)
    ActionFactory(title="Run the neglect conference", theme=ThemeFactory(name="Neglect"))
    page = action_list(client, theme=sharing.pk)
    assert "Agree the data protocol" in page
    assert "Run the neglect conference" not in page


def test_action_list_filters_by_source(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    meeting = MeetingFactory()
    for title, source in (("Arising from the meeting", meeting), ("Mitigating the risk", RiskFactory())):
        services.create_action(
            title=title,
            group=meeting.group,
            owner=PersonFactory(),
            due_date=today() + timedelta(days=9),
            source=source,
            by=user,
        )
    ActionFactory(title="Raised directly")
    page = action_list(client, source=ContentType.objects.get_for_model(Meeting).pk)
    assert "Arising from the meeting" in page
    assert "Mitigating the risk" not in page
    assert "Raised directly" not in page


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_export_has_a_header_and_one_row_per_visible_action(signed_in_client):
    client, user = signed_in_client(roles.GROUP_MEMBER)
    group = PartnershipGroupFactory()
    PersonFactory(user=user).groups.add(group)
    ActionFactory(title="First of my group", group=group)
    ActionFactory(title="Second of my group", group=group)
    ActionFactory(title="Not visible to me")
    rows = read_csv(client.get(reverse("governance:action_list"), {"format": "csv"}))
    assert rows[0][:3] == ["Reference", "Title", "Group"]
    assert "Overdue" in rows[0]
    assert sorted(row[1] for row in rows[1:]) == ["First of my group", "Second of my group"]


def test_csv_export_neutralises_a_title_that_a_spreadsheet_would_run_as_a_formula(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    ActionFactory(title='=HYPERLINK("http://evil.example","Click")')
    rows = read_csv(client.get(reverse("governance:action_list"), {"format": "csv"}))
    title = rows[1][1]
    assert not title.startswith("=")
    assert title == '\'=HYPERLINK("http://evil.example","Click")'


# Chairs and owners, through the pages


def test_sub_group_chair_adds_an_action_posts_evidence_and_closes_it_through_the_pages(client, chair):
    owner = PersonFactory(full_name="Tom Becker")
    due = today() + timedelta(days=45)

    response = client.post(
        reverse("governance:action_create"), new_action_data(group=chair.group, owner=owner, due=due)
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert response.url == action.get_absolute_url()
    assert (action.group, action.owner, action.due_date, action.created_by) == (
        chair.group,
        owner,
        due,
        chair,
    )

    response = client.post(
        reverse("governance:action_progress", args=[action.pk]),
        {
            **date_fields("written_on", today().day, today().month, today().year),
            "note": "Toolkit sent to 40 of 52 schools.",
            "evidence": pdf_upload("distribution-list.pdf"),
        },
    )
    assert response.status_code == 302
    update = ActionUpdate.objects.get(action=action)
    assert update.evidence_name == "distribution-list.pdf"
    download = client.get(reverse("governance:action_evidence", args=[update.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES

    response = client.post(
        reverse("governance:action_complete", args=[action.pk]),
        {"closing_note": "All 52 schools have the toolkit; referrals citing it rose."},
    )
    assert response.status_code == 302
    page = content(client.get(action.get_absolute_url()))
    assert "Blue – complete" in page
    assert "All 52 schools have the toolkit; referrals citing it rose." in page
    assert "Evidence: distribution-list.pdf" in page
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.closed_on == today()


def test_sub_group_chair_cannot_open_the_edit_page_of_another_groups_action(client, chair):
    action = ActionFactory(title="Another group's action")
    assert client.get(reverse("governance:action_edit", args=[action.pk])).status_code == 403


def test_sub_group_chair_cannot_change_another_groups_action(client, chair):
    action = ActionFactory(title="Another group's action")
    data = new_action_data(group=chair.group, owner=PersonFactory(), title="Taken over")
    data["status"] = Action.Status.CANCELLED
    response = client.post(reverse("governance:action_edit", args=[action.pk]), data)
    assert response.status_code == 403
    unchanged = Action.objects.get(pk=action.pk)
    assert (unchanged.title, unchanged.group, unchanged.owner, unchanged.status) == (
        action.title,
        action.group,
        action.owner,
        Action.Status.OPEN,
    )


def test_sub_group_chair_cannot_add_an_action_to_another_group(client, chair):
    other = PartnershipGroupFactory()
    response = client.post(
        reverse("governance:action_create"), new_action_data(group=other, owner=PersonFactory())
    )
    assert response.status_code == 200
    assert "There is a problem" in content(response)
    assert not Action.objects.exists()


@pytest.fixture
def owner_client(client, make_user):
    """A signed-in group member who owns an action of a group they do not chair."""
    user = make_user(roles.GROUP_MEMBER)
    action = ActionFactory(title="Train the front door team", owner=PersonFactory(user=user))
    client.force_login(user)
    return client, action


def test_an_owner_posts_progress_on_their_own_action(owner_client):
    client, action = owner_client
    response = client.post(
        reverse("governance:action_progress", args=[action.pk]),
        {**date_fields("written_on", today().day, today().month, today().year), "note": "Two sessions run."},
    )
    assert response.status_code == 302
    assert [update.note for update in action.updates.all()] == ["Two sessions run."]


def test_an_owner_who_is_not_a_chair_cannot_edit_their_action(owner_client):
    client, action = owner_client
    url = reverse("governance:action_edit", args=[action.pk])
    assert client.get(url).status_code == 403
    data = new_action_data(group=action.group, owner=action.owner, title="Renamed by the owner")
    assert client.post(url, data).status_code == 403
    assert Action.objects.get(pk=action.pk).title == "Train the front door team"


# Bad input


def test_an_action_without_a_title_is_refused_with_the_error_summary(client, chair):
    data = new_action_data(group=chair.group, owner=PersonFactory(), title="")
    response = client.post(reverse("governance:action_create"), data)
    page = content(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the title" in page
    assert not Action.objects.exists()


def test_an_action_due_on_31_february_is_refused_with_the_error_summary(client, chair):
    data = new_action_data(group=chair.group, owner=PersonFactory())
    data.update(date_fields("due_date", 31, 2, 2026))
    response = client.post(reverse("governance:action_create"), data)
    page = content(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "govuk-error-summary" in page
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", "application/octet-stream"),
            "The selected file must be a PDF, Word, Excel or PowerPoint file",
        ),
        (
            SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 this is a program", "application/pdf"),
            "The selected file is not a real PDF file",
        ),
    ],
    ids=["exe", "pdf-that-is-not-a-pdf"],
)
def test_evidence_that_is_not_a_document_is_refused_and_nothing_is_saved(client, chair, upload, message):
    action = ActionFactory(group=chair.group)
    response = client.post(
        reverse("governance:action_progress", args=[action.pk]),
        {
            **date_fields("written_on", today().day, today().month, today().year),
            "note": "See attached.",
            "evidence": upload,
        },
    )
    page = content(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not ActionUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_a_progress_update_dated_in_the_future_is_refused(client, chair):
    action = ActionFactory(group=chair.group)
    tomorrow = today() + timedelta(days=1)
    response = client.post(
        reverse("governance:action_progress", args=[action.pk]),
        {**date_fields("written_on", tomorrow.day, tomorrow.month, tomorrow.year), "note": "Soon."},
    )
    assert "The date of the update must be today or in the past" in content(response)
    assert not ActionUpdate.objects.exists()


def test_marking_done_through_the_page_without_a_closing_note_is_refused(client, chair):
    action = ActionFactory(group=chair.group)
    response = client.post(reverse("governance:action_complete", args=[action.pk]), {"closing_note": ""})
    page = content(response)
    assert "There is a problem" in page
    assert "Enter a closing note with the evidence of impact before marking it done" in page
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    assert not ActionUpdate.objects.exists()


def test_an_impossible_due_date_is_explained_in_plain_english(client, chair):
    # GOV.UK date input guidance: "[whatever it is] must be a real date", not Python's wording.
    data = new_action_data(group=chair.group, owner=PersonFactory())
    data.update(date_fields("due_date", 31, 2, 2026))
    page = content(client.post(reverse("governance:action_create"), data))
    assert "day is out of range for month" not in page
    assert "must be a real date" in page


def test_cancelling_an_action_asks_why_and_puts_the_reason_on_its_timeline(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    action = ActionFactory()

    response = client.post(f"/governance/actions/{action.pk}/cancel/", {"reason": "Superseded by A12"})

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.CANCELLED
    assert action.updates.get().note == "Cancelled. Superseded by A12"


def test_cancelling_without_a_reason_shows_the_error_and_changes_nothing(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    action = ActionFactory()

    response = client.post(f"/governance/actions/{action.pk}/cancel/", {"reason": "  "})

    assert response.status_code == 200
    assert "Enter why the action is being cancelled" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_the_change_form_does_not_offer_cancelled_which_has_its_own_page(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    action = ActionFactory()

    response = client.get(f"/governance/actions/{action.pk}/change/")

    assert 'value="cancelled"' not in response.content.decode()
    with pytest.raises(ValidationError):
        services.update_action(action=action, by=response.wsgi_request.user, status=Action.Status.CANCELLED)


def test_a_cancelled_action_can_be_reopened_from_its_page_and_cannot_be_cancelled_twice(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    action = ActionFactory()
    services.cancel_action(action=action, reason="Duplicate of another action", by=user)

    page = client.get(action.get_absolute_url()).content.decode()
    again = client.post(f"/governance/actions/{action.pk}/cancel/", {"reason": "Again"})

    assert "Change or reopen the action" in page
    assert again.status_code == 302
    assert action.updates.count() == 1


def test_an_action_whose_source_was_erased_says_so_rather_than_raised_directly(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    meeting = MeetingFactory()
    action = ActionFactory(source=meeting)
    Meeting.objects.filter(pk=meeting.pk).delete()  # as erasure at the end of retention does

    page = client.get(reverse("governance:action_detail", args=[action.pk])).content.decode()

    assert "Meeting, since erased at the end of its retention period" in page
    assert "Raised directly" not in page


def test_an_erased_case_source_is_still_not_named_to_someone_who_may_not_see_cases(chair, client):
    from tests.reviews.factories import RapidReviewFactory

    review = RapidReviewFactory()
    action = ActionFactory(source=review, group=chair.group)
    type(review).objects.filter(pk=review.pk).delete()

    response = client.get(reverse("governance:action_detail", args=[action.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "A record you do not have access to" in page
    assert "since erased" not in page and "rapid review" not in page.lower()
