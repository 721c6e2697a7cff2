"""The record the screens call a "follow-up" is called so in the code too (was Touch)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("outreach", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="Touch", new_name="FollowUp"),
        migrations.AlterField(
            model_name="followup",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="follow_ups",
                to="applications.application",
            ),
        ),
        migrations.AlterField(
            model_name="followup",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="follow_ups",
                to="applications.contact",
            ),
        ),
    ]
