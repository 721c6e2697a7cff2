"""Hostile input on every form a user can post: never a 500, never a change to
another user's data, and whatever was saved is shown escaped.

The forms are not listed by hand. Every page of our apps (the URL catalogue of
tests/helpers/urls.py) and allauth's sign-in pages are fetched and their
``<form method="post">`` parsed (tests/helpers/forms.py); each form's action is
resolved to its URL name, which must be one of TARGETS below, so a new form
anywhere fails ``test_every_form_on_every_page_is_covered`` until it is added.
The fields posted are the ones the page itself offers (inputs, selects,
textareas, named buttons), with their options.

For each form, hypothesis posts the page's own fields with, per field, either
a value that passes (free text carrying an HTML/JS payload, so saves really
happen and their display is checked) or a hostile one: 100k-character
strings, control characters, CR/LF, NUL, emoji and other non-BMP text, HTML
and JS, impossible and far dates, huge and negative numbers, empty values,
lists where one value is expected, and the primary keys of bob's records. It
also adds fields the form does not have (``owner``, ``application``…) that
point at bob (the values: tests/helpers/hostile_values.py). Every example runs
inside a savepoint that is rolled back, so each starts from the same records,
and bob's rows are compared before and after (tests/helpers/user_data.py).
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from exports.models import ImportJob
from feeds.models import CalendarFeed
from outreach.emails import unsubscribe_token
from outreach.models import Draft
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
    FollowUpFactory,
    LetterFactory,
    OpportunityFactory,
    ReplyFactory,
    share_with_link,
)
from tests.helpers.forms import forms_on
from tests.helpers.hostile_values import (
    ISSUED_CODE,
    OMIT,
    WORST_FOR_KIND,
    XSS_ATTRIBUTE,
    XSS_SCRIPT,
    as_post,
    assert_escaped,
    file_values,
    filled_in,
    good_choices,
    hostile_values,
    mass_assignment,
)
from tests.helpers.urls import PATTERNS, build, interviewed_application
from tests.helpers.user_data import OWNED, UNOWNED_BUT_WATCHED, pks_of, snapshot_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_every_model_with_user_data_is_snapshotted():
    paths = {m._meta.label: set(p) for m, p in OWNED}
    for label, path in [
        ("accounts.User", "pk"),
        ("applications.Application", "owner"),
        ("applications.Application", "opportunity__owner"),
        ("applications.Interview_interviewers", "interview__application__owner"),
        ("applications.Interview_interviewers", "contact__owner"),
        ("applications.FollowUp", "contact__owner"),
        ("outreach.Draft", "application__owner"),
        ("outreach.Draft", "letter__owner"),
        ("outreach.Reminder", "owner"),
        ("account.EmailAddress", "user"),
        ("feeds.CalendarFeed", "owner"),
        ("exports.ImportJob", "owner"),
    ]:
        assert path in paths.get(label, set()), (
            f"{label} is snapshotted through {paths.get(label)}, not {path!r}"
        )
    assert {m._meta.label for m in UNOWNED_BUT_WATCHED} <= {
        "admin.LogEntry",
        "auth.Permission",
        "auth.Group",
        "auth.Group_permissions",
        "contenttypes.ContentType",
        # Addresses that asked for no more coach emails: nobody's data, only a digest.
        "sharing.CoachEmailOptOut",
    }


# --- The world each example starts from ---------------------------------------------------


@dataclass
class World:
    alice: object
    bob: object
    bob_pks: list  # every primary key of bob's, as text: what a tampered form would post


def bobs_records(bob):
    """One of everything bob can own, his letter's file really on disk."""
    application = interviewed_application(bob)
    interview = application.interviews.get()
    contact = ContactFactory(owner=bob, company=application.company)
    interview.interviewers.add(contact)
    records = [
        bob,
        application,
        interview,
        contact,
        FollowUpFactory(application=application, contact=contact),
        ReplyFactory(application=ApplicationFactory(owner=bob)),
        LetterFactory(owner=bob),
        OpportunityFactory(owner=bob),
        Draft.objects.create(
            application=application,
            interview=interview,
            kind="status_request",
            subject="Bob's",
            body="Bob's body",
        ),
        CalendarFeed.objects.create(owner=bob),
        ImportJob.objects.create(
            owner=bob,
            file_name="bob.csv",
            csv_text="Company,Role\nBobCo,Driver\n",
            total_rows=1,
            mapping={"company": 0, "role": 1},
        ),
    ]
    return sorted({str(record.pk) for record in records}, key=int)


