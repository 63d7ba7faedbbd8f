"""Demo cases for statutory reviews: anonymised, in every state, dated from today.

Loaded after the governance demo (it uses its people, groups and statutory partners).
Idempotent: each case is found by its summary and created only when missing. Cases go
through the services, so stages, actions and history are as real use would leave them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from governance.calendar import add_working_days
from governance.models import Agency, PartnershipGroup, Person, Theme, User
from governance.reporting import date_history

from . import services
from .models import RapidReview, SeriousIncident, SevenMinuteBriefing

DEMO_CREATOR_EMAIL = "business.unit@example.org"
LA = Agency.StatutoryPartner.LOCAL_AUTHORITY
ICB = Agency.StatutoryPartner.INTEGRATED_CARE_BOARD
POLICE = Agency.StatutoryPartner.POLICE
ALL_YES = {LA: True, ICB: True, POLICE: True}

# Recommendation: text, theme, owner's email, RAG.
Recommendation = tuple[str, str, str, str]


@dataclass
class DemoCase:
    summary: str
    harm_type: str
    age_band: str
    agencies: list[str]
    aware: int  # working days before today
    notified: int | None = None
    late_reason: str = ""
    panel_reference: str = ""
    looked_after: bool = False
    abuse_or_neglect_suspected: bool = True
    no_rapid_review: str = ""  # the reason, where all three decide against one
    panel_told: int | None = None
    decisions: dict = field(default_factory=dict)
    findings: dict = field(default_factory=dict)
    information_requests: list = field(default_factory=list)  # (agency, requested, due, received)
    outcome: str = ""
    approved: int | None = None
    sent: int | None = None
    local_review: dict = field(default_factory=dict)
    milestones: list = field(default_factory=list)  # (title, due, completed)
    recommendations: list[Recommendation] = field(default_factory=list)
    on_local_review: bool = False


HEALTH_VISITING = "East London NHS Foundation Trust"
HOSPITAL = "Barts Health NHS Trust"
SCHOOL = "Bow Common Primary School"
GP = "Tower Hamlets GP Care Group"
EARLY_HELP = "Tower Hamlets Early Help"
YOUTH_JUSTICE = "Tower Hamlets Youth Justice and Youth Service"
CSC = "Tower Hamlets Council Children's Services"
POLICE_AGENCY = "Metropolitan Police Service (Central East)"

CASES = [
    DemoCase(
        summary="Infant admitted to hospital with an unexplained head injury. Demo case: awaiting decisions.",
        harm_type=SeriousIncident.HarmType.SERIOUS_HARM,
        age_band=SeriousIncident.AgeBand.UNDER_1,
        agencies=[HOSPITAL, HEALTH_VISITING, CSC],
        aware=2,
        decisions={LA: True},
    ),
    DemoCase(
        summary="Young person seriously injured in a stabbing; known to youth justice. "
        "Demo case: waiting for the police decision.",
        harm_type=SeriousIncident.HarmType.SERIOUS_HARM,
        age_band=SeriousIncident.AgeBand.AGE_16_TO_17,
        agencies=[YOUTH_JUSTICE, POLICE_AGENCY],
        aware=6,
        notified=2,
        panel_reference="CSPRP-2026-0412",
        decisions={LA: True, ICB: True},
    ),
    DemoCase(
        summary="Toddler with severe neglect found at home by police. Demo case: rapid review on track.",
        harm_type=SeriousIncident.HarmType.SERIOUS_HARM,
        age_band=SeriousIncident.AgeBand.AGE_1_TO_4,
        agencies=[POLICE_AGENCY, GP, EARLY_HELP],
        aware=4,
        notified=3,
        decisions=ALL_YES,
        information_requests=[(GP, 2, -5, None), (EARLY_HELP, 2, -5, 1)],
    ),
    DemoCase(
        summary="Child died after a sudden collapse at home; prior neglect concerns. "
        "Demo case: rapid review overdue.",
        harm_type=SeriousIncident.HarmType.DEATH,
        age_band=SeriousIncident.AgeBand.AGE_5_TO_9,
        agencies=[SCHOOL, GP, CSC],
        aware=24,
        notified=20,
        decisions=ALL_YES,
        findings={"panel_meeting_on": 8},
        information_requests=[(SCHOOL, 18, 10, None)],
    ),
    DemoCase(
        summary="Infant death in an unsafe sleeping arrangement. Demo case: rapid review completed on time.",
        harm_type=SeriousIncident.HarmType.DEATH,
        age_band=SeriousIncident.AgeBand.UNDER_1,
        agencies=[HEALTH_VISITING, HOSPITAL],
        aware=60,
        notified=57,
        decisions=ALL_YES,
        findings={"panel_meeting_on": 47},
        outcome=RapidReview.Outcome.NO_LOCAL_REVIEW,
        approved=44,
        sent=43,
        recommendations=[
            (
                "Give safe sleep advice at every contact with a family with a new baby, and record it.",
                "Infant safety",
                "joanna.pike@example.org",
                "green",
            ),
        ],
    ),
    DemoCase(
        summary="Adolescent seriously harmed through criminal exploitation. Demo case: completed late.",
        harm_type=SeriousIncident.HarmType.SERIOUS_HARM,
        age_band=SeriousIncident.AgeBand.AGE_10_TO_15,
        agencies=[YOUTH_JUSTICE, SCHOOL, POLICE_AGENCY],
        aware=90,
        notified=83,
        late_reason="The local authority learnt the harm was caused by exploitation only after a "
        "police update.",
        decisions=ALL_YES,
        findings={"panel_meeting_on": 72},
        outcome=RapidReview.Outcome.NATIONAL_REVIEW,
        approved=67,
        sent=66,
        recommendations=[
            (
                "Share intelligence about exploitation between schools, youth justice and police within "
                "one working day.",
                "Information sharing",
                "imran.chowdhury@example.org",
                "amber",
            ),
        ],
    ),
    DemoCase(
        summary="Child seriously harmed by a parent with long-standing mental ill health. "
        "Demo case: LCSPR in progress.",
        harm_type=SeriousIncident.HarmType.SERIOUS_HARM,
        age_band=SeriousIncident.AgeBand.AGE_5_TO_9,
        agencies=[GP, SCHOOL, CSC, HEALTH_VISITING],
        aware=70,
        notified=66,
        decisions=ALL_YES,
        findings={"panel_meeting_on": 56},
        outcome=RapidReview.Outcome.LOCAL_REVIEW,
        approved=53,
        sent=52,
        local_review={"reviewers": "An independent lead reviewer and the partnership's co-ordinator"},
        milestones=[("Terms of reference agreed", 40, 41), ("Practitioner learning event", -2, None)],
        on_local_review=True,
        recommendations=[
            (
                "Adult mental health services consider the children in the household at every review.",
                "Think family",
                "aisha.karim@example.org",
                "amber",
            ),
            (
                "GPs share concerns about a parent's mental health with the child's school nurse.",
                "Information sharing",
                "grace.adeyemi@example.org",
                "red",
            ),
        ],
    ),
    DemoCase(
        summary="Child died following long-term neglect. Demo case: LCSPR published.",
        harm_type=SeriousIncident.HarmType.DEATH,
        age_band=SeriousIncident.AgeBand.AGE_1_TO_4,
        agencies=[HEALTH_VISITING, EARLY_HELP, CSC],
        aware=300,
        notified=297,
        decisions=ALL_YES,
        findings={"panel_meeting_on": 288},
        outcome=RapidReview.Outcome.LOCAL_REVIEW,
        approved=285,
        sent=284,
        local_review={
            "reviewers": "An independent lead reviewer",
            "completed_on": 160,
            "sent_to_panel_on": 150,
            "published_on": 140,
        },
        on_local_review=True,
        recommendations=[
            (
                "Use the neglect screening tool at every early help assessment.",
                "Neglect",
                "grace.adeyemi@example.org",
                "green",
            ),
            (
                "Consider how race and culture shape a family's experience of services at every assessment.",
                "Anti-racist practice",
                "aisha.karim@example.org",
                "green",
            ),
        ],
    ),
    DemoCase(
        summary="Infant seriously harmed by a parent's partner. Demo case: LCSPR publication delayed.",
        harm_type=SeriousIncident.HarmType.SERIOUS_HARM,
        age_band=SeriousIncident.AgeBand.UNDER_1,
        agencies=[HOSPITAL, POLICE_AGENCY, HEALTH_VISITING],
        aware=260,
        notified=256,
        decisions=ALL_YES,
        findings={"panel_meeting_on": 246},
        outcome=RapidReview.Outcome.LOCAL_REVIEW,
        approved=243,
        sent=242,
        local_review={
            "reviewers": "An independent lead reviewer",
            "completed_on": 110,
            "sent_to_panel_on": 100,
            "publication_delayed": True,
            "publication_delay_reasons": "Criminal proceedings are ongoing, and the family raised "
            "concerns about the risk to a sibling if the report is published now.",
            "executive_route_decision": "Publish a summary of the learning now and the full report after the "
            "criminal trial.",
        },
        on_local_review=True,
        recommendations=[
            (
                "Ask about new adults in the household at every health visiting contact.",
                "Infant safety",
                "joanna.pike@example.org",
                "amber",
            ),
        ],
    ),
    DemoCase(
        summary="Teenager seriously harmed after going missing from home. Demo case: partners disagree.",
        harm_type=SeriousIncident.HarmType.SERIOUS_HARM,
        age_band=SeriousIncident.AgeBand.AGE_10_TO_15,
        agencies=[EARLY_HELP, POLICE_AGENCY, SCHOOL],
        aware=9,
        notified=6,
        decisions={LA: True, ICB: False, POLICE: True},
    ),
    DemoCase(
        summary="Looked-after child died of a sudden illness; no concerns about care. "
        "Demo case: no rapid review, the Panel told.",
        harm_type=SeriousIncident.HarmType.DEATH,
        age_band=SeriousIncident.AgeBand.AGE_5_TO_9,
        agencies=[CSC, HOSPITAL],
        aware=40,
        notified=38,
        looked_after=True,
        abuse_or_neglect_suspected=False,
        decisions={LA: False, ICB: False, POLICE: False},
        no_rapid_review="The criteria for a rapid review are not met: the death was from natural causes and "
        "there is no indication that abuse or neglect, or the care the child received, played a part.",
        panel_told=36,
    ),
]

BRIEFINGS = [
    (
        "7-minute briefing: safe sleep",
        "Why infants die in unsafe sleeping arrangements, what to ask and what to advise.",
        20,
    ),
    (
        "7-minute briefing: recognising neglect",
        "The signs of long-term neglect, and using the neglect screening tool with early help.",
        120,
    ),
    (
        "7-minute briefing: men in the household",
        "Asking about and working with fathers and new partners in households with infants.",
        60,
    ),
]


def _day(today: date, working_days_ago: int | None) -> date | None:
    if working_days_ago is None:
        return None
    return add_working_days(today, -working_days_ago)


def _load_case(case: DemoCase, *, today: date, by: User, agencies: dict, group, themes: dict) -> None:
    if SeriousIncident.objects.filter(summary=case.summary).exists():
        return
    incident = services.record_serious_incident(
        aware_on=_day(today, case.aware),
        harm_type=case.harm_type,
        age_band=case.age_band,
        looked_after=case.looked_after,
        abuse_or_neglect_suspected=case.abuse_or_neglect_suspected,
        summary=case.summary,
        agencies_involved=[agencies[name] for name in case.agencies if name in agencies],
        by=by,
    )
    if case.notified is not None:
        notified_on = _day(today, case.notified)
        services.record_notification(
            incident=incident,
            notified_on=notified_on,
            late_notification_reason=case.late_reason,
            panel_reference=case.panel_reference,
            partners_told_on=notified_on,
            by=by,
        )
    # The partners decide the working day after the notification (or the awareness).
    decided_on = min(add_working_days(_day(today, case.notified or case.aware), 1), today)
    for partner, proceed in case.decisions.items():
        services.record_partner_decision(
            incident=incident,
            partner=partner,
            proceed=proceed,
            rationale="Meets the criteria for a rapid review."
            if proceed
            else "The harm does not appear to be linked to abuse or neglect.",
            decided_on=decided_on,
            by=by,
        )
    incident.refresh_from_db()
    if case.no_rapid_review:
        services.record_no_rapid_review(
            incident=incident,
            no_rapid_review_reason=case.no_rapid_review,
            panel_told_no_rapid_review_on=_day(today, case.panel_told),
            by=by,
        )
    review = getattr(incident, "rapid_review", None)
    if review is None:
        return
    services.record_rapid_review_findings(
        rapid_review=review,
        by=by,
        panel_meeting_on=_day(today, case.findings.get("panel_meeting_on")),
        facts_and_key_practice_episodes="Agency summaries gathered; key practice episodes identified."
        if case.findings
        else "",
        immediate_actions="Siblings' safety plans reviewed." if case.findings else "",
        potential_improvements="Information sharing between health and education." if case.findings else "",
        racism_and_inequalities="The family's first language and access to interpreters."
        if case.findings
        else "",
    )
    for agency_name, requested, due, received in case.information_requests:
        request = services.add_information_request(
            rapid_review=review,
            agency=agencies[agency_name],
            request="A summary of the agency's involvement and key practice episodes.",
            requested_on=_day(today, requested),
            due_on=_day(today, due),
            by=by,
        )
        if received is not None:
            services.record_information_received(
                information_request=request, received_on=_day(today, received), by=by
            )
    if case.outcome:
        services.record_rapid_review_outcome(
            rapid_review=review,
            outcome=case.outcome,
            partners_approved_on=_day(today, case.approved),
            sent_to_panel_on=_day(today, case.sent),
            by=by,
        )
    review.refresh_from_db()
    local_review = getattr(review, "local_review", None)
    if local_review is not None:
        details = dict(case.local_review)
        services.update_local_review(
            local_review=local_review,
            reviewers=details.get("reviewers", ""),
            terms_of_reference="Multi-agency practice in the two years before the incident.",
            completed_on=_day(today, details.get("completed_on")),
            by=by,
        )
        if "sent_to_panel_on" in details:
            services.record_publication(
                local_review=local_review,
                sent_to_panel_on=_day(today, details["sent_to_panel_on"]),
                published_on=_day(today, details.get("published_on")),
                publication_delayed=details.get("publication_delayed", False),
                publication_delay_reasons=details.get("publication_delay_reasons", ""),
                executive_route_decision=details.get("executive_route_decision", ""),
                by=by,
            )
        for title, due, completed in case.milestones:
            milestone = services.add_milestone(
                local_review=local_review, title=title, due_on=_day(today, due), by=by
            )
            if completed is not None:
                services.complete_milestone(milestone=milestone, completed_on=_day(today, completed), by=by)
    source = local_review if case.on_local_review and local_review else review
    for text, theme_name, owner_email, rag in case.recommendations:
        owner = Person.objects.filter(email=owner_email).first() or Person.objects.first()
        if owner is None or group is None:
            continue
        recommendation = services.add_recommendation(
            review=source,
            text=text,
            theme=themes[theme_name],
            owner=owner,
            group=group,
            due_date=add_working_days(today, 60 if rag != "red" else -10),
            rag=rag,
            by=by,
        )
        # Added to the action plan when the review made it, not when the demo was loaded.
        added_on = (source.decided_on if source is local_review else review.sent_to_panel_on) or today
        added_at = timezone.make_aware(datetime.combine(added_on, time(11)))
        type(recommendation).objects.filter(pk=recommendation.pk).update(created_at=added_at)
        recommendation.refresh_from_db()
        date_history(type(recommendation), added_at, ids=[recommendation.pk])
        if rag == "green" and case.on_local_review and local_review and local_review.published_on:
            services.mark_spotlight(
                recommendation=recommendation,
                agency=owner.agency,
                evidence="An audit of 30 cases found the new practice in 27, up from 9 before the review.",
                presented_on=min(add_working_days(local_review.published_on, 10), today),
                by=by,
            )


NATIONAL_REVIEW = "Child protection in England (the Panel's national review, 2022)"
NATIONAL_RECOMMENDATION = (
    "Make sure every multi-agency child protection plan names who will see the child, how often, "
    "and how the child's own views are heard."
)


def _load_national_recommendation(*, today: date, by: User, group) -> None:
    if group is None or services.Recommendation.objects.filter(national_review=NATIONAL_REVIEW).exists():
        return
    owner = Person.objects.filter(email="joanna.pike@example.org").first() or Person.objects.first()
    if owner is None:
        return
    services.add_national_recommendation(
        national_review=NATIONAL_REVIEW,
        text=NATIONAL_RECOMMENDATION,
        theme=Theme.objects.get_or_create(name="Voice of the child")[0],
        owner=owner,
        group=group,
        due_date=add_working_days(today, 40),
        by=by,
    )


@transaction.atomic
def load_reviews_demo() -> None:
    """Load the demo cases, their recommendations and the learning from them."""
    today = timezone.localdate()
    by = User.objects.filter(email=DEMO_CREATOR_EMAIL).first() or User.objects.order_by("pk").first()
    if by is None:
        return
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    group = (
        PartnershipGroup.objects.filter(slug="rapid-review-working-group").first()
        or PartnershipGroup.objects.first()
    )
    theme_names = {theme for case in CASES for _, theme, _, _ in case.recommendations}
    themes = {name: Theme.objects.get_or_create(name=name)[0] for name in sorted(theme_names)}
    for case in CASES:
        _load_case(case, today=today, by=by, agencies=agencies, group=group, themes=themes)

    _load_national_recommendation(today=today, by=by, group=group)

    reviews = list(RapidReview.objects.order_by("pk"))
    for index, (title, summary, days_ago) in enumerate(BRIEFINGS):
        if not SevenMinuteBriefing.objects.filter(title=title).exists():
            services.add_briefing(
                title=title,
                summary=summary,
                published_on=_day(today, days_ago),
                rapid_review=reviews[index % len(reviews)] if reviews else None,
                by=by,
            )
