"""Thin Celery task: the change log's compaction (freshness.services.compact)."""

from celery import shared_task

from . import services


@shared_task
def compact_changes():
    return services.compact()
