"""Who may do what in the dataset, role by role. Agency data leads see and submit their
own agency's returns only; the business unit keeps the catalogue and reviews returns;
the Executive, sub-group chairs and the scrutineer read statuses and accepted figures;
other roles have no part in it."""

import pytest

from dataset.models import QuarterlyReturn, ReturnValue
from governance import roles
from governance.visibility import hidden_fields
from tests.dataset.factories import ReturnValueFactory
from tests.governance.factories import PersonFactory

pytestmark = pytest.mark.django_db

OUTSIDERS = [roles.GROUP_MEMBER, roles.YOUNG_SCRUTINEER, roles.RAPID_REVIEW_PANEL]
READERS = [roles.EXECUTIVE_MEMBER, roles.SUB_GROUP_CHAIR, roles.INDEPENDENT_SCRUTINEER]
FIGURES = {"value", "numerator", "denominator", "comment", "returned_reason"}


@pytest.fixture
def value():
    return ReturnValueFactory(quarterly_return__status=QuarterlyReturn.Status.SUBMITTED)


def lead_of(make_user, agency):
    user = make_user(roles.AGENCY_DATA_LEAD)
    PersonFactory(user=user, agency=agency)
    return user


@pytest.mark.parametrize("role", OUTSIDERS)
def test_roles_outside_the_dataset_may_not_use_it(make_user, role, value):
    user = make_user(role)
    assert not user.has_perm("dataset.access_area")
    assert not user.has_perm("dataset.view_quarterlyreturn", value.quarterly_return)
    assert not user.has_perm("dataset.export")


@pytest.mark.parametrize("role", READERS)
def test_readers_see_every_return_but_change_none(make_user, role, value):
    user = make_user(role)
    found = value.quarterly_return
    assert user.has_perm("dataset.view_quarterlyreturn", found)
    assert not user.has_perm("dataset.change_quarterlyreturn", found)
    assert not user.has_perm("dataset.review_return", found)
    assert not user.has_perm("dataset.correct_value", value)
    assert not user.has_perm("dataset.change_indicator")


@pytest.mark.parametrize("role", READERS)
def test_readers_do_not_see_a_figure_before_it_is_accepted(make_user, role, value):
    user = make_user(role)
    assert hidden_fields(user, value) == FIGURES
    value.status = ReturnValue.Status.ACCEPTED
    assert hidden_fields(user, value) == frozenset()


def test_a_data_lead_sees_and_changes_their_own_agencys_return(make_user, value):
    user = lead_of(make_user, value.quarterly_return.agency)
    found = value.quarterly_return
    assert user.has_perm("dataset.view_quarterlyreturn", found)
    assert user.has_perm("dataset.change_quarterlyreturn", found)
    assert user.has_perm("dataset.make_return", found.agency)
    assert hidden_fields(user, value) == frozenset()
    assert not user.has_perm("dataset.review_return", found)
    assert not user.has_perm("dataset.change_indicator")


def test_a_data_lead_neither_sees_nor_changes_another_agencys_return(make_user, value):
    user = lead_of(make_user, PersonFactory().agency)
    found = value.quarterly_return
    assert not user.has_perm("dataset.view_quarterlyreturn", found)
    assert not user.has_perm("dataset.view_returnvalue", value)
    assert not user.has_perm("dataset.change_quarterlyreturn", found)
    assert not user.has_perm("dataset.make_return", found.agency)
    assert not user.has_perm("dataset.correct_value", value)


def test_a_data_lead_with_no_agency_sees_no_return(make_user, value):
    user = make_user(roles.AGENCY_DATA_LEAD)
    assert user.has_perm("dataset.access_area")
    assert not user.has_perm("dataset.view_quarterlyreturn", value.quarterly_return)


def test_the_business_unit_keeps_the_catalogue_and_reviews(make_user, value):
    user = make_user(roles.BUSINESS_UNIT)
    assert user.has_perm("dataset.change_indicator")
    assert user.has_perm("dataset.review_return", value.quarterly_return)
    assert user.has_perm("dataset.correct_value", value)
    assert hidden_fields(user, value) == frozenset()
