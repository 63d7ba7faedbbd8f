"""What is due in statutory reviews, as plain records for reminders.

thscp collects these from every app; nothing here sends email. Titles carry the case
reference only: never details of the child.
"""

from datetime import date

from django.urls import reverse

from governance import roles
from governance.deadlines import Deadline, business_unit_emails, emails_of_role
from governance.models import User

from . import clocks
from .models import SeriousIncident, StatutoryPartner


def executive_emails_by_partner() -> dict[str, tuple[str, ...]]:
    """Each statutory partner's Executive members: they record their partner's decision."""
    found: dict[str, set[str]] = {value: set() for value, _ in StatutoryPartner.choices}
    members = User.objects.filter(
        is_active=True, groups__name=roles.EXECUTIVE_MEMBER, person__agency__statutory_partner__in=found
    ).values_list("email", "person__agency__statutory_partner")
    for email, partner in members:
        found[partner].add(email)
    return {partner: tuple(sorted(emails)) for partner, emails in found.items()}


def partner_decision_key(incident: SeriousIncident, partner: str) -> str:
    return f"reviews:partner_decision:{incident.pk}:{partner}"


def deadlines(today: date, *, incidents=None) -> list[Deadline]:
    """Every open deadline on an open case, soonest first; overdue ones are included, since
    a missed statutory deadline still needs doing. A publication plan whose date has
    passed is left out: it needs a new plan, not a notice reminder."""
    responsible = business_unit_emails()
    # The Rapid Review Panel carries out the rapid review: its clock is theirs too.
    rapid_reviewers = emails_of_role(roles.BUSINESS_UNIT, roles.RAPID_REVIEW_PANEL)
    executives = executive_emails_by_partner()
    incidents = (
        (SeriousIncident.objects.all() if incidents is None else incidents)
        .filter(stage__in=SeriousIncident.OPEN_STAGES)
        .select_related("rapid_review__local_review")
        .prefetch_related(
            "decisions",
            "rapid_review__information_requests__agency",
            "rapid_review__local_review__milestones",
        )
    )
    found: list[Deadline] = []
    for incident in incidents:
        ref = incident.reference
        incident_url = reverse("reviews:incident_detail", args=[incident.pk])
        if incident.stage == SeriousIncident.Stage.DECISIONS:
            # Each partner's decision waits for that partner's Executive members; the
            # rapid review needs it well before its own clock runs out.
            decided = {decision.partner for decision in incident.decisions.all()}
            for partner, label in StatutoryPartner.choices:
                if partner in decided:
                    continue
                found.append(
                    Deadline(
                        key=partner_decision_key(incident, partner),
                        title=f"{ref}: {label}'s decision on holding a rapid review",
                        # Before the notification, the latest the rapid review could be due.
                        due_on=incident.rapid_review_due
                        or clocks.rapid_review_due(incident.notification_due),
                        responsible=executives.get(partner, ()) or responsible,
                        url=reverse("reviews:decision_create", args=[incident.pk]) + f"?partner={partner}",
                        statutory=False,
                    )
                )
        if incident.notified_on is None:
            found.append(
                Deadline(
                    key=f"reviews:notification:{incident.pk}",
                    title=f"{ref}: notify the Child Safeguarding Practice Review Panel",
                    due_on=incident.notification_due,
                    responsible=responsible,
                    url=incident_url,
                    statutory=True,
                )
            )
        review = getattr(incident, "rapid_review", None)
        review_url = reverse("reviews:rapid_review_detail", args=[incident.pk])
        # The clock runs from the notification, while the partners decide too; one key
        # for the whole clock, so a reminder is not sent again when the review opens.
        still_deciding = review is None and incident.stage in SeriousIncident.DECIDING_STAGES
        no_review = review is None and incident.stage == SeriousIncident.Stage.NO_RAPID_REVIEW
        if no_review and incident.rapid_review_due:
            found.append(
                Deadline(
                    key=f"reviews:rapid_review_due:{incident.pk}",
                    title=f"{ref}: tell the Panel no rapid review is held, and why",
                    due_on=incident.rapid_review_due,
                    responsible=responsible,
                    url=reverse("reviews:no_rapid_review", args=[incident.pk]),
                    statutory=True,
                )
            )
        if incident.rapid_review_due and (still_deciding or (review and review.sent_to_panel_on is None)):
            found.append(
                Deadline(
                    key=f"reviews:rapid_review_due:{incident.pk}",
                    title=f"{ref}: send the rapid review to the Panel",
                    due_on=incident.rapid_review_due,
                    responsible=rapid_reviewers,
                    url=review_url if review else incident_url,
                    statutory=True,
                )
            )
        if review is None:
            continue
        for request in review.information_requests.all():
            if request.received_on is None:
                found.append(
                    Deadline(
                        key=f"reviews:information_request:{request.pk}",
                        title=f"{ref}: information from {request.agency}",
                        due_on=request.due_on,
                        responsible=responsible,
                        url=review_url,
                        statutory=False,
                    )
                )
        local_review = getattr(review, "local_review", None)
        if local_review is None:
            continue
        local_url = reverse("reviews:local_review_detail", args=[incident.pk])
        for milestone in local_review.milestones.all():
            if milestone.completed_on is None:
                found.append(
                    Deadline(
                        key=f"reviews:milestone:{milestone.pk}",
                        title=f"{ref}: local review milestone – {milestone.title}",
                        due_on=milestone.due_on,
                        responsible=responsible,
                        url=local_url,
                        statutory=False,
                    )
                )
        if local_review.completed_on is None:
            found.append(
                Deadline(
                    key=f"reviews:local_review:{local_review.pk}",
                    title=f"{ref}: complete the local review (6-month aim)",
                    due_on=local_review.target_completion_on,
                    responsible=responsible,
                    url=local_url,
                    statutory=True,
                )
            )
        if (
            local_review.publication_planned_on
            and local_review.publication_planned_on >= today
            and local_review.sent_to_panel_on is None
            and local_review.published_on is None
            and not local_review.publication_delayed
        ):
            found.append(
                Deadline(
                    key=f"reviews:pre_publication_notice:{local_review.pk}",
                    title=f"{ref}: send the final report to the Panel and the Secretary of State",
                    due_on=clocks.latest_panel_notice(local_review.publication_planned_on),
                    responsible=responsible,
                    url=local_url,
                    statutory=True,
                )
            )
    return sorted(found, key=lambda deadline: (deadline.due_on, deadline.key))
