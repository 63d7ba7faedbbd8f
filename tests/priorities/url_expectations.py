"""Every priorities page, as each kind of visitor. Every role reads the plans; the
business unit changes any of them (a priority's leads, sponsor and deliverable owners
are people, not roles: tests/priorities/test_permissions.py covers them)."""

from governance import roles
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
from tests.url_matrix import ANY_ROLE, Expect, allowed

BU = [roles.BUSINESS_UNIT]
FEEDBACK_WRITERS = [roles.BUSINESS_UNIT, roles.YOUNG_SCRUTINEER]
EXECUTIVE = [roles.BUSINESS_UNIT, roles.EXECUTIVE_MEMBER]


def _pk(factory, **fields):
    return lambda: {"pk": factory(**fields).pk}


def _area_with_objective():
    return {"pk": ObjectiveFactory().area_id}


EXPECTATIONS = {
    # "priorities:index" is in tests/thscp/url_expectations.py (every area's index page).
    "priorities:summary": Expect(allowed(ANY_ROLE)),
    "priorities:cycle_create": Expect(allowed(BU)),
    "priorities:cycle_edit": Expect(allowed(BU), _pk(PriorityCycleFactory)),
    "priorities:area_create": Expect(allowed(BU), lambda: {"cycle_pk": PriorityCycleFactory().pk}),
    "priorities:area_detail": Expect(allowed(ANY_ROLE), _pk(PriorityAreaFactory)),
    "priorities:area_edit": Expect(allowed(BU), _pk(PriorityAreaFactory)),
    "priorities:board": Expect(allowed(ANY_ROLE), _pk(PriorityAreaFactory)),
    "priorities:area_csv": Expect(allowed(ANY_ROLE), _pk(PriorityAreaFactory)),
    "priorities:objective_create": Expect(allowed(BU), _pk(PriorityAreaFactory)),
    "priorities:objective_edit": Expect(allowed(BU), _pk(ObjectiveFactory)),
    "priorities:deliverable_create": Expect(allowed(BU), _area_with_objective),
    "priorities:deliverable_detail": Expect(allowed(ANY_ROLE), _pk(DeliverableFactory)),
    "priorities:deliverable_edit": Expect(allowed(BU), _pk(DeliverableFactory)),
    "priorities:deliverable_forecast": Expect(allowed(BU), _pk(DeliverableFactory)),
    "priorities:deliverable_status": Expect(allowed(BU), _pk(DeliverableFactory)),
    # A card moved on the board: POST only.
    "priorities:deliverable_move": Expect(allowed(ANY_ROLE, denied=405, ok=405), _pk(DeliverableFactory)),
    "priorities:update_create": Expect(allowed(BU), _pk(PriorityAreaFactory)),
    "priorities:update_detail": Expect(allowed(ANY_ROLE), _pk(ProgressUpdateFactory)),
    "priorities:update_edit": Expect(allowed(BU), _pk(ProgressUpdateFactory)),
    "priorities:ask_response": Expect(allowed(EXECUTIVE), _pk(ProgressUpdateFactory, ask="Fund a post.")),
    "priorities:measure_create": Expect(allowed(BU), _pk(PriorityAreaFactory)),
    "priorities:measure_detail": Expect(allowed(ANY_ROLE), _pk(OutcomeMeasureFactory)),
    "priorities:measure_edit": Expect(allowed(BU), _pk(OutcomeMeasureFactory)),
    "priorities:measure_value_add": Expect(allowed(BU), _pk(OutcomeMeasureFactory)),
    "priorities:measure_value_edit": Expect(allowed(BU), _pk(MeasureValueFactory)),
    "priorities:feedback_create": Expect(allowed(FEEDBACK_WRITERS), _pk(PriorityAreaFactory)),
    "priorities:feedback_detail": Expect(allowed(ANY_ROLE), _pk(FeedbackFactory)),
    "priorities:feedback_response": Expect(allowed(BU), _pk(FeedbackFactory)),
    "priorities:feedback_edit": Expect(allowed(BU), _pk(FeedbackFactory)),
}
