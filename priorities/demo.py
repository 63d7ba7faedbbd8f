"""Demo priority projects: the four 2024-26 priorities of the THSCP 2023-24 report
(anti-racism, neglect, infant safety, peer-on-peer harm), with their plans, two years of
monthly updates from December 2024 (so 2024-25, 2025-26 and 2026-27 each have some,
and the 2025-26 report section is full), outcome measures and "you said, we did".

Loaded after the governance demo (it uses its people and groups). Idempotent: an area
that exists is left as it is. Everything goes through the services, so history is as
real use would leave it; nothing is dated after today.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from governance.models import Agency, PartnershipGroup, Person, User

from . import services
from .models import Deliverable, PriorityArea, PriorityCycle, month_start

DEMO_CREATOR_EMAIL = "business.unit@example.org"
CYCLE_TITLE = "Priorities 2024-26"
CYCLE_START = date(2024, 12, 1)
CYCLE_END = date(2026, 11, 30)
FIRST_UPDATE = date(2024, 12, 1)

# A deliverable: title, owner, due, forecast moves [(on, to, reason)], status, completed on.
DemoDeliverable = tuple[str, str, date, list, str, date | None]


@dataclass
class DemoArea:
    title: str
    rationale: str
    sponsor: str
    leads: list[str]
    lead_agency: str
    # One letter a month from December 2024: G green, A amber, R red, - no update.
    rag: str
    reasons: dict[str, str]  # RAG letter -> reason given
    objectives: list[tuple[str, list[DemoDeliverable]]]
    measures: list[dict] = field(default_factory=list)
    asks: dict[date, tuple[str, str]] = field(default_factory=dict)  # month -> (ask, response or "")
    feedback: list[tuple[str, date, str, str, date | None]] = field(default_factory=list)


TODO, DOING, DONE, BLOCKED = (
    Deliverable.Status.TO_DO,
    Deliverable.Status.DOING,
    Deliverable.Status.DONE,
    Deliverable.Status.BLOCKED,
)
STAFFING = "The business unit was short-staffed and the task and finish group did not meet."

AREAS = [
    DemoArea(
        title="Infant safety",
        rationale="Two rapid reviews in 2023-24 concerned infants in overcrowded housing; the thematic "
        "review into infant safety and overcrowding found safe sleep advice was not consistently given "
        "or understood. Health visiting data showed new birth visits within 14 days below target.",
        sponsor="Priya Raman",
        leads=["Grace Adeyemi", "Sophie Klein"],
        lead_agency="NHS North East London Integrated Care Board",
        # November 2026's update is not written yet: the demo's lead (Grace Adeyemi) posts it.
        rag="GGGAGGGGGAAGGGGGGGGGGGG-",
        reasons={
            "A": "Safe sleep training for housing officers is behind: the housing service could not release "
            "staff during the winter pressures.",
            "R": "Off track.",
        },
        objectives=[
            (
                "Every family with a new baby gets consistent safe sleep advice",
                [
                    (
                        "Add safe sleep checks to the new birth visit template",
                        "Sophie Klein",
                        date(2025, 3, 31),
                        [],
                        DONE,
                        date(2025, 3, 20),
                    ),
                    (
                        "Publish a multi-agency safe sleep practice guide",
                        "Grace Adeyemi",
                        date(2025, 6, 30),
                        [(date(2025, 6, 2), date(2025, 9, 30), "Waiting for sign-off by the Executive.")],
                        DONE,
                        date(2025, 9, 12),
                    ),
                    (
                        "Train housing officers to spot unsafe sleeping arrangements",
                        "Ruth Abara",
                        date(2025, 12, 31),
                        [
                            (
                                date(2025, 11, 20),
                                date(2026, 5, 31),
                                "The housing service could not release staff during the winter pressures.",
                            )
                        ],
                        DONE,
                        date(2026, 5, 15),
                    ),
                ],
            ),
            (
                "Families in overcrowded housing are known to health and housing",
                [
                    (
                        "Agree an information-sharing pathway between housing and health visiting",
                        "Grace Adeyemi",
                        date(2026, 2, 28),
                        [],
                        DONE,
                        date(2026, 2, 20),
                    ),
                    (
                        "Audit 30 families in temporary accommodation with a baby",
                        "Sophie Klein",
                        date(2026, 11, 30),
                        [],
                        DOING,
                        None,
                    ),
                ],
            ),
        ],
        measures=[
            {
                "title": "Health visitor new birth visits within 14 days",
                "unit": "%",
                "baseline": "82",
                "baseline_on": date(2024, 12, 31),
                "target": "95",
                "target_on": date(2026, 11, 30),
                "higher_is_better": True,
                "indicator_code": "HV-NBV-14",
                "source": "Health visiting service, quarterly dataset return",
                "values": [
                    (date(2025, 3, 31), "84"),
                    (date(2025, 6, 30), "86"),
                    (date(2025, 9, 30), "89"),
                    (date(2025, 12, 31), "91"),
                    (date(2026, 3, 31), "92"),
                    (date(2026, 6, 30), "94"),
                    (date(2026, 9, 30), "95"),
                ],
            }
        ],
        asks={
            date(2025, 10, 1): (
                "Ask the housing director to release housing officers for safe sleep training.",
                "The local authority's chief executive wrote to the housing director; training dates agreed.",
            )
        },
        feedback=[
            (
                "young_scrutineers",
                date(2025, 5, 14),
                "Parents we spoke to did not know the safe sleep advice was in other languages.",
                "The safe sleep guide and leaflet are now in Bengali, Somali and Urdu, and health visitors "
                "offer them at every new birth visit.",
                date(2025, 9, 15),
            ),
            (
                "camhs",
                date(2026, 1, 22),
                "Young parents said health visits felt like being checked up on, not helped.",
                "Health visitors now open visits with what the parent wants help with; young parents helped "
                "rewrite the visit letter.",
                date(2026, 3, 10),
            ),
        ],
    ),
    DemoArea(
        title="Anti-racism",
        rationale="The Baroness Casey Review and an HMIC inspection found racism and adultification in how "
        "Black and global majority children are treated; our own rapid reviews asked how racism shaped the "
        "child's experience, and young scrutineers named it as their first concern.",
        sponsor="Martin Keane",
        leads=["Ruth Abara", "Nadia Begum"],
        lead_agency="Tower Hamlets Council for Voluntary Service",
        rag="GGAAAARRRRAARRRRAAAAAAAA",
        reasons={
            "A": "Training places are filling slowly and two agencies have not named an anti-racism "
            "champion.",
            "R": STAFFING + " The practice standards are three months behind.",
        },
        objectives=[
            (
                "Practitioners recognise and challenge racism and adultification",
                [
                    (
                        "Hold the second anti-racism conference",
                        "Nadia Begum",
                        date(2025, 3, 31),
                        [],
                        DONE,
                        date(2025, 3, 14),
                    ),
                    (
                        "Deliver anti-racism training to designated safeguarding leads",
                        "Nadia Begum",
                        date(2025, 9, 30),
                        [
                            (date(2025, 8, 29), date(2026, 1, 31), STAFFING),
                            (
                                date(2026, 1, 15),
                                date(2026, 6, 30),
                                "The trainer left; a new trainer starts in March.",
                            ),
                        ],
                        DONE,
                        date(2026, 6, 26),
                    ),
                ],
            ),
            (
                "Every agency works to shared anti-racist practice standards",
                [
                    (
                        "Agree multi-agency anti-racist practice standards",
                        "Ruth Abara",
                        date(2025, 12, 31),
                        [(date(2025, 11, 28), date(2026, 9, 30), STAFFING)],
                        DOING,
                        None,
                    ),
                    (
                        "Audit case records for adultification language",
                        "Ruth Abara",
                        date(2026, 3, 31),
                        [],
                        TODO,
                        None,
                    ),
                ],
            ),
        ],
        measures=[
            {
                "title": "Practitioners trained in anti-racist practice",
                "unit": "practitioners",
                "baseline": "0",
                "baseline_on": date(2024, 12, 31),
                "target": "600",
                "target_on": date(2026, 11, 30),
                "higher_is_better": True,
                "indicator_code": "",
                "source": "Learning Academy attendance records",
                "values": [
                    (date(2025, 3, 31), "120"),
                    (date(2025, 9, 30), "160"),
                    (date(2026, 3, 31), "210"),
                    (date(2026, 9, 30), "380"),
                ],
            }
        ],
        asks={
            date(2025, 9, 1): (
                "Fund a fixed-term co-ordinator for the anti-racism priority while the business unit is "
                "short-staffed.",
                "Agreed: the three partners fund a six-month co-ordinator from the shared budget.",
            ),
            date(2026, 11, 1): (
                "Each statutory partner to name an anti-racism champion by the end of January.",
                "",
            ),
        },
        feedback=[
            (
                "young_scrutineers",
                date(2025, 7, 3),
                "Young people told us they are treated as older than they are when police stop them.",
                "Police cadets and young scrutineers now co-deliver a session on adultification to new "
                "officers.",
                date(2025, 12, 4),
            ),
        ],
    ),
    DemoArea(
        title="Neglect",
        rationale="Neglect is the most common category of child protection plan in the borough; audits found "
        "chronic neglect recognised late and re-referrals within 12 months above the London average.",
        sponsor="Jonathan Reed",
        leads=["Yusuf Rahman"],
        lead_agency="Tower Hamlets Early Help",
        rag="GGGGAAAARRRRRAAAAGGGGGGG",
        reasons={
            "A": "The neglect toolkit launch depends on training that has been postponed twice.",
            "R": STAFFING + " Partner attendance at the task and finish group fell below half.",
        },
        objectives=[
            (
                "Chronic neglect is recognised early by every agency",
                [
                    (
                        "Refresh the multi-agency neglect screening tool",
                        "Yusuf Rahman",
                        date(2025, 4, 30),
                        [],
                        DONE,
                        date(2025, 4, 17),
                    ),
                    (
                        "Launch the neglect toolkit with briefings for each agency",
                        "Yusuf Rahman",
                        date(2025, 10, 31),
                        [(date(2025, 10, 6), date(2026, 4, 30), STAFFING)],
                        DONE,
                        date(2026, 4, 29),
                    ),
                    (
                        "Audit the use of the toolkit in 40 early help cases",
                        "Aisha Karim",
                        date(2026, 3, 31),
                        [
                            (
                                date(2026, 3, 2),
                                date(2027, 1, 31),
                                "The toolkit launched late, so there is less to audit.",
                            )
                        ],
                        BLOCKED,
                        None,
                    ),
                ],
            ),
        ],
        measures=[
            {
                "title": "Re-referrals to children's social care within 12 months",
                "unit": "%",
                "baseline": "23",
                "baseline_on": date(2024, 12, 31),
                "target": "18",
                "target_on": date(2026, 11, 30),
                "higher_is_better": False,
                "indicator_code": "CSC-REREF-12",
                "source": "Children's social care, quarterly dataset return",
                "values": [
                    (date(2025, 3, 31), "23"),
                    (date(2025, 9, 30), "22"),
                    (date(2026, 3, 31), "21"),
                    (date(2026, 9, 30), "19"),
                ],
            }
        ],
        asks={
            date(2026, 1, 1): (
                "Remind agencies that attendance at the neglect task and finish group is expected.",
                "The Executive chair wrote to every agency's safeguarding lead.",
            )
        },
        feedback=[
            (
                "children_in_care_council",
                date(2025, 11, 12),
                "Before we came into care, nobody asked us what was happening at home.",
                "The neglect toolkit now begins with a conversation with the child, in their own words.",
                date(2026, 4, 30),
            ),
        ],
    ),
    DemoArea(
        title="Peer-on-peer harm",
        rationale="Rapid reviews and the Education Safeguarding Forum raised harmful sexual behaviour and "
        "serious youth violence between children; schools asked for one shared response.",
        sponsor="Daniel Okafor",
        leads=["Craig Donnelly", "Sarah Quinn"],
        lead_agency="Metropolitan Police Service (Central East)",
        rag="AAAARRRRAAAAAAAAAGGAAAA-",
        reasons={
            "A": "Schools' participation is uneven; the harmful sexual behaviour pathway is waiting for "
            "health input.",
            "R": STAFFING + " No school leads attended for three months.",
        },
        objectives=[
            (
                "Schools respond to peer-on-peer harm in one way",
                [
                    (
                        "Agree a harmful sexual behaviour pathway with schools and CAMHS",
                        "Sarah Quinn",
                        date(2025, 6, 30),
                        [(date(2025, 6, 20), date(2025, 12, 31), "Waiting for CAMHS input on the pathway.")],
                        DONE,
                        date(2025, 12, 12),
                    ),
                    (
                        "Name a peer-on-peer harm lead in every secondary school",
                        "Sarah Quinn",
                        date(2025, 9, 30),
                        [],
                        DOING,
                        None,
                    ),
                    (
                        "Run a joint police and schools session on serious youth violence",
                        "Craig Donnelly",
                        date(2026, 1, 31),
                        [],
                        TODO,
                        None,
                    ),
                ],
            ),
        ],
        measures=[
            {
                "title": "Secondary schools with a named peer-on-peer harm lead",
                "unit": "%",
                "baseline": "40",
                "baseline_on": date(2024, 12, 31),
                "target": "90",
                "target_on": date(2026, 11, 30),
                "higher_is_better": True,
                "indicator_code": "",
                "source": "Education Safeguarding Forum survey",
                "values": [(date(2025, 7, 31), "55"), (date(2026, 2, 28), "68"), (date(2026, 7, 31), "74")],
            }
        ],
        asks={
            date(2026, 10, 1): (
                "Ask the director of education to make naming a peer-on-peer harm lead a condition of the "
                "schools' safeguarding audit.",
                "",
            )
        },
        feedback=[
            (
                "police_cadets",
                date(2025, 10, 9),
                "Cadets said young people do not report harm online because they think nothing will happen.",
                "Schools now explain what happens after a report, and the pathway has a step for telling the "
                "young person what was done.",
                date(2026, 1, 20),
            ),
            (
                "young_scrutineers",
                date(2026, 10, 21),
                "Group chats are where most of it happens now.",
                "",
                None,
            ),
        ],
    ),
]


def _months(first: date, count: int) -> list[date]:
    months = []
    year, month = first.year, first.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


RAG_LETTERS = {"G": "green", "A": "amber", "R": "red"}
PROGRESS = {
    "G": "The task and finish group met; deliverables are on track.",
    "A": "Some deliverables moved; others are waiting on partners.",
    "R": "Little moved this month.",
}


@transaction.atomic
def load_priorities_demo() -> None:
    today = timezone.localdate()
    by = User.objects.filter(email=DEMO_CREATOR_EMAIL).first() or User.objects.order_by("pk").first()
    people = {person.full_name: person for person in Person.objects.all()}
    if by is None or not people:
        return
    cycle = PriorityCycle.objects.filter(title=CYCLE_TITLE).first() or services.save_cycle(
        title=CYCLE_TITLE, starts_on=CYCLE_START, ends_on=CYCLE_END, by=by
    )
    delivery_group = PartnershipGroup.objects.filter(slug="delivery-group").first()
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    for order, demo in enumerate(AREAS, start=1):
        if not PriorityArea.objects.filter(cycle=cycle, title=demo.title).exists():
            _load_area(demo, order=order, cycle=cycle, by=by, people=people, agencies=agencies,
                       group=delivery_group, today=today)  # fmt: skip


def _load_area(demo: DemoArea, *, order, cycle, by, people, agencies, group, today) -> None:
    area = services.save_area(
        cycle=cycle,
        title=demo.title,
        rationale=demo.rationale,
        sponsor=people.get(demo.sponsor),
        lead_agency=agencies.get(demo.lead_agency),
        oversight_group=group,
        display_order=order,
        leads=[people[name] for name in demo.leads if name in people],
        by=by,
    )
    fallback_owner = next(iter(area.leads.all()), None) or next(iter(people.values()))
    for objective_title, deliverables in demo.objectives:
        objective = services.save_objective(area=area, title=objective_title, by=by)
        for title, owner, due_on, moves, status, completed_on in deliverables:
            deliverable = services.add_deliverable(
                objective=objective,
                title=title,
                owner=people.get(owner, fallback_owner),
                due_on=due_on,
                by=by,
            )
            for changed_on, forecast_on, reason in moves:
                if changed_on <= today:
                    services.move_forecast(
                        deliverable=deliverable,
                        forecast_on=forecast_on,
                        reason=reason,
                        changed_on=changed_on,
                        by=by,
                    )
            if status == DONE and completed_on and completed_on <= today:
                services.set_deliverable_status(
                    deliverable=deliverable, status=DONE, completed_on=completed_on, by=by
                )
            elif status == BLOCKED:
                services.set_deliverable_status(
                    deliverable=deliverable,
                    status=BLOCKED,
                    blocked_reason=moves[-1][2] if moves else "Blocked.",
                    by=by,
                )
            elif status in (DOING, DONE):
                services.set_deliverable_status(deliverable=deliverable, status=DOING, by=by)
    last_month = month_start(today)
    for month, letter in zip(_months(FIRST_UPDATE, len(demo.rag)), demo.rag, strict=True):
        if letter not in RAG_LETTERS or month > last_month:
            continue
        ask, response = demo.asks.get(month, ("", ""))
        update = services.post_update(
            area=area,
            period=month,
            rag=RAG_LETTERS[letter],
            rag_reason=demo.reasons.get(letter, "") if letter != "G" else "",
            progress=PROGRESS[letter],
            blockers=demo.reasons.get(letter, "") if letter == "R" else "",
            ask=ask,
            confidential_notes="Staffing: one post in the business unit is vacant." if letter == "R" else "",
            written_on=min(date(month.year, month.month, 20), today),
            by=by,
        )
        if response:
            services.respond_to_ask(update=update, response=response, responded_on=update.written_on, by=by)
    for spec in demo.measures:
        values = spec["values"]
        fields = {key: value for key, value in spec.items() if key != "values"}
        fields["baseline"], fields["target"] = Decimal(fields["baseline"]), Decimal(fields["target"])
        measure = services.save_measure(area=area, by=by, **fields)
        for measured_on, value in values:
            if measured_on <= today:
                services.record_measure_value(
                    measure=measure,
                    measured_on=measured_on,
                    value=Decimal(value),
                    source=spec["source"],
                    by=by,
                )
    for source, received_on, said, response, responded_on in demo.feedback:
        if received_on > today:
            continue
        feedback = services.add_feedback(area=area, source=source, received_on=received_on, said=said, by=by)
        if response and responded_on and responded_on <= today:
            services.respond_to_feedback(
                feedback=feedback, response=response, responded_on=responded_on, by=by
            )
