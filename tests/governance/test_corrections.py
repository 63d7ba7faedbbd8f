"""Issue 12: every mistake can be put right, with History saying who changed what, and
nothing deleted silently."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import roles
from governance.models import (
    Agency,
    AgendaItem,
    Attendance,
    BudgetContribution,
    BudgetSpend,
    MeetingDecision,
)
from governance.templatetags.governance_tags import history_url, money
from tests.governance.factories import AgencyFactory, MeetingFactory, PartnershipGroupFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business_unit(signed_in_client):
    return signed_in_client(roles.BUSINESS_UNIT)


def _police():
    return AgencyFactory(name="Met Police", statutory_partner=Agency.StatutoryPartner.POLICE)


# Agenda items and decisions


def test_an_agenda_item_can_be_corrected_and_history_says_who(business_unit):
    client, user = business_unit
    item = AgendaItem.objects.create(meeting=MeetingFactory(), title="Atendance report")
    response = client.post(
        reverse("governance:agenda_item_change", args=[item.pk]),
        {"title": "Attendance report", "change_reason": "Typing mistake"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Attendance report"
    assert item.history.first().history_user == user


def test_a_withdrawn_agenda_item_stays_on_the_meeting_page_with_its_reason(business_unit):
    client, user = business_unit
    meeting = MeetingFactory()
    item = AgendaItem.objects.create(meeting=meeting, title="Duplicate item")
    client.post(reverse("governance:agenda_item_withdraw", args=[item.pk]), {"reason": "Entered twice"})
    item.refresh_from_db()
    assert item.is_withdrawn and item.withdrawal_reason == "Entered twice"
    assert item.history.first().history_user == user
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Duplicate item" in page and "Withdrawn" in page and "Entered twice" in page


def test_withdrawing_needs_a_reason(business_unit):
    client, _ = business_unit
    item = AgendaItem.objects.create(meeting=MeetingFactory(), title="Item")
    page = client.post(
        reverse("governance:agenda_item_withdraw", args=[item.pk]), {"reason": " "}
    ).content.decode()
    assert "Enter why it is being withdrawn" in page
    item.refresh_from_db()
    assert not item.is_withdrawn


def test_a_decision_can_be_corrected_and_withdrawn(business_unit):
    client, user = business_unit
    meeting = MeetingFactory()
    decision = MeetingDecision.objects.create(meeting=meeting, text="Agred the plan")
    client.post(
        reverse("governance:decision_change", args=[decision.pk]),
        {"text": "Agreed the plan", "change_reason": "Typing mistake"},
    )
    decision.refresh_from_db()
    assert decision.text == "Agreed the plan"
    client.post(reverse("governance:decision_withdraw", args=[decision.pk]), {"reason": "Wrong meeting"})
    decision.refresh_from_db()
    assert decision.is_withdrawn
    assert [h.history_user for h in decision.history.all()][:2] == [user, user]
    assert "Wrong meeting" in client.get(meeting.get_absolute_url()).content.decode()


def test_a_group_member_cannot_withdraw_a_decision(signed_in_client):
    client, _ = signed_in_client(roles.EXECUTIVE_MEMBER)
    decision = MeetingDecision.objects.create(meeting=MeetingFactory(), text="Agreed")
    response = client.post(reverse("governance:decision_withdraw", args=[decision.pk]), {"reason": "No"})
    assert response.status_code == 403
    decision.refresh_from_db()
    assert not decision.is_withdrawn


# The budget


def test_re_entering_a_partners_contribution_says_so_in_plain_words(business_unit):
    client, _ = business_unit
    police = _police()
    BudgetContribution.objects.create(financial_year=2025, agency=police, amount=5000)
    page = client.post(
        reverse("governance:contribution_add"),
        {"financial_year": 2025, "agency": police.pk, "amount": "6000"},
    ).content.decode()
    assert "Met Police’s contribution for 2025-26 is already recorded" in page
    assert "already exists" not in page
    assert BudgetContribution.objects.get().amount == 5000


def test_a_contribution_can_be_changed_and_history_says_who(business_unit):
    client, user = business_unit
    line = BudgetContribution.objects.create(financial_year=2025, agency=_police(), amount=5000)
    response = client.post(
        reverse("governance:contribution_change", args=[line.pk]),
        {"financial_year": 2025, "agency": line.agency_id, "amount": "5500", "change_reason": "Late uplift"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("5500") and line.history.first().history_user == user


def test_a_withdrawn_spending_line_no_longer_counts_and_can_be_entered_again(business_unit):
    client, _ = business_unit
    line = BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.TRAINING, amount=900)
    BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.OTHER, amount=100)
    client.post(reverse("governance:spend_withdraw", args=[line.pk]), {"reason": "Typed 900 for 90"})
    page = client.get(reverse("governance:budget") + "?year=2025").content.decode()
    assert "Withdrawn lines" in page and "Typed 900 for 90" in page
    assert "Balance for the year: <strong>-£100</strong>" in page
    response = client.post(
        reverse("governance:spend_add"), {"financial_year": 2025, "category": "training", "amount": "90"}
    )
    assert response.status_code == 302
    assert BudgetSpend.objects.filter(category="training", withdrawn_on=None).get().amount == 90


@pytest.mark.parametrize("year", [1900, 3000, 2018])
def test_the_budget_refuses_an_implausible_financial_year(business_unit, year):
    client, _ = business_unit
    page = client.post(
        reverse("governance:spend_add"), {"financial_year": year, "category": "training", "amount": "90"}
    ).content.decode()
    assert "Select a financial year from the list" in page
    assert not BudgetSpend.objects.exists()


def test_a_line_with_an_implausible_year_never_becomes_the_default_year(business_unit):
    client, _ = business_unit
    BudgetSpend.objects.create(financial_year=3000, category=BudgetSpend.Category.OTHER, amount=1)
    BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.OTHER, amount=1)
    page = client.get(reverse("governance:budget")).content.decode()
    assert "3000-01" not in page and "2025-26" in page


def test_the_model_refuses_a_year_outside_the_window():
    from django.core.exceptions import ValidationError

    line = BudgetSpend(financial_year=1900, category=BudgetSpend.Category.OTHER, amount=1)
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert "financial_year" in error.value.message_dict


def test_the_amount_is_a_govuk_money_input_with_a_pound_prefix(business_unit):
    client, _ = business_unit
    page = client.get(reverse("governance:spend_add")).content.decode()
    assert 'class="govuk-input__prefix" aria-hidden="true">£</div>' in page
    assert "---------" not in page and "Select a category" in page


def test_a_negative_amount_of_money_reads_minus_pounds():
    assert money(Decimal("-500")) == "-£500"
    assert money(Decimal("1250")) == "£1,250"
    assert money(Decimal("12.5")) == "£12.50"


def test_a_negative_amount_is_refused_in_plain_words(business_unit):
    client, _ = business_unit
    page = client.post(
        reverse("governance:spend_add"), {"financial_year": 2025, "category": "training", "amount": "-5"}
    ).content.decode()
    assert "The amount must be £0 or more" in page
    assert "Ensure this value" not in page


# Corrections ask why, and History shows the reason (issue 12, follow-up)


def _change_url_and_data(kind):
    if kind == "agenda item":
        record = AgendaItem.objects.create(meeting=MeetingFactory(), title="Atendance report")
        return (
            record,
            reverse("governance:agenda_item_change", args=[record.pk]),
            {"title": "Attendance report"},
        )
    if kind == "decision":
        record = MeetingDecision.objects.create(meeting=MeetingFactory(), text="Agred the plan")
        return record, reverse("governance:decision_change", args=[record.pk]), {"text": "Agreed the plan"}
    if kind == "contribution":
        record = BudgetContribution.objects.create(financial_year=2025, agency=_police(), amount=5000)
        data = {"financial_year": 2025, "agency": record.agency_id, "amount": "5500"}
        return record, reverse("governance:contribution_change", args=[record.pk]), data
    record = BudgetSpend.objects.create(
        financial_year=2025, category=BudgetSpend.Category.TRAINING, amount=900
    )
    data = {"financial_year": 2025, "category": "training", "amount": "90"}
    return record, reverse("governance:spend_change", args=[record.pk]), data


KINDS = ["agenda item", "decision", "contribution", "spending line"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_correction_asks_for_the_reason_and_changes_nothing_without_it(business_unit, kind):
    client, _ = business_unit
    record, url, data = _change_url_and_data(kind)
    assert "Reason for the change" in client.get(url).content.decode()
    page = client.post(url, data).content.decode()
    assert "govuk-error-summary" in page and "Enter the reason for the change" in page
    assert record.history.count() == 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_reason_for_a_correction_is_kept_and_shown_in_history(business_unit, kind):
    client, user = business_unit
    record, url, data = _change_url_and_data(kind)
    response = client.post(url, {**data, "change_reason": "Minutes agreed with a change"})
    assert response.status_code == 302
    latest = record.history.first()
    assert latest.history_change_reason == "Minutes agreed with a change" and latest.history_user == user
    page = client.get(history_url(record)).content.decode()
    assert "Minutes agreed with a change" in page


def test_saving_a_correction_that_changes_nothing_writes_no_version(business_unit):
    client, _ = business_unit
    item = AgendaItem.objects.create(meeting=MeetingFactory(), title="Attendance report")
    client.post(
        reverse("governance:agenda_item_change", args=[item.pk]),
        {"title": "Attendance report", "change_reason": "Checked it"},
    )
    assert item.history.count() == 1


def test_budget_history_shows_money_as_pounds(business_unit):
    client, _ = business_unit
    record, url, data = _change_url_and_data("contribution")
    client.post(url, {**data, "change_reason": "Late uplift"})
    page = client.get(history_url(record)).content.decode()
    assert "£5,000" in page and "£5,500" in page and "5500.00" not in page


# Who withdrew it, when and why, on the record's own page


def test_a_withdrawn_agenda_item_and_decision_say_who_withdrew_them_and_when(business_unit):
    client, user = business_unit
    meeting = MeetingFactory()
    item = AgendaItem.objects.create(meeting=meeting, title="Duplicate item")
    decision = MeetingDecision.objects.create(meeting=meeting, text="Agreed twice")
    client.post(reverse("governance:agenda_item_withdraw", args=[item.pk]), {"reason": "Entered twice"})
    client.post(reverse("governance:decision_withdraw", args=[decision.pk]), {"reason": "Wrong meeting"})
    item.refresh_from_db()
    assert item.withdrawn_by == user
    page = " ".join(client.get(meeting.get_absolute_url()).content.decode().split())
    today = f"{timezone.localdate():%-d %B %Y}"
    assert f"Withdrawn</strong> by {user.full_name} on {today}. Reason: Entered twice" in page
    assert f"Withdrawn</strong> by {user.full_name} on {today}. Reason: Wrong meeting" in page


def test_a_withdrawn_budget_line_says_who_withdrew_it_when_and_why(business_unit):
    client, user = business_unit
    line = BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.TRAINING, amount=900)
    BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.OTHER, amount=100)
    client.post(reverse("governance:spend_withdraw", args=[line.pk]), {"reason": "Typed 900 for 90"})
    page = " ".join(client.get(reverse("governance:budget") + "?year=2025").content.decode().split())
    assert f"by {user.full_name} on {timezone.localdate():%-d %B %Y}. Reason: Typed 900 for 90" in page


def test_a_year_whose_only_contribution_was_withdrawn_still_shows_it_marked_withdrawn(business_unit):
    client, _ = business_unit
    BudgetContribution.objects.create(financial_year=2025, agency=_police(), amount=5000)
    wrong = BudgetContribution.objects.create(
        financial_year=2024,
        agency=AgencyFactory(name="County ICB", statutory_partner="integrated_care_board"),
        amount=7000,
    )
    client.post(reverse("governance:contribution_withdraw", args=[wrong.pk]), {"reason": "Wrong year"})
    page = client.get(reverse("governance:budget")).content.decode()
    assert '<option value="2024"' in page  # the year can still be chosen
    assert 'value="2025" selected' in page  # but the year shown first is one that counts
    page = client.get(reverse("governance:budget") + "?year=2024").content.decode()
    assert "Contribution from County ICB" in page and "<del>£7,000</del>" in page and "Wrong year" in page
    assert 'Total</th><td class="govuk-table__cell govuk-table__cell--numeric"><strong>£0</strong>' in page


# History pages of a meeting's parts and of budget lines: linked and open to those who
# may see the record on its own page


def _meeting_with_parts():
    meeting = MeetingFactory()
    item = AgendaItem.objects.create(meeting=meeting, title="Neglect strategy")
    decision = MeetingDecision.objects.create(meeting=meeting, text="Agreed the strategy")
    attendance = Attendance.objects.create(
        meeting=meeting, person=PersonFactory(full_name="Helen Marsh"), status=Attendance.Status.PRESENT
    )
    return meeting, [item, decision, attendance]


def test_the_meeting_page_links_to_the_history_of_each_item_decision_and_attendance(business_unit):
    client, _ = business_unit
    meeting, parts = _meeting_with_parts()
    page = client.get(meeting.get_absolute_url()).content.decode()
    for record in parts:
        assert f'href="{history_url(record)}"' in page
        assert client.get(history_url(record)).status_code == 200


def test_a_withdrawn_agenda_item_links_to_its_history(business_unit):
    client, user = business_unit
    meeting = MeetingFactory()
    item = AgendaItem.objects.create(meeting=meeting, title="Duplicate item")
    client.post(reverse("governance:agenda_item_withdraw", args=[item.pk]), {"reason": "Entered twice"})
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{history_url(item)}"' in page
    history = client.get(history_url(item)).content.decode()
    assert "Entered twice" in history and user.full_name in history


def test_a_group_member_reads_the_history_of_their_own_groups_meeting_parts(client, make_user):
    meeting, parts = _meeting_with_parts()
    user = make_user(roles.GROUP_MEMBER)
    PersonFactory(user=user).groups.add(meeting.group)
    client.force_login(user)
    for record in parts:
        assert client.get(history_url(record)).status_code == 200


def test_the_history_of_another_groups_meeting_parts_is_not_found_for_a_group_member(client, make_user):
    _, parts = _meeting_with_parts()
    user = make_user(roles.GROUP_MEMBER)
    PersonFactory(user=user).groups.add(PartnershipGroupFactory())
    client.force_login(user)
    for record in parts:
        assert client.get(history_url(record)).status_code == 404


def test_a_young_scrutineer_gets_no_history_of_a_confidential_paper_or_confidential_decisions(
    signed_in_client,
):
    meeting = MeetingFactory(minutes_confidential=True)
    item = AgendaItem.objects.create(meeting=meeting, title="Case discussion", is_confidential=True)
    decision = MeetingDecision.objects.create(meeting=meeting, text="Refer to the Panel")
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert history_url(item) not in page and history_url(decision) not in page
    assert client.get(history_url(item)).status_code == 404
    assert client.get(history_url(decision)).status_code == 404


def test_history_hides_the_reason_for_changing_a_paper_that_was_confidential(business_unit, signed_in_client):
    client, _ = business_unit
    item = AgendaItem.objects.create(meeting=MeetingFactory(), title="Case discussion", is_confidential=True)
    client.post(
        reverse("governance:agenda_item_change", args=[item.pk]),
        {"title": "Case discussion", "is_confidential": "on", "change_reason": "Named the child: removed"},
    )
    client.post(
        reverse("governance:agenda_item_change", args=[item.pk]),
        {"title": "Safeguarding update", "change_reason": "No longer confidential"},
    )
    young, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    page = young.get(history_url(item)).content.decode()
    assert "No longer confidential" in page
    assert "Named the child" not in page and "Case discussion" not in page


@pytest.mark.parametrize("kind", ["contribution", "spending line"])
def test_the_budget_page_links_to_each_lines_history(business_unit, kind):
    client, _ = business_unit
    record, _, _ = _change_url_and_data(kind)
    page = client.get(reverse("governance:budget") + "?year=2025").content.decode()
    assert f'href="{history_url(record)}"' in page
    assert client.get(history_url(record)).status_code == 200


@pytest.mark.parametrize("role", [roles.EXECUTIVE_MEMBER, roles.INDEPENDENT_SCRUTINEER])
def test_those_who_read_the_budget_read_a_lines_history(signed_in_client, role):
    record = BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.OTHER, amount=1)
    client, _ = signed_in_client(role)
    assert client.get(history_url(record)).status_code == 200


@pytest.mark.parametrize("role", [roles.SUB_GROUP_CHAIR, roles.GROUP_MEMBER, roles.YOUNG_SCRUTINEER])
def test_a_budget_lines_history_is_not_found_for_those_who_may_not_read_the_budget(signed_in_client, role):
    record = BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.OTHER, amount=1)
    client, _ = signed_in_client(role)
    assert client.get(history_url(record)).status_code == 404


def test_history_of_a_budget_line_goes_back_to_the_budget_for_its_year(business_unit):
    client, _ = business_unit
    record = BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.OTHER, amount=1)
    page = client.get(history_url(record)).content.decode()
    assert 'class="govuk-back-link"' in page and "/governance/budget/?year=2025" in page


def test_a_partner_whose_contribution_was_withdrawn_reads_not_recorded_for_that_year(business_unit):
    client, _ = business_unit
    police = _police()
    BudgetContribution.objects.create(financial_year=2024, agency=police, amount=5000)  # another year
    wrong = BudgetContribution.objects.create(financial_year=2025, agency=police, amount=50000)
    BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.OTHER, amount=1)
    client.post(reverse("governance:contribution_withdraw", args=[wrong.pk]), {"reason": "Typed 50000"})
    page = " ".join(client.get(reverse("governance:budget") + "?year=2025").content.decode().split())
    assert 'Met Police</td><td class="govuk-table__cell govuk-table__cell--numeric">Not recorded' in page


def test_the_longest_spending_bar_leaves_room_for_its_amount_in_the_chart(business_unit):
    client, _ = business_unit
    BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.STAFFING, amount=205000)
    BudgetSpend.objects.create(financial_year=2025, category=BudgetSpend.Category.OTHER, amount=9000)
    page = client.get(reverse("governance:budget") + "?year=2025").content.decode()
    import re

    widths = [int(width) for width in re.findall(r'<rect x="190" y="\d+" width="(\d+)"', page)]
    # The amount is written 6 px after the bar; "£205,000" needs about 70 px of the 560.
    assert max(widths) + 196 + 70 <= 560


def test_a_new_paper_replaces_the_old_one_when_an_agenda_item_is_corrected(business_unit):
    from tests.governance.factories import pdf_upload

    client, _ = business_unit
    item = AgendaItem.objects.create(meeting=MeetingFactory(), title="Neglect strategy")
    client.post(
        reverse("governance:agenda_item_change", args=[item.pk]),
        {"title": "Neglect strategy", "paper": pdf_upload("draft.pdf"), "change_reason": "Paper sent"},
    )
    item.refresh_from_db()
    assert item.paper_name == "draft.pdf" and item.paper
    client.post(
        reverse("governance:agenda_item_change", args=[item.pk]),
        {"title": "Neglect strategy", "paper": pdf_upload("final.pdf"), "change_reason": "Final version"},
    )
    item.refresh_from_db()
    assert item.paper_name == "final.pdf"
    # Changing only the title keeps the paper.
    client.post(
        reverse("governance:agenda_item_change", args=[item.pk]),
        {"title": "Neglect strategy 2026", "change_reason": "Title as minuted"},
    )
    item.refresh_from_db()
    assert item.paper_name == "final.pdf" and item.title == "Neglect strategy 2026"


def test_an_agenda_item_sent_twice_with_back_is_saved_once(client, make_user):
    meeting = MeetingFactory()
    client.force_login(make_user(roles.BUSINESS_UNIT))
    add_url = reverse("governance:agenda_item_add", args=[meeting.pk])
    data = {"title": "Neglect strategy refresh"}

    first = client.post(add_url, data)
    again = client.post(add_url, data)

    assert first.status_code == again.status_code == 302
    assert again.url == first.url == meeting.get_absolute_url()
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Neglect strategy refresh"]
    page = client.get(again.url).content.decode()
    assert "This had already been saved: it was not saved a second time" in page


def test_a_different_agenda_item_sent_next_is_saved(client, make_user):
    meeting = MeetingFactory()
    client.force_login(make_user(roles.BUSINESS_UNIT))
    add_url = reverse("governance:agenda_item_add", args=[meeting.pk])

    client.post(add_url, {"title": ""})
    client.post(add_url, {"title": "Neglect strategy refresh"})
    client.post(add_url, {"title": "Budget for 2027-28"})

    assert sorted(meeting.agenda_items.values_list("title", flat=True)) == [
        "Budget for 2027-28",
        "Neglect strategy refresh",
    ]


def test_a_decision_sent_twice_is_recorded_once(client, make_user):
    meeting = MeetingFactory()
    client.force_login(make_user(roles.BUSINESS_UNIT))
    add_url = reverse("governance:decision_add", args=[meeting.pk])

    client.post(add_url, {"text": "Adopt the neglect strategy."})
    client.post(add_url, {"text": "Adopt the neglect strategy."})

    assert list(meeting.decisions.values_list("text", flat=True)) == ["Adopt the neglect strategy."]
