"""What is due for the yearly report, as plain records for reminders and My work.

WT 2023: the safeguarding partners publish a report at least once every 12 months, and
send it to the Child Safeguarding Practice Review Panel and to Foundations within 7 days
of publication. The business unit does both; each recipient is its own deadline, until
its sending is recorded (ReportSending).
"""

from datetime import date

from django.urls import reverse

from governance.deadlines import Deadline, business_unit_emails

from .models import ReportSending
from .services import next_publication_due, publications_with_sendings, sending_due


def deadlines(today: date) -> list[Deadline]:
    business_unit = business_unit_emails()
    found = []
    due = next_publication_due(today)
    found.append(
        Deadline(
            key=f"thscp:yearly-report-publication:{due.due_on.isoformat()}",
            title=f"Publish the yearly report {due.period.label} (at least once every 12 months)",
            due_on=due.due_on,
            responsible=business_unit,
            url=reverse("reports:report", args=[due.period.start_year]),
            statutory=True,
            status_prefix="Publication",
            detail=f"Due {due.basis}",
        )
    )
    for publication in publications_with_sendings():
        sent = {sending.recipient for sending in publication.sendings.all()}
        for recipient in ReportSending.Recipient.values:
            if recipient in sent:
                continue
            found.append(
                Deadline(
                    key=f"thscp:yearly-report-sending:{publication.pk}:{recipient}",
                    title=f"Send {publication.report} to {ReportSending.IN_A_SENTENCE[recipient]}",
                    due_on=sending_due(publication),
                    responsible=business_unit,
                    url=reverse("reports:publication", args=[publication.report.period]),
                    statutory=True,
                    detail="Within 7 days of publication",
                )
            )
    return found
