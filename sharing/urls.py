from django.urls import path

from . import views

urlpatterns = [
    path("coach-sharing/", views.share_list, name="share_list"),
    path("coach-sharing/<int:share_id>/", views.share_detail, name="share_detail"),
    path("coach-sharing/<int:share_id>/preview/", views.share_preview, name="share_preview"),
    path("coach-sharing/<int:share_id>/turn-off/", views.share_revoke, name="share_revoke"),
    path("coach-sharing/<int:share_id>/new-link/", views.share_new_link, name="share_new_link"),
    # The token is the key (config.redaction cuts it out of every log line).
    path("coach/<str:token>/", views.coach_page, name="coach_page"),
    path("coach/<str:token>/comment/", views.coach_comment, name="coach_comment"),
    path("stop-coach-emails/<str:token>/", views.coach_emails_stop, name="coach_emails_stop"),
]
