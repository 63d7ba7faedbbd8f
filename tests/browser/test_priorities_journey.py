"""Issue 13's acceptance journey in the browser, with the axe check on every page: a
priority lead adds a deliverable, raises an action from it, moves it across the board
(without JavaScript's help: each move is a form post) and posts an amber update asking
something of the Executive; an Executive member then finds the ask on the summary page
and in My work. The priority pages fit a phone (375 px) and a desktop."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance import roles
from governance.models import Action
from priorities.models import Deliverable, ForecastChange, ProgressUpdate
from tests.browser.axe import assert_accessible
from tests.governance.factories import PartnershipGroupFactory, PersonFactory
from tests.priorities.factories import (
    DeliverableFactory,
    FeedbackFactory,
    MeasureValueFactory,
    ObjectiveFactory,
    OutcomeMeasureFactory,
    PriorityAreaFactory,
    PriorityCycleFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

ASK = "Ask the housing director to release officers for safe sleep training."


def test_a_lead_runs_the_plan_and_the_executive_sees_the_ask(site, make_user):
    today = timezone.localdate()
    lead = make_user(roles.SUB_GROUP_CHAIR, full_name="Grace Adeyemi")
    lead_person = PersonFactory(user=lead, full_name="Grace Adeyemi")
    delivery_group = PartnershipGroupFactory(name="Delivery Group", slug="delivery-group", chair=lead_person)
    owner = PersonFactory(full_name="Sophie Klein")
    cycle = PriorityCycleFactory(
        title="Priorities 2025-27", starts_on=date(today.year - 1, 4, 1), ends_on=date(today.year + 1, 3, 31)
    )
    area = PriorityAreaFactory(cycle=cycle, title="Infant safety", oversight_group=delivery_group)
    area.leads.add(lead_person)
    ObjectiveFactory(area=area, title="Every family gets safe sleep advice")
    page = site.page

    site.sign_in(lead)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Priorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priorities")
    assert_accessible(page)
    site.follow("Infant safety", exact=True)

    # Add a deliverable: sent empty first, the error summary says what is missing.
    site.follow("Add a deliverable")
    site.submit("Add deliverable")
    expect(site.error_summary()).to_contain_text("Enter the title")
    expect(page).to_have_title(re.compile(r"^Error: "))
    site.main().get_by_label("Title").fill("Publish a safe sleep guide")
    site.main().get_by_label("Owner").select_option(label=f"Sophie Klein ({owner.agency})")
    site.fill_date("due_on", date(today.year + 1, 3, 31))
    site.submit("Add deliverable")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Deliverable added")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish a safe sleep guide")
    deliverable = Deliverable.objects.get()

    # Raise an action from it: the action log's one form, with the deliverable's suggestions.
    site.follow("Raise an action from this deliverable")
    expect(site.main()).to_contain_text("Raised from: Publish a safe sleep guide")
    site.main().get_by_label("Title").fill("Draft the safe sleep guide with health visitors")
    site.submit("Add action")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added")
    action = Action.objects.get()
    assert (action.source, action.group, action.owner) == (deliverable, delivery_group, owner)
    site.follow("Publish a safe sleep guide", exact=True)
    expect(site.main()).to_contain_text("Draft the safe sleep guide with health visitors")

    # Move it across the board: each move is a form post.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Infant safety").click()
    assert_accessible(page)
    site.follow("Open the board")
    doing = site.main().locator("section", has=page.get_by_role("heading", name=re.compile("^Doing")))
    done = site.main().locator("section", has=page.get_by_role("heading", name=re.compile("^Done")))
    expect(doing).not_to_contain_text("Publish a safe sleep guide")
    site.submit("Move to Doing")  # the only card: its buttons name it to screen readers
    expect(page.locator(".govuk-notification-banner")).to_contain_text("moved to Doing")
    expect(doing).to_contain_text("Publish a safe sleep guide")
    site.submit("Move to Done")
    expect(done).to_contain_text("Publish a safe sleep guide")
    deliverable.refresh_from_db()
    assert deliverable.status == "done"

    # Post the month's update: amber needs its reason.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Infant safety").click()
    assert_accessible(page)
    site.follow("Post a period update")
    site.main().get_by_label("Amber – at risk").check()
    site.main().get_by_label("What moved").fill("The safe sleep guide is published.")
    site.main().get_by_label("What the Executive is asked to do").fill(ASK)
    site.submit("Post update")
    expect(site.error_summary()).to_contain_text("Enter the reason for an amber or red status")
    site.main().get_by_label("Reason for the RAG status").fill(
        "Housing officers cannot be released for training."
    )
    site.submit("Post update")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("posted")
    expect(site.main()).to_contain_text("Amber – at risk")
    assert ProgressUpdate.objects.get().ask == ASK
    site.sign_out()

    # The Executive sees the ask in My work and on the summary page.
    executive = make_user(roles.EXECUTIVE_MEMBER)
    home = site.sign_in(executive)
    expect(page.locator("main")).to_contain_text("Asks of the Executive from the priorities")
    expect(page.locator("main")).to_contain_text(ASK)
    assert home
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Priorities").click()
    assert_accessible(page)
    site.follow("Executive summary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Executive summary of the priorities")
    summary = site.main().locator("section", has=page.get_by_role("heading", name="Infant safety"))
    expect(summary).to_contain_text("Amber – at risk")
    expect(summary).to_contain_text(ASK)
    site.follow("Respond")
    site.main().get_by_label("The Executive's response").fill(
        "The chief executive has written to the director."
    )
    site.submit("Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("response is recorded")


def test_a_young_scrutineer_adds_feedback_and_sees_what_was_done(site, make_user):
    today = timezone.localdate()
    cycle = PriorityCycleFactory(starts_on=date(today.year - 1, 4, 1), ends_on=date(today.year + 1, 3, 31))
    area = PriorityAreaFactory(cycle=cycle, title="Infant safety")
    lead = make_user(roles.GROUP_MEMBER)
    area.leads.add(PersonFactory(user=lead, full_name=lead.full_name))
    scrutineer = make_user(roles.YOUNG_SCRUTINEER)
    page = site.page

    site.sign_in(scrutineer)
    site.open(area.get_absolute_url())
    expect(site.main()).not_to_contain_text("Post a period update")
    site.follow("Add feedback from children and young people")
    site.main().get_by_label("Young scrutineers", exact=True).check()
    site.fill_date("received_on", today)
    site.main().get_by_label("What they said").fill("Parents did not know the advice was in Bengali.")
    site.submit("Add feedback")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Feedback added")
    expect(site.main()).to_contain_text("Awaiting a response")
    site.sign_out()

    site.sign_in(lead)
    site.open(area.get_absolute_url())
    site.follow("Young scrutineers")
    site.follow("Record what we did")
    site.main().get_by_label("What we did").fill("The safe sleep leaflet is now in Bengali.")
    site.submit("Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("you said, we did")
    site.sign_out()

    site.sign_in(scrutineer)
    site.open(area.get_absolute_url())
    said_and_done = site.main().locator(".govuk-summary-card", has_text="Parents did not know")
    expect(said_and_done).to_contain_text("The safe sleep leaflet is now in Bengali.")


def a_full_priority(today):
    """A priority with long words everywhere a phone might break: two objectives, a
    deliverable in each status (one slipped, one overdue), eight months of updates with
    an ask, an outcome measure with its figures and answered feedback."""
    cycle = PriorityCycleFactory(
        title="Priorities 2025-27", starts_on=date(today.year - 1, 4, 1), ends_on=date(today.year + 1, 3, 31)
    )
    area = PriorityAreaFactory(cycle=cycle, title="Peer-on-peer harm and harmful sexual behaviour")
    area.leads.add(PersonFactory(full_name="Craig Donnelly-Fitzgerald"))
    statuses = ["to_do", "doing", "done", "blocked"]
    for number in range(2):
        objective = ObjectiveFactory(
            area=area, title=f"Schools and colleges recognise and respond to harmful behaviour ({number + 1})"
        )
        for status in statuses:
            deliverable = DeliverableFactory(
                objective=objective,
                title=f"Agree a multi-agency harmful sexual behaviour pathway with schools, {status}",
                owner=PersonFactory(full_name="Sarah Quinn-Montgomery"),
                status=status,
                due_on=today - timedelta(days=40),
                forecast_on=today + timedelta(days=75),
                completed_on=today - timedelta(days=3) if status == "done" else None,
                blocked_reason="Waiting for health input." if status == "blocked" else "",
            )
    ForecastChange.objects.create(
        deliverable=deliverable,
        changed_on=today - timedelta(days=50),
        previous_forecast_on=deliverable.due_on,
        forecast_on=deliverable.forecast_on,
        reason="Child and adolescent mental health services could not review the pathway before the summer.",
    )
    month = date(today.year, today.month, 1)
    for _ in range(8):
        ProgressUpdateFactory(
            area=area,
            period=month,
            rag="amber",
            rag_reason="Schools' participation is uneven.",
            ask="Ask the director of education to make naming a lead a condition of the safeguarding audit.",
        )
        month = (month - timedelta(days=1)).replace(day=1)
    measure = OutcomeMeasureFactory(
        area=area,
        title="Secondary schools with a named peer-on-peer harm lead",
        unit="%",
        baseline_on=date(today.year - 1, 4, 1),
        source="Tower Hamlets Education Partnership annual safeguarding audit return",
    )
    for months_ago in range(1, 7):
        MeasureValueFactory(
            measure=measure,
            measured_on=today - timedelta(days=30 * months_ago),
            value=Decimal("60") + months_ago,
            source="Tower Hamlets Education Partnership termly safeguarding audit return, schools' section",
        )
    FeedbackFactory(area=area, response="Schools now name their lead on their website.", responded_on=today)
    return area, measure, deliverable


# The tables of the page whose columns do not all fit (they scroll sideways on a phone).
SCROLLING_TABLES = """[...document.querySelectorAll("main table")]
    .filter((table) => table.scrollWidth > table.clientWidth + 1)
    .map((table) => table.querySelector("caption")?.textContent.trim() || table.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("width", [375, 1280])
def test_the_priority_pages_fit_a_phone_and_a_desktop(site, make_user, width):
    """Nothing is wider than the page, and no table hides columns behind a sideways scroll:
    the index, the Executive summary, a priority's page and board, a measure and a
    deliverable with its forecast changes."""
    area, measure, deliverable = a_full_priority(timezone.localdate())
    site.page.set_viewport_size({"width": width, "height": 900})
    site.sign_in(make_user(roles.BUSINESS_UNIT))
    for path in (
        "/priorities/",
        "/priorities/summary/",
        area.get_absolute_url(),
        f"/priorities/areas/{area.pk}/board/",
        measure.get_absolute_url(),
        deliverable.get_absolute_url(),
    ):
        site.open(path)
        overflow = site.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
        scrolling = site.page.evaluate(SCROLLING_TABLES)
        assert not scrolling, (path, scrolling)
