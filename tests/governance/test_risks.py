"""The shared safeguarding risk register: scores, bands, the heat map, trend and who may edit."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import roles, services
from governance.models import Risk, risk_band
from tests.governance.factories import ActionFactory, PersonFactory, RiskFactory, executive_group

pytestmark = pytest.mark.django_db


def content(response) -> str:
    return response.content.decode()


def plain_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def executive_member(full_name="Helen Marsh", user=None):
    person = PersonFactory(full_name=full_name, user=user)
    person.groups.add(executive_group())
    return person


def risk_form(owner, **overrides) -> dict:
    review = timezone.localdate() + timedelta(days=90)
    data = {
        "title": "Too few designated nurses",
        "description": "The health partner cannot fill two designated nurse posts.",
        "cause": "National shortage of experienced nurses.",
        "consequence": "Health advice to strategy meetings is delayed.",
        "category": Risk.Category.WORKFORCE,
        "owner": str(owner.pk),
        "inherent_likelihood": "5",
        "inherent_impact": "4",
        "current_likelihood": "4",
        "current_impact": "3",
        "target_likelihood": "2",
        "target_impact": "3",
        "controls": "Agency cover; named doctor covers urgent advice.",
        "review_date_0": str(review.day),
        "review_date_1": str(review.month),
        "review_date_2": str(review.year),
        "status": Risk.Status.OPEN,
    }
    data.update(overrides)
    return data


def heat_map_counts(page: str) -> dict[tuple[int, int], int]:
    """The heat map's data table as {(impact, likelihood): number of open risks}."""
    table = re.search(r"<caption[^>]*>Heat map data.*?</table>", page, re.S).group(0)
    counts = {}
    for impact, cells in re.findall(
        r'<th scope="row" class="govuk-table__header">(\d)</th>(.*?)</tr>', table, re.S
    ):
        for likelihood, cell in enumerate(re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S), start=1):
            counts[(int(impact), likelihood)] = int(plain_text(cell).split()[0])
    assert len(counts) == 25
    return counts


def register_row(page: str, title: str) -> str:
    match = re.search(
        rf"<tr class=\"govuk-table__row\">\s*<td[^>]*><a[^>]*>{re.escape(title)}</a>.*?</tr>", page, re.S
    )
    assert match, f"{title!r} is not in the register"
    return plain_text(match.group(0))


# Bands


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "low"),
        (4, "low"),
        (5, "medium"),
        (9, "medium"),
        (10, "high"),
        (14, "high"),
        (15, "very_high"),
        (25, "very_high"),
    ],
)
def test_the_band_follows_from_the_score_at_every_boundary(score, band):
    assert risk_band(score) == band


@pytest.mark.parametrize(
    ("likelihood", "impact", "band"),
    [(2, 2, "low"), (1, 5, "medium"), (3, 3, "medium"), (2, 5, "high"), (3, 4, "high"), (3, 5, "very_high")],
)
def test_a_risk_is_banded_by_its_current_likelihood_times_impact(likelihood, impact, band):
    risk = RiskFactory.build(
        current_likelihood=likelihood, current_impact=impact, target_likelihood=1, target_impact=1
    )
    assert risk.current_score == likelihood * impact
    assert risk.band() == band


# Validation


