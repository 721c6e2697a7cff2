"""Every write to a user's records moves their data version, in the same transaction.

A user's data version (freshness.services.version_of: the sum of their rows in
``freshness_change``) names the state of everything they own: a page cached under one
version shows exactly the state of that version (freshness.cache). It holds because
the database moves it, not the code that writes:

- every table with a foreign-key path to the user, and the user's own row, has a
  trigger (``followup_data_version``) that adds a row for the owner to
  ``freshness_change`` for each statement that inserts, updates or deletes any of
  theirs. Bulk updates, deletes by cascade, raw SQL and the admin are covered alike;
- the row is part of the writing transaction: the new version is visible exactly when
  the change is, never before, and a rolled-back change moves nothing;
- the log is only ever added to (no unique key, no foreign key): a trigger never
  waits for a lock, so it cannot deadlock with the writes it follows or with another
  transaction's, whatever order they take their locks in.

The triggers are (re)made after every ``migrate`` from the models themselves
(``owner_paths``), so a model added later has one without anyone writing it; a
test walks every model to prove it. Other databases (the SQLite default of a
developer's machine) get none, and the cache is off there.
"""

from django.apps import apps
from django.conf import settings
from django.db import connections, models

TRIGGER = "followup_data_version"
NOTE = "followup_note_change"
USER_TRIGGER = "followup_user_data_version"
MAX_HOPS = 4


def _forward_keys(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is not None
    ]


def _path_to(model, target, seen=()):
    """The shortest chain of foreign keys from ``model`` to ``target``, or None."""
    if len(seen) >= MAX_HOPS:
        return None
    best = None
    for field in _forward_keys(model):
        related = field.related_model
        if related is target:
            return [field]
        if related in seen or related is model:
            continue
        rest = _path_to(related, target, (*seen, model))
        if rest is not None and (best is None or len(rest) + 1 < len(best)):
            best = [field, *rest]
    return best


def owner_paths(model, user_model):
    """Every way a row of ``model`` leads to a user: per foreign key of the row, the
    shortest chain of keys from it to the user. A row may lead to several (a draft:
    through its application, its contact and its interview); all are followed."""
    paths = []
    for field in _forward_keys(model):
        related = field.related_model
        if related is user_model:
            paths.append([field])
        elif related is not model:
            rest = _path_to(related, user_model, (model,))
            if rest is not None:
                paths.append([field, *rest])
    return paths


def owned_models():
    """Every concrete model (many-to-many tables too) that leads to a user, but the user."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model is user_model or model._meta.proxy or not model._meta.managed:
            continue
        if model._meta.app_label == "freshness":  # the log itself
            continue
        paths = owner_paths(model, user_model)
        if paths:
            found.append((model, paths))
    return found


def _owner_sql(path, row, qn):
    """SQL for the user id a row leads to along ``path`` (``row`` is NEW or OLD)."""
    first, *rest = path
    if not rest:
        return f"{row}.{qn(first.column)}"
    tables = [field.related_model._meta.db_table for field in path]
    joins = [f"{qn(tables[0])} t1"]
    for n, field in enumerate(rest[:-1], start=1):
        target = f"t{n + 1}.{qn(field.target_field.column)}"
        joins.append(f"JOIN {qn(tables[n])} t{n + 1} ON {target} = t{n}.{qn(field.column)}")
    last = rest[-1]
    return (
        f"(SELECT t{len(rest)}.{qn(last.column)} FROM {' '.join(joins)} "
        f"WHERE t1.{qn(first.target_field.column)} = {row}.{qn(first.column)})"
    )


def statements(*, vendor_quote=None):
    """The SQL that (re)makes every trigger."""
    from .models import Change

    qn = vendor_quote or connections["default"].ops.quote_name
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    users = qn(user_model._meta.db_table)
    log = qn(Change._meta.db_table)
    sql = [
        f"""
        CREATE OR REPLACE FUNCTION {NOTE}(owner bigint) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            -- Once per owner and statement: a bulk write of many rows adds one row.
            IF owner IS NULL
               OR current_setting('followup.data_version_' || owner, true) = statement_timestamp()::text THEN
                RETURN;
            END IF;
            INSERT INTO {log} (user_id, weight) VALUES (owner, 1);
            PERFORM set_config('followup.data_version_' || owner, statement_timestamp()::text, true);
        END $$""",
        f"""
        CREATE OR REPLACE FUNCTION {USER_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM {NOTE}(NEW.id);
            RETURN NULL;
        END $$""",
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON {users}",
        f"CREATE TRIGGER {TRIGGER} AFTER UPDATE ON {users} FOR EACH ROW EXECUTE FUNCTION {USER_TRIGGER}()",
    ]
    for model, paths in owned_models():
        table = model._meta.db_table
        function = f"followup_dv_{table}"[:63]
        old = "\n".join(f"PERFORM {NOTE}({_owner_sql(path, 'OLD', qn)});" for path in paths)
        new = "\n".join(f"PERFORM {NOTE}({_owner_sql(path, 'NEW', qn)});" for path in paths)
        sql += [
            f"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN
                    {old}
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    {new}
                END IF;
                RETURN NULL;
            END $$""",
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {qn(table)}",
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {qn(table)} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    return sql


def install(using="default"):
    """Make (or remake) every trigger; nothing on a database other than PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        for statement in statements(vendor_quote=connection.ops.quote_name):
            cursor.execute(statement)
    return True


def install_after_migrate(sender, using="default", **kwargs):
    install(using)


def installed_tables(using="default"):
    """The tables that have the trigger now, as the database says."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND NOT t.tgisinternal",
            [TRIGGER],
        )
        return {name for (name,) in cursor.fetchall()}
