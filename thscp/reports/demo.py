# ruff: noqa: E501 - narrative prose, one paragraph a line as a person would type it
"""Demo content for the 2025-26 yearly report, in the spirit of the THSCP 2023-24 report.

Fictional: no real person is named. What the narrative claims agrees with the demo's
records of 2025-26 (checked on the review page, "the narrative beside the records"):
the scrutineer's Six Steps review in May 2025 and a learning webinar after each of the
year's rapid reviews are in the records of the year (the webinars in training, two weeks
after each review went to the Panel), no 7-minute briefing is, and no young scrutineer is
named (none has consented). tests/thscp/test_report_demo.py seeds the demo and reads each
statement beside the records, as the business unit does on the review page.
Statements are qualitative where the demo's figures move with the day it is loaded.

Idempotent: a section already written is left as it is, so a second run (or text
someone has since edited) changes nothing.
"""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from governance.models import Agency, Person, User
from governance.periods import FinancialYear

from .models import Achievement, NarrativeSection, PartnerRepresentative, ReportBranding, YearlyReport

DEMO_PERIOD = FinancialYear(2025)
DEMO_AUTHOR_EMAIL = "business.unit@example.org"

NARRATIVE = {
    "foreword": """\
As the three lead safeguarding partners for the borough, we share a joint and equal duty to keep children safe. This report sets out what the partnership did between April 2025 and March 2026, what difference it made, and where we have more to do.

Every decision this year on whether a serious incident needed a rapid review was made by the local authority, health and the police together. We are proud of that way of working, and of the practitioners in every agency who made it routine.

We also know where progress has been slower: completing local reviews within six months, and hearing directly from children and families in every part of our work. We commit to both in 2026-27, and we thank the independent scrutineer and the young scrutineers for holding us to account.""",
    "introduction": """\
The Safeguarding Children Partnership is established under Working Together to Safeguard Children 2023 and has grown over the last years into a responsive and agile system.

Three statutory safeguarding partners share a joint and equal duty for the partnership: the local authority, the integrated care board and the chief officer of police. The chair of the Executive rotates between them, and each partner has named delegated safeguarding partners who sit on the Executive.

This report looks back on April 2025 to March 2026: how the partnership is organised, what independent scrutiny found, what changed for children and families, the challenges we faced, and what we will do next. The tables and charts in this report come directly from the partnership's records.""",
    "key_changes": """\
The year brought these changes to how the partnership works:
- the multi-agency dataset moved to quarterly returns from each agency, with every figure checked before it is accepted;
- the statutory review action plan brought every recommendation from rapid and local reviews into one plan, grouped by theme;
- the four priority projects entered the second year of their two-year cycle, each with an improvement plan and a monthly update to the Delivery Group;
- two local child safeguarding practice reviews began, the first under the partnership's new review timetable.""",
    "profile_local_authority": """\
The local authority leads children's social care, early help and education services in the borough, and hosts the partnership's business unit. It is the largest contributor to the partnership's budget.""",
    "profile_integrated_care_board": """\
The integrated care board commissions health services for children in the borough. Its designated nurse and designated doctor for safeguarding children lead health's part in rapid reviews and in the Rapid Review Working Group.""",
    "profile_police": """\
The Metropolitan Police's Central East command polices the borough. Its officers take part in every serious incident decision and rapid review, and lead the partnership's work on exploitation and children missing from home.""",
    "scrutineer_statement": """\
This is my third contribution to the partnership's yearly report as Independent Scrutineer. The report gives an overview of the progress made between April 2025 and March 2026.

My assessment this year draws on the review I led in May 2025 against the Six Steps for Independent Scrutiny, on attending the Executive and the Quality Assurance and Performance group, on reading the rapid reviews the partnership sent to the Panel, and on following the multi-agency dataset each quarter.

Despite continuing pressure on every agency, partners have kept improving key processes, above all the rapid review. Three-way serious incident decision-making, in which the local authority, health and police decide together whether a case goes to rapid review, is now routine and has strengthened joint responsibility and the quality of challenge between agencies.

Learning webinars now follow the rapid reviews within weeks. Areas that still need attention are the timeliness of local child safeguarding practice reviews, written learning that front-line staff can keep (no 7-minute briefing was published in the year), and health representation at the Executive.

I thank practitioners and managers in every agency for their commitment to keeping children safe, and the young scrutineers for their insight and energy.""",
    "young_scrutineers": """\
The partnership employs two young scrutineers, paid at the adult living wage for up to four hours a week, with hours that flex around their studies. They make sure the voice of children and young people is at the centre of the partnership's work.

This year the young scrutineers:
- met one to one with senior managers in each statutory partner;
- told the priority projects what mattered to young people, and saw the projects record what they did in response;
- wrote a young person's guide to the levels of need document;
- took part in Safeguarding Month, on a panel with practitioners;
- attended the Executive to give feedback on the partnership's work.

In their own words: "Being heard, and seeing our ideas change how professionals work, has been the best part of the role." """,
    "achievements": """\
The partnership's main achievements of the year, and the difference each made for children and families:""",
    "challenges": """\
Workforce in the business unit. The business unit has three posts. Vacancies for part of the year slowed support to the sub-groups and the priority projects.

Budget. The shared budget covers staffing, independent scrutiny, statutory reviews and a minimal training offer. A strong multi-agency training offer is not possible within it.

Partnership capacity. Partners reported rising demand and savings in their own agencies, which affected attendance at sub-groups and participation in audits.

Learning from reviews. A learning webinar followed each of the year's rapid reviews within weeks, but no 7-minute briefing was published in the year, so practitioners who missed a webinar had only its recording. From 2026-27 each rapid review's learning will also be published as a 7-minute briefing.

Local reviews. Two local reviews began in the year. Completing them within six months, while keeping the families' privacy, is a challenge we carry into 2026-27.""",
    "plan_ahead": """\
In 2026-27 the partnership will:
- deliver the four priority projects: anti-racism, neglect, infant safety and peer-on-peer harm;
- publish a 7-minute briefing beside the learning webinar of each rapid review;
- improve the multi-agency dataset so that it shows the difference our work makes to children;
- bring the voice of children and families further into the Executive's decisions;
- complete local reviews within six months of the decision to hold them;
- recruit and induct new young scrutineers.""",
}

