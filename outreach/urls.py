from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("answer/<str:token>/", views.reminder_answer, name="reminder_answer"),
    path("guide/", views.guide, name="guide"),
    path("applications/<int:application_id>/drafts/", views.draft_list, name="draft_list"),
    path("applications/<int:application_id>/drafts/<slug:kind>/", views.draft_open, name="draft_open"),
    path("drafts/<int:draft_id>/", views.draft_detail, name="draft_detail"),
    path("drafts/<int:draft_id>/sent/", views.draft_sent, name="draft_sent"),
    path("drafts/<int:draft_id>/call/", views.draft_call, name="draft_call"),
    path("drafts/<int:draft_id>/recipient/", views.draft_recipient_add, name="draft_recipient_add"),
]
