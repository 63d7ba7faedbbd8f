"""Nothing shown to a signed-in person is kept by a browser or a shared cache: every
page, file and export carries Cache-Control: no-store, set once for all of them."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from governance import roles
from tests.reviews.factories import LocalReviewFactory, SeriousIncidentFactory

pytestmark = pytest.mark.django_db


def _assert_no_store(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    ["/", "/governance/actions/", "/governance/actions/?format=csv", "/reviews/", "/reports/"],
)
def test_pages_and_exports_of_a_signed_in_person_are_not_stored(signed_in_client, url):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    _assert_no_store(client.get(url))


def test_a_case_page_is_not_stored(signed_in_client):
    client, _ = signed_in_client(roles.RAPID_REVIEW_PANEL)
    incident = SeriousIncidentFactory()
    _assert_no_store(client.get(reverse("reviews:incident_detail", args=[incident.pk])))


def test_a_case_file_is_not_stored(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    review = LocalReviewFactory()
    review.final_report.save("report.pdf", ContentFile(b"%PDF-1.4 final report"))
    incident = review.rapid_review.incident

    response = client.get(reverse("reviews:final_report", args=[incident.pk]))

    _assert_no_store(response)
