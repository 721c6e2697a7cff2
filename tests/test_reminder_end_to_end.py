"""The whole path with real processes: Celery beat and workers (their own
processes, development settings) over Redis, the pytest-created Postgres
database, and a real SMTP server. A follow-up falls due; the user gets exactly
one email, and still exactly one after several more sweeps.

Needs Postgres and Redis (CI runs it against the machine's own); locally:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/followup \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 REDIS_URL=redis://127.0.0.1:6379/1 \
    uv run pytest tests/test_reminder_end_to_end.py
"""

import os
import re
from collections import Counter

import pytest
from django.db import transaction

from outreach.models import Reminder
from tests.conftest import redis_url
from tests.factories import UserFactory
from tests.processes import STOP_TIMEOUT, CeleryStack, due_application, wait_for_more_sweeps, wait_until

pytestmark = [
    pytest.mark.processes,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

DELIVERY_TIMEOUT = 40


def broker_url():
    """The broker the tests were given (CELERY_BROKER_URL when it is Redis, else
    REDIS_URL), flushed before and after. No other test consumes from it meanwhile:
    tests/conftest.py keeps every test that uses Redis in one xdist group."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    return broker if broker.startswith(("redis://", "rediss://")) else redis_url()


def flush_broker():
    import redis

    redis.Redis.from_url(broker_url(), socket_connect_timeout=2).flushdb()


@pytest.fixture
def celery_stack(transactional_db, smtp_server, tmp_path):
    flush_broker()
    stack = CeleryStack(tmp_path, smtp_server, broker_url())
    try:
        yield stack
    finally:
        stuck = stack.stop()
        flush_broker()
        print(stack.logs())  # shown by pytest when the test fails
        assert not stuck, f"did not exit within {STOP_TIMEOUT}s of SIGTERM: {stuck}"


def test_reminder_arrives_once_through_real_beat_worker_redis_and_smtp(celery_stack, smtp_server):
    celery_stack.worker()
    celery_stack.beat()

    user = UserFactory(email="e2e-veteran@example.com")
    application = due_application(user, "Acme Freight")

    wait_until(lambda: smtp_server.to(user.email), DELIVERY_TIMEOUT, celery_stack, "the reminder email")
    received = smtp_server.to(user.email)
    assert len(received) == 1
    message = received[0].message
    assert received[0].rcpt_tos == (user.email,)
    assert "Acme Freight" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    reminder = Reminder.objects.get(application=application)
    assert message["Message-ID"] == reminder.message_id

    # Beat keeps sweeping; nothing more is owed, so nothing more is sent.
    wait_for_more_sweeps(celery_stack, 3)
    assert len(smtp_server.to(user.email)) == 1
    assert len(smtp_server.messages) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert Reminder.objects.filter(application=application).count() == 1
    celery_stack.assert_all_running()


def test_two_beats_and_two_workers_send_each_reminder_exactly_once(celery_stack, smtp_server):
    for n in (1, 2):
        celery_stack.worker(f"worker{n}")
        celery_stack.beat(f"beat{n}")

    users = [UserFactory(email=f"e2e-{n}@example.com") for n in range(4)]
    expected = Counter()
    for user in users:
        # A user's three follow-ups become due together (one commit): one email, three sections.
        with transaction.atomic():
            for n in range(3):
                company = f"{user.email.split('@')[0]} Co {n}"
                due_application(user, company)
                expected[(user.email, company)] += 1

    wait_until(
        lambda: len(smtp_server.messages) >= len(users),
        DELIVERY_TIMEOUT,
        celery_stack,
        f"{len(users)} emails",
    )
    wait_for_more_sweeps(celery_stack, 3)

    messages = smtp_server.messages
    assert all(len(m.rcpt_tos) == 1 for m in messages)
    assert sorted(m.rcpt_tos[0] for m in messages) == sorted(u.email for u in users), "one email per user"
    assert {str(m.message["Subject"]) for m in messages} == {"3 follow-ups are due today"}
    got = Counter()
    for m in messages:
        text = m.message.get_body(preferencelist=("plain",)).get_content()
        for company in re.findall(r"^== (.+?): ", text, re.MULTILINE):
            got[(m.rcpt_tos[0], company)] += 1
    assert got == expected, f"duplicates or misses: {got - expected} extra, {expected - got} missing"
    assert len({str(m.message["Message-ID"]) for m in messages}) == len(users)
    assert Reminder.objects.count() == len(expected)
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    celery_stack.assert_all_running()
