"""Issue 6 end to end: the rendered yearly report is signed off by the three partners and
the scrutineer through the version page, locked, published, and downloaded by partners."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import roles
from governance.models import DocumentVersion, SignOff
from tests.governance.factories import PersonFactory
from tests.thscp.report_helpers import covered_report, partner_agencies
from thscp.models import ReportRender, YearlyReport
from thscp.reports import services as report_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def signatories(make_user):
    found = {}
    for partner, agency in partner_agencies().items():
        user = make_user(roles.EXECUTIVE_MEMBER)
        PersonFactory(user=user, agency=agency)
        found[partner] = user
    found[SignOff.SCRUTINEER] = make_user(roles.INDEPENDENT_SCRUTINEER)
    return found


def test_the_rendered_report_is_signed_by_all_four_locked_published_and_downloadable(
    client, make_user, signatories
):
    business_unit = make_user(roles.BUSINESS_UNIT)
    PersonFactory(user=business_unit)
    covered_report(business_unit)  # every Working Together item covered, or it is not sent
    report, _ = YearlyReport.objects.get_or_create(period=2025)
    render = ReportRender.objects.create(report=report, requested_by=business_unit)
    assert report_services.run_render(render_id=render.pk) == "done"
    version = ReportRender.objects.get(pk=render.pk).document_version
    assert version.generated and version.file_name.endswith(".pdf")

    client.force_login(business_unit)
    client.post(reverse("governance:version_send", args=[version.pk]))
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.AWAITING_SIGN_OFF

    for slot, user in signatories.items():
        client.force_login(user)
        page = client.get(reverse("governance:version_detail", args=[version.pk])).content.decode()
        assert version.sha256 in page  # they see exactly what they approve
        response = client.post(
            reverse("governance:version_detail", args=[version.pk]),
            {"decision": "approve", "slot": slot, "sha256": version.sha256},
        )
        assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.SIGNED_OFF
    assert version.is_locked
    assert set(version.sign_offs.values_list("slot", flat=True)) == {*signatories}
    version.notes = "Changed after signing"
    with pytest.raises(ValidationError):
        version.file.name = "private/documents/other.pdf"
        version.save()

    client.force_login(business_unit)
    client.post(reverse("governance:version_publish", args=[version.pk]))
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.PUBLISHED

    client.force_login(make_user(roles.GROUP_MEMBER))
    response = client.get(reverse("governance:published_file", args=[version.document_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
