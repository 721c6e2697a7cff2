from celery import shared_task
from django.core.management import call_command


@shared_task
def clear_expired_sessions():
    """Expired sessions are otherwise kept forever in the database."""
    call_command("clearsessions")
