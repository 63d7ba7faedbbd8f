from governance import roles
from governance.models import ActionUpdate, AgendaItem, ScrutinyRecommendation
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
from tests.url_matrix import ANONYMOUS, ANY_ROLE, EVERYONE, Expect, allowed

BU = [roles.BUSINESS_UNIT]
CONTACTS_ROLES = [
    roles.BUSINESS_UNIT,
    roles.EXECUTIVE_MEMBER,
    roles.SUB_GROUP_CHAIR,
    roles.INDEPENDENT_SCRUTINEER,
]
# Read every group, meeting and action (young scrutineers: the public parts).
PUBLIC_READERS = [*CONTACTS_ROLES, roles.YOUNG_SCRUTINEER]
OVERSIGHT = [roles.BUSINESS_UNIT, roles.EXECUTIVE_MEMBER, roles.INDEPENDENT_SCRUTINEER]
SCRUTINY_WRITERS = [roles.BUSINESS_UNIT, roles.INDEPENDENT_SCRUTINEER]


def hidden(readers, writers=None):
    """A record page: `writers` get 200, other readers 403, everyone else 404."""
    writers = readers if writers is None else writers

    def status(who):
        if who == ANONYMOUS:
            return 302
        if who in writers:
            return 200
        return 403 if who in readers else 404

    return status


def _history():
    return {"app_label": "governance", "model_name": "person", "pk": PersonFactory().pk}


def _group():
    return {"slug": PartnershipGroupFactory().slug}


def _group_with_terms():
    group = PartnershipGroupFactory(
        terms_of_reference_document=pdf_upload(), terms_of_reference_document_name="t.pdf"
    )
    return {"slug": group.slug}


def _executive():
    executive_group()
    return {}


def _pk(factory):
    return lambda: {"pk": factory().pk}


def _paper():
    item = AgendaItem.objects.create(meeting=MeetingFactory(), title="Report", paper=pdf_upload())
    return {"pk": item.pk}


def _record_meeting_status(who):
    if who == ANONYMOUS:
        return 302
    return 404 if who in ANY_ROLE else 403


def _agenda_item():
    return {"pk": AgendaItem.objects.create(meeting=MeetingFactory(), title="Report").pk}


def _decision():
    from governance.models import MeetingDecision

    return {"pk": MeetingDecision.objects.create(meeting=MeetingFactory(), text="Agreed.").pk}


def _contribution():
    from governance.models import Agency, BudgetContribution

    agency = Agency.objects.filter(statutory_partner=Agency.StatutoryPartner.POLICE).first() or AgencyFactory(
        statutory_partner=Agency.StatutoryPartner.POLICE
    )
    line, _ = BudgetContribution.objects.get_or_create(
        financial_year=2025, agency=agency, defaults={"amount": 5000}
    )
    return {"pk": line.pk}


def _spend():
    from governance.models import BudgetSpend

    line, _ = BudgetSpend.objects.get_or_create(
        financial_year=2025, category=BudgetSpend.Category.TRAINING, defaults={"amount": 500}
    )
    return {"pk": line.pk}


def _evidence():
    update = ActionUpdate.objects.create(
        action=ActionFactory(), note="Done", evidence=pdf_upload(), author=UserFactory()
    )
    return {"pk": update.pk}


def _document():
    from governance.models import Document

    return Document.objects.create(
        title="Threshold document", kind=Document.Kind.THRESHOLD, owner=PersonFactory()
    )


def _signed_off_version():
    return _version(status="signed_off")


def _version(status="draft"):
    from governance.models import DocumentVersion

    version = DocumentVersion.objects.create(
        document=_document(),
        number=1,
        file=pdf_upload(),
        file_name="threshold.pdf",
        sha256="a" * 64,
        created_by=UserFactory(),
        status=status,
    )
    return {"pk": version.pk}


def _published_document():
    from governance.models import DocumentVersion

    version = DocumentVersion.objects.get(pk=_version(status="published")["pk"])
    return {"pk": version.document_id}


def _scrutiny_with_recommendation():
    activity = ScrutinyActivityFactory()
    ScrutinyRecommendation.objects.create(activity=activity, text="Do better.")
    return {"pk": activity.pk}


