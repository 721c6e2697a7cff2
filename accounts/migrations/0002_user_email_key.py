"""Each user gets a random email key: links in emails name it instead of the user id."""

import secrets

from django.db import migrations, models

import accounts.models


def fill_email_keys(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(email_key__isnull=True).only("pk"):
        User.objects.filter(pk=user.pk).update(email_key=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_key",
            field=models.CharField(max_length=64, null=True, editable=False),
        ),
        migrations.RunPython(fill_email_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="email_key",
            field=models.CharField(
                default=accounts.models.new_email_key, editable=False, max_length=64, unique=True
            ),
        ),
    ]
