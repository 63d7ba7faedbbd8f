"""Demo data for governance, modelled on the THSCP 2023-24 annual report.

Every name of a person here is fictional. Loading is idempotent: records are found
by a natural key and created only when missing, so a second run changes nothing.
"""

from django.contrib.auth.models import Group as Role
from django.db import transaction

from . import roles
from .models import Agency, PartnershipGroup, Person, User

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
    ("Martin Keane", "Corporate Director, Children's Services", 0, ["executive"], "executive"),
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
    return logins
