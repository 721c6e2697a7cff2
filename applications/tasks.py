"""Thin Celery tasks: fetch by id, call a service."""

from celery import shared_task
from django.contrib.auth import get_user_model

from . import services


@shared_task(acks_late=True)
def plans_refresh(user_id):
    """Replan a large account after a profile change. Safe to run twice."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        services.plans_refresh_for_user(user=user)
