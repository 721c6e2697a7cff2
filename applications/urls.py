from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path("applications/<int:application_id>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:application_id>/delete/", views.application_delete, name="application_delete"),
    path("applications/<int:application_id>/move-on/", views.application_move_on, name="application_move_on"),
    path(
        "applications/<int:application_id>/interviews/new/", views.interview_create, name="interview_create"
    ),
    path("interviews/new/", views.interview_log, name="interview_log"),
    path("interviews/<int:interview_id>/edit/", views.interview_edit, name="interview_edit"),
    path("interviews/<int:interview_id>/delete/", views.interview_delete, name="interview_delete"),
    path(
        "applications/<int:application_id>/follow-ups/new/", views.follow_up_create, name="follow_up_create"
    ),
    path("follow-ups/<int:follow_up_id>/edit/", views.follow_up_edit, name="follow_up_edit"),
    path("follow-ups/<int:follow_up_id>/delete/", views.follow_up_delete, name="follow_up_delete"),
    path("applications/<int:application_id>/replies/new/", views.reply_create, name="reply_create"),
    path("replies/<int:reply_id>/edit/", views.reply_edit, name="reply_edit"),
    path("replies/<int:reply_id>/delete/", views.reply_delete, name="reply_delete"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:contact_id>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/delete/", views.contact_delete, name="contact_delete"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("letters/new/", views.letter_create, name="letter_create"),
    path("letters/<int:letter_id>/edit/", views.letter_edit, name="letter_edit"),
    path("letters/<int:letter_id>/file/", views.letter_file, name="letter_file"),
    path("letters/<int:letter_id>/delete/", views.letter_delete, name="letter_delete"),
    path("opportunities/", views.opportunity_list, name="opportunity_list"),
    path("opportunities/new/", views.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:opportunity_id>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:opportunity_id>/star/", views.opportunity_star, name="opportunity_star"),
    path("opportunities/<int:opportunity_id>/delete/", views.opportunity_delete, name="opportunity_delete"),
]
