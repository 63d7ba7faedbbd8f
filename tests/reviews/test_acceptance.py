"""Issue 4's acceptance journey, as the business unit would go through it."""

import re
from datetime import date

import pytest
from django.urls import reverse

from governance import roles
from governance.models import Action
from reviews.models import LocalReview, SeriousIncident
from tests.governance.factories import PartnershipGroupFactory, PersonFactory
from tests.reviews.helpers import date_fields, statutory_partners

pytestmark = pytest.mark.django_db


def test_business_unit_records_an_incident_through_to_the_action_plan(client, make_user):
    user = make_user(roles.BUSINESS_UNIT)
    client.force_login(user)
    partners = statutory_partners()
    owner = PersonFactory(full_name="Grace Adeyemi")
    group = PartnershipGroupFactory(name="Rapid Review Working Group", slug="rapid-review-working-group")

    # The local authority learnt of it on Monday 22 December 2025.
    response = client.post(
        reverse("reviews:incident_create"),
        {
            **date_fields("aware_on", date(2025, 12, 22)),
            **date_fields("notified_on", None),
            "harm_type": "serious_harm",
            "age_band": "under_1",
            "abuse_or_neglect_suspected": "True",
            "looked_after": "False",
            "agencies_involved": [partners["police"].pk],
            "summary": "An infant was admitted to hospital with a serious head injury.",
        },
        follow=True,
    )
    incident = SeriousIncident.objects.get()
    assert incident.reference == "SI-2025-001"
    assert "Notification due" in response.content.decode()
    assert "Wednesday 31 December 2025" in response.content.decode()

    # Notified on 30 December: on time.
    response = client.post(
        reverse("reviews:incident_notification", args=[incident.pk]),
        {**date_fields("notified_on", date(2025, 12, 30)), "late_notification_reason": ""},
        follow=True,
    )
    assert "Completed on time" in response.content.decode()

    # The three partners each say yes.
    for partner in partners:
        client.post(
            reverse("reviews:decision_create", args=[incident.pk]),
            {
                "partner": partner,
                "proceed": "True",
                **date_fields("decided_on", date(2025, 12, 31)),
                "rationale": "Meets the criteria.",
            },
        )
    incident.refresh_from_db()
    assert incident.stage == SeriousIncident.Stage.RAPID_REVIEW

    # Due 15 working days after 30 December 2025, skipping New Year's Day.
    response = client.get(reverse("reviews:rapid_review_detail", args=[incident.pk]))
    assert "Wednesday 21 January 2026" in response.content.decode()

    # Completed on time, local review recommended.
    response = client.post(
        reverse("reviews:rapid_review_outcome", args=[incident.pk]),
        {
            "outcome": "local_review",
            **date_fields("partners_approved_on", date(2026, 1, 20)),
            **date_fields("sent_to_panel_on", date(2026, 1, 21)),
        },
        follow=True,
    )
    content = response.content.decode()
    assert "Completed on time" in content
    assert "Local review recommended" in content

    # A local review opens with its 6-month target.
    local_review = LocalReview.objects.get()
    response = client.get(reverse("reviews:local_review_detail", args=[incident.pk]))
    assert local_review.target_completion_on == date(2026, 7, 20)
    assert "Monday 20 July 2026" in response.content.decode()

    # Two recommendations, under their themes.
    for text, theme in [
        ("Health visitors share concerns about infants with children's social care.", "Information sharing"),
        ("Safe sleep advice is given at every contact with a new baby.", "Infant safety"),
    ]:
        client.post(
            reverse("reviews:recommendation_create", args=[incident.pk]),
            {
                "review": "local",
                "text": text,
                "theme": "",
                "new_theme": theme,
                "owner": owner.pk,
                "group": group.pk,
                **date_fields("due_date", date(2026, 9, 30)),
            },
        )
    assert Action.objects.count() == 2
    response = client.get(reverse("reviews:action_plan"))
    sections = themed_sections(response.content.decode())
    assert "Health visitors share concerns" in sections["Information sharing"]
    assert "Safe sleep advice" in sections["Infant safety"]
    assert "Grace Adeyemi" in sections["Infant safety"]


def themed_sections(content: str) -> dict[str, str]:
    """The action plan page split at each theme's heading: {theme: the section's HTML}."""
    parts = re.split(r'<h2 class="govuk-heading-m">([^<]+)</h2>', content)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}
