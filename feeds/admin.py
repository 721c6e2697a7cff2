from django.contrib import admin

from .models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    # The token is a password in all but name: operators see that a feed exists, not its key.
    list_display = ["owner", "created_at"]
    search_fields = ["owner__email"]
    raw_id_fields = ["owner"]
    fields = ["owner", "created_at"]
    readonly_fields = ["created_at"]
