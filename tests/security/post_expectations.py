"""Every page that accepts POST, with who may post to it and valid data to post.

tests/security/test_post_matrix.py posts this data to each page as every kind of
visitor: those who may must succeed (so the data is known to be valid), everyone else
must be refused (403 or 404) with nothing stored. A page of the URL conf that accepts
POST and has no entry here fails the matrix until one is written.

Each entry: url name -> list of Post cases (variants, such as another ?source=).
`records` builds the records the page needs and returns them with the URL's kwargs;
`data` gives the values a person types, on top of what the page's own form already
holds (its hidden fields, its initial values, the first option of a required choice).
"""

import io
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dataset.models import Indicator
from dataset.workbook import return_workbook
from governance import roles, services
from governance.models import Agency, Document, DocumentVersion, Person
from tests.dataset.factories import (
    IndicatorFactory,
    ReturnValueFactory,
    accepted_value,
    submitted_return,
)
from tests.governance.factories import (
    ActionFactory,
    AgencyFactory,
    EscalationFactory,
    MeetingFactory,
    PartnershipGroupFactory,
    PersonFactory,
    RiskFactory,
    ScrutinyActivityFactory,
    UserFactory,
    executive_group,
    pdf_upload,
)
from tests.priorities.factories import (
    DeliverableFactory,
    FeedbackFactory,
    MeasureValueFactory,
    ObjectiveFactory,
    OutcomeMeasureFactory,
    PriorityAreaFactory,
    PriorityCycleFactory,
    ProgressUpdateFactory,
)
from tests.reviews.factories import (
    AgencyInformationRequestFactory,
    LocalReviewFactory,
    LocalReviewMilestoneFactory,
    PartnerDecisionFactory,
    RapidReviewFactory,
    RecommendationFactory,
    SeriousIncidentFactory,
    SevenMinuteBriefingFactory,
)
from tests.reviews.url_expectations import (
    _incident_in_disagreement,
    _incident_with_rapid_review_sent,
    _incident_without_rapid_review,
    _other_child,
    _withdrawn_incident,
)
from tests.thscp.url_expectations import last_financial_year, listed_contact, make_render
from tests.training.factories import (
    BookingFactory as TrainingBookingFactory,
)
from tests.training.factories import (
    BulletinFactory,
    BulletinSectionFactory,
    CourseFactory,
    EvaluationFactory,
    NeedsAnalysisFactory,
    NeedsResponseFactory,
    ResourceFactory,
)
from tests.training.factories import (
    PastSessionFactory as PastTrainingSessionFactory,
)
from tests.training.factories import (
    SessionFactory as TrainingSessionFactory,
)
from tests.url_matrix import ANONYMOUS, NO_ROLE
from training import services as training_services

BU = roles.BUSINESS_UNIT
EXEC = roles.EXECUTIVE_MEMBER
SCRUTINEER = roles.INDEPENDENT_SCRUTINEER
PANEL = roles.RAPID_REVIEW_PANEL


@dataclass(frozen=True)
class Relation:
    """A visitor whose right comes from a record, not a role alone: made for the case,
    given a contact (Person) and linked to the case's records by `link`."""

    name: str
    role: str
    link: Callable[[SimpleNamespace, Person], None]


def _chair(records, person):
    records.group.chair = person
    records.group.save()


def _owner(records, person):
    records.action.owner = person
    records.action.save()


def _risk_owner(records, person):
    person.groups.add(executive_group())
    records.risk.owner = person
    records.risk.save()


def _signatory(records, person):
    person.agency = Agency.objects.get_or_create(
        name="Local authority (signatory)",
        defaults={
            "kind": Agency.Kind.LOCAL_AUTHORITY,
            "statutory_partner": Agency.StatutoryPartner.LOCAL_AUTHORITY,
        },
    )[0]
    person.save()


def _agency_data_lead(records, person):
    person.agency = records.agency
    person.save()


CHAIR = Relation("Sub-group chair who chairs its group", roles.SUB_GROUP_CHAIR, _chair)
ACTION_OWNER = Relation("Group member who owns the action", roles.GROUP_MEMBER, _owner)
RISK_OWNER = Relation("Executive member who owns the risk", EXEC, _risk_owner)
SIGNATORY = Relation("Executive member of the local authority", EXEC, _signatory)
DATA_LEAD = Relation("Agency data lead of the return's agency", roles.AGENCY_DATA_LEAD, _agency_data_lead)


@dataclass(frozen=True)
class Post:
    may: Collection[str]
    records: Callable[[], SimpleNamespace] = field(default=lambda: SimpleNamespace(kwargs={}))
    data: Callable[[SimpleNamespace], dict] = field(default=lambda records: {})
    # Fresh uploads for each request (an upload is read once).
    files: Callable[[], dict] = field(default=lambda: {})
    query: Callable[[SimpleNamespace], str] = field(default=lambda records: "")
    relations: tuple[Relation, ...] = ()
    # False for POST-only pages (buttons on another page): nothing to GET first.
    has_form: bool = True
    # Refusals answered otherwise than 403/404, with why; still nothing may change.
    other_refusals: dict[str, int] = field(default_factory=dict)
    # A read page that answers POST: nobody may change anything through it, and it
    # should answer 405 as every other read page does (require_GET).
    read_only: bool = False
    label: str = ""
    # A page for a link in an email, which works without signing in (its signed token
    # is the permission): the anonymous visitor may post too, like those in `may`.
    public: bool = False


def day(name: str, value: date) -> dict:
    """The three boxes of a GOV.UK date input."""
    return {f"{name}_0": str(value.day), f"{name}_1": str(value.month), f"{name}_2": str(value.year)}


def today() -> date:
    return timezone.localdate()


def records(**objects) -> SimpleNamespace:
    objects.setdefault("kwargs", {})
    return SimpleNamespace(**objects)


def _group():
    group = PartnershipGroupFactory()
    return records(group=group, kwargs={"slug": group.slug})


def _meeting():
    meeting = MeetingFactory()
    meeting.group.members.add(PersonFactory())
    return records(meeting=meeting, group=meeting.group, kwargs={"pk": meeting.pk})


