from django.db import migrations, models


def flag_queued_reminders(apps, schema_editor):
    """Reminders queued before the flag existed were recognised by their kind; they keep their
    List-Unsubscribe header when a retry sends them after this migration."""
    Outbox = apps.get_model("notifications", "Outbox")
    Outbox.objects.filter(kind__startswith="reminder").update(offers_unsubscribe=True)


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0002_outbox_secret_rendered_at_delivery"),
    ]

    operations = [
        migrations.AddField(
            model_name="outbox",
            name="offers_unsubscribe",
            field=models.BooleanField(default=False, verbose_name="propose l'arrêt de ces messages"),
        ),
        migrations.RunPython(flag_queued_reminders, migrations.RunPython.noop),
    ]
