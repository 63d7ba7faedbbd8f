"""Issue 12: the Executive's chair is whoever the rotation (ExecutiveChairTerm) names, so
the Executive keeps no chair of its own that could disagree with it."""

from django.db import migrations


def clear_executive_chair(apps, schema_editor):
    PartnershipGroup = apps.get_model("governance", "PartnershipGroup")
    for group in PartnershipGroup.objects.filter(is_executive=True).exclude(chair=None):
        group.chair = None
        group.save(update_fields=["chair"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0006_user_two_factor_failures")]

    operations = [migrations.RunPython(clear_executive_chair, migrations.RunPython.noop)]
