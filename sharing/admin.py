from django.contrib import admin

from .models import CoachComment, Share


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    # Only the token's digest is stored, and even that stays off the screen.
    list_display = ["owner", "coach_name", "created_at", "expires_at", "revoked_at", "view_count"]
    search_fields = ["owner__email"]
    raw_id_fields = ["owner"]
    fields = ["owner", "coach_name", "created_at", "expires_at", "revoked_at", "last_viewed_at", "view_count"]
    readonly_fields = fields


@admin.register(CoachComment)
class CoachCommentAdmin(admin.ModelAdmin):
    list_display = ["share", "application", "created_at"]
    raw_id_fields = ["share", "application"]
