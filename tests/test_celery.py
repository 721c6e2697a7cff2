"""The Celery wiring: beat's schedule names real tasks, and tasks reach a worker."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connections
from django.utils import timezone

from accounts.tasks import clear_expired_sessions
from config.celery_app import app


def make_sessions():
    live, stale = SessionStore(), SessionStore()
    live.create()
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    return live.session_key, stale.session_key


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"beat entry {name!r} names unknown task {entry['task']!r}"


def test_tasks_are_acknowledged_only_after_they_ran():
    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1


@pytest.mark.django_db
def test_clear_expired_sessions_keeps_live_ones():
    live, stale = make_sessions()
    clear_expired_sessions.apply().get()
    assert set(Session.objects.values_list("session_key", flat=True)) == {live}


def _reset_broker_connections():
    from kombu import pools

    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    # kombu's process-wide pools too: the embedded worker closes them on its way out, and
    # a later test in this process (an eager task) would find them closed.
    pools.reset()


@pytest.fixture
def redis_broker():
    """The app, publishing to and consuming from the real Redis."""
    from celery.signals import task_postrun

    from tests.conftest import redis_url

    def close_db(**kwargs):
        # The embedded worker runs tasks in its own thread and connection.
        connections.close_all()

    previous = app.conf.broker_url
    if previous != redis_url():
        app.conf.broker_url = redis_url()
        _reset_broker_connections()
    task_postrun.connect(close_db, weak=False)
    try:
        yield app
    finally:
        task_postrun.disconnect(close_db)
        app.conf.broker_url = previous
        _reset_broker_connections()  # always: the embedded worker closed the pools it used


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_travels_through_redis_to_a_worker(redis_broker):
    from celery.contrib.testing.worker import start_worker

    live, stale = make_sessions()
    with start_worker(redis_broker, perform_ping_check=False, shutdown_timeout=10):
        # A connection of our own: the embedded worker closes the app's pools.
        with redis_broker.connection_for_write() as connection:
            clear_expired_sessions.apply_async(connection=connection)
        deadline = timezone.now() + timedelta(seconds=20)
        while Session.objects.filter(session_key=stale).exists() and timezone.now() < deadline:
            import time

            time.sleep(0.1)
    assert set(Session.objects.values_list("session_key", flat=True)) == {live}
