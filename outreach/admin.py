from django.contrib import admin

from .models import Digest, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "application",
        "owner",
        "step",
        "due_on",
        "stale",
        "created_at",
        "sent_at",
        "cancelled_at",
        "attempts",
    ]
    list_filter = ["step", "stale"]
    raw_id_fields = ["application", "owner"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["owner", "week_of", "sent_at"]
    raw_id_fields = ["owner"]
