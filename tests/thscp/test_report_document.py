"""The yearly report as a published document (issue 16): frozen once signed, complete
against Working Together, safe for children, in the partnership's voice, checked against
the records, looking like a report, and published and sent on after sign-off."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import roles
from governance import services as governance_services
from governance.models import Agency, DocumentVersion
from governance.periods import FinancialYear
from tests.governance.factories import PersonFactory, ScrutinyActivityFactory
from tests.reviews.factories import RapidReviewFactory, SeriousIncidentFactory, SevenMinuteBriefingFactory
from tests.thscp.report_helpers import (
    PERIOD,
    business_unit,
    covered_report,
    partner_agencies,
    rendered,
    sign_by_all,
    signatories,
    signed_render,
)
from thscp.reports import checklist, services
from thscp.reports.models import (
    ChecklistReason,
    NamingConsent,
    NarrativeSection,
    PartnerRepresentative,
    ReportPublication,
    ReportRender,
    ReportSending,
)
from thscp.reports.sections import narrative_html

pytestmark = pytest.mark.django_db


def sections(period=PERIOD):
    return {section.key: section for section in services.report_sections(period)}


# Frozen after sign-off


def test_a_signed_version_keeps_what_it_said_when_the_records_change():
    by = business_unit()
    covered_report(by)
    render = signed_render(by, signatories())
    assert render.document_version.status == DocumentVersion.Status.SIGNED_OFF
    stored = {section["key"]: section for section in render.content["sections"]}
    assert "local reviews need attention" in stored["scrutineer_statement"]["html"]

    services.save_narrative(
        period=PERIOD, key="scrutineer_statement", text="Rewritten after sign-off.", by=by
    )

    render.refresh_from_db()
    stored = {section["key"]: section for section in render.content["sections"]}
    assert "local reviews need attention" in stored["scrutineer_statement"]["html"]
    assert "Rewritten" not in str(render.content)


def test_what_a_signed_version_said_cannot_be_changed_or_deleted():
    by = business_unit()
    covered_report(by)
    render = signed_render(by, signatories())
    render.content = {**render.content, "sections": []}
    with pytest.raises(ValidationError):
        render.save()
    with pytest.raises(ValidationError):
        ReportRender.objects.get(pk=render.pk).delete()


def test_a_later_render_lists_its_changes_from_the_signed_version_for_the_signatories(client):
    by = business_unit()
    covered_report(by)
    people = signatories()
    signed = signed_render(by, people)
    services.save_narrative(period=PERIOD, key="challenges", text="Recruitment of young scrutineers.", by=by)

    later = rendered(by)

    assert later.document_version.number == signed.document_version.number + 1
    assert signed.document_version.status == DocumentVersion.Status.SIGNED_OFF  # kept as signed
    notes = later.document_version.notes
    assert f"Changed since the signed version {signed.document_version.number}" in notes
    assert "Key challenges" in notes
    client.force_login(people["police"])
    page = client.get(reverse("reports:render_status", args=[later.pk])).content.decode()
    assert f"Changes since the signed version {signed.document_version.number}" in page
    assert "<del>Little progress on anti-racism: the project lead left mid-year.</del>" in page
    assert "<ins>Recruitment of young scrutineers.</ins>" in page


def test_the_report_page_shows_the_signed_version_as_signed(client):
    by = business_unit()
    covered_report(by)
    signed = signed_render(by, signatories())
    client.force_login(by)
    page = client.get(reverse("reports:report", args=[PERIOD.start_year])).content.decode()
    assert "Signed off" in page
    assert reverse("reports:render_status", args=[signed.pk]) in page
    version_page = client.get(reverse("reports:render_status", args=[signed.pk])).content.decode()
    assert "What this version says is kept exactly as it was signed" in version_page


# The Working Together checklist


def test_the_checklist_keeps_its_source_and_names_the_sections_covering_each_item():
    assert "Working Together to Safeguard Children 2023, chapter 2" in checklist.SOURCE
    required = {item.key for item in checklist.CHECKLIST if item.required}
    assert required == {
        "partners_did",
        "effectiveness",
        "impact",
        "little_progress",
        "review_recommendations",
        "feedback_from_children",
        "independent_scrutiny",
        "funding",
    }
    known = set(sections())
    for item in checklist.CHECKLIST:
        assert set(item.sections) <= known, item.key


def test_the_checklist_page_shows_each_item_its_sections_and_whether_they_have_content(signed_in_client):
    client, by = signed_in_client(roles.BUSINESS_UNIT)
    services.save_narrative(period=PERIOD, key="scrutineer_statement", text="A good year.", by=by)
    page = client.get(reverse("reports:checklist", args=[PERIOD.start_year])).content.decode()
    row = re.search(r'id="item-effectiveness".*?</tr>', page, re.DOTALL).group(0)
    assert "The independent scrutineer&#x27;s statement</a>: has content" in row
    assert "Covered" in row
    funding = re.search(r'id="item-funding".*?</tr>', page, re.DOTALL).group(0)
    assert "nothing for 2025-26" in funding
    assert ">Empty<" in funding
    assert reverse("reports:checklist_reason", args=[PERIOD.start_year, "funding"]) in funding


def test_a_version_with_an_empty_required_item_cannot_be_sent_for_sign_off():
    by = business_unit()
    covered_report(by)
    NarrativeSection.objects.filter(key__in=["young_scrutineers"]).delete()
    render = rendered(by)  # feedback from children: young scrutineers empty, priorities empty
    with pytest.raises(ValidationError, match="How the partners sought and used feedback"):
        governance_services.send_for_sign_off(version=render.document_version, by=by)
    render.document_version.refresh_from_db()
    assert render.document_version.status == DocumentVersion.Status.DRAFT


def test_a_reason_recorded_lets_it_go_and_the_signatories_read_it_with_the_version(client):
    by = business_unit()
    covered_report(by)
    NarrativeSection.objects.filter(key="young_scrutineers").delete()
    render = rendered(by)
    reason = "The young scrutineers' posts were vacant all year; feedback resumes in 2026-27."
    services.record_checklist_reason(period=PERIOD, item="feedback_from_children", reason=reason, by=by)

    governance_services.send_for_sign_off(version=render.document_version, by=by)

    render.refresh_from_db()
    kept = next(item for item in render.content["checklist"] if item["key"] == "feedback_from_children")
    assert (kept["coverage"], kept["reason"]) == ("explained", reason)
    assert ChecklistReason.objects.get().history.latest().history_user == by
    people = signatories()
    client.force_login(people["local_authority"])
    page = client.get(reverse("reports:render_status", args=[render.pk])).content.decode()
    assert f"Reason recorded by the business unit: {reason}".replace("'", "&#x27;") in page
    version_page = client.get(render.document_version.get_absolute_url()).content.decode()
    assert reverse("reports:render_status", args=[render.pk]) in version_page


def test_a_section_marked_not_applicable_says_so_in_the_report_with_its_reason():
    by = business_unit()
    services.mark_not_applicable(
        period=PERIOD, section_key="scrutiny_activity", reason="The scrutineer's statement covers it.", by=by
    )
    section = sections()["scrutiny_activity"]
    assert "Not applicable in 2025-26." in section.html
    assert "The scrutineer&#x27;s statement covers it." in section.html
    assert section.not_applicable


def test_a_section_with_content_cannot_be_marked_not_applicable():
    by = business_unit()
    ScrutinyActivityFactory(carried_out_on=date(2025, 7, 1))
    with pytest.raises(ValidationError, match="nothing in it"):
        services.mark_not_applicable(period=PERIOD, section_key="scrutiny_activity", reason="No.", by=by)


# Safe for children


def test_a_version_with_a_case_reference_in_a_narrative_cannot_be_sent_for_sign_off():
    by = business_unit()
    covered_report(by)
    services.save_narrative(
        period=PERIOD, key="challenges", text="The review of SI-2025-003 was late.", by=by
    )
    render = rendered(by)
    with pytest.raises(ValidationError, match=r"'Key challenges' contains a case reference \(SI-2025-003\)"):
        governance_services.send_for_sign_off(version=render.document_version, by=by)
    render.document_version.refresh_from_db()
    assert render.document_version.status == DocumentVersion.Status.DRAFT


@pytest.mark.parametrize(
    "written", ["LCSPR-2025-01", "RR/2025/3", "si 2025 003", "the Panel's reference PNL-99812"]
)
def test_anything_shaped_like_a_case_reference_or_a_recorded_one_is_found(written):
    SeriousIncidentFactory(aware_on=date(2025, 6, 2), panel_reference="PNL-99812")
    by = business_unit()
    services.save_narrative(period=PERIOD, key="challenges", text=f"See {written}.", by=by)
    found = services.readiness(PERIOD).findings
    assert [finding.kind for finding in found] == ["case_reference"]


@pytest.mark.parametrize(
    "written", ["3 June 2025", "3rd June 2025", "June 3, 2025", "03/06/2025", "2025-06-03"]
)
def test_an_exact_case_date_in_a_narrative_is_found_however_it_is_written(written):
    SeriousIncidentFactory(aware_on=date(2025, 6, 3))
    by = business_unit()
    services.save_narrative(period=PERIOD, key="challenges", text=f"On {written} a child was harmed.", by=by)
    found = services.readiness(PERIOD).findings
    assert [(finding.kind, finding.found) for finding in found] == [("case_date", written)]


def test_a_case_date_the_statutory_reviews_section_printed_is_found(monkeypatch):
    incident = SeriousIncidentFactory(aware_on=date(2025, 6, 3), notified_on=date(2025, 6, 5))
    RapidReviewFactory(incident=incident, opened_on=date(2025, 6, 5), sent_to_panel_on=date(2025, 6, 20))
    from reviews import report as reviews_report

    original = reviews_report.report_sections

    def leaky(period):
        found = original(period)
        return [
            type(section)(**{**section.__dict__, "html": section.html + "<p>Sent on 20 June 2025.</p>"})
            if section.key == "statutory_reviews"
            else section
            for section in found
        ]

    monkeypatch.setattr(reviews_report, "report_sections", leaky)
    found = services.readiness(PERIOD).findings
    assert [(finding.kind, finding.section_key) for finding in found] == [("case_date", "statutory_reviews")]


def test_a_day_in_a_training_section_that_matches_a_case_is_not_a_case_date():
    SeriousIncidentFactory(aware_on=date(2025, 11, 19))
    from tests.training.factories import SessionFactory

    SessionFactory(
        kind="safeguarding_month",
        title="Safeguarding Month: online harms",
        starts_at=timezone.make_aware(timezone.datetime(2025, 11, 19, 10)),
        ends_at=timezone.make_aware(timezone.datetime(2025, 11, 19, 12)),
    )
    assert not services.readiness(PERIOD).findings


def test_a_young_scrutineer_without_consent_is_a_young_scrutineer_in_every_section():
    executive = PersonFactory(full_name="Zara Ahmed", job_title="Young Scrutineer")
    from tests.governance.factories import executive_group

    executive.groups.add(executive_group())
    by = business_unit()
    services.save_narrative(
        period=PERIOD, key="young_scrutineers", text="Zara Ahmed chaired the panel.", by=by
    )
    html = "".join(str(section.html) for section in services.report_sections(PERIOD))
    assert "Zara Ahmed" not in html
    assert "a young scrutineer chaired the panel." in html
    assert not services.readiness(PERIOD).findings


def test_with_consent_recorded_by_the_business_unit_the_young_scrutineer_is_named():
    person = PersonFactory(full_name="Zara Ahmed", job_title="Young Scrutineer")
    by = business_unit()
    services.save_narrative(
        period=PERIOD, key="young_scrutineers", text="Zara Ahmed chaired the panel.", by=by
    )
    consent = services.record_consent(
        person=person, consent_given_on=date(2025, 5, 1), how_given="Signed form, with a parent", by=by
    )
    assert (consent.recorded_by, consent.recorded_at.date()) == (by, timezone.localdate())
    assert "Zara Ahmed chaired the panel." in sections()["young_scrutineers"].html

    services.withdraw_consent(consent=consent, reason="She asked not to be named.", by=by)
    assert "Zara Ahmed" not in sections()["young_scrutineers"].html
    assert NamingConsent.objects.get().withdrawal_reason == "She asked not to be named."


def test_consent_is_recorded_only_for_young_scrutineers():
    with pytest.raises(ValidationError, match="young scrutineers"):
        services.record_consent(
            person=PersonFactory(job_title="Head of Service"),
            consent_given_on=date(2025, 5, 1),
            how_given="Form",
            by=business_unit(),
        )


# In the partnership's voice


def test_a_missing_area_says_so_in_the_partnership_s_voice_or_why_it_does_not_apply(monkeypatch):
    from thscp.reports import sections as report_sections

    monkeypatch.setattr(
        report_sections,
        "REPORT_SECTION_SOURCES",
        [name for name in report_sections.REPORT_SECTION_SOURCES if not name.startswith("dataset")],
    )
    html = str(sections()["dataset"].html)
    assert "Partnership Hub" not in html
    assert "The partnership has no figures from the multi-agency dataset to report for 2025-26." in html
    services.mark_not_applicable(
        period=PERIOD, section_key="dataset", reason="The dataset began in 2026-27.", by=business_unit()
    )
    html = str(sections()["dataset"].html)
    assert "Not applicable in 2025-26." in html and "The dataset began in 2026-27." in html


def test_no_published_section_uses_the_developers_words():
    covered_report(business_unit())
    built = services.build_report(PERIOD)
    assert "Partnership Hub does not yet hold" not in built.html
    assert "Nothing has been written" not in built.html


# The narrative beside the records


def test_the_review_page_shows_each_statement_beside_the_year_s_records(signed_in_client):
    client, by = signed_in_client(roles.BUSINESS_UNIT)
    services.save_narrative(
        period=PERIOD,
        key="achievements",
        text="Learning reached staff:\n- webinars after every rapid review\n- a new data dashboard",
        by=by,
    )
    page = client.get(reverse("reports:review", args=[PERIOD.start_year])).content.decode()
    statement = re.search(r"webinars after every rapid review.*?</li>", page, re.DOTALL).group(0)
    assert "Records: none" in statement
    assert "Learning webinars after reviews in 2025-26: none recorded." in statement
    assert "a new data dashboard" in page
    assert "1 statement disagrees with the records of 2025-26: it speaks of something" in page


def test_a_statement_that_says_there_were_none_agrees_with_the_records(signed_in_client):
    client, by = signed_in_client(roles.BUSINESS_UNIT)
    services.save_narrative(period=PERIOD, key="challenges", text="No webinar followed the reviews.", by=by)
    page = client.get(reverse("reports:review", args=[PERIOD.start_year])).content.decode()
    assert "Records: none" not in page


def test_a_statement_that_says_there_were_none_of_what_the_records_hold_is_flagged(signed_in_client):
    client, by = signed_in_client(roles.BUSINESS_UNIT)
    SevenMinuteBriefingFactory(published_on=PERIOD.start + timedelta(days=40))
    services.save_narrative(
        period=PERIOD, key="challenges", text="No 7-minute briefing followed the reviews.", by=by
    )
    page = client.get(reverse("reports:review", args=[PERIOD.start_year])).content.decode()
    statement = re.search(r"No 7-minute briefing followed the reviews.*?</li>", page, re.DOTALL).group(0)
    assert "Records: some" in statement
    assert "7-minute briefings published in 2025-26: 1 recorded." in statement
    assert "1 statement disagrees with the records of 2025-26" in page


def test_the_review_page_reads_the_achievements_table_beside_the_records(signed_in_client):
    client, by = signed_in_client(roles.BUSINESS_UNIT)
    services.add_achievement(
        period=PERIOD,
        by=by,
        title="Learning",
        what_we_did="Webinars after every rapid review.",
        impact="Staff learned quickly.",
    )
    page = client.get(reverse("reports:review", args=[PERIOD.start_year])).content.decode()
    statement = re.search(r"Learning: Webinars after every rapid review.*?</li>", page, re.DOTALL).group(0)
    assert "Learning webinars after reviews in 2025-26: none recorded." in statement


# Structure and look


def test_the_foreword_is_signed_by_the_three_lead_partners_by_name_and_title():
    by = business_unit()
    agencies = partner_agencies()
    for partner, agency in agencies.items():
        services.add_representative(
            period=PERIOD,
            partner=partner,
            person=PersonFactory(full_name=f"Lead of {partner}", job_title="Chief Executive", agency=agency),
            standing=PartnerRepresentative.Standing.LEAD,
            by=by,
        )
    services.save_narrative(period=PERIOD, key="foreword", text="A year of joint work.", by=by)
    html = str(sections()["foreword"].html)
    for partner in agencies:
        assert f"Lead of {partner}" in html
    assert html.count("Lead safeguarding partner for the") == 3
    assert "Chief Executive, The local authority" in html


def test_a_foreword_without_a_lead_partner_cannot_go_for_sign_off():
    by = business_unit()
    services.save_narrative(period=PERIOD, key="foreword", text="A year of joint work.", by=by)
    partner_agencies()
    problems = services.readiness(PERIOD).problems
    assert len(problems) == 3
    assert "record the local authority's lead safeguarding partner" in problems[0]


def test_partner_profiles_tell_lead_and_delegated_partners_apart():
    by = business_unit()
    council = partner_agencies()[Agency.StatutoryPartner.LOCAL_AUTHORITY]
    for name, standing in (("Joanne Whitaker", "lead"), ("Martin Keane", "delegated")):
        services.add_representative(
            period=PERIOD,
            partner=council.statutory_partner,
            person=PersonFactory(full_name=name, job_title="Director", agency=council),
            standing=standing,
            by=by,
        )
    services.save_narrative(period=PERIOD, key="profile_local_authority", text="The council leads.", by=by)
    html = str(sections()["partner_profiles"].html)
    assert re.search(r"Lead safeguarding partner</dt><dd[^>]*>Joanne Whitaker, Director", html)
    assert re.search(r"Delegated safeguarding partner</dt><dd[^>]*>Martin Keane, Director", html)


def test_a_representative_must_work_for_the_partner():
    council = partner_agencies()[Agency.StatutoryPartner.LOCAL_AUTHORITY]
    with pytest.raises(ValidationError, match="works for this statutory partner"):
        services.add_representative(
            period=PERIOD,
            partner=Agency.StatutoryPartner.POLICE,
            person=PersonFactory(agency=council),
            standing="lead",
            by=business_unit(),
        )


def test_achievements_are_a_table_of_what_was_done_and_the_difference_it_made():
    by = business_unit()
    services.add_achievement(
        period=PERIOD, by=by, title="Joint decisions", what_we_did="Decided together.",
        impact="Earlier sharing.", position=1,
    )  # fmt: skip
    withdrawn = services.add_achievement(
        period=PERIOD, by=by, title="Entered twice", what_we_did="x", impact="y", position=2
    )
    services.withdraw_achievement(achievement=withdrawn, reason="Entered twice.", by=by)
    html = str(sections()["achievements"].html)
    assert '<th scope="col" class="govuk-table__header">The difference it made</th>' in html
    assert re.search(
        r"Joint decisions</th>\s*<td[^>]*>Decided together.</td>\s*<td[^>]*>Earlier sharing.</td>", html
    )
    assert "Entered twice" not in html


def test_the_cover_has_the_partnership_s_name_logo_year_and_short_line(settings):
    settings.PARTNERSHIP_NAME = "Riverside Safeguarding Children Partnership"
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.thscp.test_report_logo import png_bytes

    services.save_cover(
        by=business_unit(),
        logo=SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
        logo_description="Three linked hands",
        short_line="Working together to keep children safe",
    )
    html = services.build_report(PERIOD).html
    cover = html[html.index('<section class="cover"') : html.index("</section>")]
    assert "Riverside Safeguarding Children Partnership" in cover
    assert "Yearly report 2025-26" in cover
    assert "Working together to keep children safe" in cover
    assert '<img class="cover__logo" src="data:image/png;base64,' in cover
    assert 'alt="Three linked hands"' in cover


def test_sections_are_numbered_in_the_contents_and_their_headings():
    covered_report(business_unit())
    html = services.build_report(PERIOD).html
    numbers = [int(n) for n in re.findall(r'class="contents__number">(\d+)<', html)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert re.search(r'<span class="report-section__number">1</span> The three statutory partners', html)


@pytest.mark.parametrize(
    "text",
    ["This year we:\n- met monthly\n- trained staff", "This year we:\n\n- met monthly\n- trained staff"],
)
def test_a_bulleted_list_renders_whatever_the_blank_lines(text):
    html = narrative_html(text)
    assert '<p class="govuk-body">This year we:</p>' in html
    assert "<li>met monthly</li><li>trained staff</li>" in html
    assert "- " not in html


@pytest.mark.parametrize(("typed", "year"), [("2023-24", 2023), ("2023/24", 2023), ("2023", 2023)])
def test_another_year_opens_when_typed_as_its_hint_shows(signed_in_client, typed, year):
    client, _ = signed_in_client(roles.EXECUTIVE_MEMBER)
    response = client.get(reverse("reports:choose"), {"year": typed})
    assert response.url == reverse("reports:report", args=[year])


NOT_A_FINANCIAL_YEAR = "is not a financial year: the second year follows the first, for example 2023-24"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "2023-2025",
            "2023-2025 is not a financial year: the second year follows the first, for example 2023-24",
        ),
        (
            "2023-25",
            "2023-25 is not a financial year: the second year follows the first, for example 2023-24",
        ),
        ("abc", "Enter a financial year as the first year and the next, for example 2023-24"),
        ("next year", "Enter a financial year as the first year and the next, for example 2023-24"),
        ("", "Enter a financial year, for example 2023-24"),
        ("2016-17", "There is no yearly report before 2018-19"),
        ("2040-41", "2040-41 has not started yet"),
    ],
)
def test_a_wrong_year_is_said_to_be_wrong_rather_than_another_opened(signed_in_client, typed, message):
    client, _ = signed_in_client(roles.EXECUTIVE_MEMBER)
    response = client.get(reverse("reports:choose"), {"year": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page


# After sign-off: publication and sending


def test_publication_is_recorded_with_its_date_and_link_and_publishes_the_signed_version():
    by = business_unit()
    covered_report(by)
    render = signed_render(by, signatories())
    publication = services.record_publication(
        period=PERIOD, link="https://example.org/report.pdf", published_on=timezone.localdate(), by=by
    )
    render.document_version.refresh_from_db()
    assert render.document_version.status == DocumentVersion.Status.PUBLISHED
    assert (publication.published_on, publication.link) == (
        timezone.localdate(),
        "https://example.org/report.pdf",
    )


def test_a_report_not_signed_off_cannot_be_published():
    by = business_unit()
    covered_report(by)
    rendered(by)
    with pytest.raises(ValidationError, match="signed it off"):
        services.record_publication(period=PERIOD, link="https://example.org/r.pdf", by=by)
    assert not ReportPublication.objects.exists()


def test_sending_is_tracked_and_reminded_for_each_recipient_within_7_days():
    from thscp.reminders.services import collect_deadlines

    by = business_unit()
    covered_report(by)
    signed_render(by, signatories())
    publication = services.record_publication(period=PERIOD, link="https://example.org/r.pdf", by=by)
    today = timezone.localdate()
    due = {d.key: d for d in collect_deadlines(today) if "yearly-report" in d.key}
    panel = due[f"thscp:yearly-report-sending:{publication.pk}:panel"]
    foundations = due[f"thscp:yearly-report-sending:{publication.pk}:foundations"]
    assert panel.due_on == foundations.due_on == publication.published_on + timedelta(days=7)
    assert panel.statutory and by.email in panel.responsible
    # governance's own "send it to the Panel" reminder stands aside for the report's
    assert not [key for key in due if key.startswith("governance:yearly-report-sending")]

    services.record_sending(publication=publication, recipient="panel", sent_on=today, by=by)

    keys = {d.key for d in collect_deadlines(today)}
    assert f"thscp:yearly-report-sending:{publication.pk}:panel" not in keys
    assert f"thscp:yearly-report-sending:{publication.pk}:foundations" in keys
    services.record_sending(publication=publication, recipient="foundations", sent_on=today, by=by)
    publication.version.refresh_from_db()
    assert publication.version.sent_to_panel_on == today
    assert ReportSending.objects.count() == 2


def test_sending_cannot_be_dated_before_publication():
    by = business_unit()
    covered_report(by)
    signed_render(by, signatories())
    publication = services.record_publication(period=PERIOD, link="https://example.org/r.pdf", by=by)
    with pytest.raises(ValidationError, match="before the report was published"):
        services.record_sending(
            publication=publication,
            recipient="panel",
            sent_on=publication.published_on - timedelta(days=1),
            by=by,
        )


def test_the_next_report_is_due_12_months_after_the_last_publication():
    by = business_unit()
    covered_report(by)
    signed_render(by, signatories())
    publication = services.record_publication(period=PERIOD, link="https://example.org/r.pdf", by=by)
    due = services.next_publication_due(timezone.localdate())
    assert due.due_on == publication.published_on.replace(year=publication.published_on.year + 1)
    assert due.period == FinancialYear(2026)


def test_with_nothing_published_the_report_is_due_12_months_after_the_last_year_ended():
    due = services.next_publication_due(date(2026, 11, 28))
    assert (due.due_on, due.period) == (date(2027, 3, 31), FinancialYear(2025))


def test_my_work_shows_the_business_unit_the_reports_to_send(signed_in_client):
    client, by = signed_in_client(roles.BUSINESS_UNIT)
    PersonFactory(user=by)
    covered_report(by)
    render = rendered(by)
    governance_services.send_for_sign_off(version=render.document_version, by=by)
    sign_by_all(render.document_version, signatories())
    services.record_publication(period=PERIOD, link="https://example.org/r.pdf", by=by)
    page = client.get(reverse("home")).content.decode()
    assert "Yearly reports to send to the Panel and Foundations" in page
    assert "Send Yearly report 2025-26 to the Child Safeguarding Practice Review Panel" in page
    assert "Send Yearly report 2025-26 to Foundations" in page


def test_every_record_of_the_report_has_a_page_and_a_history_the_business_unit_reads(signed_in_client):
    from thscp.reports.models import Achievement, NotApplicable, ReportBranding

    client, by = signed_in_client(roles.BUSINESS_UNIT)
    covered_report(by)
    agency = partner_agencies()[Agency.StatutoryPartner.POLICE]
    services.add_representative(
        period=PERIOD,
        partner=agency.statutory_partner,
        person=PersonFactory(agency=agency),
        standing="lead",
        by=by,
    )
    services.record_checklist_reason(period=PERIOD, item="funding", reason="Agreed late.", by=by)
    services.mark_not_applicable(period=PERIOD, section_key="scrutiny_activity", reason="None held.", by=by)
    services.record_consent(
        person=PersonFactory(job_title="Young Scrutineer"),
        consent_given_on=date(2025, 5, 1),
        how_given="Form",
        by=by,
    )
    services.save_cover(by=by, short_line="Working together")
    records = [
        Achievement.objects.get(),
        PartnerRepresentative.objects.get(),
        ChecklistReason.objects.get(),
        NotApplicable.objects.get(),
        NamingConsent.objects.get(),
        ReportBranding.objects.get(),
        NarrativeSection.objects.first(),
    ]
    for record in records:
        assert client.get(record.get_absolute_url()).status_code == 200, record
        meta = record._meta
        history = reverse("governance:history", args=[meta.app_label, meta.model_name, record.pk])
        assert client.get(history).status_code == 200, record


def test_only_the_business_unit_reads_the_history_of_a_consent_to_be_named(signed_in_client):
    by = business_unit()
    consent = services.record_consent(
        person=PersonFactory(job_title="Young Scrutineer"),
        consent_given_on=date(2025, 5, 1),
        how_given="Form",
        by=by,
    )
    client, _ = signed_in_client(roles.EXECUTIVE_MEMBER)
    history = reverse("governance:history", args=["thscp", "namingconsent", consent.pk])
    assert client.get(history).status_code == 404
