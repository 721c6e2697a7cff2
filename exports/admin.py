from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Operators see how imports went, never the uploaded rows themselves."""

    list_display = [
        "pk",
        "owner",
        "status",
        "total_rows",
        "processed_rows",
        "imported_count",
        "error_count",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["owner__email"]
    raw_id_fields = ["owner"]
    exclude = ["csv_text", "errors", "mapping"]
    readonly_fields = [
        "status",
        "file_name",
        "total_rows",
        "processed_rows",
        "imported_count",
        "error_count",
        "run_token",
        "created_at",
        "updated_at",
        "started_at",
        "finished_at",
    ]