def alices_records(alice):
    """What every page of alice's shows around the form: a contact and an opportunity
    whose text is a payload, so each form page also proves it escapes them."""
    ContactFactory(owner=alice, name=f"Sam {XSS_SCRIPT}", company="Acme Freight", title=XSS_ATTRIBUTE)
    OpportunityFactory(owner=alice, title=f"Driver {XSS_ATTRIBUTE}", organization=XSS_SCRIPT)


# --- Where each form lives, who posts it, and where its data is shown ----------------------
@dataclass
class Target:
    host: object  # (world) -> URL of the page holding the form
    who: str = "alice"  # alice, anonymous, pending_login, pending_signup
    shows: tuple = ()  # URL names (no kwargs) where saved text appears, beyond the redirect target
    examples: int = 6
    saved: int = 302  # the answer when the form is filled in plainly


PATTERN = {p.name: p for p in PATTERNS}


def own_page(name):
    """The form's own page, pointing at a fresh record of alice's (built as tests/helpers/urls.py does)."""
    return lambda world: build(PATTERN[name], world.alice)[0]


def draft_page(kind, *, to_someone=True):
    def host(world):
        application = interviewed_application(world.alice)
        interview = application.interviews.get()
        # Someone to write to (or call), so the send controls are on the page; without,
        # the page asks for a named person instead.
        contact = (
            ContactFactory(
                owner=world.alice,
                company=application.company,
                work_email="dana@acme.example.com",
                work_phone="+1 555 0100",
            )
            if to_someone
            else None
        )
        # Wording the tone check flags, so the "send it as it is" box is on the page too.
        draft = Draft.objects.create(
            application=application,
            interview=interview,
            kind=kind,
            contact=contact,
            subject="Following up",
            body="I demand an answer ASAP. Regards, Alice",
        )
        return reverse("draft_detail", args=[draft.pk])

    return host


def calendar_page(with_feed):
    def host(world):
        if with_feed:
            CalendarFeed.objects.create(owner=world.alice)
        return reverse("calendar_settings")

    return host


def import_page(world):
    quoted_attribute = XSS_ATTRIBUTE.replace('"', '""')  # a double quote inside a CSV cell is doubled
    csv_text = f'Company,Role,Notes\n"{XSS_SCRIPT}",Driver,"{quoted_attribute}"\nAcme,Clerk,\n'
    job = ImportJob.objects.create(
        owner=world.alice,
        file_name=f"{XSS_SCRIPT}.csv",
        csv_text=csv_text,
        total_rows=2,
        mapping={"company": 0, "role": 1, "notes": 2},
    )
    return reverse("import_preview", args=[job.pk])


def named(name):
    return lambda world: reverse(name)


def coachs_page(world):
    """The page a coach opens from alice's link, with an application to comment on."""
    application = interviewed_application(world.alice)
    application.company = XSS_SCRIPT
    application.save()
    _, token = share_with_link(owner=world.alice, owner_name=XSS_ATTRIBUTE, note=XSS_SCRIPT)
    return reverse("coach_page", args=[token])


