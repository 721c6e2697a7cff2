"""Thin Celery tasks: fetch by id, call a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def import_run(job_id):
    """Check and import a large CSV. Safe to run twice: a finished or claimed job is left alone."""
    services.import_job_run(job_id=job_id)
