"""Every dataset page, as each kind of visitor. The area is for the business unit, the
Executive, sub-group chairs, the independent scrutineer and agency data leads; others
get 403. A return is hidden (404) from a data lead of another agency (the test's data
lead has no agency); those who read the whole dataset but may not change a return get
403 on its forms."""

from governance import roles
from tests.dataset.factories import (
    IndicatorFactory,
    QuarterlyReturnFactory,
    accepted_value,
    submitted_return,
)
from tests.url_matrix import ANONYMOUS, Expect, allowed

AREA = [
    roles.BUSINESS_UNIT,
    roles.EXECUTIVE_MEMBER,
    roles.SUB_GROUP_CHAIR,
    roles.INDEPENDENT_SCRUTINEER,
    roles.AGENCY_DATA_LEAD,
]
READERS = [roles.BUSINESS_UNIT, roles.EXECUTIVE_MEMBER, roles.SUB_GROUP_CHAIR, roles.INDEPENDENT_SCRUTINEER]
BUSINESS_UNIT = [roles.BUSINESS_UNIT]


def return_page(roles_allowed):
    """200 for the roles allowed; 404 for a data lead of another agency; 403 for others."""

    def status(who):
        if who in roles_allowed:
            return 200
        if who == ANONYMOUS:
            return 302
        if who == roles.AGENCY_DATA_LEAD:
            return 404
        return 403

    return status


def _indicator():
    return {"pk": IndicatorFactory().pk}


def _draft():
    return {"pk": QuarterlyReturnFactory().pk}


def _submitted():
    return {"pk": submitted_return().pk}


def _submitted_value():
    return {"pk": submitted_return().values.get().pk}


def _accepted_value():
    return {"pk": accepted_value().pk}


def _not_started():
    indicator = IndicatorFactory()
    return {"agency_pk": indicator.agency_id, "year": 2025, "quarter": 2}


EXPECTATIONS = {
    "dataset:summary": Expect(allowed(AREA)),
    "dataset:summary_csv": Expect(allowed(AREA)),
    "dataset:summary_xlsx": Expect(allowed(AREA)),
    "dataset:indicator_list": Expect(allowed(AREA)),
    "dataset:indicator_create": Expect(allowed(BUSINESS_UNIT)),
    "dataset:indicator_detail": Expect(allowed(AREA), _indicator),
    "dataset:indicator_edit": Expect(allowed(BUSINESS_UNIT), _indicator),
    "dataset:indicator_retire": Expect(allowed(BUSINESS_UNIT), _indicator),
    "dataset:return_list": Expect(allowed(AREA)),
    "dataset:return_for_period": Expect(return_page(BUSINESS_UNIT), _not_started),
    "dataset:return_detail": Expect(return_page(READERS), _draft),
    "dataset:return_figures": Expect(return_page(BUSINESS_UNIT), _draft),
    "dataset:return_workbook": Expect(return_page(BUSINESS_UNIT), _draft),
    "dataset:return_upload": Expect(return_page(BUSINESS_UNIT), _draft),
    "dataset:return_submit": Expect(return_page(BUSINESS_UNIT), _draft),
    "dataset:return_accept": Expect(return_page(BUSINESS_UNIT), _submitted),
    "dataset:return_send_back": Expect(return_page(BUSINESS_UNIT), _submitted),
    "dataset:value_send_back": Expect(return_page(BUSINESS_UNIT), _submitted_value),
    "dataset:value_correct": Expect(return_page(BUSINESS_UNIT), _accepted_value),
}