def _agenda_item():
    from governance.models import AgendaItem

    meeting = _meeting()
    meeting.item = AgendaItem.objects.create(meeting=meeting.meeting, title="Report")
    meeting.kwargs = {"pk": meeting.item.pk}
    return meeting


def _decision():
    from governance.models import MeetingDecision

    meeting = _meeting()
    meeting.decision = MeetingDecision.objects.create(meeting=meeting.meeting, text="Agreed.")
    meeting.kwargs = {"pk": meeting.decision.pk}
    return meeting


def _contribution():
    from governance.models import BudgetContribution

    agency = Agency.objects.filter(statutory_partner=Agency.StatutoryPartner.LOCAL_AUTHORITY).first()
    agency = agency or _statutory_agency()
    line, _ = BudgetContribution.objects.get_or_create(
        financial_year=2025, agency=agency, defaults={"amount": 5000}
    )
    return records(line=line, agency=agency, kwargs={"pk": line.pk})


def _spend():
    from governance.models import BudgetSpend

    line, _ = BudgetSpend.objects.get_or_create(
        financial_year=2025, category=BudgetSpend.Category.TRAINING, defaults={"amount": 500}
    )
    return records(line=line, kwargs={"pk": line.pk})


def _action():
    action = ActionFactory()
    return records(action=action, group=action.group, kwargs={"pk": action.pk})


def _new_action():
    action = ActionFactory()
    return records(action=action, group=action.group)


def _risk():
    risk = RiskFactory()
    return records(risk=risk, kwargs={"pk": risk.pk})


def _escalation():
    escalation = EscalationFactory()
    return records(escalation=escalation, kwargs={"pk": escalation.pk})


def _people():
    person = PersonFactory()
    group = PartnershipGroupFactory()
    return records(person=person, group=group)


def _statutory_agency(partner=Agency.StatutoryPartner.LOCAL_AUTHORITY):
    return AgencyFactory(
        name=f"Statutory {partner}", kind=Agency.Kind.LOCAL_AUTHORITY, statutory_partner=partner
    )


def _version(kind=Document.Kind.ARRANGEMENTS, status=None, send=False):
    author = UserFactory(roles=[BU])
    document = Document.objects.create(title="Safeguarding arrangements", kind=kind, owner=PersonFactory())
    version = services.add_document_version(document=document, upload=pdf_upload(), by=author)
    if send:
        services.send_for_sign_off(version=version, by=author)
    if status:
        version.status = status
        version.published_on = today() if status == DocumentVersion.Status.PUBLISHED else None
        version.save()
    return records(document=document, version=version, kwargs={"pk": version.pk})


def _incident():
    incident = SeriousIncidentFactory()
    return records(incident=incident, kwargs={"pk": incident.pk})


def _rapid_review():
    review = RapidReviewFactory()
    AgencyFactory()
    PartnershipGroupFactory()
    PersonFactory()
    return records(review=review, kwargs={"pk": review.incident_id})


def _local_review():
    review = LocalReviewFactory()
    return records(review=review, kwargs={"pk": review.rapid_review.incident_id})


def _incident_with_decision():
    decision = PartnerDecisionFactory(partner=Agency.StatutoryPartner.LOCAL_AUTHORITY)
    return records(
        incident=decision.incident, kwargs={"pk": decision.incident_id, "partner": decision.partner}
    )


def _locked_out_user():
    user = UserFactory(roles=[roles.EXECUTIVE_MEMBER])
    type(user).objects.filter(pk=user.pk).update(two_factor_failures=10, two_factor_failed_at=timezone.now())
    return records(kwargs={"pk": user.pk})


def _information_request():
    request = AgencyInformationRequestFactory()
    return records(kwargs={"pk": request.rapid_review.incident_id, "request_pk": request.pk})


def _milestone():
    milestone = LocalReviewMilestoneFactory()
    return records(
        kwargs={"pk": milestone.local_review.rapid_review.incident_id, "milestone_pk": milestone.pk}
    )


def _training_booking(**fields):
    booking = TrainingBookingFactory(**fields)
    return records(kwargs={"pk": booking.session_id}, booking=booking)


def _report_year(**extra):
    return records(kwargs={"year": last_financial_year(), **extra})


def _report_period():
    from governance.periods import FinancialYear

    return FinancialYear(last_financial_year())


def _report_achievement():
    from thscp.reports import services as report_services

    achievement = report_services.add_achievement(
        period=_report_period(), by=UserFactory(), title="Joint decisions", what_we_did="Decided together.",
        impact="Earlier sharing.", position=1,
    )  # fmt: skip
    return records(achievement=achievement, kwargs={"pk": achievement.pk})


def _report_partner_person():
    from tests.thscp.report_helpers import partner_agencies

    agency = partner_agencies()[Agency.StatutoryPartner.LOCAL_AUTHORITY]
    return records(person=PersonFactory(agency=agency), kwargs={"year": last_financial_year()})


def _report_representative():
    from thscp.reports import services as report_services

    found = _report_partner_person()
    representative = report_services.add_representative(
        period=_report_period(), partner=Agency.StatutoryPartner.LOCAL_AUTHORITY, person=found.person,
        standing="delegated", by=UserFactory(),
    )  # fmt: skip
    return records(kwargs={"pk": representative.pk})


def _report_marked_not_applicable():
    from thscp.reports import services as report_services

    report_services.mark_not_applicable(
        period=_report_period(), section_key="scrutiny_activity", reason="No activity.", by=UserFactory()
    )
    return _report_year(key="scrutiny_activity")


def _report_young_scrutineer():
    return records(kwargs={"person": PersonFactory(job_title="Young Scrutineer").pk})


def _report_consent():
    from thscp.reports import services as report_services

    consent = report_services.record_consent(
        person=PersonFactory(job_title="Young Scrutineer"), consent_given_on=date(2025, 5, 1),
        how_given="Signed form", by=UserFactory(),
    )  # fmt: skip
    return records(kwargs={"pk": consent.pk})


def _report_ready_render():
    from tests.thscp.report_helpers import business_unit, covered_report, rendered

    by = business_unit()
    covered_report(by, _report_period())
    return records(kwargs={"pk": rendered(by, _report_period()).pk})


