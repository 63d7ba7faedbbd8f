"""The records of a year, in a few plain figures, to read the narrative against.

Before sign-off the business unit sees every statement of the narrative beside these
figures (the review page), so a statement the records contradict is visible: "webinars
after every rapid review" beside "Webinars held: none". A statement that names a
topic whose records are empty for the year is flagged, and so is one that says there
was none of something the records hold ("no learning webinar" beside two).

thscp may read every area; each figure counts the year's own dated records.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Q, Sum
from django.utils import timezone

from governance.models import BudgetContribution, BudgetSpend, Meeting, ScrutinyActivity
from governance.periods import FinancialYear
from priorities.models import Feedback, PriorityArea
from reviews.models import LocalReview, RapidReview, SeriousIncident, SevenMinuteBriefing
from training.models import Booking, Bulletin, Session


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    count: int
    detail: str = ""
    # Words that, in a statement, mean it speaks of this fact.
    keywords: tuple[str, ...] = ()
    value: str = ""  # how the figure reads, when not a plain count

    @property
    def shown(self) -> str:
        if not self.count:
            return "None"
        return self.value or str(self.count)


NEGATION = re.compile(r"\b(?:no|not|none|never|without|nor)\b")
# "No learning webinar", "without a 7-minute briefing": a denial and, within three
# words after it, what it denies.
DENIAL = r"\b(?:no|none|never|without|nor)\b(?:\W+[\w-]+){{0,3}}?\W+{keyword}"


def _mentions(text: str, keyword: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(keyword)}", text) is not None


def _denies(text: str, keyword: str) -> bool:
    return re.search(DENIAL.format(keyword=re.escape(keyword)), text) is not None


@dataclass
class Statement:
    text: str
    facts: list[Fact] = field(default_factory=list)
    checked: bool = True  # a plan for next year is not checked against this year's records

    @property
    def unsupported(self) -> list[Fact]:
        """Facts the statement claims that the records hold none of for the year. A
        statement that says there were none ("no webinar followed") agrees with them."""
        if not self.checked or NEGATION.search(self.text.lower()):
            return []
        return [fact for fact in self.facts if not fact.count]

    @property
    def contradicted(self) -> list[Fact]:
        """Facts the statement says there were none of ("no learning webinar followed")
        while the records hold some for the year."""
        if not self.checked:
            return []
        lowered = self.text.lower()
        return [
            fact
            for fact in self.facts
            if fact.count and any(_denies(lowered, word) for word in fact.keywords)
        ]

    @property
    def disagrees(self) -> bool:
        return bool(self.unsupported or self.contradicted)


def _day_range(period: FinancialYear):
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(period.start, time.min), zone),
        timezone.make_aware(datetime.combine(period.end, time.max), zone),
    )


def _dates(days: list[date]) -> str:
    return ", ".join(f"{day:%B %Y}" for day in sorted(days))


def facts_for(period: FinancialYear) -> list[Fact]:
    """The year's figures: a constant number of queries, whatever the records."""
    in_year = (period.start, period.end)
    start, end = _day_range(period)
    scrutiny = list(
        ScrutinyActivity.objects.filter(carried_out_on__range=in_year).values_list("carried_out_on", "title")
    )
    incidents = (
        SeriousIncident.objects.exclude(stage=SeriousIncident.Stage.WITHDRAWN)
        .filter(notified_on__range=in_year)
        .count()
    )
    rapid_reviews = RapidReview.objects.filter(sent_to_panel_on__range=in_year).exclude(
        incident__stage=SeriousIncident.Stage.WITHDRAWN
    )
    rapid_count = rapid_reviews.count()
    local = LocalReview.objects.aggregate(
        decided=Count("pk", filter=Q(decided_on__range=in_year)),
        completed=Count("pk", filter=Q(completed_on__range=in_year)),
        published=Count("pk", filter=Q(published_on__range=in_year)),
    )
    briefings = SevenMinuteBriefing.objects.filter(published_on__range=in_year).count()
    sessions = Session.objects.exclude(status=Session.Status.CANCELLED).filter(starts_at__range=(start, end))
    session_counts = sessions.aggregate(
        courses=Count("pk", filter=Q(kind=Session.Kind.COURSE)),
        month=Count("pk", filter=Q(kind=Session.Kind.SAFEGUARDING_MONTH)),
        training_webinars=Count("pk", filter=Q(kind=Session.Kind.WEBINAR)),
    )
    # A webinar after a review is a training session linked to the review (issue 15).
    after_reviews = sessions.filter(kind=Session.Kind.WEBINAR, learned_from_type__isnull=False)
    webinars = after_reviews.aggregate(held=Count("pk"), attendees=Sum("head_count"))
    # Counted apart: joined to the bookings, each session's head count would repeat.
    webinars["booked"] = Booking.objects.filter(session__in=after_reviews, attended=True).count()
    bulletins = Bulletin.objects.filter(sent_at__range=(start, end)).count()
    meetings = Meeting.objects.filter(starts_at__range=(start, end)).aggregate(
        executive=Count("pk", filter=Q(group__is_executive=True)), all=Count("pk")
    )
    areas = PriorityArea.objects.filter(
        cycle__starts_on__lte=period.end, cycle__ends_on__gte=period.start
    ).count()
    feedback = Feedback.objects.filter(received_on__range=in_year).aggregate(
        given=Count("pk"), answered=Count("pk", filter=Q(responded_on__isnull=False))
    )
    money_in = BudgetContribution.objects.filter(
        financial_year=period.start_year, withdrawn_on=None
    ).aggregate(total=Sum("amount"))["total"]
    money_out = BudgetSpend.objects.filter(financial_year=period.start_year, withdrawn_on=None).aggregate(
        total=Sum("amount")
    )["total"]
    return [
        Fact(
            "scrutiny",
            "Independent scrutiny activities carried out",
            len(scrutiny),
            "; ".join(f"{title} ({day:%B %Y})" for day, title in sorted(scrutiny)),
            ("scrutiny exercise", "scrutiny activit", "six steps", "scrutiny review", "scrutinised"),
        ),
        Fact(
            "incidents",
            "Serious incidents notified to the Panel",
            incidents,
            keywords=("serious incident", "notification", "notified"),
        ),
        Fact(
            "rapid_reviews",
            "Rapid reviews sent to the Panel",
            rapid_count,
            keywords=("rapid review",),
        ),
        Fact(
            "local_reviews_decided",
            "Local reviews decided on",
            local["decided"],
            f"{local['completed']} completed and {local['published']} published in the year",
            ("local review", "local child safeguarding practice review", "lcspr"),
        ),
        Fact(
            "webinars",
            "Learning webinars after reviews",
            webinars["held"],
            f"{(webinars['attendees'] or 0) + webinars['booked']} attendees in all"
            if webinars["held"]
            else "",
            ("webinar",),
        ),
        Fact(
            "briefings",
            "7-minute briefings published",
            briefings,
            keywords=("7-minute briefing", "seven-minute briefing", "7 minute briefing"),
        ),
        Fact(
            "training",
            "Multi-agency training sessions held",
            session_counts["courses"] + session_counts["training_webinars"],
            keywords=("training", "course"),
        ),
        Fact(
            "safeguarding_month",
            "Safeguarding Month events held",
            session_counts["month"],
            keywords=("safeguarding month", "conference"),
        ),
        Fact("bulletins", "Bulletins sent", bulletins, keywords=("bulletin",)),
        Fact(
            "meetings",
            "Executive meetings held",
            meetings["executive"],
            f"{meetings['all']} meetings of all the partnership's groups",
            ("executive met", "meetings of the executive", "sub-group"),
        ),
        Fact(
            "priorities",
            "Priority areas running in the year",
            areas,
            keywords=("priority project", "priorities", "project plan"),
        ),
        Fact(
            "feedback",
            "Feedback from children and young people recorded",
            feedback["given"],
            f"{feedback['answered']} with what the partnership did in response" if feedback["given"] else "",
            ("feedback", "voice of", "young people told", "children told", "survey"),
        ),
        Fact(
            "budget",
            "Budget contributions recorded",
            int(money_in or 0),
            f"£{money_out or 0:,.0f} spent" if money_out else "",
            ("budget", "funding", "contribution"),
            value=f"£{money_in or 0:,.0f}",
        ),
    ]


def _statements(text: str) -> list[str]:
    """A narrative as the statements a reader checks: each paragraph line and list item."""
    lines = [line.strip().lstrip("-*• ").strip() for line in text.replace("\r\n", "\n").split("\n")]
    return [line for line in lines if line]


def statements_for(text: str, facts: list[Fact], *, checked: bool = True) -> list[Statement]:
    found = []
    for line in _statements(text):
        lowered = line.lower()
        matched = [fact for fact in facts if any(_mentions(lowered, word) for word in fact.keywords)]
        found.append(Statement(line, matched, checked))
    return found