LISTS = ("dashboard", "application_list")
TARGETS = {
    "profile": Target(named("profile"), shows=("profile",)),
    "time_zone": Target(named("time_zone"), shows=("profile",)),
    "delete_account": Target(named("delete_account"), examples=6),
    "confirm_identity": Target(named("confirm_identity"), examples=6),
    "application_create": Target(named("application_create"), shows=LISTS),
    "application_edit": Target(own_page("application_edit"), shows=LISTS),
    "application_delete": Target(own_page("application_delete"), examples=3),
    "application_move_on": Target(own_page("application_move_on"), examples=6),
    "interview_create": Target(own_page("interview_create"), shows=("dashboard",)),
    "interview_log": Target(named("interview_log"), shows=LISTS),
    "interview_edit": Target(own_page("interview_edit")),
    "interview_delete": Target(own_page("interview_delete"), examples=3),
    "follow_up_create": Target(own_page("follow_up_create")),
    "follow_up_edit": Target(own_page("follow_up_edit")),
    "follow_up_delete": Target(own_page("follow_up_delete"), examples=3),
    "reply_create": Target(own_page("reply_create")),
    "reply_edit": Target(own_page("reply_edit")),
    "reply_delete": Target(own_page("reply_delete"), examples=3),
    "contact_create": Target(named("contact_create"), shows=("contact_list", "recommendations")),
    "contact_edit": Target(own_page("contact_edit"), shows=("contact_list", "recommendations")),
    "contact_delete": Target(own_page("contact_delete"), examples=3),
    "letter_create": Target(named("letter_create"), shows=("recommendations",)),
    "letter_edit": Target(own_page("letter_edit"), shows=("recommendations",)),
    "letter_delete": Target(own_page("letter_delete"), examples=3),
    "opportunity_create": Target(named("opportunity_create"), shows=("opportunity_list",)),
    "opportunity_edit": Target(
        own_page("opportunity_edit"), shows=("opportunity_list", "application_create")
    ),
    "opportunity_star": Target(named("opportunity_list"), examples=4),
    "opportunity_delete": Target(own_page("opportunity_delete"), examples=3),
    "draft_open": Target(
        lambda world: reverse("draft_list", args=[interviewed_application(world.alice).pk]), examples=6
    ),
    # Plainly filled in, its first named button is "Rewrite with this detail" over edited
    # text: the edits are saved and the page asks before replacing them (issue 13, item 14).
    "draft_detail": Target(draft_page("warm_check_in"), saved=200),
    "draft_sent": Target(draft_page("status_request"), examples=6),
    "draft_call": Target(draft_page("call_script"), examples=6),
    "draft_recipient_add": Target(draft_page("status_request", to_someone=False), examples=6),
    "calendar_create": Target(calendar_page(with_feed=False), examples=4),
    "calendar_regenerate": Target(calendar_page(with_feed=True), examples=4),
    "calendar_revoke": Target(calendar_page(with_feed=True), examples=4),
    "data_import": Target(named("data_import"), examples=6),
    "share_list": Target(named("share_list"), shows=("share_list",)),
    "share_detail": Target(own_page("share_detail"), shows=("share_list",)),
    "share_new_link": Target(own_page("share_detail"), examples=4),
    "share_revoke": Target(own_page("share_detail"), examples=4),
    # The coach, with no account, comments through alice's link.
    "coach_comment": Target(coachs_page, who="anonymous"),
    "import_preview": Target(import_page, shows=LISTS),
    # Answers with its "you are unsubscribed" page, not a redirect.
    "unsubscribe": Target(
        lambda world: reverse("unsubscribe", args=[unsubscribe_token(world.alice)]), saved=200, examples=6
    ),
    # allauth's pages
    "account_login": Target(named("account_login"), who="anonymous", examples=6),
    "account_signup": Target(named("account_signup"), who="anonymous", examples=6),
    "account_request_login_code": Target(named("account_request_login_code"), who="anonymous", examples=6),
    "account_confirm_login_code": Target(
        named("account_confirm_login_code"), who="pending_login", examples=6
    ),
    "account_email_verification_sent": Target(
        named("account_email_verification_sent"), who="pending_signup", examples=6
    ),
    "account_email": Target(named("account_email"), examples=6),
    "account_logout": Target(named("dashboard"), examples=3),
}
# Pages of ours that only show something: no form posts to them.
SHOW_ONLY = {
    "home",
    "dashboard",
    "pipeline",
    "application_list",
    "application_detail",
    "contact_list",
    "recommendations",
    "letter_file",
    "opportunity_list",
    "guide",
    "draft_list",
    "calendar_settings",
    "calendar_feed",
    "interview_ics",
    "data_export",
    "data_export_download",
    "import_job",
    "import_status",
    "share_preview",
}
ALLAUTH_PAGES = {
    "anonymous": ["account_login", "account_signup", "account_request_login_code"],
    "pending_login": ["account_confirm_login_code"],
    "pending_signup": ["account_email_verification_sent"],
    "alice": ["account_email"],
}


