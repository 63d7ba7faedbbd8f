"""Issue 12: at a 375 px phone width, tables scroll inside their container instead of
widening the page, and every page still passes the axe check."""

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
