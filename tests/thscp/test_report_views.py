"""The yearly report pages: preview, narrative editing and who may do it, starting a
render without waiting for it, the status page, download and retry."""

import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import roles
from governance.periods import FinancialYear
from tests.governance.factories import PersonFactory
from tests.thscp.url_expectations import last_financial_year, make_render
from thscp.reports import services
from thscp.reports.forms import NarrativeForm
from thscp.reports.models import NarrativeSection, ReportRender

pytestmark = pytest.mark.django_db

BU = roles.BUSINESS_UNIT
SCRUTINEER = roles.INDEPENDENT_SCRUTINEER
EXECUTIVE = roles.EXECUTIVE_MEMBER


def year():
    return last_financial_year()


def edit_url(key, for_year=None):
    return reverse("reports:narrative_edit", args=[for_year or year(), key])


def report_url():
    return reverse("reports:report", args=[year()])


def test_the_index_offers_the_last_complete_financial_year(signed_in_client):
    client, _ = signed_in_client(BU)
    response = client.get(reverse("reports:index"))
    label = FinancialYear(year()).label
    assert f"Open the {label} report" in response.content.decode()


def test_choosing_a_year_opens_its_report(signed_in_client):
    client, _ = signed_in_client(EXECUTIVE)
    response = client.get(reverse("reports:choose"), {"year": "2023"})
    assert response.url == reverse("reports:report", args=[2023])


def test_a_year_outside_the_reports_range_is_not_found(signed_in_client):
    client, _ = signed_in_client(BU)
    assert client.get(reverse("reports:report", args=[1999])).status_code == 404
    assert client.get(reverse("reports:report", args=[year() + 5])).status_code == 404


def test_the_preview_shows_the_whole_report_with_edit_links_for_narrative_only(signed_in_client):
    client, _ = signed_in_client(BU)
    page = client.get(report_url()).content.decode()
    for title in ("Introduction", "Governance and structure", "Statutory reviews", "Budget"):
        assert re.search(rf">(\d+\. )?{title}</h2>", page), title
    for key in ("introduction", "scrutineer_statement", "plan_ahead"):
        assert edit_url(key) in page
    for key in ("budget", "statutory_reviews", "risks", "membership"):
        assert f"/narrative/{key}/" not in page
    assert "Render PDF" in page


def test_the_business_unit_writes_a_narrative_section(signed_in_client):
    client, user = signed_in_client(BU)
    response = client.post(edit_url("achievements"), {"text": "New webinars.\n\n- one\n- two"})
    assert response.status_code == 302
    assert response.url.endswith("#section-achievements")
    section = NarrativeSection.objects.get(key="achievements")
    assert section.text == "New webinars.\n\n- one\n- two"
    assert section.history.latest().history_user == user
    page = client.get(report_url()).content.decode()
    assert "<li>one</li><li>two</li>" in page


def test_the_edit_form_shows_the_text_already_written(signed_in_client):
    client, user = signed_in_client(BU)
    services.save_narrative(period=FinancialYear(year()), key="challenges", text="Budget pressures.", by=user)
    page = client.get(edit_url("challenges")).content.decode()
    assert "Budget pressures." in page
    assert 'class="govuk-textarea' in page


