# The outbox's opaque batch key (a campaign's messages share one), before the campaigns leave the
# ground for the workshops (workshops 0008 fills it, 0005 here drops the old link).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('notifications', '0005_outbox_context_rendered_at_delivery'),
    ]

    operations = [
        migrations.AddField(
            model_name="outbox",
            name="batch",
            field=models.CharField(blank=True, default="", max_length=60, verbose_name="lot"),
        ),
        migrations.AddIndex(
            model_name="outbox",
            index=models.Index(
                condition=models.Q(("batch", ""), _negated=True),
                fields=["batch", "status"],
                name="notifications_outbox_batch",
            ),
        ),
    ]
