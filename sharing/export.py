"""The user's shares with a coach in their data export.

exports.archive asks through ``accounts.signals.data_export`` (exports does not
import this app, which stays removable): the shares, when each link was opened, and
the coach's comments, every one of them the user's. A link's secret is not in it:
only its digest is kept, and that opens nothing.
"""

import datetime as dt

from django.utils import timezone

from .models import CoachComment, Share, ShareView

CHUNK_ROWS = 500


def _moment(value):
    return value.astimezone(dt.UTC).isoformat() if value else None


def records_for(sender, user, **kwargs):
    now = timezone.now()
    shares = Share.objects.filter(owner=user).order_by("pk")
    views = ShareView.objects.filter(share__owner=user).order_by("pk")
    comments = CoachComment.objects.filter(share__owner=user).order_by("pk")
    return [
        (
            "coach_shares",
            (
                {
                    "id": share.pk,
                    "coach_name": share.coach_name,
                    "coach_email": share.coach_email,
                    "your_name_on_the_page": share.owner_name,
                    "note": share.note,
                    "comments_allowed": share.comments_allowed,
                    "state": share.state(now),
                    "created_at": _moment(share.created_at),
                    "expires_at": _moment(share.expires_at),
                    "revoked_at": _moment(share.revoked_at),
                    "emailed_at": _moment(share.emailed_at),
                    "view_count": share.view_count,
                    "last_viewed_at": _moment(share.last_viewed_at),
                }
                for share in shares.iterator(chunk_size=CHUNK_ROWS)
            ),
        ),
        (
            "coach_share_views",
            (
                {"share_id": view.share_id, "viewed_at": _moment(view.viewed_at)}
                for view in views.iterator(chunk_size=CHUNK_ROWS)
            ),
        ),
        (
            "coach_comments",
            (
                {
                    "id": comment.pk,
                    "share_id": comment.share_id,
                    "application_id": comment.application_id,
                    "body": comment.body,
                    "created_at": _moment(comment.created_at),
                }
                for comment in comments.iterator(chunk_size=CHUNK_ROWS)
            ),
        ),
    ]
