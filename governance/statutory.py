"""The lengths of the statutory clocks, in one named place.

Guidance changes; when it does, change the figure here (or override it with the
STATUTORY_CLOCKS setting), never in the code that uses it.
"""

from dataclasses import dataclass, replace

from django.conf import settings


@dataclass(frozen=True)
class StatutoryClocks:
    # Children Act 2004 s16C, WT 2023: notify the Panel within 5 working days of awareness.
    notification_working_days: int = 5
    # The Panel's guidance: rapid review to the Panel within 15 working days of notification.
    rapid_review_working_days: int = 15
    # WT 2023: the final LCSPR report to the Panel and Secretary of State at least
    # 7 working days before publication.
    pre_publication_notice_working_days: int = 7
    # WT 2023: an LCSPR should be completed within 6 months of the decision to hold one.
    local_review_months: int = 6
    # WT 2023: the yearly report to the Panel and Foundations within 7 days of publication.
    yearly_report_sending_days: int = 7
    # London Safeguarding Children Procedures: about one working week per escalation stage.
    escalation_stage_working_days: int = 5


def statutory_clocks() -> StatutoryClocks:
    return replace(StatutoryClocks(), **getattr(settings, "STATUTORY_CLOCKS", {}))
