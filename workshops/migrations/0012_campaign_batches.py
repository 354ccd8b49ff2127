# Each message of a campaign gets its campaign's batch key ("campaign:<id>"), which replaces the
# outbox's key to the campaign (dropped by notifications 0005): the delivery counts of the existing
# campaigns stay theirs.

from django.db import migrations
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat


def batches_from_campaigns(apps, schema_editor):
    Outbox = apps.get_model("notifications", "Outbox")
    Outbox.objects.filter(campaign__isnull=False).update(
        batch=Concat(Value("campaign:"), Cast("campaign_id", CharField()), output_field=CharField())
    )


def campaigns_from_batches(apps, schema_editor):
    Outbox = apps.get_model("notifications", "Outbox")
    batches = Outbox.objects.filter(batch__startswith="campaign:").values_list("batch", flat=True).distinct()
    for batch in list(batches):
        Outbox.objects.filter(batch=batch).update(campaign_id=int(batch.partition(":")[2]), batch="")


class Migration(migrations.Migration):
    dependencies = [
        ('workshops', '0011_enrollment_presence_answer'),
        ("notifications", "0006_outbox_batch"),
    ]

    operations = [
        migrations.RunPython(batches_from_campaigns, campaigns_from_batches),
    ]
