"""Issue 12: at a 375 px phone width, tables scroll inside their container instead of
widening the page, and every page still passes the axe check."""

import re
from decimal import Decimal

import pytest

from governance import roles
from governance.models import Agency, BudgetContribution, BudgetSpend
from tests.browser.axe import assert_accessible
from tests.governance.factories import ActionFactory, AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_wide_tables_scroll_inside_their_container_on_a_phone(site, make_user):
    business_unit = make_user(roles.BUSINESS_UNIT)
    police = AgencyFactory(
        name="Metropolitan Police Service", statutory_partner=Agency.StatutoryPartner.POLICE
    )
    for n in range(3):
        PersonFactory(
            full_name=f"Detective Chief Superintendent Number {n}",
            job_title="Head of Public Protection and Safeguarding",
            agency=police,
            email=f"a.very.long.email.address.for.safeguarding.{n}@met.police.example.org",
            phone="020 7946 0000",
        )
    ActionFactory(title="Refresh the multi-agency neglect strategy and toolkit for practitioners")
    BudgetContribution.objects.create(financial_year=2025, agency=police, amount=Decimal("5000"))
    BudgetSpend.objects.create(
        financial_year=2025, category=BudgetSpend.Category.TRAINING, amount=Decimal("900")
    )
    site.page.set_viewport_size({"width": 375, "height": 800})
    site.sign_in(business_unit)
    for path in ("/governance/contacts/", "/governance/actions/", "/governance/budget/?year=2025"):
        site.page.goto(f"{site.base_url}{path}")
        assert_accessible(site.page)
        overflow = site.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)


def test_a_case_and_the_statutory_review_action_plan_fit_a_phone(site, make_user):
    from tests.reviews.factories import RecommendationFactory

    business_unit = make_user(roles.BUSINESS_UNIT)
    recommendation = RecommendationFactory(
        text="Share concerns about infants with children's social care within one working day, always"
    )
    # Its rapid review comes with the three partners' decisions: the widest case table.
    incident = recommendation.rapid_review.incident
    site.page.set_viewport_size({"width": 375, "height": 800})
    site.sign_in(business_unit)
    for path in (
        f"/reviews/incidents/{incident.pk}/",
        f"/reviews/incidents/{incident.pk}/rapid-review/",
        "/reviews/action-plan/",
        "/reviews/",
    ):
        site.page.goto(f"{site.base_url}{path}")
        assert_accessible(site.page)
        overflow = site.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)


# Every area, one page of each kind: the demo partnership at 375 px, as the business unit
# (who sees the most). A table wider than the phone scrolls in a box that is a named,
# keyboard-focusable region (static/js/application.mjs), so axe's
# scrollable-region-focusable passes whether or not the table holds a link.
AREAS = ["/", "/governance/", "/reviews/", "/priorities/", "/dataset/", "/training/", "/reminders/"]
NOT_PAGES = (
    ".csv",
    ".xlsx",
    ".pdf",
    "format=",
    "/file/",
    "/papers/",
    "/evidence/",
    "/published/",
    "certificate",
    "workbook",
    "/accounts/",
    "/admin/",
    "/reports/",
    "/terms-of-reference/",
)
MOST_PAGES = 110


def _kind_of(path: str) -> str:
    """One page of each kind: /governance/actions/12/ and /governance/actions/40/ alike."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def _load_demo_partnership():
    from django.contrib.auth.models import Group as Role

    from dataset.demo import load_dataset_demo
    from governance.demo import load_governance_demo
    from priorities.demo import load_priorities_demo
    from reviews.demo import load_reviews_demo
    from training.demo import load_training_demo

    for name in roles.ALL_ROLES:  # the data migration's roles: a transactional test flushed them
        Role.objects.get_or_create(name=name)
    load_governance_demo()
    load_reviews_demo()
    load_priorities_demo()
    load_training_demo()
    load_dataset_demo()


def test_a_page_of_every_kind_in_every_area_passes_the_axe_check_on_a_phone(site, settings):
    from governance.models import User
    from tests.conftest import enrol_two_factor

    settings.DEBUG = True  # the demo loaders' own guard
    _load_demo_partnership()
    settings.DEBUG = False
    business_unit = User.objects.get(email="business.unit@example.org")
    enrol_two_factor(business_unit)
    site.page.set_viewport_size({"width": 375, "height": 800})
    site.sign_in(business_unit)
    queue = [(path, 0) for path in AREAS]
    kinds, visited, scrolling = set(), [], 0
    while queue and len(visited) < MOST_PAGES:
        path, depth = queue.pop(0)
        if _kind_of(path) in kinds:
            continue
        kinds.add(_kind_of(path))
        response = site.page.goto(f"{site.base_url}{path}")
        assert response.status == 200, path
        visited.append(path)
        assert_accessible(site.page)
        overflow = site.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
        scrolling += site.page.locator(".app-table-scroll[role=region][tabindex='0']").count()
        if depth < 2:
            for href in site.page.locator("main a[href^='/']").evaluate_all(
                "links => links.map((link) => link.getAttribute('href'))"
            ):
                href = href.split("#")[0]
                if href and not any(part in href for part in NOT_PAGES):
                    queue.append((href, depth + 1))
    for area in ("/governance/", "/reviews/", "/priorities/", "/dataset/", "/training/"):
        assert len([path for path in visited if path.startswith(area)]) >= 5, (area, visited)
    # The check is a real one: tables did overflow and were made focusable regions.
    assert scrolling > 0, visited


def test_a_scrolling_table_is_a_named_focusable_region_and_a_fitting_one_is_not(site, make_user):
    police = AgencyFactory(
        name="Metropolitan Police Service", statutory_partner=Agency.StatutoryPartner.POLICE
    )
    BudgetContribution.objects.create(financial_year=2025, agency=police, amount=Decimal("5000"))
    executive = make_user(roles.EXECUTIVE_MEMBER)  # reads the budget: no links in its tables
    site.sign_in(executive)
    site.page.set_viewport_size({"width": 1200, "height": 800})
    site.open("/governance/budget/?year=2025")
    box = site.page.locator(".app-table-scroll").first
    assert box.get_attribute("tabindex") is None
    site.page.set_viewport_size({"width": 320, "height": 800})
    site.page.wait_for_function(
        "() => document.querySelector('.app-table-scroll').getAttribute('tabindex') === '0'"
    )
    assert box.get_attribute("role") == "region"
    label_id = box.get_attribute("aria-labelledby")
    assert site.page.locator(f"#{label_id}").inner_text() == "Contributions by partner"
    assert_accessible(site.page)
