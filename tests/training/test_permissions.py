"""Who may do what in training, role by role (training/rules.py), and that pages ask
the same rules."""

import pytest
from django.urls import reverse

from governance import roles
from tests.governance.factories import PersonFactory
from tests.training.factories import BookingFactory, BulletinFactory, NeedsResponseFactory, PastSessionFactory

pytestmark = pytest.mark.django_db

RESULTS = {roles.BUSINESS_UNIT, roles.EXECUTIVE_MEMBER, roles.SUB_GROUP_CHAIR, roles.INDEPENDENT_SCRUTINEER}


def test_only_the_business_unit_manages_training(make_user, role):
    assert make_user(role).has_perm("training.manage") == (role == roles.BUSINESS_UNIT)


def test_results_are_for_those_who_oversee(make_user, role):
    assert make_user(role).has_perm("training.view_results") == (role in RESULTS)


def test_every_role_in_the_directory_books_themselves(make_user, role):
    user = make_user(role)
    assert not user.has_perm("training.book_self")
    PersonFactory(user=user)
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("training.book_self")


def test_a_person_cancels_only_their_own_booking(make_user):
    user = make_user(roles.GROUP_MEMBER)
    mine = BookingFactory(person=PersonFactory(user=user))
    assert user.has_perm("training.cancel_booking", mine)
    assert not user.has_perm("training.cancel_booking", BookingFactory())


def test_cancelling_someone_elses_booking_is_not_found(client, make_user):
    user = make_user(roles.GROUP_MEMBER)
    PersonFactory(user=user)
    other = BookingFactory()
    client.force_login(user)
    assert client.post(reverse("training:booking_cancel", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == "booked"


def test_a_draft_bulletin_is_the_business_units(client, make_user):
    draft = BulletinFactory()
    client.force_login(make_user(roles.GROUP_MEMBER))
    assert client.get(reverse("training:bulletin_detail", args=[draft.pk])).status_code == 404
    history = reverse("governance:history", args=["training", "bulletin", draft.pk])
    assert client.get(history).status_code == 404


def test_a_data_lead_changes_only_their_own_agencys_needs(client, make_user):
    lead = make_user(roles.AGENCY_DATA_LEAD)
    person = PersonFactory(user=lead)
    mine = NeedsResponseFactory(analysis__agencies=[person.agency])
    theirs = NeedsResponseFactory()
    client.force_login(lead)
    assert client.get(reverse("training:need_edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("training:need_edit", args=[theirs.pk])).status_code == 404


def test_evaluation_history_hides_the_link_secret_and_is_the_business_units(client, make_user):
    from tests.training.factories import EvaluationFactory

    evaluation = EvaluationFactory()
    history = reverse("governance:history", args=["training", "evaluation", evaluation.pk])
    client.force_login(make_user(roles.EXECUTIVE_MEMBER))
    assert client.get(history).status_code == 404
    client.force_login(make_user(roles.BUSINESS_UNIT))
    page = client.get(history)
    assert page.status_code == 200
    assert evaluation.nonce.hex not in page.content.decode()


def test_attendance_page_is_refused_to_other_roles(client, make_user):
    session = PastSessionFactory()
    client.force_login(make_user(roles.GROUP_MEMBER))
    assert client.get(reverse("training:session_attendance", args=[session.pk])).status_code == 403
