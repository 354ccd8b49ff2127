# The invitation campaigns, moved here from the ground's notifications app (its 0005 renamed the
# tables): the model enters this app's state over the existing tables, its check constraint takes
# this app's name, and its content type (hence its permissions and admin history) follows it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

AUDIENCES = ["responsables", "media", "communes", "users"]


def content_type_to_workshops(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="workshops", model="campaign").exists():
        ContentType.objects.filter(app_label="notifications", model="campaign").update(app_label="workshops")


def content_type_to_notifications(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="notifications", model="campaign").exists():
        ContentType.objects.filter(app_label="workshops", model="campaign").update(app_label="notifications")


class Migration(migrations.Migration):
    dependencies = [
        ('workshops', '0012_campaign_batches'),
        ("notifications", "0007_campaign_moves_to_workshops"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Campaign",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "audience",
                            models.CharField(
                                choices=[
                                    ("responsables", "Responsables des partis vérifiés"),
                                    ("media", "Tous les acteurs des médias sociaux"),
                                    ("communes", "Acteurs et responsables de certaines communes"),
                                    ("users", "Une liste choisie de personnes"),
                                ],
                                max_length=15,
                                verbose_name="public invité",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créée le")),
                        (
                            "launched_at",
                            models.DateTimeField(blank=True, editable=False, null=True, verbose_name="lancée le"),
                        ),
                        (
                            "communes",
                            models.ManyToManyField(
                                blank=True,
                                help_text="Seulement pour le public « certaines communes ».",
                                related_name="+",
                                to="workshops.commune",
                                verbose_name="communes",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="créée par",
                            ),
                        ),
                        (
                            "users",
                            models.ManyToManyField(
                                blank=True,
                                help_text="Seulement pour le public « liste choisie ».",
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="personnes",
                            ),
                        ),
                        (
                            "workshop",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="campaigns",
                                to="workshops.workshop",
                                verbose_name="atelier",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "campagne d'invitation",
                        "verbose_name_plural": "campagnes d'invitation",
                        "ordering": ["-created_at"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("audience__in", AUDIENCES)),
                                name="notifications_campaign_audience_valid",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RemoveConstraint(model_name="campaign", name="notifications_campaign_audience_valid"),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(("audience__in", AUDIENCES)), name="workshops_campaign_audience_valid"
            ),
        ),
        migrations.RunPython(content_type_to_workshops, content_type_to_notifications),
    ]
