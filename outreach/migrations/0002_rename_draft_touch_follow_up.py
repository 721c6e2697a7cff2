"""Draft.touch becomes Draft.follow_up, after the model it points to."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_initial"),
        ("applications", "0002_rename_touch_followup"),
    ]

    operations = [
        migrations.RenameField(model_name="draft", old_name="touch", new_name="follow_up"),
    ]
