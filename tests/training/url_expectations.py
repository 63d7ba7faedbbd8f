"""Every training page, as each kind of visitor. Managing is the business unit's;
results are for those who oversee the partnership; a person's own booking (certificate)
answers 404 to anyone else; the links in emails work without signing in."""

from django.utils import timezone

from governance import roles
from tests.governance.factories import PersonFactory
from tests.training.factories import (
    BookingFactory,
    BulletinFactory,
    BulletinSectionFactory,
    CourseFactory,
    EvaluationFactory,
    NeedsAnalysisFactory,
    NeedsResponseFactory,
    PastSessionFactory,
    ResourceFactory,
    SessionFactory,
)
from tests.url_matrix import ANONYMOUS, ANY_ROLE, Expect, allowed
from training import services

BU = [roles.BUSINESS_UNIT]
RESULTS = [roles.BUSINESS_UNIT, roles.EXECUTIVE_MEMBER, roles.SUB_GROUP_CHAIR, roles.INDEPENDENT_SCRUTINEER]
NEEDS = [roles.BUSINESS_UNIT, roles.AGENCY_DATA_LEAD]


def post_only(who):
    return 302 if who == ANONYMOUS else 405


def public(ok=200):
    return lambda who: ok


def hidden_from_others(roles_allowed):
    return lambda who: 200 if who in roles_allowed else (302 if who == ANONYMOUS else 404)


def _pk(factory, **fields):
    return lambda: {"pk": factory(**fields).pk}


def _sent_bulletin():
    bulletin = BulletinSectionFactory().bulletin
    bulletin.status, bulletin.sent_at = "sent", timezone.now()
    bulletin.save()
    return {"pk": bulletin.pk}


def _evaluation_token():
    return {"token": services.evaluation_token(EvaluationFactory())}


def _unsubscribe_token():
    return {"token": services.unsubscribe_token(PersonFactory())}


EXPECTATIONS = {
    "training:past_sessions": Expect(allowed(ANY_ROLE)),
    "training:attendance": Expect(allowed(BU)),
    "training:course_list": Expect(allowed(ANY_ROLE)),
    "training:course_create": Expect(allowed(BU)),
    "training:course_detail": Expect(allowed(ANY_ROLE), _pk(CourseFactory)),
    "training:course_edit": Expect(allowed(BU), _pk(CourseFactory)),
    "training:course_results": Expect(allowed(RESULTS), _pk(CourseFactory)),
    "training:session_create": Expect(allowed(BU)),
    "training:session_detail": Expect(allowed(ANY_ROLE), _pk(SessionFactory)),
    "training:session_edit": Expect(allowed(BU), _pk(SessionFactory)),
    "training:session_cancel": Expect(allowed(BU), _pk(SessionFactory)),
    "training:book_self": Expect(post_only, _pk(SessionFactory)),
    "training:book_person": Expect(allowed(BU), _pk(SessionFactory)),
    "training:session_attendance": Expect(allowed(BU), _pk(PastSessionFactory)),
    "training:session_evaluations": Expect(allowed(BU), _pk(SessionFactory)),
    "training:session_results": Expect(allowed(RESULTS), _pk(PastSessionFactory)),
    "training:booking_cancel": Expect(post_only, _pk(BookingFactory)),
    "training:certificate": Expect(
        hidden_from_others(BU), lambda: {"pk": BookingFactory(session=PastSessionFactory(), attended=True).pk}
    ),
    "training:evaluate": Expect(public(), _evaluation_token),
    "training:unsubscribe": Expect(public(), _unsubscribe_token),
    "training:library": Expect(allowed(ANY_ROLE)),
    "training:resource_create": Expect(allowed(BU)),
    "training:resource_edit": Expect(allowed(BU), _pk(ResourceFactory)),
    "training:bulletin_list": Expect(allowed(ANY_ROLE)),
    "training:bulletin_create": Expect(allowed(BU)),
    "training:bulletin_detail": Expect(allowed(ANY_ROLE), _sent_bulletin),
    "training:bulletin_edit": Expect(allowed(BU), _pk(BulletinFactory)),
    "training:section_add": Expect(allowed(BU), _pk(BulletinFactory)),
    "training:section_edit": Expect(allowed(BU), _pk(BulletinSectionFactory)),
    "training:bulletin_send": Expect(post_only, _pk(BulletinFactory)),
    "training:needs_list": Expect(allowed(NEEDS)),
    "training:needs_create": Expect(allowed(BU)),
    "training:needs_detail": Expect(allowed(NEEDS), _pk(NeedsAnalysisFactory)),
    "training:need_add": Expect(
        lambda who: {roles.BUSINESS_UNIT: 200, roles.AGENCY_DATA_LEAD: 404, ANONYMOUS: 302}.get(who, 403),
        _pk(NeedsAnalysisFactory),
    ),
    "training:need_edit": Expect(hidden_from_others(BU), _pk(NeedsResponseFactory)),
}
