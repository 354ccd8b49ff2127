from django.db import migrations


def create_groups(apps, schema_editor):
    from accounts.groups import staff_groups_sync

    # Permissions of a fresh database only exist after migrate; the post_migrate handler in
    # accounts/apps.py completes the groups then.
    staff_groups_sync(Group=apps.get_model("auth", "Group"), Permission=apps.get_model("auth", "Permission"))


def remove_groups(apps, schema_editor):
    from accounts.groups import STAFF_GROUPS

    apps.get_model("auth", "Group").objects.filter(name__in=STAFF_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_commune_user_language_user_phone_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
