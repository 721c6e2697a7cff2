from django.contrib import admin

from .models import Application, Contact, FollowUp, Interview, Letter, Opportunity, Reply


class InterviewInline(admin.TabularInline):
    model = Interview
    extra = 0
    fields = ["starts_at", "format", "rapport", "asked_about_timing", "promised_on"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["role", "company", "owner", "status", "next_step", "next_due_at"]
    list_filter = ["status", "next_step"]
    search_fields = ["company", "role", "owner__email"]
    raw_id_fields = ["owner", "opportunity"]
    readonly_fields = ["next_step", "next_due_on", "next_due_at", "no_date_given"]
    inlines = [InterviewInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "role", "owner"]
    search_fields = ["name", "company", "owner__email"]
    raw_id_fields = ["owner"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organization", "starred", "owner"]
    raw_id_fields = ["owner"]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "owner", "uploaded_at"]
    raw_id_fields = ["owner"]
    exclude = ["file"]


admin.site.register([FollowUp, Reply])
