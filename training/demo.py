"""Demo training and learning: a year's multi-agency offer (15 courses, 40 sessions from
April 2025 to March 2027, so 2025-26 is full and 2026-27 has its upcoming offer),
bookings and attendance by agency, evaluation at all three stages, Safeguarding Month
2025, a dozen bulletins, the library and a needs analysis for 2026-27.

Loaded after the governance demo (it uses its agencies and people); the three webinars
after rapid reviews, linked to reviews' demo cases, are loaded by thscp/learning.py.
Idempotent: nothing is added if the courses exist. Every record is saved with the
business unit as its History user.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from governance.models import Agency, Person, User

from .models import (
    Booking,
    Bulletin,
    BulletinDelivery,
    BulletinSection,
    Course,
    Evaluation,
    NeedsAnalysis,
    NeedsResponse,
    Resource,
    Session,
)

DEMO_CREATOR_EMAIL = "business.unit@example.org"

COURSES = [
    ("Safeguarding children: the essentials", 1, "e_learning", "Everyone who works with children"),
    ("Recognising and responding to neglect", 2, "in_person", "Practitioners working with families"),
    ("Safe sleep and infant safety", 2, "online", "Health visitors, midwives, housing officers"),
    ("Peer-on-peer harm in schools", 2, "in_person", "Designated safeguarding leads"),
    ("Anti-racist safeguarding practice", 2, "in_person", "All practitioners"),
    ("Child exploitation and contextual safeguarding", 3, "in_person", "Specialist practitioners"),
    ("Working with fathers and male carers", 2, "online", "Practitioners working with families"),
    ("Domestic abuse and its impact on children", 2, "in_person", "All practitioners"),
    ("Threshold document: levels of need", 1, "online", "Everyone who makes referrals"),
    ("Professional curiosity and challenge", 2, "online", "All practitioners"),
    ("Escalation: resolving professional disagreement", 2, "online", "Team managers and leads"),
    ("Child protection conferences: reports and participation", 3, "in_person", "Social workers and leads"),
    ("Children's mental health and self-harm", 2, "in_person", "Schools and health staff"),
    ("Harmful sexual behaviour", 3, "in_person", "Designated safeguarding leads"),
    ("Learning from local reviews", 2, "online", "All practitioners"),
]

MONTH_EVENTS = [
    ("Safeguarding Month 2025: opening conference", date(2025, 11, 4)),
    ("Safeguarding Month 2025: voice of the child workshop", date(2025, 11, 12)),
    ("Safeguarding Month 2025: online harms briefing", date(2025, 11, 19)),
    ("Safeguarding Month 2025: closing panel with young scrutineers", date(2025, 11, 26)),
]

BULLETINS = [
    "Training offer for the spring",
    "Safeguarding Month 2025 is coming",
    "Safeguarding Month week 1",
    "Safeguarding Month week 2",
    "Safeguarding Month week 3",
    "Safeguarding Month week 4",
    "New 7-minute briefing: infant safety",
    "Learning from the neglect audit",
    "The threshold document has been refreshed",
    "Training needs analysis 2026-27: tell us what you need",
    "Summer training offer",
    "Autumn training offer",
]

TOPICS = ["Neglect", "Exploitation", "Infant safety", "Domestic abuse", "Mental health", "Anti-racism"]


def _save(record, by):
    record._history_user = by
    record.save()
    return record


def _at(day: date, hour: int):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load_training_demo(*, today: date | None = None) -> None:
    if Course.objects.exists():
        return
    today = today or timezone.localdate()
    now = timezone.now()
    rng = random.Random(15)  # the same demo every time
    by = User.objects.filter(email=DEMO_CREATOR_EMAIL).first()
    agencies = list(Agency.objects.order_by("name"))
    people = list(Person.objects.select_related("agency").order_by("pk"))
    if not agencies or not people:
        return
    courses = []
    for index, (title, level, format_, audience) in enumerate(COURSES):
        courses.append(
            _save(
                Course(
                    title=title,
                    summary=f"{title}: multi-agency training from the partnership's offer.",
                    provider=agencies[index % len(agencies)],
                    audience=audience,
                    level=level,
                    format=format_,
                    learning_outcomes="Know the signs\nKnow whom to tell\nWork with other agencies",
                ),
                by,
            )
        )
    # 36 course sessions, about every fortnight from April 2025 to March 2027, then
    # Safeguarding Month's four events.
    sessions = []
    first = date(2025, 4, 8)
    for index in range(36):
        day = first + timedelta(days=20 * index)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        course = courses[index % len(courses)]
        sessions.append(
            _save(
                Session(
                    kind=Session.Kind.COURSE,
                    course=course,
                    starts_at=_at(day, 9 + index % 2 * 4),
                    ends_at=_at(day, 12 + index % 2 * 4),
                    place="Mulberry Place, 5 Clove Crescent" if course.format == "in_person" else "",
                    joining_link="https://meet.example.org/thscp-training"
                    if course.format != "in_person"
                    else "",
                    trainer=["Amira Hussain", "Grace Adeyemi", "An external trainer"][index % 3],
                    capacity=rng.choice([16, 20, 24, 30]),
                ),
                by,
            )
        )
    for title, day in MONTH_EVENTS:
        sessions.append(
            _save(
                Session(
                    kind=Session.Kind.SAFEGUARDING_MONTH,
                    title=title,
                    starts_at=_at(day, 10),
                    ends_at=_at(day, 12),
                    place="Online",
                    capacity=None,
                    head_count=rng.randint(40, 90) if _at(day, 10) < now else None,
                ),
                by,
            )
        )
    for session in sessions:
        places = session.capacity or rng.randint(10, 20)
        taken = rng.sample(people, min(len(people), places - rng.randint(0, 4)))
        held = session.starts_at < now
        for person in taken:
            booking = _save(
                Booking(
                    session=session,
                    person=person,
                    status=Booking.Status.BOOKED,
                    booked_at=session.starts_at - timedelta(days=rng.randint(5, 30)),
                    booked_by=by,
                    attended=(rng.random() > 0.12) if held else None,
                ),
                by,
            )
            if not held or not booking.attended or session.kind != Session.Kind.COURSE:
                continue
            before = rng.randint(1, 3)
            stages = [("before", before), ("after", min(5, before + rng.randint(1, 2)))]
            if session.starts_at + timedelta(days=56) < now:
                stages.append(("follow_up", min(5, before + rng.randint(0, 2))))
            for stage, confidence in stages:
                answered = rng.random() > 0.25
                _save(
                    Evaluation(
                        booking=booking,
                        stage=stage,
                        requested_at=session.starts_at,
                        expires_at=session.starts_at + timedelta(days=21),
                        answered_at=session.starts_at + timedelta(days=1) if answered else None,
                        confidence=confidence if answered else None,
                        usefulness=rng.randint(3, 5) if answered and stage != "before" else None,
                        practice_change="I will ask about who lives in the home."
                        if answered and rng.random() > 0.8
                        else "",
                    ),
                    by,
                )
    # Bulletins: a dozen, sent across 2025-26 and 2026-27 to those who receive them.
    readers = [person for person in people if person.receives_bulletins]
    for index, title in enumerate(BULLETINS):
        sent = min(_at(date(2025, 4, 15), 9) + timedelta(days=45 * index), now - timedelta(days=1))
        bulletin = _save(
            Bulletin(title=title, introduction="News and learning from the partnership.", status="sent"), by
        )
        Bulletin.objects.filter(pk=bulletin.pk).update(sent_at=sent, sent_by=by)
        _save(
            BulletinSection(
                bulletin=bulletin,
                heading=title,
                body="Book through the Partnership Hub's training pages.",
                link_text="See the training offer",
                link_url="https://example.org/training",
            ),
            by,
        )
        for person in readers:
            _save(
                BulletinDelivery(
                    bulletin=bulletin, person=person, email=person.email, status="sent", sent_at=sent
                ),
                by,
            )
    for title, topic, days_ago in [
        ("Neglect toolkit for practitioners", "Neglect", 300),
        ("Safe sleep: a guide for home visits", "Infant safety", 200),
        ("Recording of the exploitation conference", "Exploitation", 120),
    ]:
        _save(
            Resource(
                title=title,
                kind=Resource.Kind.RECORDING if "Recording" in title else Resource.Kind.GUIDE,
                summary=f"{title}, from the partnership's Effective Learning Group.",
                topic=topic,
                audience="All practitioners",
                link="https://example.org/library",
                published_on=today - timedelta(days=days_ago),
            ),
            by,
        )
    analysis = _save(NeedsAnalysis(year=2026, due_on=date(2026, 3, 13)), by)
    analysis.agencies.set(agencies)
    for agency in agencies[: max(1, len(agencies) - 2)]:
        for topic in rng.sample(TOPICS, 3):
            _save(
                NeedsResponse(
                    analysis=analysis,
                    agency=agency,
                    topic=topic,
                    level=rng.randint(1, 3),
                    staff=rng.randint(4, 60),
                    submitted_by=by,
                ),
                by,
            )
