"""Keeping the change log small: a user's rows become one row of the same weight."""

from django.contrib.auth import get_user_model
from django.db import connection

from .models import Change

COMPACT_USERS = 1000


def version_of(user) -> int:
    """The user's data version: the changes committed to their records so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(weight), 0) FROM {Change._meta.db_table} WHERE user_id = %s", [user.pk]
        )
        return int(cursor.fetchone()[0])


def compact(*, users=COMPACT_USERS) -> tuple[int, int]:
    """For up to ``users`` users with more than one row: replace their rows with one row
    of the same total weight, in one statement, so every version reads the same before
    and after. Rows written meanwhile are not in the statement's snapshot and stay; two
    compactions at once each sum only the rows they themselves deleted. The rows of
    deleted accounts go. Returns (users compacted, rows of deleted accounts removed)."""
    table = Change._meta.db_table
    users_table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH many AS (
                SELECT user_id FROM {table} GROUP BY user_id HAVING count(*) > 1 LIMIT %s
            ), gone AS (
                DELETE FROM {table} c USING many WHERE c.user_id = many.user_id
                RETURNING c.user_id, c.weight
            )
            INSERT INTO {table} (user_id, weight)
            SELECT user_id, SUM(weight) FROM gone GROUP BY user_id
            """,
            [users],
        )
        compacted = cursor.rowcount
        cursor.execute(
            f"DELETE FROM {table} c WHERE NOT EXISTS (SELECT 1 FROM {users_table} u WHERE u.id = c.user_id)"
        )
        return compacted, cursor.rowcount
