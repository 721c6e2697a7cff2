from django.urls import path

from . import views

urlpatterns = [
    path("export/", views.data_export, name="data_export"),
    path("export/follow-up-data.zip", views.data_export_download, name="data_export_download"),
    path("import/", views.data_import, name="data_import"),
    path("import/<int:job_id>/", views.import_job, name="import_job"),
    path("import/<int:job_id>/preview/", views.import_preview, name="import_preview"),
    path("import/<int:job_id>/status.json", views.import_status, name="import_status"),
]
