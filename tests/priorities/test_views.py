"""The priority pages: bad input is shown in the GOV.UK error summary with nothing saved,
the board works by form posts, records can be corrected and History shows it."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import roles
from governance.models import Action
from priorities import indicators
from priorities.models import Deliverable, Feedback, ForecastChange, ProgressUpdate, month_start
from tests.governance.factories import PersonFactory
from tests.priorities.factories import (
    DeliverableFactory,
    FeedbackFactory,
    ObjectiveFactory,
    OutcomeMeasureFactory,
    PriorityAreaFactory,
    ProgressUpdateFactory,
)
from tests.reviews.helpers import date_fields

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def lead(make_user, client):
    """A group member who leads a priority, signed in."""
    user = make_user(roles.GROUP_MEMBER)
    area = PriorityAreaFactory()
    area.leads.add(PersonFactory(user=user, full_name=user.full_name))
    client.force_login(user)
    return area


def errors(response) -> str:
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    return page


def update_data(**overrides):
    return {
        "period": month_start(today()).isoformat(),
        "rag": "green",
        "progress": "Two deliverables moved.",
        **date_fields("written_on", today()),
        **overrides,
    }


def test_amber_without_a_reason_is_shown_in_the_error_summary_and_nothing_is_saved(client, lead):
    response = client.post(reverse("priorities:update_create", args=[lead.pk]), update_data(rag="amber"))
    assert "Enter the reason for an amber or red status" in errors(response)
    assert not ProgressUpdate.objects.exists()


def test_a_second_update_for_the_same_month_is_refused(client, lead):
    ProgressUpdateFactory(area=lead, period=month_start(today()))
    response = client.post(reverse("priorities:update_create", args=[lead.pk]), update_data())
    assert "already has an update for" in errors(response)
    assert ProgressUpdate.objects.count() == 1


def test_a_lead_posts_an_amber_update_with_an_ask(client, lead):
    response = client.post(
        reverse("priorities:update_create", args=[lead.pk]),
        update_data(rag="amber", rag_reason="Partners are not attending.", ask="Write to every agency."),
    )
    posted = ProgressUpdate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == posted.get_absolute_url()
    assert (posted.rag, posted.ask, posted.has_open_ask) == ("amber", "Write to every agency.", True)


def test_a_forecast_move_without_a_reason_is_refused(client, make_user):
    deliverable = DeliverableFactory()
    client.force_login(make_user(roles.BUSINESS_UNIT))
    response = client.post(
        reverse("priorities:deliverable_forecast", args=[deliverable.pk]),
        {**date_fields("forecast_on", deliverable.due_on + timedelta(days=30)), "reason": ""},
    )
    assert "Enter why the forecast date is moving" in errors(response)
    assert not ForecastChange.objects.exists()
    deliverable.refresh_from_db()
    assert deliverable.forecast_on == deliverable.due_on


def test_a_date_that_is_not_real_is_refused(client, make_user):
    deliverable = DeliverableFactory()
    client.force_login(make_user(roles.BUSINESS_UNIT))
    response = client.post(
        reverse("priorities:deliverable_forecast", args=[deliverable.pk]),
        {"forecast_on_0": "31", "forecast_on_1": "2", "forecast_on_2": "2027", "reason": "Late."},
    )
    assert "must be a real date" in errors(response)


def test_a_lead_adds_a_deliverable(client, lead):
    objective = ObjectiveFactory(area=lead)
    owner = PersonFactory()
    response = client.post(
        reverse("priorities:deliverable_create", args=[lead.pk]),
        {
            "objective": str(objective.pk),
            "title": "Publish a safe sleep guide",
            "owner": str(owner.pk),
            **date_fields("due_on", date(2027, 3, 31)),
        },
    )
    deliverable = Deliverable.objects.get()
    assert response["Location"] == deliverable.get_absolute_url()
    assert (deliverable.owner, deliverable.forecast_on, deliverable.status) == (
        owner,
        date(2027, 3, 31),
        "to_do",
    )


def test_an_objective_of_another_priority_is_not_a_choice(client, lead):
    ObjectiveFactory(area=lead)
    other = ObjectiveFactory()
    response = client.post(
        reverse("priorities:deliverable_create", args=[lead.pk]),
        {
            "objective": str(other.pk),
            "title": "X",
            "owner": str(PersonFactory().pk),
            **date_fields("due_on", today()),
        },
    )
    errors(response)
    assert not Deliverable.objects.exists()


def test_adding_a_deliverable_to_a_priority_without_objectives_asks_for_one_first(client, lead):
    response = client.get(reverse("priorities:deliverable_create", args=[lead.pk]))
    assert response["Location"] == reverse("priorities:objective_create", args=[lead.pk])


def test_moving_a_card_is_a_form_post(client, lead):
    deliverable = DeliverableFactory(objective__area=lead)
    board = reverse("priorities:board", args=[lead.pk])
    page = client.get(board).content.decode()
    assert f'action="{reverse("priorities:deliverable_move", args=[deliverable.pk])}"' in page
    response = client.post(reverse("priorities:deliverable_move", args=[deliverable.pk]), {"status": "doing"})
    assert response["Location"] == f"{board}#deliverable-{deliverable.pk}"
    deliverable.refresh_from_db()
    assert deliverable.status == "doing"
    client.post(reverse("priorities:deliverable_move", args=[deliverable.pk]), {"status": "done"})
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.completed_on) == ("done", today())


def test_moving_a_card_to_blocked_asks_what_is_blocking_it(client, lead):
    deliverable = DeliverableFactory(objective__area=lead)
    response = client.post(
        reverse("priorities:deliverable_move", args=[deliverable.pk]), {"status": "blocked"}
    )
    assert response["Location"].startswith(reverse("priorities:deliverable_status", args=[deliverable.pk]))
    deliverable.refresh_from_db()
    assert deliverable.status == "to_do"
    response = client.post(
        reverse("priorities:deliverable_status", args=[deliverable.pk]),
        {"status": "blocked", "blocked_reason": ""},
    )
    assert "Enter what is blocking the deliverable" in errors(response)


def test_a_bad_move_changes_nothing(client, lead):
    deliverable = DeliverableFactory(objective__area=lead)
    client.post(reverse("priorities:deliverable_move", args=[deliverable.pk]), {"status": "finished"})
    deliverable.refresh_from_db()
    assert deliverable.status == "to_do"


def test_an_action_is_raised_from_a_deliverable(client, make_user):
    deliverable = DeliverableFactory(title="Publish a safe sleep guide")
    client.force_login(make_user(roles.BUSINESS_UNIT))
    page = client.get(deliverable.get_absolute_url()).content.decode()
    raise_url = f"{reverse('governance:action_create')}?source=deliverable:{deliverable.pk}"
    assert raise_url in page
    form = client.get(raise_url).content.decode()
    assert "Publish a safe sleep guide" in form
    response = client.post(
        raise_url,
        {
            "title": "Draft the guide",
            "group": str(deliverable.objective.area.oversight_group_id),
            "owner": str(deliverable.owner_id),
            **date_fields("due_date", today() + timedelta(days=30)),
            "rag": "green",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.source == deliverable
    assert f"A{action.pk}: Draft the guide" in client.get(deliverable.get_absolute_url()).content.decode()


def test_the_young_scrutineer_adds_feedback_and_sees_it_answered(client, make_user):
    """Acceptance: a young scrutineer adds feedback to the infant safety plan and sees it
    in "you said, we did" once the lead responds."""
    area = PriorityAreaFactory(title="Infant safety")
    lead_user = make_user(roles.GROUP_MEMBER)
    area.leads.add(PersonFactory(user=lead_user, full_name=lead_user.full_name))
    scrutineer = make_user(roles.YOUNG_SCRUTINEER)
    client.force_login(scrutineer)
    response = client.post(
        reverse("priorities:feedback_create", args=[area.pk]),
        {
            "source": "young_scrutineers",
            **date_fields("received_on", today()),
            "said": "Leaflets in Bengali.",
        },
    )
    assert response["Location"] == f"{area.get_absolute_url()}#you-said-we-did"
    feedback = Feedback.objects.get()
    assert "Awaiting a response" in client.get(area.get_absolute_url()).content.decode()

    client.force_login(lead_user)
    client.post(reverse("priorities:feedback_response", args=[feedback.pk]), {"response": "Now in Bengali."})

    client.force_login(scrutineer)
    page = client.get(area.get_absolute_url()).content.decode()
    assert "Leaflets in Bengali." in page
    assert "Now in Bengali." in page


def test_every_record_can_be_corrected_and_history_shows_it(client, lead):
    feedback = FeedbackFactory(area=lead, said="Original words")
    client.post(
        reverse("priorities:feedback_edit", args=[feedback.pk]),
        {"source": "camhs", **date_fields("received_on", feedback.received_on), "said": "Corrected words"},
    )
    history = client.get(
        reverse("governance:history", args=["priorities", "feedback", feedback.pk])
    ).content.decode()
    assert "Original words" in history
    assert "Corrected words" in history


def test_changing_a_priority_s_leads_shows_in_its_history(client, make_user):
    area = PriorityAreaFactory(title="Neglect")
    newcomer = PersonFactory(full_name="Yusuf Rahman")
    client.force_login(make_user(roles.BUSINESS_UNIT))
    response = client.post(
        reverse("priorities:area_edit", args=[area.pk]),
        {
            "title": "Neglect",
            "rationale": area.rationale,
            "oversight_group": str(area.oversight_group_id),
            "leads": [str(newcomer.pk)],
        },
    )
    assert response.status_code == 302
    assert list(area.leads.all()) == [newcomer]
    history = client.get(reverse("governance:history", args=["priorities", "priorityarea", area.pk]))
    assert history.status_code == 200
    # History names the field that changed (governance's History shows many-to-many rows by key).
    assert '<dt class="govuk-summary-list__key">Leads</dt>' in history.content.decode()


def test_the_deliverables_csv_neutralises_formulas(client, lead):
    DeliverableFactory(objective__area=lead, title="=HYPERLINK(1)")
    response = client.get(reverse("priorities:area_csv", args=[lead.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_a_missing_record_is_404(client, lead):
    assert client.get(reverse("priorities:deliverable_detail", args=[999999])).status_code == 404
    assert client.get(reverse("priorities:area_detail", args=[999999])).status_code == 404


def test_a_bad_cycle_parameter_is_ignored(client, lead):
    assert client.get(reverse("priorities:index") + "?cycle=²").status_code == 200


def test_the_executive_summary_shows_rag_trend_lateness_asks_and_a_missing_update(client, make_user):
    today_ = today()
    area = PriorityAreaFactory(title="Neglect")
    area.cycle.starts_on, area.cycle.ends_on = date(today_.year - 2, 1, 1), date(today_.year + 1, 12, 31)
    area.cycle.save()
    last_month = month_start(month_start(today_) - timedelta(days=1))
    earlier = month_start(last_month - timedelta(days=1))
    ProgressUpdateFactory(area=area, period=earlier, rag="green")
    ProgressUpdateFactory(
        area=area, period=last_month, rag="red", rag_reason="Partners stopped coming.", ask="Write to them."
    )
    DeliverableFactory(objective__area=area, title="Refresh the toolkit", due_on=today_ - timedelta(days=10))
    client.force_login(make_user(roles.EXECUTIVE_MEMBER))
    page = client.get(reverse("priorities:summary")).content.decode()
    assert "Red – off track" in page
    assert "Partners stopped coming." in page
    assert "Trend: Worsening" in page
    assert "Refresh the toolkit" in page
    due = today_ - timedelta(days=10)
    assert f"Refresh the toolkit</a>: due {due:%-d %B %Y}, overdue by 10 days" in page
    assert "Write to them." in page
    assert f"No update for {today_:%B %Y} yet" in page


def test_a_measure_names_its_dataset_indicator_and_shows_its_series_once_provided(client, make_user):
    measure = OutcomeMeasureFactory(indicator_code="HV-NBV-14")
    client.force_login(make_user(roles.AGENCY_DATA_LEAD))
    # As it was before the dataset existed: no provider (thscp registers the dataset's).
    registered = indicators._provider
    indicators.register_series_provider(None)
    try:
        page = client.get(measure.get_absolute_url()).content.decode()
    finally:
        indicators.register_series_provider(registered)
    assert "HV-NBV-14" in page
    assert "will be shown beside this measure once the multi-agency dataset records it" in page
    indicators.register_series_provider(
        lambda code: [
            indicators.IndicatorPoint("Q1 2026-27", "93%"),
            indicators.IndicatorPoint("Q2 2026-27", "95%"),
        ]
    )
    try:
        page = client.get(measure.get_absolute_url()).content.decode()
    finally:
        indicators.register_series_provider(registered)
    assert "Dataset indicator HV-NBV-14" in page
    assert "Q2 2026-27" in page
    assert "will be shown beside" not in page


def test_history_shows_why_a_forecast_moved(client, lead):
    deliverable = DeliverableFactory(objective__area=lead, due_on=date(2027, 3, 31))
    client.post(
        reverse("priorities:deliverable_forecast", args=[deliverable.pk]),
        {
            **date_fields("forecast_on", date(2027, 6, 30)),
            "reason": "The housing service could not release staff.",
        },
    )
    history = client.get(reverse("governance:history", args=["priorities", "deliverable", deliverable.pk]))
    page = history.content.decode()
    assert "The housing service could not release staff." in page
    assert "Forecast date" in page


def summary_line(page: str, title: str) -> str:
    """The text of one deliverable's line on the Executive summary, tags stripped."""
    line = re.search(rf"<li><a [^>]*>{re.escape(title)}</a>.*?</li>", page, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", "", line).split())


def test_the_summary_words_lateness_honestly(client, make_user):
    """A forecast past a due date still to come is not 'late'; overdue counts from the
    due date once it has passed, whatever the forecast now says."""
    today_ = today()
    area = PriorityAreaFactory(
        cycle__starts_on=date(today_.year - 1, 1, 1), cycle__ends_on=date(today_.year + 2, 12, 31)
    )
    DeliverableFactory(
        objective__area=area,
        title="Not yet due",
        due_on=today_ + timedelta(days=30),
        forecast_on=today_ + timedelta(days=91),
    )
    DeliverableFactory(
        objective__area=area,
        title="Overdue, forecast ahead",
        due_on=today_ - timedelta(days=20),
        forecast_on=today_ + timedelta(days=40),
    )
    DeliverableFactory(
        objective__area=area,
        title="Overdue, forecast passed",
        due_on=today_ - timedelta(days=50),
        forecast_on=today_ - timedelta(days=5),
    )
    client.force_login(make_user(roles.EXECUTIVE_MEMBER))
    page = client.get(reverse("priorities:summary")).content.decode()

    def day(offset):
        return f"{today_ + timedelta(days=offset):%-d %B %Y}"

    assert summary_line(page, "Not yet due") == (
        f"Not yet due: due {day(30)}; forecast for {day(91)}, 61 days after its due date"
    )
    assert summary_line(page, "Overdue, forecast ahead") == (
        f"Overdue, forecast ahead: due {day(-20)}, overdue by 20 days; now forecast for {day(40)}"
    )
    assert summary_line(page, "Overdue, forecast passed") == (
        f"Overdue, forecast passed: due {day(-50)}, overdue by 50 days; "
        f"its forecast of {day(-5)} has passed too"
    )
    assert "late" not in summary_line(page, "Not yet due")


def test_a_deliverable_s_page_counts_overdue_days_from_its_due_date(client, make_user):
    today_ = today()
    deliverable = DeliverableFactory(
        due_on=today_ - timedelta(days=12), forecast_on=today_ + timedelta(days=18)
    )
    client.force_login(make_user(roles.EXECUTIVE_MEMBER))
    page = client.get(deliverable.get_absolute_url()).content.decode()
    assert "Overdue by 12 days" in page
    assert "(30 days after its due date)" in page


def test_an_update_without_confidential_notes_says_none_recorded_not_none(client, lead):
    update = ProgressUpdateFactory(area=lead, confidential_notes="")

    page = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(update.get_absolute_url()).content.decode())
    )

    assert "Confidential notes None recorded" in page
    assert not re.search(r"\bNone\b(?! recorded| given)", page)
