import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse


def new_token():
    """43 URL-safe characters (256 random bits): the link is the only key to the feed."""
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's private calendar subscription link.

    Whoever holds the link can read the feed without signing in, because calendar
    apps cannot sign in. So the link is long and random, and the user can turn it
    off (the row goes) or replace it (the token changes); either way the old URL
    answers 404 at once.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # unique=True gives the index the feed lookup uses.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "calendar feed"

    def __str__(self):
        return f"Calendar feed of {self.owner}"

    def get_absolute_url(self):
        return reverse("calendar_feed", kwargs={"token": self.token})

    @property
    def url(self):
        """The address to paste into a calendar app (absolute, from SITE_URL)."""
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def webcal_url(self):
        """The same address with the webcal:// scheme, which phones open as "subscribe"."""
        return "webcal://" + self.url.split("://", 1)[-1]
