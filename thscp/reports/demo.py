# ruff: noqa: E501 - narrative prose, one paragraph a line as a person would type it
"""Demo narrative for the 2025-26 yearly report, in the spirit of the THSCP 2023-24 report.

Fictional: no real person is named. Idempotent: a section already written is left as
it is, so a second run (or text someone has since edited) changes nothing.
"""

from django.db import transaction

from governance.models import User
from governance.periods import FinancialYear

from .models import NarrativeSection, YearlyReport

DEMO_PERIOD = FinancialYear(2025)
DEMO_AUTHOR_EMAIL = "business.unit@example.org"

NARRATIVE = {
    "introduction": """\
The Safeguarding Children Partnership is established under Working Together to Safeguard Children 2023 and has grown over the last years into a responsive and agile system.

Three statutory safeguarding partners share a joint and equal duty for the partnership: the local authority, the integrated care board and the chief officer of police. The chair of the Executive rotates between them, and each partner has named a delegated safeguarding partner who sits on the Executive.

This report looks back on April 2025 to March 2026: how the partnership is organised, what independent scrutiny found, what changed for children and families, the challenges we faced, and what we will do next. The tables and charts in this report come directly from the partnership's records.""",
    "scrutineer_statement": """\
This is my third contribution to the partnership's yearly report as Independent Scrutineer. The report gives an overview of the progress made between April 2025 and March 2026.

Despite continuing pressure on every agency, partners have kept improving key processes, above all the rapid review. Three-way serious incident decision-making, in which the local authority, health and police decide together whether a case goes to rapid review, is now routine and has strengthened joint responsibility and the quality of challenge between agencies.

At the start of the year I carried out a scrutiny exercise with the young scrutineers using the Six Steps framework. Changes made in response include:
- a refreshed data dashboard, led by a task and finish group I chaired;
- webinars after every rapid review, so that learning reaches front-line staff within weeks;
- a stronger Quality Assurance and Performance group, with more open and constructive challenge between partners.

Areas that still need attention are the timeliness of local child safeguarding practice reviews, how we hear directly from children and families, and health representation at the Executive.

I thank practitioners and managers in every agency for their commitment to keeping children safe, and the young scrutineers for their insight and energy.""",
    "young_scrutineers": """\
The partnership employs two young scrutineers, paid at the adult living wage for up to four hours a week, with hours that flex around their studies. They make sure the voice of children and young people is at the centre of the partnership's work.

This year the young scrutineers:
- met one to one with senior managers in each statutory partner;
- reviewed the priority project plans, leading to changes that reflect what young people told them;
- wrote a young person's guide to the levels of need document;
- helped analyse a survey of pupils about online safety and peer-on-peer harm;
- attended the Executive to give feedback on the partnership's work.

In their own words: "Being heard, and seeing our ideas change how professionals work, has been the best part of the role." """,
    "achievements": """\
Three-way serious incident decisions. Every decision on whether to hold a rapid review was made jointly by the local authority, health and the police. Impact: more rigorous decisions, and information shared earlier between agencies.

Learning webinars after each rapid review. Thirty-minute webinars shared the anonymised learning from each rapid review. Impact: hundreds of practitioners heard the learning within weeks of the review.

The statutory review action plan. All recommendations from every review now sit in one plan, grouped by theme, with spotlight items in which agencies evidence impact. Impact: less duplication, and clear evidence that practice changed.

A shared safeguarding risk register. Strategic risks are owned by members of the Executive and reviewed at every meeting. Impact: risks are escalated and acted on rather than noted.

Safeguarding Month. In November the partnership ran a conference and weekly bulletins, including safe sleep advice for infants. Impact: stronger relationships across agencies and better-informed practitioners.""",
    "challenges": """\
Workforce in the business unit. The business unit has three posts. Vacancies for part of the year slowed support to the sub-groups and the priority projects.

Budget. The shared budget covers staffing, independent scrutiny, statutory reviews and a minimal training offer. A strong multi-agency training offer is not possible within it.

Partnership capacity. Partners reported rising demand and savings in their own agencies, which affected attendance at sub-groups and participation in audits.

Publishing local reviews. One local review's publication has been delayed to protect the family. The Executive is weighing routes to share the learning while keeping the family safe.""",
    "plan_ahead": """\
In 2026-27 the partnership will:
- deliver the four priority projects: anti-racism, neglect, infant safety and peer-on-peer harm;
- improve the multi-agency dataset so that it shows the difference our work makes to children;
- bring the voice of children and families further into the Executive's decisions;
- complete local reviews within six months of the decision to hold them;
- recruit and induct new young scrutineers.""",
}


@transaction.atomic
def load_report_demo() -> None:
    """Write the demo narrative for 2025-26 where nothing has been written yet."""
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
