from django.db import migrations, models


def confirm_chosen_zones(apps, schema_editor):
    # An account on anything but the old default was set by its user; one on
    # UTC may never have been chosen, so its user is asked once.
    User = apps.get_model("accounts", "User")
    User.objects.exclude(time_zone="UTC").update(time_zone_confirmed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_phone"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="time_zone_confirmed",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(confirm_chosen_zones, migrations.RunPython.noop),
    ]
