"""Who may do what in training and learning.

- Everyone with a role reads the offer (courses, sessions), the library and sent
  bulletins, and books themselves on a session (if they are in the contacts directory).
- The business unit runs it all: courses, sessions, bookings for anyone in the contacts
  directory, attendance, evaluation requests, bulletins, the library and the needs
  analysis.
- A person cancels their own booking and downloads their own certificate.
- Evaluation results (counts and confidence, never who answered) are for the business
  unit, the Executive, sub-group chairs (the Effective Learning Group's chair among
  them) and the independent scrutineer.
- An agency's data lead answers the needs analysis for their own agency.
- Evaluation answers are never shown with a name: their History is the business
  unit's, and the link's secret part is hidden from everyone.
- Which review a webinar came from is shown only to those who may see cases.
"""

import rules

from governance.learning_from import may_see_sources
from governance.rules import (
    has_any_role,
    is_agency_data_lead,
    is_business_unit,
    is_executive_member,
    is_independent_scrutineer,
    is_sub_group_chair,
    person_id,
)
from governance.visibility import field_rule


@rules.predicate
def is_in_directory(user):
    return person_id(user) is not None


@rules.predicate
def own_booking(user, booking):
    pid = person_id(user)
    return booking is not None and pid is not None and booking.person_id == pid


@rules.predicate
def is_sent(user, bulletin):
    return bulletin is not None and not bulletin.is_draft


@rules.predicate
def own_agency(user, record):
    """The record (a needs response) is the user's own agency's."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    return (
        record is not None and person is not None and getattr(record, "agency_id", None) == person.agency_id
    )


reads_results = is_business_unit | is_executive_member | is_sub_group_chair | is_independent_scrutineer

rules.add_perm("training.access_area", has_any_role)
rules.add_perm("training.manage", is_business_unit)
rules.add_perm("training.book_self", has_any_role & is_in_directory)
rules.add_perm("training.cancel_booking", is_business_unit | (has_any_role & own_booking))
rules.add_perm("training.certificate", is_business_unit | (has_any_role & own_booking))
rules.add_perm("training.view_results", reads_results)
rules.add_perm("training.answer_needs", is_business_unit | is_agency_data_lead)
rules.add_perm("training.answer_needs_for", is_business_unit | (is_agency_data_lead & own_agency))

# Records, as History asks (app.view_model).
rules.add_perm("training.view_course", has_any_role)
rules.add_perm("training.view_session", has_any_role)
rules.add_perm("training.view_resource", has_any_role)
rules.add_perm("training.view_booking", is_business_unit | (has_any_role & own_booking))
rules.add_perm("training.view_evaluation", is_business_unit)
rules.add_perm("training.view_bulletin", is_business_unit | (has_any_role & is_sent))
rules.add_perm("training.view_bulletinsection", is_business_unit)
rules.add_perm("training.view_bulletindelivery", is_business_unit)
rules.add_perm("training.view_needsanalysis", is_business_unit | is_agency_data_lead)
rules.add_perm("training.view_needsresponse", is_business_unit | (is_agency_data_lead & own_agency))


@field_rule("training.evaluation")
def evaluation_hidden_fields(user, evaluation):
    """The link's secret part is nobody's to read: with it, a link could be forged."""
    return {"nonce"}


@field_rule("training.session")
def session_hidden_fields(user, session):
    """Which review a webinar came from is case data: only those who may see the reviews
    see it (governance/learning_from.py), on the session's page and in its History."""
    return set() if may_see_sources(user) else {"learned_from_type", "learned_from_id"}
