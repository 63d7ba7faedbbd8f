"""Issue 12: every mistake can be put right, with History saying who changed what, and
nothing deleted silently."""

from decimal import Decimal

import pytest
from django.urls import reverse

from governance import roles
from governance.models import Agency, AgendaItem, BudgetContribution, BudgetSpend, MeetingDecision
from governance.templatetags.governance_tags import money
from tests.governance.factories import AgencyFactory, MeetingFactory

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
        reverse("governance:agenda_item_change", args=[item.pk]), {"title": "Attendance report"}
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
    client.post(reverse("governance:decision_change", args=[decision.pk]), {"text": "Agreed the plan"})
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
    assert "Met Police&#x27;s contribution for 2025-26 is already recorded" in page
    assert "already exists" not in page
    assert BudgetContribution.objects.get().amount == 5000


def test_a_contribution_can_be_changed_and_history_says_who(business_unit):
    client, user = business_unit
    line = BudgetContribution.objects.create(financial_year=2025, agency=_police(), amount=5000)
    response = client.post(
        reverse("governance:contribution_change", args=[line.pk]),
        {"financial_year": 2025, "agency": line.agency_id, "amount": "5500"},
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