def client_for(who, world):
    """A fresh client, signed in as alice or in the middle of signing in, with no rate limit counted."""
    cache.clear()
    client = Client(raise_request_exception=True)
    if who == "alice":
        client.force_login(world.alice)
    elif who == "pending_login":
        assert client.post(reverse("account_login"), {"login": world.alice.email}).status_code == 302
    elif who == "pending_signup":
        assert client.post(reverse("account_signup"), {"email": "newcomer@example.com"}).status_code == 302
    return client


# --- One example -----------------------------------------------------------------------
def pages_showing(target, response):
    """The pages that show what was just saved: the page redirected to, and the target's lists."""
    urls = [response["Location"]] if response.status_code == 302 else []
    urls += [reverse(name) for name in TARGETS[target].shows]
    return urls


def post_once(world, form, target, values, files, *, show=True, check_bob=True):
    """Post, in a savepoint rolled back afterwards; check the answer and what it shows."""
    bob_before = world.bob_snapshot
    with transaction.atomic():
        client = client_for(TARGETS[target].who, world)
        response = client.post(form.action, as_post(values, files))
        assert response.status_code < 500
        assert_escaped(response, f"the answer to {target}")
        if show and get_user_model().objects.filter(pk=world.alice.pk).exists():
            if TARGETS[target].who == "alice" and response.status_code == 302:
                client.force_login(world.alice)  # unless the form signed her out
            for url in pages_showing(target, response):
                page = client.get(url)
                assert page.status_code < 500
                assert_escaped(page, f"{url} after {target}")
        if check_bob:
            assert snapshot_of(world.bob) == bob_before, f"posting to {target} changed bob's data"
        transaction.set_rollback(True)
    return response.status_code


def find_form(world, target):
    """The target's form on its page, read in a savepoint so the page's records stay for the examples."""
    spec = TARGETS[target]
    page_url = spec.host(world)
    with transaction.atomic():  # a sign-up started here must not leave its account behind
        response = client_for(spec.who, world).get(page_url)
        transaction.set_rollback(True)
    assert response.status_code == 200, f"{page_url} answered {response.status_code}"
    forms = [form for form in forms_on(response, page_url) if form.target == target]
    assert forms, f"no form posting to {target} on {page_url}"
    assert_escaped(response, page_url)
    form = forms[0]
    for context in response.context or []:
        for value in context.flatten().values():
            for name, form_field in getattr(value, "fields", {}).items():
                if name in form.fields and hasattr(form_field, "queryset"):
                    form.picks[name] = (
                        form_field.queryset.model,
                        hasattr(form_field, "widget") and form_field.widget.allow_multiple_selected,
                    )
    return form


