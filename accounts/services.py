from django.db import transaction


@transaction.atomic
def user_delete(*, user):
    """Delete the user with everything they own.

    Every model that belongs to a user points at it with on_delete=CASCADE, so
    one delete removes the lot (email addresses, records, drafts, reminders).
    """
    user.delete()
