"""Pressing "Mark as sent" or "Log the call" twice, or in two tabs at once, records
one follow-up: the send is recorded under a lock on the application's row, so the
second request sees the first one's follow-up and is refused. Real concurrent
requests, each on its own connection to PostgreSQL (the lock is the database's)."""

import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from applications.choices import CallOutcome, Rapport
from applications.models import FollowUp
from outreach.models import Draft
from outreach.services import draft_open
from tests.factories import UserFactory
from tests.helpers.drafts import NOW, K, due_application, fresh, recruiter

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
TABS = 4


def press_at_once(user, posts):
    """Send each (url, data) POST from its own signed-in client, all released together."""
    start = threading.Barrier(len(posts))
    statuses = [None] * len(posts)

    def press(number, url, data):
        client = Client()
        client.force_login(user)
        try:
            start.wait(timeout=10)
            statuses[number] = client.post(url, data).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(n, url, data)) for n, (url, data) in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return statuses


@pytest.fixture
def tuesday():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("rapport", [Rapport.NEUTRAL, Rapport.UNEASY])
def test_four_tabs_marking_one_draft_sent_record_one_follow_up(tuesday, rapport):
    user = UserFactory(time_zone="America/New_York")
    application = due_application(user, rapport=rapport)
    recruiter(user)
    draft = draft_open(application=application, kind=K.STATUS_REQUEST)
    url = reverse("draft_sent", args=[draft.pk])
    statuses = press_at_once(user, [(url, {"reviewed_tone": "on"})] * TABS)
    assert sorted(statuses) == [302] + [409] * (TABS - 1), statuses
    assert FollowUp.objects.filter(application=application).count() == 1
    assert Draft.objects.get(pk=draft.pk).follow_up is not None
    assert fresh(application).follow_ups_left == (0 if rapport == Rapport.UNEASY else 1)


def test_two_messages_sent_at_once_are_not_two_follow_ups_on_one_day(tuesday):
    """Two tabs, a warm check-in and a status request: the first recorded moves the
    plan on, and the second waits for the final follow-up's own day."""
    user = UserFactory(time_zone="America/New_York")
    application = due_application(user, rapport=Rapport.WENT_WELL)
    recruiter(user, work_phone="+1 901 555 0134")
    warm = draft_open(application=application, kind=K.WARM_CHECK_IN)
    status = draft_open(application=application, kind=K.STATUS_REQUEST)
    call = draft_open(application=application, kind=K.CALL_SCRIPT)
    posts = [
        (reverse("draft_sent", args=[warm.pk]), {"reviewed_tone": "on"}),
        (reverse("draft_sent", args=[status.pk]), {"reviewed_tone": "on"}),
        (reverse("draft_call", args=[call.pk]), {"outcome": CallOutcome.REACHED}),
        (reverse("draft_call", args=[call.pk]), {"outcome": CallOutcome.VOICEMAIL}),
    ]
    statuses = press_at_once(user, posts)
    assert sorted(statuses) == [302, 409, 409, 409], statuses
    assert FollowUp.objects.filter(application=application).count() == 1
    assert Draft.objects.filter(application=application, sent_at__isnull=False).count() == 1