def test_empty_text_is_refused_with_an_error_summary(signed_in_client):
    client, _ = signed_in_client(BU)
    response = client.post(edit_url("introduction"), {"text": "   "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter the text for introduction" in page
    assert not NarrativeSection.objects.exists()


def test_the_scrutineer_writes_their_own_statement(signed_in_client):
    client, _ = signed_in_client(SCRUTINEER)
    response = client.post(edit_url("scrutineer_statement"), {"text": "My assessment of the year."})
    assert response.status_code == 302
    assert NarrativeSection.objects.get(key="scrutineer_statement").text == "My assessment of the year."


def test_the_scrutineer_may_not_write_other_sections(signed_in_client):
    client, _ = signed_in_client(SCRUTINEER)
    assert client.get(edit_url("introduction")).status_code == 403
    assert client.post(edit_url("achievements"), {"text": "Typed over."}).status_code == 403
    assert not NarrativeSection.objects.exists()
    page = client.get(report_url()).content.decode()
    assert edit_url("scrutineer_statement") in page
    assert edit_url("introduction") not in page
    assert "Render PDF" not in page


def test_executive_members_read_the_report_but_write_nothing(signed_in_client):
    client, _ = signed_in_client(EXECUTIVE)
    page = client.get(report_url()).content.decode()
    assert "/narrative/" not in page
    assert "Render PDF" not in page
    assert client.post(edit_url("scrutineer_statement"), {"text": "x"}).status_code == 403
    assert client.post(reverse("reports:render", args=[year()])).status_code == 403


def test_a_section_from_records_cannot_be_typed_over(signed_in_client):
    client, user = signed_in_client(BU)
    # No page to type into ...
    for key in ("budget", "statutory_reviews", "risks", "partners", "priorities"):
        assert client.get(edit_url(key)).status_code == 404
        assert client.post(edit_url(key), {"text": "£1,000,000"}).status_code == 404
    # ... no form field for anything but the narrative text ...
    assert list(NarrativeForm(title="Introduction").fields) == ["text"]
    # ... and the service refuses it too.
    with pytest.raises(ValidationError):
        services.save_narrative(period=FinancialYear(year()), key="budget", text="£1,000,000", by=user)
    assert not NarrativeSection.objects.exists()


def test_extra_fields_posted_with_the_narrative_are_ignored(signed_in_client):
    client, _ = signed_in_client(BU)
    client.post(edit_url("introduction"), {"text": "Hello.", "budget": "£1", "key": "budget"})
    assert list(NarrativeSection.objects.values_list("key", "text")) == [("introduction", "Hello.")]


def test_render_pdf_queues_a_render_and_hands_it_to_celery_only_after_commit(
    signed_in_client, django_capture_on_commit_callbacks
):
    client, user = signed_in_client(BU)
    with mock.patch("thscp.reports.tasks.render_yearly_report.apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(reverse("reports:render", args=[year()]))
        render = ReportRender.objects.get()
        assert render.status == ReportRender.Status.QUEUED
        assert render.requested_by == user
        assert response.url == reverse("reports:render_status", args=[render.pk])
        apply_async.assert_not_called()  # the request neither waits for nor starts the render
        assert len(callbacks) == 1
        callbacks[0]()
        apply_async.assert_called_once_with((render.pk,), retry=False)


def test_with_the_broker_down_the_render_stays_queued_and_the_request_still_answers(
    signed_in_client, django_capture_on_commit_callbacks
):
    client, _ = signed_in_client(BU)
    with (
        mock.patch(
            "thscp.reports.tasks.render_yearly_report.apply_async", side_effect=OSError("Connection refused")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("reports:render", args=[year()]))
    assert response.status_code == 302
    assert ReportRender.objects.get().status == ReportRender.Status.QUEUED


def test_the_status_page_refreshes_itself_while_waiting_and_says_how_to_refresh(signed_in_client):
    client, _ = signed_in_client(BU)
    render = make_render(status="rendering")
    page = client.get(reverse("reports:render_status", args=[render.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert ">Rendering<" in page
    assert ">Refresh</a>" in page
    quiet = client.get(
        reverse("reports:render_status", args=[render.pk]), {"refresh": "off"}
    ).content.decode()
    assert "http-equiv" not in quiet


def test_a_finished_render_stops_refreshing_and_offers_the_download(signed_in_client):
    client, _ = signed_in_client(EXECUTIVE)
    render = make_render(status="done", pdf=b"%PDF-1.7\n%%EOF\n")
    page = client.get(reverse("reports:render_status", args=[render.pk])).content.decode()
    assert "http-equiv" not in page
    assert reverse("reports:render_download", args=[render.pk]) in page
    response = client.get(reverse("reports:render_download", args=[render.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_failed_render_shows_why_and_the_business_unit_may_retry(signed_in_client):
    client, _ = signed_in_client(BU)
    render = make_render(status="failed")
    ReportRender.objects.filter(pk=render.pk).update(error="OSError: fonts are missing")
    page = client.get(reverse("reports:render_status", args=[render.pk])).content.decode()
    assert "OSError: fonts are missing" in page
    assert ">Failed<" in page
    assert reverse("reports:render_retry", args=[render.pk]) in page


def test_only_the_business_unit_may_retry(signed_in_client):
    client, _ = signed_in_client(SCRUTINEER)
    render = make_render(status="failed")
    page = client.get(reverse("reports:render_status", args=[render.pk])).content.decode()
    assert reverse("reports:render_retry", args=[render.pk]) not in page
    assert client.post(reverse("reports:render_retry", args=[render.pk])).status_code == 403
    assert ReportRender.objects.get().status == ReportRender.Status.FAILED


def test_retrying_a_render_that_is_running_is_refused_with_a_message(signed_in_client):
    client, _ = signed_in_client(BU)
    render = make_render(status="rendering")
    ReportRender.objects.filter(pk=render.pk).update(started_at=render.requested_at)
    response = client.post(reverse("reports:render_retry", args=[render.pk]), follow=True)
    assert "nothing to retry" in response.content.decode()
    assert ReportRender.objects.get().status == ReportRender.Status.RENDERING


def test_a_render_without_a_pdf_has_nothing_to_download(signed_in_client):
    client, _ = signed_in_client(BU)
    render = make_render(status="failed")
    assert client.get(reverse("reports:render_download", args=[render.pk])).status_code == 404


def test_the_report_page_lists_renders_and_links_the_document(signed_in_client, settings):
    client, user = signed_in_client(BU)
    PersonFactory(user=user)
    render = make_render(status="queued")
    page = client.get(report_url()).content.decode()
    assert reverse("reports:render_status", args=[render.pk]) in page
    assert ">Queued<" in page
