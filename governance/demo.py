"""Demo data for governance, modelled on the THSCP 2023-24 annual report.

Every name of a person here is fictional. Loading is idempotent: records are found
by a natural key and created only when missing, so a second run changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group as Role
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import roles, services
from .models import (
    Action,
    ActionUpdate,
    Agency,
    Attendance,
    BudgetContribution,
    BudgetSpend,
    Document,
    Escalation,
    ExecutiveChairTerm,
    Meeting,
    MeetingDecision,
    PartnershipGroup,
    Person,
    Risk,
    ScrutinyActivity,
    ScrutinyRecommendation,
    Theme,
    User,
)
from .periods import FinancialYear
from .reporting import date_history

DEMO_PASSWORD = "partnership-demo-2026"  # noqa: S105 - printed by `make run`, debug only

LA = Agency.StatutoryPartner.LOCAL_AUTHORITY
ICB = Agency.StatutoryPartner.INTEGRATED_CARE_BOARD
POLICE = Agency.StatutoryPartner.POLICE

AGENCIES = [
    # name, kind, statutory partner
    ("Tower Hamlets Council Children's Services", Agency.Kind.LOCAL_AUTHORITY, LA),
    ("NHS North East London Integrated Care Board", Agency.Kind.HEALTH, ICB),
    ("Metropolitan Police Service (Central East)", Agency.Kind.POLICE, POLICE),
    ("Barts Health NHS Trust", Agency.Kind.HEALTH, ""),
    ("Tower Hamlets GP Care Group", Agency.Kind.HEALTH, ""),
    ("East London NHS Foundation Trust", Agency.Kind.HEALTH, ""),
    ("Tower Hamlets Education Partnership", Agency.Kind.EDUCATION, ""),
    ("Bow Common Primary School", Agency.Kind.EDUCATION, ""),
    ("Cafcass", Agency.Kind.CAFCASS, ""),
    ("Probation Service (London)", Agency.Kind.PROBATION, ""),
    ("Tower Hamlets Council for Voluntary Service", Agency.Kind.VOLUNTARY_SECTOR, ""),
    ("Tower Hamlets Early Help", Agency.Kind.LOCAL_AUTHORITY, ""),
    ("Tower Hamlets Youth Justice and Youth Service", Agency.Kind.LOCAL_AUTHORITY, ""),
]

GROUPS = [
    # name, slug, is executive, chair's post, frequency, purpose
    (
        "Executive",
        "executive",
        True,
        "Rotating chair: local authority, police, integrated care board",
        PartnershipGroup.Frequency.QUARTERLY,
        "Oversees the partnership and promotes multi-agency working across all areas of safeguarding. "
        "The local authority, the integrated care board and the police are equally responsible for the "
        "partnership and its outcomes.",
    ),
    (
        "Quality Assurance and Performance",
        "quality-assurance-and-performance",
        False,
        "Director, Supporting Families (local authority)",
        PartnershipGroup.Frequency.QUARTERLY,
        "Oversees the business of the partnership: multi-agency data, audits and the action plans that "
        "arise from statutory reviews.",
    ),
    (
        "Delivery Group",
        "delivery-group",
        False,
        "Detective Superintendent (Metropolitan Police)",
        PartnershipGroup.Frequency.EVERY_OTHER_MONTH,
        "Oversees the four multi-agency improvement projects: anti-racism, neglect, infant safety and "
        "peer-on-peer harm.",
    ),
    (
        "Effective Learning Group",
        "effective-learning-group",
        False,
        "Head of Learning Academy (local authority)",
        PartnershipGroup.Frequency.EVERY_OTHER_MONTH,
        "Joins up training and awareness programmes across the borough.",
    ),
    (
        "Rapid Review Panel",
        "rapid-review-panel",
        False,
        "Head of Quality Assurance (local authority)",
        PartnershipGroup.Frequency.AS_NEEDED,
        "Responds quickly to serious incidents, draws out immediate learning and recommends to the "
        "Executive what level of statutory review is required.",
    ),
    (
        "Rapid Review Working Group",
        "rapid-review-working-group",
        False,
        "Designated Nurse Safeguarding Children (integrated care board)",
        PartnershipGroup.Frequency.EVERY_OTHER_MONTH,
        "Implements the learning from statutory reviews through the statutory review action plan.",
    ),
    (
        "Education Safeguarding Forum",
        "education-safeguarding-forum",
        False,
        "Headteacher, Tower Hamlets primary school",
        PartnershipGroup.Frequency.QUARTERLY,
        "A space for education providers to raise thematic and strategic safeguarding concerns.",
    ),
    (
        "Strategic Exploitation and Missing Group",
        "strategic-exploitation-and-missing-group",
        False,
        "Director of Supporting Families (local authority)",
        PartnershipGroup.Frequency.QUARTERLY,
        "Complements and supports the operational Multi-Agency Child Exploitation (MACE) meeting.",
    ),
]

# Fictional people: name, job title, agency index, groups (slugs), chairs (slug or "")
PEOPLE = [
    (
        "Amira Hussain",
        "Partnership Business Manager",
        0,
        ["executive", "quality-assurance-and-performance"],
        "",
    ),
    (
        "Tom Whitfield",
        "Partnership Co-ordinator",
        0,
        ["rapid-review-panel", "rapid-review-working-group"],
        "",
    ),
    ("Leah Osei", "Business Support Apprentice", 0, ["effective-learning-group"], ""),
    # The Executive's chair is whoever the rotation names (ExecutiveChairTerm), not a group's chair.
    ("Martin Keane", "Corporate Director, Children's Services", 0, ["executive"], ""),
    ("Priya Raman", "Deputy Director for Safeguarding Children", 1, ["executive"], ""),
    ("Daniel Okafor", "Detective Chief Superintendent", 2, ["executive"], ""),
    (
        "Helen Marsh",
        "Director, Supporting Families",
        0,
        ["quality-assurance-and-performance", "strategic-exploitation-and-missing-group"],
        "quality-assurance-and-performance",
    ),
    ("Craig Donnelly", "Detective Superintendent", 2, ["delivery-group", "executive"], "delivery-group"),
    ("Nadia Begum", "Head of Learning Academy", 0, ["effective-learning-group"], "effective-learning-group"),
    ("Robert Lang", "Head of Quality Assurance", 0, ["rapid-review-panel"], "rapid-review-panel"),
    (
        "Grace Adeyemi",
        "Designated Nurse Safeguarding Children",
        1,
        ["rapid-review-working-group", "rapid-review-panel"],
        "rapid-review-working-group",
    ),
    ("Sarah Quinn", "Headteacher", 7, ["education-safeguarding-forum"], "education-safeguarding-forum"),
    (
        "Owen Price",
        "Head of Service, Exploitation",
        0,
        ["strategic-exploitation-and-missing-group"],
        "strategic-exploitation-and-missing-group",
    ),
    ("Fiona Castle", "Independent Scrutineer", 10, ["executive", "quality-assurance-and-performance"], ""),
    ("Zara Ahmed", "Young Scrutineer", 0, ["executive"], ""),
    ("Kwame Mensah", "Young Scrutineer", 0, ["delivery-group"], ""),
    (
        "Joanna Pike",
        "Named Nurse Safeguarding Children",
        3,
        ["rapid-review-panel", "rapid-review-working-group"],
        "",
    ),
    ("Samuel Brooks", "Named GP for Safeguarding", 4, ["rapid-review-panel"], ""),
    (
        "Aisha Karim",
        "Safeguarding Lead",
        5,
        ["rapid-review-working-group", "quality-assurance-and-performance"],
        "",
    ),
    ("Peter Holloway", "Detective Inspector, Child Abuse Investigation", 2, ["rapid-review-panel"], ""),
    ("Claire Dunn", "Performance and Intelligence Manager", 0, ["quality-assurance-and-performance"], ""),
    ("Imran Chowdhury", "Head of MASH", 0, ["quality-assurance-and-performance", "rapid-review-panel"], ""),
    ("Lucy Fernandes", "Education Safeguarding Officer", 6, ["education-safeguarding-forum"], ""),
    ("Michael Adebayo", "Designated Safeguarding Lead", 7, ["education-safeguarding-forum"], ""),
    ("Hannah Webb", "Family Court Adviser", 8, ["quality-assurance-and-performance"], ""),
    ("George Turner", "Senior Probation Officer", 9, ["strategic-exploitation-and-missing-group"], ""),
    (
        "Ruth Abara",
        "Voluntary Sector Safeguarding Lead",
        10,
        ["delivery-group", "effective-learning-group"],
        "",
    ),
    ("Yusuf Rahman", "Early Help Service Manager", 11, ["delivery-group"], ""),
    ("Emily Carter", "Youth Justice Service Manager", 12, ["strategic-exploitation-and-missing-group"], ""),
    ("Sophie Klein", "Health Visiting Service Lead", 5, ["delivery-group"], ""),
    (
        "Adam Novak",
        "Police Sergeant, Missing Persons Unit",
        2,
        ["strategic-exploitation-and-missing-group"],
        "",
    ),
    ("Bethany Cole", "Safeguarding Training Officer", 0, ["effective-learning-group"], ""),
    ("Farah Siddiqui", "Paediatric Liaison Nurse", 3, ["effective-learning-group"], ""),
    ("Jonathan Reed", "Head of Children's Social Care", 0, ["rapid-review-panel", "executive"], ""),
    ("Maria Lopes", "Data Analyst", 1, ["quality-assurance-and-performance"], ""),
    ("Kofi Asante", "Attendance and Welfare Manager", 6, ["education-safeguarding-forum"], ""),
    ("Rachel Stone", "Designated Doctor Safeguarding Children", 1, ["rapid-review-panel"], ""),
    ("Tariq Hassan", "Detective Sergeant, Exploitation", 2, ["strategic-exploitation-and-missing-group"], ""),
    (
        "Niamh Gallagher",
        "Service Manager, Children Looked After",
        0,
        ["quality-assurance-and-performance"],
        "",
    ),
    ("Ben Harper", "Safeguarding Adviser", 10, ["education-safeguarding-forum"], ""),
]

# One demo user for each role: email, the person they are, roles.
DEMO_USERS = [
    ("business.unit@example.org", "Amira Hussain", [roles.BUSINESS_UNIT]),
    ("executive@example.org", "Daniel Okafor", [roles.EXECUTIVE_MEMBER]),
    # The other two statutory partners' Executive members, so that all three can sign off.
    ("lead.la@example.org", "Martin Keane", [roles.EXECUTIVE_MEMBER]),
    ("lead.icb@example.org", "Priya Raman", [roles.EXECUTIVE_MEMBER]),
    ("chair@example.org", "Grace Adeyemi", [roles.SUB_GROUP_CHAIR, roles.GROUP_MEMBER]),
    ("member@example.org", "Aisha Karim", [roles.GROUP_MEMBER]),
    ("data.lead@example.org", "Maria Lopes", [roles.AGENCY_DATA_LEAD]),
    ("scrutineer@example.org", "Fiona Castle", [roles.INDEPENDENT_SCRUTINEER]),
    ("young.scrutineer@example.org", "Zara Ahmed", [roles.YOUNG_SCRUTINEER]),
    ("panel@example.org", "Robert Lang", [roles.RAPID_REVIEW_PANEL]),
]


def _email_for(name: str) -> str:
    return name.lower().replace(" ", ".").replace("'", "") + "@example.org"


@transaction.atomic
def load_governance_demo() -> list[tuple[str, str]]:
    """Load the demo partnership; returns the demo logins as (email, roles)."""
    agencies = []
    for name, kind, partner in AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            name=name, defaults={"kind": kind, "statutory_partner": partner}
        )
        agencies.append(agency)

    groups = {}
    for order, (name, slug, is_executive, chair_title, frequency, purpose) in enumerate(GROUPS):
        group, _ = PartnershipGroup.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "is_executive": is_executive,
                "chair_role_title": chair_title,
                "meeting_frequency": frequency,
                "purpose": purpose,
                "display_order": order,
            },
        )
        groups[slug] = group

    people = {}
    for name, job_title, agency_index, group_slugs, chairs in PEOPLE:
        person, created = Person.objects.get_or_create(
            email=_email_for(name),
            defaults={"full_name": name, "job_title": job_title, "agency": agencies[agency_index]},
        )
        if created:
            person.groups.set([groups[slug] for slug in group_slugs])
        if chairs and groups[chairs].chair_id is None:
            groups[chairs].chair = person
            groups[chairs].save()
        people[name] = person

    logins = []
    for email, person_name, role_names in DEMO_USERS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": person_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set(Role.objects.filter(name__in=role_names))
        person = people[person_name]
        if person.user_id is None:
            person.user = user
            person.save()
        logins.append((email, ", ".join(role_names)))
    _load_structure_demo(timezone.localdate())
    _load_documents_demo(timezone.localdate())
    _date_demo_history(timezone.localdate())
    return logins


def _date_demo_history(today):
    """The demo partnership was set up before the years it reports on: its agencies,
    groups, people and risks were entered at the start of the last closed financial year,
    so the yearly report, which reads them as they stood at each year's end, finds them.
    A second load changes nothing: their History already starts then."""
    entered = timezone.make_aware(datetime.combine(FinancialYear.containing(today).previous.start, time(9)))
    for model in (Agency, PartnershipGroup, Person, Risk):
        date_history(model, entered)


THEMES = [
    "Information sharing",
    "Professional curiosity",
    "Voice of the child",
    "Safe sleep and infant safety",
    "Neglect",
    "Anti-racist practice",
    "Exploitation and missing",
    "Workforce and training",
]

ACTION_TITLES = [
    "Refresh the multi-agency information-sharing protocol",
    "Audit the quality of strategy discussions",
    "Publish a 7-minute briefing on professional curiosity",
    "Add safe sleep advice to health visitor new birth visits",
    "Review the neglect screening tool with partners",
    "Deliver anti-racism training to designated safeguarding leads",
    "Agree a pathway for children missing from education",
    "Map return home interviews against missing episodes",
    "Update the escalation policy contacts",
    "Collect children's feedback on child protection conferences",
    "Report MASH timeliness to the Quality Assurance group",
    "Refresh the threshold document with young scrutineers",
    "Run a dip sample of re-referrals within 12 months",
    "Confirm GP attendance at child protection conferences",
    "Review the exploitation screening tool",
    "Plan Safeguarding Month bulletins",
]

RISKS = [
    # title, category, inherent (l, i), current (l, i), target (l, i)
    ("Business unit capacity falls below what statutory work needs", "workforce", (5, 4), (4, 4), (2, 3)),
    ("Rapid reviews miss the 15-working-day deadline", "statutory", (4, 5), (3, 4), (2, 3)),
    ("Health representation at the Executive is inconsistent", "partnership", (3, 4), (3, 3), (1, 3)),
    ("Multi-agency dataset is incomplete or late", "information", (4, 3), (3, 3), (2, 2)),
    ("Learning from reviews does not change practice", "practice", (4, 4), (3, 4), (2, 3)),
    ("Budget does not cover multi-agency training", "finance", (5, 3), (4, 3), (3, 2)),
    ("Publication of a local review harms the family", "statutory", (3, 5), (3, 5), (2, 4)),
    ("Exploitation is identified late for children missing from home", "practice", (4, 5), (3, 5), (2, 4)),
    ("Schools are unclear on the escalation route", "partnership", (3, 3), (2, 3), (1, 2)),
    ("Information-sharing agreements are out of date", "information", (3, 3), (2, 2), (1, 2)),
    ("Leadership changes weaken the Executive's oversight", "partnership", (3, 4), (2, 4), (2, 2)),
    ("Young scrutineer contracts end without replacements", "workforce", (3, 2), (2, 2), (1, 1)),
]


def _load_structure_demo(today):
    """A year of meetings, the action log, risks, escalations and scrutiny."""

    if Meeting.objects.exists():
        return  # loaded before: a second run changes nothing
    rng = random.Random(2024)  # noqa: S311 - demo data, not security
    business_unit = User.objects.get(email="business.unit@example.org")
    themes = [Theme.objects.get_or_create(name=name)[0] for name in THEMES]
    groups = list(PartnershipGroup.objects.select_related("chair"))
    executive = next(group for group in groups if group.is_executive)
    partners = {a.statutory_partner: a for a in Agency.objects.exclude(statutory_partner="")}

    # The Executive chair rotates every 12 months: LA, then police, then ICB.
    rotation = [
        (Agency.StatutoryPartner.LOCAL_AUTHORITY, "Martin Keane"),
        (Agency.StatutoryPartner.POLICE, "Daniel Okafor"),
        (Agency.StatutoryPartner.INTEGRATED_CARE_BOARD, "Priya Raman"),
    ]
    start = FinancialYear.containing(today).previous.start
    for partner, name in rotation:
        ExecutiveChairTerm.objects.create(
            partner=partner,
            chair=Person.objects.get(full_name=name),
            starts_on=start,
            ends_on=date(start.year + 1, 4, 1),
        )
        start = date(start.year + 1, 4, 1)

    all_meetings = []
    for group in groups:
        members = list(group.members.select_related("agency"))
        step = {"monthly": 30, "every_other_month": 60, "quarterly": 91, "as_needed": 45}[
            group.meeting_frequency
        ]
        # From the start of the last closed year, so its yearly report has a year of meetings.
        day = FinancialYear.containing(today).previous.start
        while day < today:
            meeting = Meeting.objects.create(
                group=group,
                starts_at=timezone.make_aware(datetime.combine(day, time(10, 0))),
                location="Town Hall, Whitechapel" if rng.random() < 0.5 else "",
                online_link="https://meet.example.org/partnership",
                minutes=f"The {group.name} met. Members reviewed progress on the action log and the "
                "partnership's priorities. Discussion notes are recorded in the papers.",
            )
            for person in members:
                status = rng.choices(
                    [Attendance.Status.PRESENT, Attendance.Status.APOLOGIES, Attendance.Status.ABSENT],
                    [8, 2, 1],
                )[0]
                Attendance.objects.create(meeting=meeting, person=person, status=status)
            MeetingDecision.objects.create(meeting=meeting, text="The action log was reviewed and updated.")
            all_meetings.append(meeting)
            day += timedelta(days=step)

    # Executive meetings: all quorate but the most recent, where police sent nobody.
    executive_meetings = [m for m in all_meetings if m.group_id == executive.pk]
    for meeting in executive_meetings:
        for partner_key, agency in partners.items():
            person = Person.objects.filter(agency=agency, groups=executive).first()
            if person is None:
                continue
            status = Attendance.Status.PRESENT
            if meeting is executive_meetings[-1] and partner_key == Agency.StatutoryPartner.POLICE:
                status = Attendance.Status.APOLOGIES
            Attendance.objects.update_or_create(meeting=meeting, person=person, defaults={"status": status})
        if meeting is executive_meetings[-1]:
            Attendance.objects.filter(
                meeting=meeting, person__agency=partners[Agency.StatutoryPartner.POLICE]
            ).update(status=Attendance.Status.APOLOGIES, deputy=None)

    # About 60 actions across groups, sources and states.
    people = list(Person.objects.select_related("agency"))
    risks = []
    for index, (title, category, inherent, current, target) in enumerate(RISKS):
        owner = Person.objects.filter(groups=executive, agency__statutory_partner__gt="").order_by("pk")[
            index % 3
        ]
        risks.append(
            Risk.objects.create(
                title=title,
                description=f"{title}. Recorded by the Executive for oversight.",
                cause="Pressures on capacity and demand across agencies.",
                consequence="Children may not receive the right help at the right time.",
                category=category,
                owner=owner,
                inherent_likelihood=inherent[0],
                inherent_impact=inherent[1],
                current_likelihood=current[0],
                current_impact=current[1],
                target_likelihood=target[0],
                target_impact=target[1],
                controls="Monthly oversight at the Executive; escalation to lead partners.",
                review_date=today + timedelta(days=rng.randint(-20, 90)),
            )
        )
    activity = ScrutinyActivity.objects.create(
        title="Six Steps for Independent Scrutiny review",
        # Early in the last closed year, as the scrutineer's statement in the report says.
        carried_out_on=FinancialYear.containing(today).previous.start + timedelta(days=45),
        summary="The independent scrutineer and the young scrutineers reviewed the partnership using the "
        "Six Steps framework.",
        findings="Partnership structures have improved. Further attention is needed on local reviews, "
        "performance and assurance, and feedback from children and families.",
    )
    recommendations = [
        ScrutinyRecommendation.objects.create(activity=activity, text=text)
        for text in (
            "Establish a Delivery sub-group and an Effective Learning sub-group.",
            "Update the partnership's data dashboard through a task and finish group.",
            "Strengthen how feedback from children and families reaches the Executive.",
        )
    ]
    sources = [None] * 3 + all_meetings[:20] + risks + recommendations
    for index in range(60):
        group = groups[index % len(groups)]
        owner = rng.choice(people)
        source = sources[index % len(sources)]
        if isinstance(source, Meeting):
            group = source.group
        due = today + timedelta(days=rng.randint(-90, 150))
        action = Action.objects.create(
            title=ACTION_TITLES[index % len(ACTION_TITLES)],
            description="Agreed by the group; the owner reports progress at each meeting.",
            group=group,
            owner=owner,
            due_date=due,
            theme=themes[index % len(themes)],
            rag=rng.choice([Action.Rag.GREEN, Action.Rag.GREEN, Action.Rag.AMBER, Action.Rag.RED]),
            created_by=business_unit,
        )
        if source is not None:
            action.source_type = ContentType.objects.get_for_model(source)
            action.source_id = source.pk
            action.save()
            if isinstance(source, Risk):
                source.mitigating_actions.add(action)
        if index % 3 == 0:
            ActionUpdate.objects.create(
                action=action,
                written_on=today - timedelta(days=rng.randint(5, 60)),
                note="Work started; first draft shared with the group.",
                author=business_unit,
            )
            action.status = Action.Status.IN_PROGRESS
            action.save()
        if index % 5 == 0:
            action.status = Action.Status.DONE
            action.rag = Action.Rag.BLUE
            action.closed_on = min(today, due)
            action.closing_note = (
                "Completed. A dip sample of 20 cases showed the change in practice in 17 of them; "
                "the group accepted this as evidence of impact."
            )
            action.save()

    agencies = list(Agency.objects.all())
    for index, (summary, stage, status) in enumerate(
        [
            ("Disagreement over threshold for a child protection strategy discussion", 2, "open"),
            ("School and children's social care disagree on step-down to early help", 1, "open"),
            ("Health and police disagree on sharing information for a missing child", 3, "resolved"),
        ]
    ):
        raised = today - timedelta(days=10 + index * 20)
        escalation = Escalation.objects.create(
            summary=summary,
            details="Recorded by the business unit from the escalation form.",
            raised_by_agency=agencies[index + 3],
            raised_on=raised,
            stage=stage,
            stage_opened_on=raised + timedelta(days=stage * 2),
            status=status,
            resolved_on=today - timedelta(days=3) if status == "resolved" else None,
            resolution="Agreed at a professionals meeting." if status == "resolved" else "",
        )
        escalation.agencies.set([agencies[0], agencies[index + 3]])
    Person.objects.filter(
        full_name__in=["Imran Chowdhury", "Joanna Pike", "Peter Holloway", "Lucy Fernandes", "Aisha Karim"]
    ).update(is_escalation_contact=True)


def _demo_pdf(title: str, body: str) -> bytes:
    from weasyprint import HTML

    page = (
        f"<html lang='en-GB'><head><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{body}</p></body></html>"
    )
    return HTML(string=page).write_pdf()


def _load_documents_demo(today):
    """Key documents in each state of sign-off, and the shared budget for two years."""

    if Document.objects.exists():
        return
    business_unit = User.objects.get(email="business.unit@example.org")
    manager = Person.objects.get(full_name="Amira Hussain")
    arrangements = Document.objects.create(
        title="Multi-agency safeguarding arrangements",
        kind=Document.Kind.ARRANGEMENTS,
        owner=manager,
        review_date=date(today.year + 1, 3, 31),
    )
    # The business unit uploads the arrangements; only the yearly report is rendered by the service.
    version = services.add_document_version(
        document=arrangements,
        upload=ContentFile(
            _demo_pdf("Multi-agency safeguarding arrangements", "How the three partners work together."),
            name="arrangements.pdf",
        ),
        by=business_unit,
    )
    services.send_for_sign_off(version=version, by=business_unit)
    for slot, name in (
        (Agency.StatutoryPartner.LOCAL_AUTHORITY, "Martin Keane"),
        (Agency.StatutoryPartner.INTEGRATED_CARE_BOARD, "Priya Raman"),
        (Agency.StatutoryPartner.POLICE, "Daniel Okafor"),
    ):
        signer = Person.objects.get(full_name=name).user
        services.record_sign_off(version=version, slot=slot, approve=True, sha256=version.sha256, by=signer)
    version.refresh_from_db()
    # Published once signed off: a publication date cannot precede the sign-off.
    services.publish_version(version=version, by=business_unit, published_on=today)

    threshold = Document.objects.create(
        title="Threshold document: levels of need",
        kind=Document.Kind.THRESHOLD,
        owner=manager,
        review_date=today + timedelta(days=20),
    )
    draft = services.add_document_version(
        document=threshold,
        upload=ContentFile(
            _demo_pdf("Levels of need", "Refreshed with the young scrutineers' guide for children."),
            name="levels-of-need.pdf",
        ),
        by=business_unit,
    )
    services.send_for_sign_off(version=draft, by=business_unit)
    local_authority = Person.objects.get(full_name="Martin Keane").user
    services.record_sign_off(
        version=draft,
        slot=Agency.StatutoryPartner.LOCAL_AUTHORITY,
        approve=True,
        sha256=draft.sha256,
        by=local_authority,
    )

    for year, amounts in ((today.year - 2, (240000, 110000, 5000)), (today.year - 1, (250000, 120000, 5000))):
        for partner, amount in zip(
            (
                Agency.StatutoryPartner.LOCAL_AUTHORITY,
                Agency.StatutoryPartner.INTEGRATED_CARE_BOARD,
                Agency.StatutoryPartner.POLICE,
            ),
            amounts,
            strict=True,
        ):
            BudgetContribution.objects.create(
                financial_year=year,
                agency=Agency.objects.get(statutory_partner=partner),
                amount=Decimal(amount),
            )
        for category, amount in (
            (BudgetSpend.Category.STAFFING, 205000),
            (BudgetSpend.Category.SCRUTINY, 38000),
            (BudgetSpend.Category.REVIEWS, 72000),
            (BudgetSpend.Category.TRAINING, 21000),
            (BudgetSpend.Category.OTHER, 9000),
        ):
            BudgetSpend.objects.create(financial_year=year, category=category, amount=Decimal(amount))