ACHIEVEMENTS = [
    (
        "Joint decisions on serious incidents",
        "The local authority, health and the police decided together whether each serious incident notified to the Panel needed a rapid review.",
        "Decisions were made with all three partners' information, and agencies shared what they knew earlier.",
    ),
    (
        "Rapid reviews with every agency involved",
        "Each rapid review gathered the involvement of every agency that knew the family, and went to the Panel with the decision on a local review.",
        "Immediate actions kept other children in the families safe, and local reviews began where the learning needed one.",
    ),
    (
        "Learning webinars after rapid reviews",
        "A learning webinar followed each of the year's rapid reviews, two weeks after the review went to the Panel, with its recording kept for those who could not attend.",
        "Practitioners heard what the reviews found within weeks, while the learning was fresh, rather than at the end of the year.",
    ),
    (
        "Safeguarding Month",
        "In November the partnership ran a month of events and weekly bulletins, including safe sleep advice for infants.",
        "Practitioners across agencies heard the same messages at the same time, and relationships between agencies grew.",
    ),
    (
        "Multi-agency training",
        "Agencies' trainers ran the partnership's multi-agency courses through the year, with places for every agency.",
        "Practitioners from different agencies learned together; evaluations six to eight weeks later show what changed in their practice.",
    ),
    (
        "One statutory review action plan",
        "Every recommendation from rapid and local reviews sits in one plan, grouped by theme, with spotlight items in which agencies evidence impact.",
        "Less duplication between agencies, and evidence that practice changed rather than a list of actions closed.",
    ),
    (
        "Children's voices in the priority projects",
        "Young scrutineers and other children's groups told the priority projects what mattered to them, and each project recorded what it did in response.",
        "The projects changed their plans because of what children and young people said.",
    ),
]

