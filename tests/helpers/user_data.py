"""Whose data a row is: every row that belongs to a user, in every model, found by
following foreign keys; and a snapshot of all of it, to prove nothing of theirs changed."""

import hashlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models

from applications.models import Letter
from freshness.models import Change


def owner_paths(model):
    """Every ORM lookup from ``model`` to a user, up to three hops ("owner",
    "interview__application__owner"…).

    A row belongs to bob if any of them leads to him: so alice's follow-up naming
    bob's contact counts as bob's data, and linking one would show as a change.
    """
    user_model = get_user_model()
    if model is user_model:
        return ["pk"]
    if model is Change:  # the change log names its user by id, with no key (freshness.models)
        return ["user_id"]
    paths, frontier = [], [(model, "")]
    for _ in range(3):
        next_frontier = []
        for current, prefix in frontier:
            for f in current._meta.get_fields():
                if not (f.concrete and (f.many_to_one or f.one_to_one) and f.related_model):
                    continue
                path = f"{prefix}{f.name}"
                if f.related_model is user_model:
                    paths.append(path)
                else:
                    next_frontier.append((f.related_model, f"{path}__"))
        frontier = next_frontier
    return paths


ALL_MODELS = apps.get_models(include_auto_created=True)
OWNED = [(m, owner_paths(m)) for m in ALL_MODELS if owner_paths(m)]
# Sessions come and go with every sign-in and hold no record of bob's.
UNOWNED_BUT_WATCHED = [m for m in ALL_MODELS if not owner_paths(m) and m is not Session]


def snapshot_of(user):
    """Every row that belongs to ``user`` in every model, every unowned row, and the user's files."""
    rows = {}
    for model, paths in OWNED:
        belongs = models.Q()
        for path in paths:
            belongs |= models.Q(**{path: user.pk})
        rows[model._meta.label] = list(model.objects.filter(belongs).distinct().order_by("pk").values())
    for model in UNOWNED_BUT_WATCHED:
        rows[model._meta.label] = list(model.objects.order_by("pk").values())
    for letter in Letter.objects.filter(owner=user):
        with letter.file.open("rb") as stored:
            rows[f"file:{letter.file.name}"] = hashlib.sha256(stored.read()).hexdigest()
    return rows


def pks_of(user, model):
    """The primary keys of ``user``'s records of ``model``, as a tampered form would post them."""
    belongs = models.Q()
    for path in owner_paths(model):
        belongs |= models.Q(**{path: user.pk})
    return [str(pk) for pk in model.objects.filter(belongs).values_list("pk", flat=True)]