EXPECTATIONS = {
    "home": Expect(allowed(EVERYONE)),
    "accessibility": Expect(lambda who: 200),
    "governance:index": Expect(allowed(ANY_ROLE)),
    "governance:profile": Expect(allowed(EVERYONE)),
    # A record one may not see is answered as if it did not exist.
    "governance:history": Expect(allowed(CONTACTS_ROLES, denied=404), _history),
    "governance:group_list": Expect(allowed(ANY_ROLE)),
    "governance:group_create": Expect(allowed(BU)),
    "governance:group_detail": Expect(hidden(PUBLIC_READERS), _group),
    "governance:group_edit": Expect(hidden(PUBLIC_READERS, BU), _group),
    "governance:group_terms_document": Expect(hidden(PUBLIC_READERS), _group_with_terms),
    "governance:meeting_create": Expect(hidden(PUBLIC_READERS, BU), _group),
    "governance:chair_term_add": Expect(allowed(BU), _executive),
    "governance:person_list": Expect(allowed(CONTACTS_ROLES)),
    "governance:person_create": Expect(allowed(BU)),
    "governance:person_edit": Expect(allowed(BU), _pk(PersonFactory)),
    "governance:agency_list": Expect(allowed(ANY_ROLE)),
    "governance:account_list": Expect(allowed(BU)),
    "governance:account_create": Expect(allowed(BU)),
    "governance:account_edit": Expect(allowed(BU), lambda: {"pk": UserFactory().pk}),
    # Clearing is POST-only: a GET is refused as the wrong method to those who may clear.
    "governance:account_clear_two_factor_lockout": Expect(
        allowed(BU, ok=405), lambda: {"pk": UserFactory().pk}
    ),
    "governance:agency_create": Expect(allowed(BU)),
    "governance:agency_edit": Expect(allowed(BU), _pk(AgencyFactory)),
    "governance:person_detail": Expect(allowed(CONTACTS_ROLES, denied=404), _pk(PersonFactory)),
    "governance:meeting_list": Expect(allowed(ANY_ROLE)),
    # Without ?group= there is no group to record a meeting of: not found, for those who may
    # use governance at all.
    "governance:meeting_record": Expect(_record_meeting_status),
    "governance:meeting_detail": Expect(hidden(PUBLIC_READERS), _pk(MeetingFactory)),
    "governance:meeting_edit": Expect(hidden(PUBLIC_READERS, BU), _pk(MeetingFactory)),
    "governance:meeting_attendance": Expect(hidden(PUBLIC_READERS, BU), _pk(MeetingFactory)),
    "governance:agenda_item_add": Expect(hidden(PUBLIC_READERS, BU), _pk(MeetingFactory)),
    "governance:decision_add": Expect(hidden(PUBLIC_READERS, BU), _pk(MeetingFactory)),
    "governance:agenda_paper": Expect(hidden(PUBLIC_READERS), _paper),
    "governance:agenda_item_change": Expect(hidden(PUBLIC_READERS, BU), _agenda_item),
    "governance:agenda_item_withdraw": Expect(hidden(PUBLIC_READERS, BU), _agenda_item),
    "governance:decision_change": Expect(hidden(PUBLIC_READERS, BU), _decision),
    "governance:decision_withdraw": Expect(hidden(PUBLIC_READERS, BU), _decision),
    "governance:action_list": Expect(allowed(ANY_ROLE)),
    "governance:action_create": Expect(allowed(BU)),
    "governance:action_detail": Expect(hidden(PUBLIC_READERS), _pk(ActionFactory)),
    "governance:action_edit": Expect(hidden(PUBLIC_READERS, BU), _pk(ActionFactory)),
    "governance:action_progress": Expect(hidden(PUBLIC_READERS, BU), _pk(ActionFactory)),
    "governance:action_complete": Expect(hidden(PUBLIC_READERS, BU), _pk(ActionFactory)),
    "governance:action_cancel": Expect(hidden(PUBLIC_READERS, BU), _pk(ActionFactory)),
    "governance:action_evidence": Expect(hidden(PUBLIC_READERS), _evidence),
    "governance:risk_list": Expect(allowed(OVERSIGHT)),
    "governance:risk_create": Expect(allowed(BU)),
    "governance:risk_detail": Expect(allowed(OVERSIGHT, denied=404), _pk(RiskFactory)),
    "governance:risk_edit": Expect(hidden(OVERSIGHT, BU), _pk(RiskFactory)),
    "governance:document_list": Expect(allowed(OVERSIGHT)),
    "governance:document_create": Expect(allowed(BU)),
    "governance:document_detail": Expect(allowed(OVERSIGHT, denied=404), lambda: {"pk": _document().pk}),
    "governance:version_add": Expect(hidden(OVERSIGHT, BU), lambda: {"pk": _document().pk}),
    "governance:version_detail": Expect(allowed(OVERSIGHT, denied=404), _version),
    "governance:version_file": Expect(allowed(OVERSIGHT, denied=404), _version),
    # Publishing and sending are POST-only: a GET is not found for anyone who may see the version.
    "governance:version_send": Expect(allowed([], denied=404), _version),
    # Publishing is confirmed on its own page; a version not signed off goes back to its page.
    "governance:version_publish": Expect(hidden(OVERSIGHT, BU), _signed_off_version),
    "governance:version_sent_to_panel": Expect(hidden(OVERSIGHT, BU), _version),
    "governance:published_file": Expect(allowed(ANY_ROLE), _published_document),
    "governance:budget": Expect(allowed(OVERSIGHT)),
    "governance:contribution_add": Expect(allowed(BU)),
    "governance:spend_add": Expect(allowed(BU)),
    "governance:contribution_change": Expect(allowed(BU), _contribution),
    "governance:contribution_withdraw": Expect(allowed(BU), _contribution),
    "governance:spend_change": Expect(allowed(BU), _spend),
    "governance:spend_withdraw": Expect(allowed(BU), _spend),
    "governance:escalation_list": Expect(allowed(OVERSIGHT)),
    "governance:escalation_create": Expect(allowed(BU)),
    "governance:escalation_detail": Expect(allowed(OVERSIGHT, denied=404), _pk(EscalationFactory)),
    "governance:escalation_edit": Expect(hidden(OVERSIGHT, BU), _pk(EscalationFactory)),
    "governance:scrutiny_list": Expect(allowed(OVERSIGHT)),
    "governance:scrutiny_create": Expect(allowed(SCRUTINY_WRITERS)),
    "governance:scrutiny_detail": Expect(allowed(OVERSIGHT, denied=404), _scrutiny_with_recommendation),
    "governance:recommendation_add": Expect(
        hidden(OVERSIGHT, SCRUTINY_WRITERS), _pk(ScrutinyActivityFactory)
    ),
}
