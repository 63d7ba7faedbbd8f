"""Demo dataset: 44 indicators across 10 agencies, in the spirit of the DfE safeguarding
performance framework, with accepted returns for every quarter from Q1 2024-25 up to
the last one before the quarter being collected (so 2024-25 and 2025-26 are complete
and the 2025-26 report section is full), and the quarter being collected part done:
some accepted, some submitted, one returned for correction with one figure sent back,
one draft, and the demo data lead's agency (the ICB) not started and late.

Loaded after the governance demo (it uses its agencies and people). Idempotent: if
any indicator exists nothing is loaded. The figures are made up, from a fixed seed, and
nothing is dated after today. The two codes priorities' demo names (HV-NBV-14,
CSC-REREF-12) are here, so the outcome measures show their series once thscp
registers dataset.series.indicator_series.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from governance.models import Agency, User

from .models import Indicator, QuarterlyReturn, ReturnValue, return_due_on
from .selectors import collection_period, previous_quarter
from .validation import Figure, computed_value

FIRST_QUARTER_LABEL = "Q1 2024-25"
DEMO_REVIEWER_EMAIL = "business.unit@example.org"
DEMO_DATA_LEAD_EMAIL = "data.lead@example.org"

U = Indicator.Unit
P = Indicator.Polarity
T = Indicator.Theme

# The agencies of the governance demo that supply figures, by name.
LA = "Tower Hamlets Council Children's Services"
ICB = "NHS North East London Integrated Care Board"
POLICE = "Metropolitan Police Service (Central East)"
BARTS = "Barts Health NHS Trust"
GPCG = "Tower Hamlets GP Care Group"
ELFT = "East London NHS Foundation Trust"
EDUCATION = "Tower Hamlets Education Partnership"
EARLY_HELP = "Tower Hamlets Early Help"
YOUTH_JUSTICE = "Tower Hamlets Youth Justice and Youth Service"
VOLUNTARY = "Tower Hamlets Council for Voluntary Service"

CHILD_POPULATION = 63_000


@dataclass(frozen=True)
class DemoIndicator:
    code: str
    title: str
    agency: str
    unit: str
    polarity: str
    theme: str
    target: float | None
    tolerance: float | None
    start: float  # the figure in Q1 2024-25
    step: float  # its drift a quarter
    headline: bool = False
    numerator: str = ""
    denominator: str = ""
    denominator_size: int = 0


def _pct(
    code, title, agency, theme, target, start, step, *, polarity=P.HIGHER, tolerance=5.0, headline=False
):
    return DemoIndicator(
        code, title, agency, U.PERCENTAGE, polarity, theme, target, tolerance, start, step, headline
    )


def _count(code, title, agency, theme, start, step, *, polarity=P.NEITHER, target=None, tolerance=None):
    return DemoIndicator(code, title, agency, U.COUNT, polarity, theme, target, tolerance, start, step)


def _ratio(code, title, agency, theme, start, step, numerator, denominator, size, **options):
    return DemoIndicator(
        code,
        title,
        agency,
        options.get("unit", U.PERCENTAGE),
        options.get("polarity", P.HIGHER),
        theme,
        options.get("target"),
        options.get("tolerance"),
        start,
        step,
        options.get("headline", False),
        numerator,
        denominator,
        size,
    )


INDICATORS = [
    _count("CSC-CONTACTS", "Contacts to children's social care", LA, T.FRONT_DOOR, 4200, 40),
    _ratio(
        "CSC-REFERRALS",
        "Referrals to children's social care per 10,000 children",
        LA,
        T.FRONT_DOOR,
        95,
        1,
        "Referrals to children's social care in the quarter",
        "Children aged 0 to 17 in Tower Hamlets (mid-year estimate)",
        CHILD_POPULATION,
        unit=U.RATE,
        polarity=P.NEITHER,
    ),
    _pct(
        "CSC-REREF-12",
        "Re-referrals within 12 months",
        LA,
        T.FRONT_DOOR,
        18,
        24,
        -0.6,
        polarity=P.LOWER,
        tolerance=3,
        headline=True,
    ),
    _pct(
        "CSC-ASSESS-45",
        "Assessments completed within 45 working days",
        LA,
        T.ASSESSMENT,
        85,
        78,
        1.1,
        headline=True,
    ),
    _count("CSC-CPP", "Children on child protection plans", LA, T.ASSESSMENT, 310, 3),
    _ratio(
        "CSC-CPP-RATE",
        "Child protection plans per 10,000 children",
        LA,
        T.ASSESSMENT,
        49,
        0.4,
        "Children on a child protection plan at the end of the quarter",
        "Children aged 0 to 17 in Tower Hamlets (mid-year estimate)",
        CHILD_POPULATION,
        unit=U.RATE,
        polarity=P.NEITHER,
    ),
    _pct(
        "CSC-CPP-REPEAT",
        "Child protection plans that are a second or subsequent plan",
        LA,
        T.ASSESSMENT,
        23,
        25,
        -0.3,
        polarity=P.LOWER,
        tolerance=3,
        headline=True,
    ),
    _ratio(
        "CSC-CLA-RATE",
        "Children looked after per 10,000 children",
        LA,
        T.LOOKED_AFTER,
        52,
        -0.2,
        "Children looked after at the end of the quarter",
        "Children aged 0 to 17 in Tower Hamlets (mid-year estimate)",
        CHILD_POPULATION,
        unit=U.RATE,
        polarity=P.NEITHER,
        headline=True,
    ),
    _ratio(
        "MASH-1WD",
        "MASH decisions within 1 working day",
        LA,
        T.FRONT_DOOR,
        88,
        0.8,
        "Contacts with a MASH decision within 1 working day",
        "Contacts to the MASH in the quarter",
        1400,
        target=95,
        tolerance=5,
        headline=True,
    ),
    _pct("ICB-IHA-20", "Initial health assessments within 20 working days", ICB, T.LOOKED_AFTER, 90, 71, 1.5),
    _pct("ICB-RHA", "Review health assessments on time", ICB, T.LOOKED_AFTER, 90, 84, 0.5),
    _pct(
        "ICB-TRAINING",
        "ICB staff compliant with level 3 safeguarding training",
        ICB,
        T.WORKFORCE,
        90,
        86,
        0.4,
    ),
    _pct("ICB-GP-LEADS", "GP practices with a named safeguarding lead", ICB, T.WORKFORCE, 100, 94, 0.6),
    _count("MPS-PPP", "Police protection powers used", POLICE, T.ASSESSMENT, 18, 0),
    _count("MPS-MISSING", "Missing episodes reported", POLICE, T.EXPLOITATION, 260, -4, polarity=P.LOWER),
    _count("MPS-MACE", "Referrals to the MACE meeting", POLICE, T.EXPLOITATION, 34, 1),
    _count("MPS-DA-CHILD", "Domestic abuse incidents with children present", POLICE, T.ASSESSMENT, 520, 3),
    _pct("MPS-TRAINING", "Officers compliant with safeguarding training", POLICE, T.WORKFORCE, 90, 81, 0.9),
    _count(
        "BH-U1-INJURY",
        "Children under 1 at A&E with an injury",
        BARTS,
        T.INFANT_SAFETY,
        41,
        -0.5,
        polarity=P.LOWER,
    ),
    _count("BH-MAT-REF", "Safeguarding referrals from maternity", BARTS, T.INFANT_SAFETY, 96, 1),
    _pct(
        "BH-TRAINING",
        "Barts staff compliant with level 3 safeguarding training",
        BARTS,
        T.WORKFORCE,
        90,
        83,
        0.6,
    ),
    _pct("BH-PREBIRTH-20", "Pre-birth referrals made before 20 weeks", BARTS, T.INFANT_SAFETY, 70, 58, 1.2),
    _ratio(
        "HV-NBV-14",
        "Health visitor new birth visits within 14 days",
        GPCG,
        T.INFANT_SAFETY,
        82,
        1.4,
        "New birth visits made within 14 days of birth",
        "Births notified to the health visiting service",
        900,
        target=95,
        tolerance=5,
        headline=True,
    ),
    _pct("HV-68WK", "6 to 8 week reviews on time", GPCG, T.INFANT_SAFETY, 90, 85, 0.5),
    _pct(
        "HV-SAFE-SLEEP",
        "Safe sleep conversations recorded at the new birth visit",
        GPCG,
        T.INFANT_SAFETY,
        95,
        79,
        1.8,
    ),
    _count("HV-NEGLECT-TOOL", "Families supported with the neglect toolkit", GPCG, T.NEGLECT, 60, 4),
    _pct("ELFT-CAMHS-ACC", "CAMHS referrals accepted", ELFT, T.ASSESSMENT, 80, 72, 0.7),
    _count(
        "ELFT-CAMHS-18WK",
        "Young people waiting over 18 weeks for CAMHS",
        ELFT,
        T.ASSESSMENT,
        140,
        -5,
        polarity=P.LOWER,
    ),
    _pct(
        "ELFT-TRAINING",
        "ELFT staff compliant with level 3 safeguarding training",
        ELFT,
        T.WORKFORCE,
        90,
        88,
        0.2,
    ),
    _pct(
        "ELFT-PERINATAL",
        "Perinatal mental health referrals seen within 4 weeks",
        ELFT,
        T.INFANT_SAFETY,
        85,
        76,
        0.9,
    ),
    _count(
        "EDU-PERM-EXCL",
        "Permanent exclusions",
        EDUCATION,
        T.EDUCATION,
        9,
        -0.2,
        polarity=P.LOWER,
        target=6,
        tolerance=2,
    ),
    _ratio(
        "EDU-SUSP-RATE",
        "Suspensions per 10,000 pupils",
        EDUCATION,
        T.EDUCATION,
        180,
        -2,
        "Suspensions in the quarter",
        "Pupils on roll in Tower Hamlets schools",
        48_000,
        unit=U.RATE,
        polarity=P.LOWER,
    ),
    _count("EDU-CME", "Children missing education", EDUCATION, T.EDUCATION, 75, -1, polarity=P.LOWER),
    _pct("EDU-S175", "Schools that completed the safeguarding audit", EDUCATION, T.EDUCATION, 100, 88, 1),
    _count("EH-ASSESS", "Early help assessments completed", EARLY_HELP, T.NEGLECT, 410, 6),
    _count(
        "EH-STEPDOWN", "Families stepped down from social care to early help", EARLY_HELP, T.NEGLECT, 70, 1
    ),
    _pct("EH-NEEDS-MET", "Early help cases closed with needs met", EARLY_HELP, T.NEGLECT, 75, 68, 0.6),
    _count(
        "YJS-FTE", "First-time entrants to the youth justice system", YOUTH_JUSTICE, T.EXPLOITATION, 28, -0.4
    ),
    _ratio(
        "YJS-RHI",
        "Return home interviews offered within 72 hours",
        YOUTH_JUSTICE,
        T.EXPLOITATION,
        84,
        1.1,
        "Children back from a missing episode offered a return home interview within 72 hours",
        "Children back from a missing episode",
        180,
        target=95,
        tolerance=5,
        headline=True,
    ),
    _pct(
        "YJS-ETE",
        "Young people in education, training or work at the end of their order",
        YOUTH_JUSTICE,
        T.EXPLOITATION,
        70,
        61,
        0.7,
    ),
    _count(
        "VCS-POLICY",
        "Voluntary organisations with a checked safeguarding policy",
        VOLUNTARY,
        T.WORKFORCE,
        62,
        2,
        polarity=P.HIGHER,
    ),
    _count(
        "VCS-TRAINING",
        "Multi-agency training places taken by the voluntary sector",
        VOLUNTARY,
        T.WORKFORCE,
        120,
        3,
        polarity=P.HIGHER,
    ),
    _count(
        "VCS-PEER",
        "Peer-on-peer harm awareness sessions delivered",
        VOLUNTARY,
        T.PEER_ON_PEER,
        6,
        0.5,
        polarity=P.HIGHER,
    ),
    _pct(
        "VCS-ANTIRACISM",
        "Staff who completed anti-racist practice training",
        VOLUNTARY,
        T.ANTI_RACISM,
        80,
        52,
        3,
    ),
]

# In the quarter being collected: what each agency has done with its return.
COLLECTING = {
    LA: QuarterlyReturn.Status.ACCEPTED,
    POLICE: QuarterlyReturn.Status.ACCEPTED,
    BARTS: QuarterlyReturn.Status.ACCEPTED,
    GPCG: QuarterlyReturn.Status.SUBMITTED,
    ELFT: QuarterlyReturn.Status.SUBMITTED,
    EDUCATION: QuarterlyReturn.Status.RETURNED,
    EARLY_HELP: QuarterlyReturn.Status.DRAFT,
    YOUTH_JUSTICE: QuarterlyReturn.Status.ACCEPTED,
    VOLUNTARY: QuarterlyReturn.Status.SUBMITTED,
    ICB: QuarterlyReturn.Status.NOT_STARTED,  # and late, for the demo data lead
}
RETURNED_CODE = "EDU-PERM-EXCL"
RETURNED_REASON = (
    "This is three times last quarter's figure: please check it counts permanent exclusions only."
)


def _figure(spec: DemoIndicator, index: int, rng: random.Random) -> Figure:
    level = spec.start + spec.step * index + rng.uniform(-1, 1) * max(abs(spec.step) * 1.5, spec.start * 0.02)
    if spec.unit == U.PERCENTAGE:
        level = min(max(level, 0), 99.5)
    level = max(level, 0)
    if spec.denominator:
        denominator = Decimal(int(spec.denominator_size * rng.uniform(0.95, 1.05)))
        scale = 100 if spec.unit == U.PERCENTAGE else 10_000
        numerator = min(Decimal(round(float(denominator) * level / scale)), denominator)
        return Figure(numerator=numerator, denominator=denominator)
    if spec.unit == U.COUNT:
        return Figure(value=Decimal(round(level)))
    return Figure(value=Decimal(str(round(level, 1))))


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _save(record, user):
    record._history_user = user
    record.save()


@transaction.atomic
def load_dataset_demo(today: date | None = None) -> None:
    if Indicator.objects.exists():
        return
    today = today or timezone.localdate()
    agencies = {
        agency.name: agency for agency in Agency.objects.filter(name__in={s.agency for s in INDICATORS})
    }
    if len(agencies) < len({spec.agency for spec in INDICATORS}):
        return  # the governance demo is not loaded
    reviewer = User.objects.filter(email=DEMO_REVIEWER_EMAIL).first()
    data_lead = User.objects.filter(email=DEMO_DATA_LEAD_EMAIL).first()
    indicators = {}
    for order, spec in enumerate(INDICATORS, start=1):
        indicator = Indicator(
            code=spec.code,
            title=spec.title,
            definition=f"{spec.title}, in the quarter (or at its end, for a number of children).",
            numerator_definition=spec.numerator,
            denominator_definition=spec.denominator,
            agency=agencies[spec.agency],
            unit=spec.unit,
            polarity=spec.polarity,
            theme=spec.theme,
            target=Decimal(str(spec.target)) if spec.target is not None else None,
            amber_tolerance=Decimal(str(spec.tolerance)) if spec.tolerance is not None else None,
            is_headline=spec.headline,
            display_order=order,
        )
        indicator.full_clean()
        _save(indicator, reviewer)
        indicators[spec.code] = (spec, indicator)

    collecting = collection_period(today)
    quarters = []
    quarter = collecting
    while quarter.label != FIRST_QUARTER_LABEL and quarter.start.year >= 2024:
        quarters.insert(0, quarter)
        quarter = previous_quarter(quarter)
    quarters.insert(0, quarter)
    rng = random.Random(14)  # noqa: S311 - made-up demo figures
    for index, period in enumerate(quarters):
        due = return_due_on(period)
        for name, agency in agencies.items():
            status = COLLECTING[name] if period == collecting else QuarterlyReturn.Status.ACCEPTED
            if status == QuarterlyReturn.Status.NOT_STARTED:
                continue
            # Most agencies are on time; the police were a week late in one quarter.
            submitted_on = due - timedelta(days=3 + index % 5)
            if name == POLICE and index == 2:
                submitted_on = due + timedelta(days=7)
            submitted_on = min(submitted_on, today)
            found = QuarterlyReturn(
                agency=agency, year=period.year.start_year, quarter=period.number, due_on=due
            )
            _save(found, data_lead)
            for spec, indicator in (indicators[s.code] for s in INDICATORS if s.agency == name):
                figure = _figure(spec, index, rng)
                comment = ""
                if index == len(quarters) - 2 and spec.headline:
                    comment = "Steady; the quarter's figures were checked with the service manager."
                value = ReturnValue(
                    quarterly_return=found,
                    indicator=indicator,
                    value=computed_value(indicator, figure),
                    numerator=figure.numerator,
                    denominator=figure.denominator,
                    comment=comment,
                )
                if status == QuarterlyReturn.Status.ACCEPTED:
                    value.status = ReturnValue.Status.ACCEPTED
                elif status == QuarterlyReturn.Status.RETURNED:
                    if spec.code == RETURNED_CODE:
                        value.value = value.value * 3
                        value.status = ReturnValue.Status.RETURNED
                        value.returned_reason = RETURNED_REASON
                    else:
                        value.status = ReturnValue.Status.ACCEPTED
                if not (status == QuarterlyReturn.Status.DRAFT and spec.code.endswith(("NEEDS-MET",))):
                    _save(value, data_lead)
            found.status = status if status != QuarterlyReturn.Status.NOT_STARTED else found.status
            if status in (
                QuarterlyReturn.Status.SUBMITTED,
                QuarterlyReturn.Status.ACCEPTED,
                QuarterlyReturn.Status.RETURNED,
            ):
                found.submitted_at = _at(submitted_on)
                found.submitted_by = data_lead
            if status == QuarterlyReturn.Status.ACCEPTED:
                found.accepted_at = _at(min(submitted_on + timedelta(days=2), today))
                found.accepted_by = reviewer
            if status == QuarterlyReturn.Status.RETURNED:
                found.returned_reason = f"{RETURNED_CODE}: {RETURNED_REASON}"
            _save(found, reviewer if status == QuarterlyReturn.Status.ACCEPTED else data_lead)
