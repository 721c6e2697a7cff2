from allauth.account.models import EmailAddress
from django.db import transaction

from .sessions import sessions_delete


@transaction.atomic
def user_delete(*, user):
    """Delete the user with everything they own.

    Every model that belongs to a user points at it with on_delete=CASCADE, so
    one delete removes the lot (email addresses, records, drafts, reminders).
    Sessions have no such link: those still holding the user's id or address
    (signed in elsewhere, or waiting for a code) are found and deleted too.
    """
    addresses = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    sessions_delete(user=user, addresses=addresses)
    user.delete()