def _report_signed_off():
    from tests.thscp.report_helpers import business_unit, covered_report, signatories, signed_render

    by = business_unit()
    covered_report(by, _report_period())
    signed_render(by, signatories(), _report_period())
    return _report_year()


def _report_published():
    from thscp.reports import services as report_services

    found = _report_signed_off()
    report_services.record_publication(
        period=_report_period(), link="https://example.org/r.pdf", by=UserFactory()
    )
    found.kwargs["recipient"] = "panel"
    return found


# Priorities: a priority's leads and sponsor run their area; the owner of a deliverable
# who sits on the group that oversees the area updates it.


def _lead(records, person):
    records.area.leads.add(person)


def _sponsor(records, person):
    records.area.sponsor = person
    records.area.save()


def _deliverable_owner(records, person):
    records.deliverable.owner = person
    records.deliverable.save()
    records.area.oversight_group.members.add(person)


PRIORITY_LEAD = Relation("Group member who leads the priority", roles.GROUP_MEMBER, _lead)
PRIORITY_SPONSOR = Relation("Executive member who sponsors the priority", EXEC, _sponsor)
DELIVERABLE_OWNER = Relation(
    "Delivery Group member who owns the deliverable", roles.GROUP_MEMBER, _deliverable_owner
)
RUNS_AREA = (PRIORITY_LEAD, PRIORITY_SPONSOR)
AREA_RUNNERS = [BU, PRIORITY_LEAD.name, PRIORITY_SPONSOR.name]


def _priority_area():
    area = PriorityAreaFactory()
    PersonFactory()
    return records(area=area, kwargs={"pk": area.pk})


def _priority_objective():
    objective = ObjectiveFactory()
    PersonFactory()
    return records(area=objective.area, objective=objective, kwargs={"pk": objective.area_id})


def _priority_record(factory, area_of=lambda record: record.area, **fields):
    def make():
        record = factory(**fields)
        return records(area=area_of(record), record=record, kwargs={"pk": record.pk})

    return make


def _deliverable():
    deliverable = DeliverableFactory()
    return records(area=deliverable.objective.area, deliverable=deliverable, kwargs={"pk": deliverable.pk})


def _dataset_draft(unit=Indicator.Unit.COUNT):
    value = ReturnValueFactory(value=None, indicator__unit=unit, indicator__target=None)
    found = value.quarterly_return
    return records(quarterly_return=found, agency=found.agency, value=value, kwargs={"pk": found.pk})


_WORKBOOK = {}


def _dataset_upload():
    made = _dataset_draft()
    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(return_workbook(quarterly_return=made.quarterly_return, indicators=[made.value.indicator]))
    )
    book["Return"]["D6"] = 42
    output = io.BytesIO()
    book.save(output)
    _WORKBOOK["bytes"] = output.getvalue()
    return made


def _dataset_upload_files():
    return {"workbook": SimpleUploadedFile("return.xlsx", _WORKBOOK["bytes"])}


def _dataset_ready_draft():
    found = ReturnValueFactory(value=12).quarterly_return
    return records(agency=found.agency, kwargs={"pk": found.pk})


def _dataset_submitted():
    found = submitted_return()
    return records(quarterly_return=found, agency=found.agency, kwargs={"pk": found.pk})


def _dataset_submitted_value():
    found = submitted_return()
    return records(agency=found.agency, kwargs={"pk": found.values.get().pk})


def _dataset_accepted_value():
    value = accepted_value()
    return records(agency=value.quarterly_return.agency, kwargs={"pk": value.pk})


def _dataset_not_started():
    indicator = IndicatorFactory()
    return records(
        agency=indicator.agency, kwargs={"agency_pk": indicator.agency_id, "year": 2025, "quarter": 2}
    )


def _dataset_indicator():
    indicator = IndicatorFactory()
    return records(indicator=indicator, agency=indicator.agency, kwargs={"pk": indicator.pk})


RETURN_MAKERS = [BU, DATA_LEAD.name]

CASE_WORK = [BU]
REPORT_WRITERS = [BU, SCRUTINEER]