# The three lead safeguarding partners are not in governance's demo directory: they are
# added here (fictional), beside the delegated partners who sit on the Executive.
LEADS = [
    (
        Agency.StatutoryPartner.LOCAL_AUTHORITY,
        "Joanne Whitaker",
        "Chief Executive",
        "joanne.whitaker@example.org",
    ),
    (
        Agency.StatutoryPartner.INTEGRATED_CARE_BOARD,
        "Samuel Oduya",
        "Chief Executive",
        "samuel.oduya@example.org",
    ),
    (
        Agency.StatutoryPartner.POLICE,
        "Catherine Doyle",
        "Commissioner of Police of the Metropolis",
        "catherine.doyle@example.org",
    ),
]
DELEGATES = [
    (Agency.StatutoryPartner.LOCAL_AUTHORITY, "Martin Keane"),
    (Agency.StatutoryPartner.INTEGRATED_CARE_BOARD, "Priya Raman"),
    (Agency.StatutoryPartner.POLICE, "Daniel Okafor"),
]


@transaction.atomic
def load_report_demo() -> None:
    """Write the demo content for 2025-26 where nothing has been written yet."""
    author = User.objects.filter(email=DEMO_AUTHOR_EMAIL).first()
    report, _ = YearlyReport.objects.get_or_create(period=DEMO_PERIOD.start_year)
    for key, text in NARRATIVE.items():
        section, created = NarrativeSection.objects.get_or_create(
            report=report, key=key, defaults={"text": text, "updated_by": author}
        )
        if not created and not section.text.strip():
            section.text = text
            section.updated_by = author
            section.save()
    if author is None:
        return  # achievements and representatives need someone who recorded them
    if not report.achievements.exists():
        for position, (title, what, impact) in enumerate(ACHIEVEMENTS, start=1):
            Achievement.objects.create(
                report=report,
                position=position * 10,
                title=title,
                what_we_did=what,
                impact=impact,
                recorded_by=author,
            )
    if not report.representatives.exists():
        _load_representatives(report, author)
    if not ReportBranding.objects.exists():
        _load_cover(author)


def _load_cover(author: User) -> None:
    """A stand-in logo (the partnership's short name on its colour) and a short line, as
    the business unit would upload them."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (720, 240), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 719, 239), radius=36, fill=(29, 112, 184))
    font = ImageFont.load_default(size=120)
    draw.text((360, 120), settings.PARTNERSHIP_SHORT_NAME, fill=(255, 255, 255), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    branding = ReportBranding(
        logo_description=f"{settings.PARTNERSHIP_SHORT_NAME} logo",
        short_line="Working together to keep children safe",
        updated_by=author,
    )
    branding.logo.save("logo.png", ContentFile(buffer.getvalue()), save=False)
    branding.save()


def _load_representatives(report: YearlyReport, author: User) -> None:
    agencies = {agency.statutory_partner: agency for agency in Agency.objects.exclude(statutory_partner="")}
    for partner, name, title, email in LEADS:
        if partner not in agencies:
            continue
        person, _ = Person.objects.get_or_create(
            email=email,
            defaults={
                "full_name": name,
                "job_title": title,
                "agency": agencies[partner],
                "receives_bulletins": False,
            },
        )
        PartnerRepresentative.objects.create(
            report=report,
            partner=partner,
            person=person,
            standing=PartnerRepresentative.Standing.LEAD,
            recorded_by=author,
        )
    for partner, name in DELEGATES:
        person = Person.objects.filter(full_name=name, agency__statutory_partner=partner).first()
        if person is not None:
            PartnerRepresentative.objects.create(
                report=report,
                partner=partner,
                person=person,
                standing=PartnerRepresentative.Standing.DELEGATED,
                recorded_by=author,
            )
