"""Behaviour that only the real servers can show."""

import threading
import uuid

import pytest
from django.core import mail
from django.db import connections
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from tests.conftest import redis_url


@pytest.mark.redis
@pytest.mark.django_db
def test_rate_limits_count_in_redis(alice):
    import redis

    prefix = f"followup-test-{uuid.uuid4().hex}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": prefix,
        }
    }
    server = redis.Redis.from_url(redis_url())
    try:
        with override_settings(CACHES=caches):
            statuses = [
                Client().post(reverse("account_login"), {"login": "alice@example.com"}).status_code
                for _ in range(4)
            ]
            assert statuses == [302, 302, 302, 429]
            assert list(server.scan_iter(f"{prefix}:*")), "the rate-limit counters are not in Redis"
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_signups_with_one_address_make_one_account():
    start = threading.Barrier(2)
    statuses = []

    def sign_up(email):
        client = Client()
        start.wait()
        try:
            statuses.append(client.post(reverse("account_signup"), {"email": email}).status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sign_up, args=(email,)) for email in ("race@example.com", "Race@Example.com")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # No error page: both are told to check their inbox, unless the second is
    # turned away by the one-email-per-10-seconds limit for that address.
    assert sorted(statuses) in ([302, 302], [302, 429])
    assert User.objects.filter(email__iexact="race@example.com").count() == 1
    assert mail.outbox
