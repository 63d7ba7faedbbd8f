"""Each partner decision gets the date it was made (issue 11), in a migration of its
own so the data step does not share a transaction with the schema changes."""

from django.db import migrations, models


def date_decisions_from_when_they_were_typed(apps, schema_editor):
    """Decisions recorded before they had a date take the day they were typed in (London
    time): the best evidence there is. The business unit can correct it, with a reason."""
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    for model_name in ("PartnerDecision", "HistoricalPartnerDecision"):
        model = apps.get_model("reviews", model_name)
        for decision in model.objects.filter(decided_on=None).only("pk", "recorded_at"):
            model.objects.filter(pk=decision.pk).update(
                decided_on=decision.recorded_at.astimezone(london).date()
            )
    # The Executive's decision on a disagreement: the day its rapid review opened, or else
    # the day the case was recorded; both correctable.
    incident_model = apps.get_model("reviews", "SeriousIncident")
    for incident in incident_model.objects.exclude(executive_decision="").filter(executive_decided_on=None):
        review = apps.get_model("reviews", "RapidReview").objects.filter(incident_id=incident.pk).first()
        incident_model.objects.filter(pk=incident.pk).update(
            executive_decided_on=review.opened_on if review else incident.created_at.astimezone(london).date()
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_corrections_decisions_notification_details")]

    operations = [
        migrations.RunPython(date_decisions_from_when_they_were_typed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="partnerdecision",
            name="decided_on",
            field=models.DateField(verbose_name="date of the decision"),
        ),
        migrations.AlterField(
            model_name="historicalpartnerdecision",
            name="decided_on",
            field=models.DateField(verbose_name="date of the decision"),
        ),
    ]