POSTS: dict[str, list[Post]] = {
    # Governance
    "governance:profile": [
        Post(may=[*roles.ALL_ROLES, NO_ROLE], data=lambda r: {"reminders": "none"}),
    ],
    "governance:group_create": [
        Post(
            may=[BU], records=_people, data=lambda r: {"name": "Missing children sub-group", "purpose": "P."}
        ),
    ],
    "governance:group_edit": [
        Post(may=[BU], records=_group, data=lambda r: {"purpose": "A changed purpose."}),
    ],
    "governance:meeting_create": [
        Post(
            may=[BU, CHAIR.name],
            relations=(CHAIR,),
            records=_group,
            data=lambda r: {
                **day("starts_on", today() - timedelta(days=1)),
                "start_time": "14:30",
                "location": "Town Hall",
            },
        ),
    ],
    "governance:chair_term_add": [
        Post(
            may=[BU],
            records=lambda: records(
                executive=executive_group(), chair=PersonFactory(agency=_statutory_agency())
            ),
            data=lambda r: {
                "partner": Agency.StatutoryPartner.LOCAL_AUTHORITY,
                "chair": str(r.chair.pk),
                **day("starts_on", date(2031, 4, 1)),
                **day("ends_on", date(2032, 3, 31)),
            },
        ),
    ],
    "governance:person_create": [
        Post(
            may=[BU],
            records=_people,
            data=lambda r: {
                "full_name": "Sam Posted",
                "job_title": "Designated nurse",
                "agency": str(r.person.agency_id),
                "email": "sam.posted@example.org",
            },
        ),
    ],
    "governance:person_edit": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": PersonFactory().pk}),
            data=lambda r: {"job_title": "Changed job title"},
        ),
    ],
    "governance:account_create": [
        Post(
            may=[BU],
            records=_people,
            data=lambda r: {"person": str(r.person.pk), "roles": [roles.GROUP_MEMBER]},
        ),
    ],
    "governance:account_edit": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": UserFactory().pk}),
            data=lambda r: {"roles": [roles.BUSINESS_UNIT], "is_active": "on"},
        ),
    ],
    "governance:account_clear_two_factor_lockout": [
        Post(may=[BU], records=_locked_out_user, has_form=False),
    ],
    "governance:history": [
        Post(
            may=[],
            read_only=True,
            records=lambda: records(
                kwargs={"app_label": "governance", "model_name": "person", "pk": PersonFactory().pk}
            ),
        ),
    ],
    "governance:agency_create": [
        Post(may=[BU], data=lambda r: {"name": "Posted agency", "is_active": "on"}),
    ],
    "governance:agency_edit": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": AgencyFactory().pk}),
            data=lambda r: {"name": "Renamed agency"},
        ),
    ],
    "governance:meeting_edit": [
        Post(
            may=[BU, CHAIR.name], relations=(CHAIR,), records=_meeting, data=lambda r: {"minutes": "Changed."}
        ),
    ],
    "governance:meeting_attendance": [
        Post(
            may=[BU, CHAIR.name],
            relations=(CHAIR,),
            records=_meeting,
            data=lambda r: {f"person-{r.meeting.group.members.get().pk}-status": "present"},
        ),
    ],
    "governance:agenda_item_add": [
        Post(
            may=[BU, CHAIR.name],
            relations=(CHAIR,),
            records=_meeting,
            data=lambda r: {"title": "Posted agenda item"},
            files=lambda: {"paper": pdf_upload()},
        ),
    ],
    "governance:decision_add": [
        Post(may=[BU, CHAIR.name], relations=(CHAIR,), records=_meeting, data=lambda r: {"text": "Agreed."}),
    ],
    "governance:agenda_item_change": [
        Post(
            may=[BU, CHAIR.name],
            relations=(CHAIR,),
            records=_agenda_item,
            data=lambda r: {"title": "Corrected agenda item", "change_reason": "Typing mistake."},
        ),
    ],
    "governance:agenda_item_withdraw": [
        Post(
            may=[BU, CHAIR.name],
            relations=(CHAIR,),
            records=_agenda_item,
            data=lambda r: {"reason": "Entered twice."},
        ),
    ],
    "governance:decision_change": [
        Post(
            may=[BU, CHAIR.name],
            relations=(CHAIR,),
            records=_decision,
            data=lambda r: {"text": "Agreed, amended.", "change_reason": "Minutes agreed with a change."},
        ),
    ],
    "governance:decision_withdraw": [
        Post(
            may=[BU, CHAIR.name],
            relations=(CHAIR,),
            records=_decision,
            data=lambda r: {"reason": "Wrong meeting."},
        ),
    ],
    "governance:action_create": [
        Post(
            may=[BU, CHAIR.name],
            relations=(CHAIR,),
            records=_new_action,
            # A chair may add actions to the group they chair; another group is not a
            # choice on their form, so posting its key is refused as invalid (200).
            other_refusals={roles.SUB_GROUP_CHAIR: 200},
            data=lambda r: {
                "title": "Posted action",
                "group": str(r.group.pk),
                "owner": str(r.action.owner_id),
                **day("due_date", today() + timedelta(days=30)),
            },
        ),
        Post(
            label="raised from a risk",
            may=[BU],
            relations=(CHAIR,),
            records=lambda: records(group=PartnershipGroupFactory(), risk=RiskFactory()),
            query=lambda r: f"?source=risk:{r.risk.pk}",
            data=lambda r: {
                "title": "Posted action",
                "group": str(r.group.pk),
                "owner": str(r.risk.owner_id),
                **day("due_date", today() + timedelta(days=30)),
            },
        ),
    ],
    "governance:action_edit": [
        Post(
            may=[BU, CHAIR.name],
            relations=(CHAIR, ACTION_OWNER),
            records=_action,
            data=lambda r: {"title": "Changed"},
        ),
    ],
    "governance:action_progress": [
        Post(
            may=[BU, CHAIR.name, ACTION_OWNER.name],
            relations=(CHAIR, ACTION_OWNER),
            records=_action,
            data=lambda r: {**day("written_on", today()), "note": "Progress made."},
            files=lambda: {"evidence": pdf_upload("evidence.pdf")},
        ),
    ],
    "governance:action_complete": [
        Post(
            may=[BU, CHAIR.name, ACTION_OWNER.name],
            relations=(CHAIR, ACTION_OWNER),
            records=_action,
            data=lambda r: {"closing_note": "Done, and this is the impact."},
        ),
    ],
    "governance:action_cancel": [
        Post(
            may=[BU, CHAIR.name],
            relations=(CHAIR, ACTION_OWNER),
            records=_action,
            data=lambda r: {"reason": "Overtaken by the new strategy."},
        ),
    ],
    "governance:risk_create": [
        Post(
            may=[BU],
            records=lambda: records(risk=RiskFactory()),
            data=lambda r: {
                "title": "Posted risk",
                "description": "D.",
                "cause": "C.",
                "consequence": "C.",
                **day("review_date", today() + timedelta(days=90)),
            },
        ),
    ],
    "governance:risk_edit": [
        Post(
            may=[BU, RISK_OWNER.name],
            relations=(RISK_OWNER,),
            records=_risk,
            data=lambda r: {"title": "Changed"},
        ),
    ],
    "governance:document_create": [
        Post(
            may=[BU],
            records=_people,
            data=lambda r: {"title": "Posted policy", **day("review_date", today())},
        ),
    ],
    "governance:version_add": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": _version().document.pk}),
            files=lambda: {"file": pdf_upload("version.pdf")},
        ),
    ],
    # Signing: the partners' executive members and, for the yearly report, the scrutineer.
    "governance:version_detail": [
        Post(
            may=[SIGNATORY.name, SCRUTINEER],
            relations=(SIGNATORY,),
            records=lambda: _version(kind=Document.Kind.YEARLY_REPORT, send=True),
            data=lambda r: {"decision": "approve"},
            # An Executive member may sign documents, but not for a partner they are not
            # of: told so on the version's page, and nothing is recorded.
            other_refusals={EXEC: 302},
        ),
    ],
    "governance:version_send": [
        Post(may=[BU], records=_version, has_form=False),
    ],
    "governance:version_publish": [
        Post(
            may=[BU],
            records=lambda: _version(status=DocumentVersion.Status.SIGNED_OFF),
        ),
    ],
    "governance:version_sent_to_panel": [
        Post(
            may=[BU],
            records=lambda: _version(
                kind=Document.Kind.YEARLY_REPORT, status=DocumentVersion.Status.PUBLISHED
            ),
            data=lambda r: day("sent_to_panel_on", today()),
        ),
    ],
    "governance:contribution_add": [
        Post(
            may=[BU],
            records=lambda: records(agency=_statutory_agency()),
            data=lambda r: {"financial_year": "2025", "agency": str(r.agency.pk), "amount": "1000"},
        ),
    ],
    "governance:spend_add": [
        Post(may=[BU], data=lambda r: {"financial_year": "2025", "category": "training", "amount": "500"}),
    ],
    "governance:contribution_change": [
        Post(
            may=[BU],
            records=_contribution,
            data=lambda r: {"amount": "6000", "change_reason": "Uplift agreed."},
        ),
    ],
    "governance:contribution_withdraw": [
        Post(may=[BU], records=_contribution, data=lambda r: {"reason": "Entered twice."}),
    ],
    "governance:spend_change": [
        Post(
            may=[BU], records=_spend, data=lambda r: {"amount": "600", "change_reason": "Invoice corrected."}
        ),
    ],
    "governance:spend_withdraw": [
        Post(may=[BU], records=_spend, data=lambda r: {"reason": "Entered twice."}),
    ],
    "governance:escalation_create": [
        Post(
            may=[BU],
            records=lambda: records(agency=AgencyFactory()),
            data=lambda r: {
                "summary": "Posted disagreement",
                "details": "Details.",
                "agencies": [str(r.agency.pk)],
                **day("raised_on", today()),
                **day("stage_opened_on", today()),
            },
        ),
    ],
    "governance:escalation_edit": [
        Post(
            may=[BU],
            records=_escalation,
            data=lambda r: {
                "summary": "Changed summary",
                "agencies": [str(r.escalation.raised_by_agency_id)],
            },
        ),
    ],
    "governance:scrutiny_create": [
        Post(
            may=[BU, SCRUTINEER],
            data=lambda r: {
                "title": "Posted scrutiny",
                "summary": "A deep dive.",
                **day("carried_out_on", today()),
            },
        ),
    ],
    "governance:recommendation_add": [
        Post(
            may=[BU, SCRUTINEER],
            records=lambda: records(kwargs={"pk": ScrutinyActivityFactory().pk}),
            data=lambda r: {"text": "Do this better."},
        ),
    ],
    # Statutory reviews
    "reviews:incident_create": [
        Post(
            may=CASE_WORK,
            records=lambda: records(agency=AgencyFactory()),
            data=lambda r: {**day("aware_on", today() - timedelta(days=2)), "summary": "A factual summary."},
        ),
    ],
    "reviews:incident_edit": [
        Post(may=CASE_WORK, records=_incident, data=lambda r: {"summary": "A changed summary."}),
    ],
    "reviews:incident_notification": [
        Post(
            may=CASE_WORK,
            records=_incident,
            data=lambda r: {
                **day("notified_on", r.incident.aware_on + timedelta(days=1)),
                "late_notification_reason": "",
            },
        ),
    ],
    # An Executive member records their own partner's decision (SIGNATORY: the local
    # authority's); a role alone, with no partner agency, records none.
    "reviews:decision_create": [
        Post(
            may=[BU, SIGNATORY.name],
            relations=(SIGNATORY,),
            records=_incident,
            data=lambda r: {"rationale": "Meets the criteria.", **day("decided_on", r.incident.aware_on)},
        ),
    ],
    "reviews:decision_change": [
        Post(
            may=[BU, SIGNATORY.name],
            relations=(SIGNATORY,),
            records=_incident_with_decision,
            data=lambda r: {"change_reason": "The partner reconsidered.", "rationale": "Reconsidered."},
        ),
    ],
    "reviews:executive_decision": [
        Post(
            may=[BU, EXEC],
            records=lambda: records(kwargs=_incident_in_disagreement()),
            data=lambda r: {
                "executive_decision": "The Executive decides to hold one.",
                **day("decided_on", date(2026, 1, 2)),
            },
        ),
    ],
    "reviews:no_rapid_review": [
        Post(
            may=CASE_WORK,
            records=lambda: records(kwargs=_incident_without_rapid_review()),
            data=lambda r: {"no_rapid_review_reason": "The criteria are not met."},
        ),
    ],
    "reviews:incident_withdraw": [
        Post(may=CASE_WORK, records=_incident, data=lambda r: {"withdrawn_reason": "A duplicate."}),
    ],
    "reviews:incident_reinstate": [
        Post(
            may=CASE_WORK,
            records=lambda: records(kwargs=_withdrawn_incident()),
            data=lambda r: {"reason": "Withdrawn by mistake."},
        ),
    ],
    "reviews:other_child_create": [
        Post(may=CASE_WORK, records=_incident),
    ],
    "reviews:other_child_change": [
        Post(
            may=CASE_WORK,
            records=lambda: records(kwargs=_other_child()),
            data=lambda r: {"age_band": "1_to_4"},
        ),
    ],
    "reviews:other_child_remove": [
        Post(
            may=CASE_WORK,
            records=lambda: records(kwargs=_other_child()),
            data=lambda r: {"reason": "Recorded by mistake."},
        ),
    ],
    "reviews:panel_response": [
        Post(
            may=[BU, PANEL],
            records=lambda: records(kwargs=_incident_with_rapid_review_sent()),
            data=lambda r: {
                **day("panel_response_received_on", date(2026, 2, 2)),
                "panel_response": "The Panel agrees.",
            },
        ),
    ],
    "reviews:information_request_change": [
        Post(may=[BU, PANEL], records=_information_request, data=lambda r: {"request": "A changed request."}),
    ],
    "reviews:milestone_change": [
        Post(may=CASE_WORK, records=_milestone, data=lambda r: {"title": "A changed milestone"}),
    ],
    "reviews:national_recommendation_create": [
        Post(
            may=CASE_WORK,
            records=lambda: records(
                agency=AgencyFactory(), group=PartnershipGroupFactory(), person=PersonFactory()
            ),
            data=lambda r: {
                "national_review": "Child protection in England",
                "text": "Name who sees the child.",
                "new_theme": "Voice of the child",
                **day("due_date", today() + timedelta(days=60)),
            },
        ),
    ],
    "reviews:briefing_change": [
        Post(
            may=CASE_WORK,
            records=lambda: records(kwargs={"briefing_pk": SevenMinuteBriefingFactory().pk}),
            data=lambda r: {"title": "A changed title"},
        ),
    ],
    "reviews:rapid_review_findings": [
        Post(
            may=[BU, PANEL],
            records=_rapid_review,
            data=lambda r: {"immediate_actions": "Posted immediate actions."},
        ),
    ],
    "reviews:rapid_review_outcome": [
        Post(
            may=[BU, PANEL],
            records=_rapid_review,
            data=lambda r: {"outcome": "no_local_review", **day("partners_approved_on", date(2026, 1, 20))},
        ),
    ],
    "reviews:information_request_create": [
        Post(
            may=[BU, PANEL],
            records=_rapid_review,
            data=lambda r: {
                "request": "A chronology.",
                **day("requested_on", date(2026, 1, 2)),
                **day("due_on", date(2026, 1, 9)),
            },
        ),
    ],
    "reviews:information_received": [
        Post(
            may=[BU, PANEL],
            records=_information_request,
            data=lambda r: day("received_on", date(2026, 1, 8)),
        ),
    ],
    "reviews:local_review_edit": [
        Post(
            may=CASE_WORK,
            records=_local_review,
            data=lambda r: {"reviewers": "Two independent reviewers"},
            files=lambda: {"final_report": pdf_upload("final.pdf")},
        ),
    ],
    "reviews:local_review_publication": [
        Post(
            may=CASE_WORK,
            records=_local_review,
            data=lambda r: {"executive_route_decision": "Agreed by the Executive."},
        ),
    ],
    "reviews:milestone_create": [
        Post(
            may=CASE_WORK,
            records=_local_review,
            data=lambda r: {"title": "Practitioner event", **day("due_on", date(2026, 5, 1))},
        ),
    ],
    "reviews:milestone_complete": [
        Post(
            may=CASE_WORK,
            records=_milestone,
            data=lambda r: day("completed_on", date(2026, 2, 27)),
        ),
    ],
    "reviews:recommendation_create": [
        Post(
            may=CASE_WORK,
            records=_rapid_review,
            data=lambda r: {
                "text": "Share information sooner.",
                "new_theme": "Information sharing",
                **day("due_date", today() + timedelta(days=60)),
            },
        ),
    ],
    "reviews:briefing_create": [
        Post(
            may=CASE_WORK,
            records=_rapid_review,
            data=lambda r: {
                "title": "Safe sleep",
                "summary": "Anonymised learning.",
                **day("published_on", today()),
            },
            files=lambda: {"document": pdf_upload("briefing.pdf")},
        ),
    ],
    "reviews:spotlight": [
        Post(
            may=CASE_WORK,
            records=lambda: records(
                agency=AgencyFactory(), kwargs={"recommendation_pk": RecommendationFactory().pk}
            ),
            data=lambda r: {"evidence": "Audited and improved.", **day("presented_on", today())},
        ),
    ],
    # Priorities
    "priorities:cycle_create": [
        Post(
            may=[BU],
            data=lambda r: {
                "title": "Priorities 2026-28",
                **day("starts_on", date(2026, 4, 1)),
                **day("ends_on", date(2028, 3, 31)),
            },
        ),
    ],
    "priorities:cycle_edit": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": PriorityCycleFactory().pk}),
            data=lambda r: {"title": "Renamed cycle"},
        ),
    ],
    "priorities:area_create": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"cycle_pk": PriorityCycleFactory().pk}),
            data=lambda r: {"title": "Exploitation", "rationale": "The data shows it."},
        ),
    ],
    "priorities:area_edit": [
        Post(
            may=AREA_RUNNERS, relations=RUNS_AREA, records=_priority_area, data=lambda r: {"title": "Renamed"}
        ),
    ],
    "priorities:objective_create": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_area,
            data=lambda r: {"title": "Every family gets safe sleep advice"},
        ),
    ],
    "priorities:objective_edit": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_record(ObjectiveFactory),
            data=lambda r: {"title": "Changed objective"},
        ),
    ],
    "priorities:deliverable_create": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_objective,
            data=lambda r: {
                "objective": str(r.objective.pk),
                "title": "Publish a safe sleep guide",
                "owner": str(PersonFactory._meta.model.objects.order_by("pk").first().pk),
                **day("due_on", today() + timedelta(days=90)),
            },
        ),
    ],
    "priorities:deliverable_edit": [
        Post(
            may=AREA_RUNNERS,
            relations=(*RUNS_AREA, DELIVERABLE_OWNER),
            records=_deliverable,
            data=lambda r: {"title": "Changed deliverable"},
        ),
    ],
    "priorities:deliverable_forecast": [
        Post(
            may=[*AREA_RUNNERS, DELIVERABLE_OWNER.name],
            relations=(*RUNS_AREA, DELIVERABLE_OWNER),
            records=_deliverable,
            data=lambda r: {
                **day("forecast_on", r.deliverable.due_on + timedelta(days=30)),
                "reason": "Waiting for partners.",
            },
        ),
    ],
    "priorities:deliverable_status": [
        Post(
            may=[*AREA_RUNNERS, DELIVERABLE_OWNER.name],
            relations=(*RUNS_AREA, DELIVERABLE_OWNER),
            records=_deliverable,
            data=lambda r: {"status": "doing"},
        ),
    ],
    "priorities:deliverable_move": [
        Post(
            may=[*AREA_RUNNERS, DELIVERABLE_OWNER.name],
            relations=(*RUNS_AREA, DELIVERABLE_OWNER),
            records=_deliverable,
            data=lambda r: {"status": "doing"},
            has_form=False,
        ),
    ],
    "priorities:update_create": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_area,
            data=lambda r: {
                "rag": "green",
                "progress": "Two deliverables moved.",
                **day("written_on", today()),
            },
        ),
    ],
    "priorities:update_edit": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_record(ProgressUpdateFactory),
            data=lambda r: {"progress": "Corrected: three deliverables moved."},
        ),
    ],
    "priorities:ask_response": [
        Post(
            may=[BU, EXEC, PRIORITY_SPONSOR.name],
            relations=(PRIORITY_LEAD, PRIORITY_SPONSOR),
            records=_priority_record(ProgressUpdateFactory, ask="Fund a co-ordinator."),
            data=lambda r: {"ask_response": "Agreed."},
        ),
    ],
    "priorities:measure_create": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_area,
            data=lambda r: {
                "title": "New birth visits within 14 days",
                "unit": "%",
                "baseline": "82",
                **day("baseline_on", today() - timedelta(days=100)),
                "target": "95",
            },
        ),
    ],
    "priorities:measure_edit": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_record(OutcomeMeasureFactory),
            data=lambda r: {"title": "Renamed measure"},
        ),
    ],
    "priorities:measure_value_add": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_record(OutcomeMeasureFactory),
            data=lambda r: {**day("measured_on", today()), "value": "85"},
        ),
    ],
    "priorities:measure_value_edit": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_record(MeasureValueFactory, area_of=lambda value: value.measure.area),
            data=lambda r: {"value": "61"},
        ),
    ],
    "priorities:feedback_create": [
        Post(
            may=[*AREA_RUNNERS, roles.YOUNG_SCRUTINEER],
            relations=RUNS_AREA,
            records=_priority_area,
            data=lambda r: {
                "source": "young_scrutineers",
                **day("received_on", today()),
                "said": "Ask us first.",
            },
        ),
    ],
    "priorities:feedback_response": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_record(FeedbackFactory),
            data=lambda r: {"response": "We asked them first."},
        ),
    ],
    "priorities:feedback_edit": [
        Post(
            may=AREA_RUNNERS,
            relations=RUNS_AREA,
            records=_priority_record(FeedbackFactory),
            data=lambda r: {"said": "Corrected: ask us first."},
        ),
    ],
    # Reminders and the yearly report
    "reminders": [
        Post(may=[BU]),
    ],
    # Retention: the business unit erases a record past its period, once confirmed.
    "retention_erase": [
        Post(may=[BU], records=lambda: records(kwargs=listed_contact()), data=lambda r: {"confirm": "on"}),
    ],
    "reports:narrative_edit": [
        Post(
            may=REPORT_WRITERS,
            records=lambda: _report_year(key="scrutineer_statement"),
            data=lambda r: {"text": "The scrutineer's statement."},
        ),
        Post(
            label="a section only the business unit writes",
            may=[BU],
            records=lambda: _report_year(key="introduction"),
            data=lambda r: {"text": "An introduction."},
        ),
    ],
    # The multi-agency dataset
    "dataset:indicator_create": [
        Post(
            may=[BU],
            records=lambda: records(agency=AgencyFactory()),
            data=lambda r: {
                "code": "NEW-01",
                "title": "Contacts to children's social care",
                "definition": "Contacts received in the quarter.",
                "agency": str(r.agency.pk),
                "unit": Indicator.Unit.COUNT,
                "polarity": Indicator.Polarity.NEITHER,
                "theme": Indicator.Theme.FRONT_DOOR,
                "change_needing_comment": "20",
                "display_order": "100",
            },
        ),
    ],
    "dataset:indicator_edit": [
        Post(may=[BU], records=_dataset_indicator, data=lambda r: {"title": "A changed title"}),
    ],
    "dataset:indicator_retire": [
        Post(may=[BU], records=_dataset_indicator, data=lambda r: {"reason": "No longer collected."}),
    ],
    "dataset:return_for_period": [
        Post(may=RETURN_MAKERS, relations=(DATA_LEAD,), records=_dataset_not_started),
    ],
    "dataset:return_figures": [
        Post(
            may=RETURN_MAKERS,
            relations=(DATA_LEAD,),
            records=_dataset_draft,
            data=lambda r: {f"value_{r.value.indicator_id}": "12"},
        ),
    ],
    "dataset:return_upload": [
        Post(may=RETURN_MAKERS, relations=(DATA_LEAD,), records=_dataset_upload, files=_dataset_upload_files),
    ],
    "dataset:return_submit": [
        Post(may=RETURN_MAKERS, relations=(DATA_LEAD,), records=_dataset_ready_draft),
    ],
    "dataset:return_accept": [
        Post(may=[BU], relations=(DATA_LEAD,), records=_dataset_submitted),
    ],
    "dataset:return_send_back": [
        Post(
            may=[BU],
            relations=(DATA_LEAD,),
            records=_dataset_submitted,
            data=lambda r: {"reason": "Check Q2."},
        ),
    ],
    "dataset:value_send_back": [
        Post(
            may=[BU],
            relations=(DATA_LEAD,),
            records=_dataset_submitted_value,
            data=lambda r: {"reason": "Three times last quarter's figure."},
        ),
    ],
    "dataset:value_correct": [
        Post(
            may=RETURN_MAKERS,
            relations=(DATA_LEAD,),
            records=_dataset_accepted_value,
            data=lambda r: {"value": "75", "reason": "A typing slip."},
        ),
    ],
    "reports:render": [
        Post(may=[BU], records=_report_year, has_form=False),
    ],
    "reports:render_retry": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": make_render(status="failed").pk}),
            has_form=False,
        ),
    ],
    # The yearly report as a document (issue 16): the business unit shapes it, sends it
    # for sign-off, records its publication and sending, and records consent to be named.
    "reports:render_send": [Post(may=[BU], records=_report_ready_render, has_form=False)],
    "reports:checklist_reason": [
        Post(
            may=[BU],
            records=lambda: _report_year(item="funding"),
            data=lambda r: {"reason": "The partners agreed the budget after the year ended."},
        )
    ],
    "reports:not_applicable": [
        Post(
            may=[BU],
            records=lambda: _report_year(key="scrutiny_activity"),
            data=lambda r: {"reason": "The scrutineer's statement covers the year's scrutiny."},
        )
    ],
    "reports:not_applicable_withdraw": [
        Post(may=[BU], records=_report_marked_not_applicable, has_form=False)
    ],
    "reports:achievement_add": [
        Post(
            may=[BU],
            records=_report_year,
            data=lambda r: {
                "title": "Joint decisions",
                "what_we_did": "Three partners decided together.",
                "impact": "Earlier information sharing.",
                "position": "10",
            },
        )
    ],
    "reports:achievement_change": [
        Post(may=[BU], records=_report_achievement, data=lambda r: {"title": "Joint decisions, every time"})
    ],
    "reports:achievement_withdraw": [
        Post(may=[BU], records=_report_achievement, data=lambda r: {"reason": "Recorded twice."})
    ],
    "reports:representative_add": [
        Post(
            may=[BU],
            records=_report_partner_person,
            data=lambda r: {"partner": "local_authority", "person": str(r.person.pk), "standing": "lead"},
        )
    ],
    "reports:representative_withdraw": [
        Post(may=[BU], records=_report_representative, data=lambda r: {"reason": "The wrong partner."})
    ],
    "reports:cover": [
        Post(may=[BU], data=lambda r: {"short_line": "Working together to keep children safe"})
    ],
    "reports:consent_record": [
        Post(
            may=[BU],
            records=_report_young_scrutineer,
            data=lambda r: {**day("consent_given_on", date(2025, 5, 1)), "how_given": "Signed consent form"},
        )
    ],
    "reports:consent_withdraw": [
        Post(may=[BU], records=_report_consent, data=lambda r: {"reason": "They asked not to be named."})
    ],
    "reports:publication": [
        Post(
            may=[BU],
            records=_report_signed_off,
            data=lambda r: {
                **day("published_on", timezone.localdate()),
                "link": "https://example.org/yearly-report.pdf",
            },
        )
    ],
    "reports:sending": [
        Post(may=[BU], records=_report_published, data=lambda r: {**day("sent_on", timezone.localdate())})
    ],
    # Training (issue 15): the business unit runs it; people book and cancel their own
    # places; the links in emails work without signing in.
    "training:course_create": [
        Post(
            may=[BU],
            data=lambda r: {
                "title": "Neglect: seeing the signs",
                "summary": "Recognising neglect.",
                "audience": "Everyone",
                "level": "1",
                "format": "online",
                "learning_outcomes": "Spot neglect",
            },
        ),
    ],
    "training:course_edit": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": CourseFactory().pk}),
            data=lambda r: {"level": "3"},
        ),
    ],
    "training:session_create": [
        Post(
            may=[BU],
            records=lambda: records(course=CourseFactory()),
            data=lambda r: {
                "kind": "course",
                "course": str(r.course.pk),
                **day("day", today() + timedelta(days=10)),
                "start_time": "09:30",
                "end_time": "12:30",
                "capacity": "20",
            },
        ),
    ],
    "training:session_edit": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": TrainingSessionFactory().pk}),
            data=lambda r: {"capacity": "25"},
        ),
    ],
    "training:session_cancel": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": TrainingSessionFactory().pk}),
            data=lambda r: {"reason": "The trainer is ill."},
        ),
    ],
    "training:book_self": [
        Post(
            may=[roles.SUB_GROUP_CHAIR, roles.GROUP_MEMBER],
            records=lambda: records(kwargs={"pk": TrainingSessionFactory().pk}),
            has_form=False,
        ),
    ],
    "training:book_person": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": TrainingSessionFactory().pk}, person=PersonFactory()),
            data=lambda r: {"person": str(r.person.pk)},
        ),
    ],
    "training:booking_cancel": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": TrainingBookingFactory().pk}),
            has_form=False,
        ),
    ],
    "training:session_attendance": [
        Post(
            may=[BU],
            records=lambda: _training_booking(session=PastTrainingSessionFactory()),
            data=lambda r: {"attended": [str(r.booking.pk)]},
        ),
    ],
    "training:session_evaluations": [
        Post(
            may=[BU],
            records=lambda: _training_booking(),
            data=lambda r: {"stage": "before"},
        ),
    ],
    "training:evaluate": [
        Post(
            may=[NO_ROLE, *roles.ALL_ROLES],
            public=True,
            records=lambda: records(
                kwargs={"token": training_services.evaluation_token(EvaluationFactory())}
            ),
            data=lambda r: {"confidence": "4", "usefulness": "5", "practice_change": "Ask sooner."},
        ),
    ],
    "training:unsubscribe": [
        Post(
            may=[NO_ROLE, *roles.ALL_ROLES],
            public=True,
            records=lambda: records(kwargs={"token": training_services.unsubscribe_token(PersonFactory())}),
        ),
    ],
    "training:resource_create": [
        Post(
            may=[BU],
            data=lambda r: {
                "title": "Neglect toolkit",
                "kind": "guide",
                "summary": "Tools.",
                "topic": "Neglect",
                "audience": "Everyone",
                **day("published_on", today()),
            },
        ),
    ],
    "training:resource_edit": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": ResourceFactory().pk}),
            data=lambda r: {"topic": "Harm"},
        ),
    ],
    "training:bulletin_create": [
        Post(may=[BU], data=lambda r: {"title": "November bulletin"}),
    ],
    "training:bulletin_edit": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": BulletinFactory().pk}),
            data=lambda r: {"title": "New"},
        ),
    ],
    "training:section_add": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": BulletinFactory().pk}),
            data=lambda r: {"heading": "News", "body": "Some news."},
        ),
    ],
    "training:section_edit": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": BulletinSectionFactory().pk}),
            data=lambda r: {"heading": "Changed"},
        ),
    ],
    "training:bulletin_send": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": BulletinSectionFactory().bulletin_id}),
            has_form=False,
        ),
    ],
    "training:needs_create": [
        Post(
            may=[BU],
            records=lambda: records(agency=AgencyFactory()),
            data=lambda r: {
                "year": "2040",
                **day("due_on", today() + timedelta(days=30)),
                "agencies": [str(r.agency.pk)],
            },
        ),
    ],
    "training:need_add": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": NeedsAnalysisFactory().pk}),
            data=lambda r: {"topic": "Exploitation", "level": "2", "staff": "12"},
        ),
    ],
    "training:need_edit": [
        Post(
            may=[BU],
            records=lambda: records(kwargs={"pk": NeedsResponseFactory().pk}),
            data=lambda r: {"staff": "30"},
        ),
    ],
}

# Nobody signed in: every POST is sent to sign in first.
assert ANONYMOUS not in {who for cases in POSTS.values() for case in cases for who in case.may}
