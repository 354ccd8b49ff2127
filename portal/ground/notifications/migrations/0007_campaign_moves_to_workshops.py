# The campaigns leave the ground: the outbox drops its key to them (their messages carry the batch
# key instead, filled by workshops 0008), and the Campaign model goes to the workshops app. Its
# table and those of its communes and people are renamed, rows kept; workshops 0009 takes the model
# over in Django's state without touching the database.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ('notifications', '0006_outbox_batch'),
        ("workshops", "0012_campaign_batches"),
    ]

    operations = [
        migrations.RemoveField(model_name="outbox", name="campaign"),
        migrations.SeparateDatabaseAndState(
            # Renames notifications_campaign and its two auto-created many-to-many tables.
            database_operations=[migrations.AlterModelTable(name="campaign", table="workshops_campaign")],
            state_operations=[migrations.DeleteModel(name="campaign")],
        ),
    ]
