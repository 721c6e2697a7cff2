"""Writes: make, replace and turn off a user's calendar link."""

from django.db import transaction
from django.utils import timezone

from .models import CalendarFeed, new_token


def calendar_feed_create(*, owner):
    """The user's link, made now if they had none. Returns (feed, created)."""
    return CalendarFeed.objects.get_or_create(owner=owner)


@transaction.atomic
def calendar_feed_regenerate(*, owner):
    """A new token; the old URL stops working in the same write."""
    feed, _ = CalendarFeed.objects.update_or_create(
        owner=owner, defaults={"token": new_token(), "created_at": timezone.now()}
    )
    return feed


def calendar_feed_revoke(*, owner):
    """Turn the link off. Returns whether there was one."""
    deleted, _ = CalendarFeed.objects.filter(owner=owner).delete()
    return deleted > 0
