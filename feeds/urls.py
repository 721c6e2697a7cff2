from django.urls import path

from . import views

urlpatterns = [
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/create/", views.calendar_create, name="calendar_create"),
    path("calendar/new-link/", views.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/turn-off/", views.calendar_revoke, name="calendar_revoke"),
    # The token is the key; see views.calendar_feed.
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("interviews/<int:interview_id>/calendar.ics", views.interview_ics, name="interview_ics"),
]
