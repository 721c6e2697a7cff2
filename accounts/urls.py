from django.urls import path

from . import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/time-zone/", views.time_zone, name="time_zone"),
    path("profile/delete/", views.delete_account, name="delete_account"),
    path("profile/confirm/", views.confirm_identity, name="confirm_identity"),
]
