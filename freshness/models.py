from django.db import models


class Change(models.Model):
    """A change to a user's records, written by the database (freshness.triggers) in
    the transaction that made it; or, compacted (``services.compact``), many of them.

    A user's data version is the sum of the weights of their rows: it grows with every
    commit that changes anything of theirs, and only then. Rows are only ever added by
    the triggers (no unique key, no foreign key), so writing one never waits for a lock
    and can never deadlock with the writes it follows.
    """

    user_id = models.BigIntegerField()
    weight = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["user_id"], include=["weight"], name="freshness_change_user")]

    def __str__(self):
        return f"{self.weight} change(s) of user {self.user_id}"