@pytest.mark.parametrize("field", ["current_likelihood", "current_impact", "inherent_likelihood"])
@pytest.mark.parametrize("value", ["0", "6"])
def test_a_likelihood_or_impact_outside_1_to_5_is_refused_with_the_error_summary(
    signed_in_client, field, value
):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    response = client.post(reverse("governance:risk_create"), risk_form(executive_member(), **{field: value}))
    page = content(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page
    assert not Risk.objects.exists()


def test_the_owner_must_be_a_member_of_the_executive():
    risk = RiskFactory.build(owner=PersonFactory())
    with pytest.raises(ValidationError) as refused:
        services.save_risk(risk=risk, by=None)
    assert refused.value.message_dict["owner"] == ["The owner must be a member of the Executive"]
    assert not Risk.objects.exists()


def test_the_risk_form_refuses_an_owner_who_is_not_on_the_executive(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    response = client.post(reverse("governance:risk_create"), risk_form(PersonFactory()))
    page = content(response)
    assert "There is a problem" in page
    assert 'href="#id_owner"' in page
    assert not Risk.objects.exists()


def test_a_target_score_above_the_current_score_is_refused():
    risk = RiskFactory.build(current_likelihood=2, current_impact=2, target_likelihood=3, target_impact=2)
    with pytest.raises(ValidationError) as refused:
        services.save_risk(risk=risk, by=None)
    assert refused.value.message_dict["target_likelihood"] == [
        "The target score cannot be higher than the current score"
    ]
    assert not Risk.objects.exists()


def test_the_risk_form_refuses_a_target_above_the_current_score_with_the_error_summary(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    data = risk_form(executive_member(), target_likelihood="5", target_impact="5")
    response = client.post(reverse("governance:risk_create"), data)
    page = content(response)
    assert "There is a problem" in page
    assert "The target score cannot be higher than the current score" in page
    assert not Risk.objects.exists()


# The business unit's journey: add, score, link, see it on the heat map


def test_business_unit_adds_a_risk_links_an_action_and_sees_it_on_the_heat_map(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    action = ActionFactory(title="Recruit two designated nurses")
    response = client.post(
        reverse("governance:risk_create"),
        risk_form(executive_member(), mitigating_actions=[str(action.pk)]),
    )
    risk = Risk.objects.get()
    assert response.status_code == 302
    assert response.url == risk.get_absolute_url()
    assert list(risk.mitigating_actions.all()) == [action]
    assert risk.history.first().history_user == user

    page = content(client.get(reverse("governance:risk_list")))
    counts = heat_map_counts(page)
    assert counts[(3, 4)] == 1  # impact 3, likelihood 4
    assert sum(counts.values()) == 1
    assert "High (12)" in register_row(page, "Too few designated nurses")

    detail = content(client.get(risk.get_absolute_url()))
    assert f"A{action.pk}: Recruit two designated nurses" in detail
    assert "12 – High" in plain_text(detail)


def test_a_closed_risk_is_left_off_the_heat_map(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    RiskFactory(current_likelihood=5, current_impact=5, status=Risk.Status.CLOSED)
    RiskFactory(current_likelihood=5, current_impact=5)
    counts = heat_map_counts(content(client.get(reverse("governance:risk_list"))))
    assert counts[(5, 5)] == 1


def test_the_register_sorts_by_current_score_highest_first(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    RiskFactory(title="Middling", current_likelihood=3, current_impact=3)
    RiskFactory(title="Worst", current_likelihood=5, current_impact=4)
    RiskFactory(title="Least", current_likelihood=1, current_impact=2, target_likelihood=1, target_impact=1)
    page = content(client.get(reverse("governance:risk_list"), {"order": "score"}))
    register = page[page.index('<h2 class="govuk-heading-m">Register</h2>') :]
    assert [register.index(title) for title in ("Worst", "Middling", "Least")] == sorted(
        register.index(title) for title in ("Worst", "Middling", "Least")
    )


# Trend from history


def rescore(risk, likelihood, impact):
    risk.current_likelihood, risk.current_impact = likelihood, impact
    services.save_risk(risk=risk, by=None)


def trend_on_page(client, risk) -> str:
    page = content(client.get(risk.get_absolute_url()))
    match = re.search(r"Trend since the score last changed</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.S)
    return plain_text(match.group(1))


def test_trend_reads_improving_after_the_current_score_falls(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    risk = RiskFactory(current_likelihood=3, current_impact=3)
    rescore(risk, 2, 3)
    assert trend_on_page(client, risk) == "Improving"


def test_trend_reads_worsening_after_the_current_score_rises(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    risk = RiskFactory(current_likelihood=3, current_impact=3)
    rescore(risk, 4, 3)
    assert trend_on_page(client, risk) == "Worsening"


def test_trend_compares_with_the_score_before_the_last_change_not_with_the_first(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    risk = RiskFactory(current_likelihood=3, current_impact=3)
    rescore(risk, 5, 4)
    rescore(risk, 4, 4)
    assert trend_on_page(client, risk) == "Improving"


def test_trend_reads_no_change_for_a_new_risk(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    risk = RiskFactory()
    assert trend_on_page(client, risk) == "No change"


def test_register_shows_the_trend_of_each_risk(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    falling = RiskFactory(title="Falling risk", current_likelihood=3, current_impact=3)
    rising = RiskFactory(title="Rising risk", current_likelihood=3, current_impact=3)
    rescore(falling, 2, 2)
    rescore(rising, 5, 3)
    page = content(client.get(reverse("governance:risk_list")))
    assert "Improving" in register_row(page, "Falling risk")
    assert "Worsening" in register_row(page, "Rising risk")


# Who may see and change risks


@pytest.fixture
def executive_member_client(client, make_user):
    user = make_user(roles.EXECUTIVE_MEMBER)
    user.owned_risk = RiskFactory(title="My own risk", owner=executive_member("Dev Patel", user=user))
    client.force_login(user)
    return client, user


def test_an_executive_member_edits_a_risk_they_own(executive_member_client):
    client, user = executive_member_client
    risk = user.owned_risk
    url = reverse("governance:risk_edit", args=[risk.pk])
    assert client.get(url).status_code == 200
    data = risk_form(risk.owner, title="My own risk", controls="Weekly vacancy review.")
    response = client.post(url, data)
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.controls == "Weekly vacancy review."


def test_an_executive_member_cannot_edit_a_risk_they_do_not_own(executive_member_client):
    client, _ = executive_member_client
    other = RiskFactory(title="Someone else's risk", controls="Original controls")
    url = reverse("governance:risk_edit", args=[other.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, risk_form(other.owner, controls="Changed")).status_code == 403
    other.refresh_from_db()
    assert other.controls == "Original controls"


def test_an_executive_member_reads_the_register(executive_member_client):
    client, _ = executive_member_client
    RiskFactory(title="Another partner's risk")
    page = content(client.get(reverse("governance:risk_list")))
    assert "Another partner&#x27;s risk" in page


def test_young_scrutineer_is_refused_the_risk_register(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    assert client.get(reverse("governance:risk_list")).status_code == 403


def test_young_scrutineer_is_told_a_risk_does_not_exist(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    risk = RiskFactory()
    assert client.get(risk.get_absolute_url()).status_code == 404
    assert client.get(reverse("governance:risk_edit", args=[risk.pk])).status_code == 404