@pytest.fixture
def world(db, alice, bob, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    bob_pks = bobs_records(bob)
    alices_records(alice)
    world = World(alice=alice, bob=bob, bob_pks=bob_pks)
    world.bob_snapshot = snapshot_of(bob)
    return world


@pytest.mark.parametrize("target", TARGETS)
def test_hostile_posts_never_500_never_touch_bob_and_are_shown_escaped(world, target):
    spec = TARGETS[target]
    form = find_form(world, target)
    dynamic = {"code": ISSUED_CODE} if spec.who.startswith("pending") else {}
    files = file_values(target)
    names = sorted(form.fields)

    # Filled in as a person would, the form must work: the hostile examples below
    # mean something only if the same form can save.
    first = post_once(world, form, target, filled_in(form, world, dynamic), files)
    assert first == spec.saved, f"{target} answered {first} to a plainly filled-in form"

    # The worst values of each parsed field, one field at a time (see WORST_FOR_KIND).
    plain = filled_in(form, world, dynamic)
    for name, field_spec in form.fields.items():
        worst = list(WORST_FOR_KIND.get(field_spec.kind, []))
        if name in form.picks:
            worst += pks_of(world.bob, form.picks[name][0])
        for value in worst:
            # bob's data is compared only when one of his ids was posted (the slow part of an example).
            post_once(
                world, form, target, {**plain, name: value}, files, show=False, check_bob=name in form.picks
            )

    theirs = {}
    for name, (model, multiple) in form.picks.items():
        pks = pks_of(world.bob, model)
        assert pks, f"bob has no {model.__name__} for {target}'s {name} field to be tampered with"
        theirs[name] = [[pk] for pk in pks] + [pks] if multiple else pks
    statuses = []

    @hypothesis_settings(
        max_examples=spec.examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=st.data())
    def example(data):
        values = {
            name: data.draw(st.sampled_from(good_choices(form.fields[name], dynamic)), label=name)
            for name in names
        }
        how_hostile = data.draw(st.sampled_from(["none", "one", "some", "theirs"]), label="how hostile")
        if how_hostile == "theirs":  # every field that picks a record picks one of bob's
            for name, choices in theirs.items():
                values[name] = data.draw(st.sampled_from(choices), label=name)
        elif how_hostile != "none" and names:
            chosen = data.draw(
                st.sets(
                    st.sampled_from(names), min_size=1, max_size=1 if how_hostile == "one" else len(names)
                )
            )
            for name in chosen:
                if form.fields[name].kind == "file":
                    values[name] = data.draw(st.sampled_from(sorted(files)), label=name)
                else:
                    values[name] = data.draw(
                        st.one_of(hostile_values(world, form.fields[name]), st.just(OMIT)), label=name
                    )
        if data.draw(st.booleans(), label="extra fields"):
            values.update(mass_assignment(world))
        statuses.append(post_once(world, form, target, values, files))

    example()
    assert spec.saved in statuses, f"no hostile example was ever accepted by {target}: {statuses}"


# --- Every form is covered -------------------------------------------------------------------
def test_every_form_on_every_page_is_covered(world):
    """Reads every page of ours and allauth's sign-in pages: each form posts to a name in TARGETS,
    and every URL of ours either has a form here or only shows something."""
    found = set()
    for pattern in PATTERNS:
        if pattern.name in ("calendar_feed",):
            continue
        with transaction.atomic():
            url, _ = build(pattern, world.alice)
            client = client_for("alice", world)
            response = client.get(url)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                found |= {form.target for form in forms_on(response, url)}
            transaction.set_rollback(True)
    for target in TARGETS:
        if target == "account_logout":
            continue
        with transaction.atomic():
            client = client_for(TARGETS[target].who, world)
            url = TARGETS[target].host(world)
            found |= {form.target for form in forms_on(client.get(url), url)}
            transaction.set_rollback(True)
    for who, names in ALLAUTH_PAGES.items():
        for name in names:
            with transaction.atomic():
                client = client_for(who, world)
                response = client.get(reverse(name))
                assert response.status_code == 200
                found |= {form.target for form in forms_on(response, reverse(name))}
                transaction.set_rollback(True)
    assert None not in found, "a form posts somewhere no URL name resolves"
    assert found - set(TARGETS) == set(), "forms with no hostile-input test: add them to TARGETS"
    assert set(TARGETS) - found == set(), "TARGETS names a form no page shows any more"
    ours = {p.name for p in PATTERNS} | {"unsubscribe", "calendar_feed"}
    assert ours - set(TARGETS) - SHOW_ONLY == set(), "a URL of ours is neither a form target nor SHOW_ONLY"
    assert SHOW_ONLY.isdisjoint(TARGETS)
