"""The draft page keeps what the user wrote, and writes to a person by name
(issue 13, items 14, 11, 13, 6, 10): every form posts to an explicit URL with
the text on the page; a refused "Mark as sent" keeps the edits; "Rewrite with
this detail" asks before replacing edits; a draft with nobody reachable asks
for a named person inline; another recipient changes the greeting only; the
call script shows call controls only; the enclosure's letter is chosen on the
page and attached by hand; the interview's notes sit beside the draft.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from applications.choices import CallOutcome, ContactRole, Rapport
from applications.models import Contact, FollowUp
from outreach import services
from outreach.models import Draft
from plans.words import Reason
from tests.factories import ContactFactory, FollowUpFactory, LetterFactory
from tests.helpers.drafts import (
    COMPANY,
    NOW,
    K,
    due_application,
    mark_sent,
    network_friend,
    open_draft,
    recruiter,
)
from tests.helpers.pages import text_of

pytestmark = pytest.mark.django_db

TYPED = "Something only I wrote: the cross-dock tour stayed with me."


def edited(body, typed=TYPED):
    """The draft's text with the user's own line added after the greeting."""
    lines = body.splitlines()
    return "\n".join([lines[0], "", typed, *lines[1:]])


def form_actions(response):
    html = response.content.decode()
    forms = re.findall(r"<form\b[^>]*>", html)
    return [re.search(r'\baction="([^"]*)"', tag) for tag in forms], html


def field_value(response, name):
    form = response.context["form"]
    return form[name].value()


# --- Item 14: never lose what the user wrote ------------------------------------------------


def test_every_form_on_the_draft_page_has_an_explicit_action(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    for response in (
        alice_client.get(draft.get_absolute_url()),
        # The refusal page too: before the fix, its edit form posted back to /sent/.
        alice_client.post(
            reverse("draft_sent", args=[draft.pk]),
            {"subject": draft.subject, "body": draft.body + "\nI never heard back!!!"},
        ),
    ):
        actions, html = form_actions(response)
        assert actions and all(a and a.group(1) for a in actions), "a form without an action"
        assert f'action="{draft.get_absolute_url()}"' in html
        assert f'formaction="{reverse("draft_sent", args=[draft.pk])}"' in html


def test_a_refused_mark_as_sent_keeps_the_edited_text(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    pushy = edited(draft.body, "I never heard back, please reply!!!")
    response = alice_client.post(
        reverse("draft_sent", args=[draft.pk]), {"subject": "My own subject", "body": pushy}
    )
    assert response.status_code == 400
    assert "Some wording may come across badly" in text_of(response)
    assert field_value(response, "body").replace("\r\n", "\n") == pushy
    assert field_value(response, "subject") == "My own subject"
    draft.refresh_from_db()
    assert (draft.subject, draft.body, draft.sent_at) == ("My own subject", pushy, None)
    # Ticking the box sends the text as edited.
    response = alice_client.post(
        reverse("draft_sent", args=[draft.pk]),
        {"subject": "My own subject", "body": pushy, "reviewed_tone": "on"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.sent_at == NOW and draft.body == pushy


def test_a_guardrail_refusal_keeps_the_edited_text(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    FollowUpFactory.create_batch(2, application=application, happened_at=NOW)
    application.refresh_plan()
    mine = edited(draft.body)
    response = alice_client.post(
        reverse("draft_sent", args=[draft.pk]), {"subject": draft.subject, "body": mine}
    )
    assert response.status_code == 409
    assert field_value(response, "body") == mine
    assert TYPED in response.content.decode()
    draft.refresh_from_db()
    assert draft.body == mine and draft.sent_at is None
    assert FollowUp.objects.filter(application=application).count() == 2


def test_a_bad_field_on_mark_as_sent_keeps_the_text_and_sends_nothing(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    response = alice_client.post(reverse("draft_sent", args=[draft.pk]), {"subject": "", "body": TYPED})
    assert response.status_code == 400
    assert field_value(response, "body") == TYPED
    draft.refresh_from_db()
    assert draft.sent_at is None and TYPED not in draft.body


def test_logging_a_call_without_an_outcome_keeps_the_text(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice, work_phone="+1 901 555 0134")
    call = open_draft(alice_client, application, K.CALL_SCRIPT)
    mine = call.body + "\nMention the forklift certification."
    response = alice_client.post(reverse("draft_call", args=[call.pk]), {"body": mine})
    assert response.status_code == 400
    assert field_value(response, "body") == mine
    response = alice_client.post(
        reverse("draft_call", args=[call.pk]), {"body": mine, "outcome": CallOutcome.VOICEMAIL}
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.sent_at == NOW and call.body == mine


def test_rewrite_asks_before_replacing_edits_and_keep_my_version_keeps_them(
    alice_client, alice, tuesday_morning
):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    priya = recruiter(alice)
    draft = open_draft(alice_client, application, K.WARM_CHECK_IN)
    mine = edited(draft.body)
    data = {"contact": priya.pk, "subject": draft.subject, "body": mine, "personal_detail": "the new depot"}
    response = alice_client.post(draft.get_absolute_url(), {**data, "rewrite": "1"})
    assert response.status_code == 200
    assert "Draft saved" not in text_of(response)
    assert "You've changed this message since it was written" in text_of(response)
    assert field_value(response, "body") == mine
    draft.refresh_from_db()
    assert draft.body == mine and draft.personal_detail == "the new depot"
    # "Keep my version" is the page's plain save.
    response = alice_client.post(draft.get_absolute_url(), data, follow=True)
    assert "Draft saved." in text_of(response)
    draft.refresh_from_db()
    assert draft.body == mine


def test_saving_the_page_keeps_the_text_exactly_as_typed(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    priya = recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    mine = "Dear Priya,\r\n\r\n  indented, and no final newline"
    response = alice_client.post(
        draft.get_absolute_url(), {"contact": priya.pk, "subject": "S", "body": mine}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body.replace("\r\n", "\n") == mine.replace("\r\n", "\n")


# --- Item 1: a preview before its day, no way to send it yet ------------------------------

FRIDAY_BEFORE = NOW - dt.timedelta(days=4)  # Friday 4 December: the follow-up is due Monday 7


@pytest.mark.parametrize(
    ("kind", "rapport", "contact"),
    [
        (K.STATUS_REQUEST, Rapport.NEUTRAL, {}),
        (K.WARM_CHECK_IN, Rapport.WENT_WELL, {}),
        (K.CALL_SCRIPT, Rapport.WENT_WELL, {"work_phone": "+1 901 555 0134"}),
    ],
)
def test_before_its_day_a_draft_is_a_preview_with_no_send_buttons(
    alice_client, alice, tuesday_morning, kind, rapport, contact
):
    tuesday_morning.move_to(FRIDAY_BEFORE)
    application = due_application(alice, rapport=rapport)
    recruiter(alice, **contact)
    draft = open_draft(alice_client, application, kind)
    page = alice_client.get(draft.get_absolute_url())
    words, html = text_of(page), page.content.decode()
    assert "Preview for Mon, Dec 7" in words
    assert "This message is for Monday, December 7" in words
    for button in ("Mark as sent", "Log the call", "Open in my email app"):
        assert button not in words, button
    assert "mailto:" not in html
    assert reverse("draft_sent", args=[draft.pk]) not in html
    assert reverse("draft_call", args=[draft.pk]) not in html
    assert "Save changes" in words  # it can be read and edited now
    # On its day the preview becomes the message, with its buttons.
    tuesday_morning.move_to(NOW)
    words = text_of(alice_client.get(draft.get_absolute_url()))
    assert "Preview for" not in words
    assert ("Log the call" if kind == K.CALL_SCRIPT else "Mark as sent") in words


def test_a_thank_you_is_never_a_preview(alice_client, alice, tuesday_morning):
    tuesday_morning.move_to(NOW - dt.timedelta(days=6))  # Wednesday 2 December, in its window
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, K.THANK_YOU)
    words = text_of(alice_client.get(draft.get_absolute_url()))
    assert "Preview for" not in words and "Mark as sent" in words


def test_a_post_before_its_day_is_refused_without_the_close_link(alice_client, alice, tuesday_morning):
    tuesday_morning.move_to(FRIDAY_BEFORE)
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    mine = edited(draft.body)
    response = alice_client.post(
        reverse("draft_sent", args=[draft.pk]), {"subject": draft.subject, "body": mine}
    )
    assert response.status_code == 409
    assert "This message is for Mon, Dec 7" in text_of(response)
    # Early is not over: nothing suggests closing the application.
    assert "Close it gracefully" not in text_of(response)
    draft.refresh_from_db()
    assert draft.sent_at is None and draft.body == mine


def test_the_limit_refusal_offers_to_close_it(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    FollowUpFactory.create_batch(2, application=application, happened_at=NOW)
    application.refresh_plan()
    response = mark_sent(alice_client, draft, subject=draft.subject, body=draft.body)
    assert response.status_code == 409
    assert "Close it gracefully" in text_of(response)


def test_mark_as_sent_without_a_recipient_is_refused_by_the_service(alice_client, alice, tuesday_morning):
    """No button offers it, and a hand-made post gets a clear 409 that keeps the text."""
    application = due_application(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert draft.contact is None
    mine = edited(draft.body)
    response = mark_sent(alice_client, draft, subject=draft.subject, body=mine)
    assert response.status_code == 409
    assert "Add who it goes to first" in text_of(response)
    assert field_value(response, "body") == mine
    draft.refresh_from_db()
    assert draft.sent_at is None and draft.body == mine
    assert not FollowUp.objects.filter(application=application).exists()


def test_a_recipient_with_a_personal_address_only_cannot_be_marked_emailed(alice, tuesday_morning):
    application = due_application(alice)
    phone_only = ContactFactory(
        owner=alice, company=COMPANY, name="Sam Ortiz", work_email="", work_phone="+1 901 555 0199"
    )
    draft = Draft.objects.create(
        application=application, kind=K.STATUS_REQUEST, contact=phone_only, subject="S", body="B"
    )
    with pytest.raises(services.DraftRefused) as refused:
        services.draft_mark_sent(draft=draft)
    assert refused.value.reason == Reason.NO_RECIPIENT
    # Calling them instead is fine: the call goes to their work phone.
    services.draft_log_call(draft=draft, outcome=CallOutcome.VOICEMAIL)
    assert FollowUp.objects.filter(application=application).count() == 1


# --- Item 11: to a person, by name -----------------------------------------------------------


def test_no_recipient_no_mailto_and_the_page_asks_for_a_named_person(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert draft.contact is None
    page = alice_client.get(draft.get_absolute_url())
    html = page.content.decode()
    assert "mailto:" not in html and "Open in my email app" not in text_of(page)
    assert "Mark as sent" not in text_of(page)
    assert "Add a named person with a work email" in text_of(page)
    assert f'formaction="{reverse("draft_recipient_add", args=[draft.pk])}"' in html
    assert 'name="new-work_email"' in html


def test_adding_a_recipient_keeps_the_edits_and_changes_the_greeting(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert draft.body.startswith("Hello,")
    mine = edited(draft.body)
    response = alice_client.post(
        reverse("draft_recipient_add", args=[draft.pk]),
        {
            "subject": "My subject",
            "body": mine,
            "new-name": "Dana Brooks",
            "new-title": "Talent Partner",
            "new-role": ContactRole.RECRUITER,
            "new-work_email": "dana.brooks@northwind.example",
        },
    )
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    dana = Contact.objects.get(name="Dana Brooks")
    assert (dana.owner, dana.company, dana.role, dana.title) == (
        alice,
        COMPANY,
        ContactRole.RECRUITER,
        "Talent Partner",
    )
    draft.refresh_from_db()
    assert draft.contact == dana and draft.subject == "My subject"
    assert draft.body.startswith("Dear Dana,") and "Hello," not in draft.body
    assert TYPED in draft.body
    assert draft.body.split("\n", 1)[1] == mine.split("\n", 1)[1]
    page = alice_client.get(draft.get_absolute_url())
    assert "mailto:dana.brooks@northwind.example?" in page.content.decode()
    assert "Open in my email app" in text_of(page)


def test_a_bad_new_recipient_keeps_everything_typed(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    mine = edited(draft.body)
    response = alice_client.post(
        reverse("draft_recipient_add", args=[draft.pk]),
        {
            "subject": draft.subject,
            "body": mine,
            "new-name": "Dana Brooks",
            "new-role": ContactRole.RECRUITER,
        },
    )
    assert response.status_code == 400
    assert field_value(response, "body") == mine
    assert 'value="Dana Brooks"' in response.content.decode()
    assert not Contact.objects.filter(name="Dana Brooks").exists()
    draft.refresh_from_db()
    assert draft.contact is None and TYPED not in draft.body


def test_choosing_another_recipient_changes_only_the_greeting(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    priya = recruiter(alice)
    sam = ContactFactory(
        owner=alice,
        company=COMPANY,
        name="Sam Ortiz",
        role=ContactRole.HIRING_MANAGER,
        work_email="sam@nw.example",
    )
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    assert draft.contact == priya and draft.body.startswith("Dear Priya,")
    mine = edited(draft.body)
    response = alice_client.post(
        draft.get_absolute_url(), {"contact": sam.pk, "subject": draft.subject, "body": mine}, follow=True
    )
    assert "Draft saved." in text_of(response)
    draft.refresh_from_db()
    assert draft.contact == sam
    assert draft.body.startswith("Dear Sam,") and TYPED in draft.body
    assert draft.body.split("\n", 1)[1] == mine.split("\n", 1)[1]


def test_an_edited_greeting_is_left_alone_and_the_page_says_so(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    sam = ContactFactory(owner=alice, company=COMPANY, name="Sam Ortiz", work_email="sam@nw.example")
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    mine = "Good morning Priya!" + draft.body[draft.body.index("\n") :]
    response = alice_client.post(
        draft.get_absolute_url(), {"contact": sam.pk, "subject": draft.subject, "body": mine}, follow=True
    )
    assert "Check the greeting" in text_of(response)
    draft.refresh_from_db()
    assert draft.contact == sam and draft.body.replace("\r\n", "\n").strip() == mine.strip()


def test_the_picker_offers_people_at_the_company_with_the_channel_the_message_needs(
    alice_client, alice, bob, tuesday_morning
):
    application = due_application(alice)
    priya = recruiter(alice, work_phone="+1 901 555 0134")
    phone_only = ContactFactory(
        owner=alice, company=COMPANY, name="Lee Park", work_email="", work_phone="+1 555 0100"
    )
    friend = network_friend(alice)
    bobs = ContactFactory(owner=bob, company=COMPANY, name="Bob's Person", work_email="b@nw.example")
    email = open_draft(alice_client, application, K.STATUS_REQUEST)
    choices = {
        c.pk for c in alice_client.get(email.get_absolute_url()).context["form"].fields["contact"].queryset
    }
    assert choices == {priya.pk}
    application.interviews.update(rapport=Rapport.WENT_WELL)
    call = open_draft(alice_client, application, K.CALL_SCRIPT)
    choices = {
        c.pk for c in alice_client.get(call.get_absolute_url()).context["form"].fields["contact"].queryset
    }
    assert choices == {priya.pk, phone_only.pk}
    assert friend.pk not in choices and bobs.pk not in choices


# --- Item 13: the call script shows call controls only ---------------------------------------


def test_the_call_script_page_shows_call_controls_only(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice, work_phone="+1 901 555 0134")
    call = open_draft(alice_client, application, K.CALL_SCRIPT)
    page = alice_client.get(call.get_absolute_url())
    text, html = text_of(page), page.content.decode()
    assert "subject" not in page.context["form"].fields
    assert 'name="subject"' not in html and "mailto:" not in html
    for email_control in ("Open in my email app", "Mark as sent", "send it from your own email", "Copy"):
        assert email_control not in text
    assert "Log the call" in text and "How did the call go?" in text
    assert "working hours" in text.lower()
    assert 'href="tel:+1 901 555 0134"' in html


def test_a_call_script_without_a_work_phone_asks_for_one(alice_client, alice, tuesday_morning):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice)  # work email only
    call = open_draft(alice_client, application, K.CALL_SCRIPT)
    page = alice_client.get(call.get_absolute_url())
    assert "Add a named person with a work phone" in text_of(page)
    assert 'name="new-work_phone"' in page.content.decode()
    assert 'name="new-work_email"' not in page.content.decode()


# --- Item 6: the enclosure's letter, chosen on the page and attached by hand -----------------


@pytest.mark.usefixtures("private_media")
def test_the_enclosure_letter_is_chosen_on_the_page_and_attached_by_hand(
    alice_client, alice, bob, tuesday_morning
):
    application = due_application(alice, rapport=Rapport.WENT_WELL)
    recruiter(alice)
    best = LetterFactory(
        owner=alice, title="From my company commander", author="Capt. Lee Tran", job_kind="Operations"
    )
    other = LetterFactory(
        owner=alice, title="From the depot chief", author="Morgan Diaz", job_kind="Warehousing"
    )
    bobs = LetterFactory(owner=bob, title="Bob's letter")
    draft = open_draft(alice_client, application, K.RECOMMENDATION_ENCLOSURE)
    assert draft.letter == best
    page = alice_client.get(draft.get_absolute_url())
    text, html = text_of(page), page.content.decode()
    assert {letter.pk for letter in page.context["form"].fields["letter"].queryset} == {best.pk, other.pk}
    assert bobs.pk not in {letter.pk for letter in page.context["form"].fields["letter"].queryset}
    assert re.search(rf'<option value="{best.pk}" selected>', html)
    assert "Attach this letter to the email yourself" in text
    assert f'href="{reverse("letter_file", args=[best.pk])}"' in html

    mine = edited(draft.body)
    data = {"contact": draft.contact.pk, "subject": draft.subject, "body": mine}
    alice_client.post(draft.get_absolute_url(), {**data, "letter": other.pk})
    draft.refresh_from_db()
    assert draft.letter == other and "Morgan Diaz" in draft.body and "Capt. Lee Tran" not in draft.body
    assert TYPED in draft.body
    # No letter chosen: the draft names none, and the page offers no download.
    alice_client.post(draft.get_absolute_url(), {**data, "body": draft.body, "letter": ""})
    draft.refresh_from_db()
    assert draft.letter is None and "letter" not in draft.body.lower() and TYPED in draft.body
    page = alice_client.get(draft.get_absolute_url())
    assert reverse("letter_file", args=[other.pk]) not in page.content.decode()
    # Choosing one again puts its sentence back where it was written, edits kept.
    alice_client.post(draft.get_absolute_url(), {**data, "body": draft.body, "letter": best.pk})
    draft.refresh_from_db()
    assert draft.letter == best and "letter of recommendation from Capt. Lee Tran" in draft.body
    assert TYPED in draft.body
    # A stranger's letter cannot be chosen.
    response = alice_client.post(draft.get_absolute_url(), {**data, "letter": bobs.pk})
    assert response.status_code == 400


# --- Item 10 and the layout: notes beside the draft, the message once ------------------------


def test_the_interview_notes_sit_beside_the_draft_and_stay_out_of_it(alice_client, alice, tuesday_morning):
    notes = "Asked about the night shift. Manager is Dana; new depot opens in March."
    application = due_application(alice, notes=notes)
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    page = alice_client.get(draft.get_absolute_url())
    html = page.content.decode()
    aside = re.search(r"<aside\b.*?</aside>", html, re.DOTALL).group(0)
    assert "From your interview notes" in aside and "new depot opens in March" in aside
    assert "night shift" not in draft.body and html.count("night shift") == 1


def test_the_message_shows_once(alice_client, alice, tuesday_morning):
    application = due_application(alice)
    recruiter(alice)
    draft = open_draft(alice_client, application, K.STATUS_REQUEST)
    html = alice_client.get(draft.get_absolute_url()).content.decode()
    sentence = "I remain very interested in joining"
    assert sentence in draft.body
    # Once in the text box; the mailto: link carries it %-encoded.
    assert html.count(sentence) == 1


def test_the_recipient_url_is_the_owners_only(client, alice, bob, tuesday_morning):
    application = due_application(alice)
    draft = open_draft(client, application, K.STATUS_REQUEST)
    client.force_login(bob)
    response = client.post(
        reverse("draft_recipient_add", args=[draft.pk]),
        {
            "subject": "x",
            "body": "y",
            "new-name": "Eve",
            "new-role": "recruiter",
            "new-work_email": "e@x.example",
        },
    )
    assert response.status_code == 404
    assert not Contact.objects.filter(name="Eve").exists()
    assert Draft.objects.get(pk=draft.pk).contact is None


# --- The carrying itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mine", "before", "after", "expected", "carried"),
    [
        (
            "Hello,\n\nMine.\n\nBye",
            "Hello,\n\nTheirs.\n\nBye",
            "Dear Sam,\n\nTheirs.\n\nBye",
            "Dear Sam,\n\nMine.\n\nBye",
            True,
        ),
        ("Hi!\n\nMine.", "Hello,\n\nTheirs.", "Dear Sam,\n\nTheirs.", "Hi!\n\nMine.", False),
        ("A\n\nL1\n\nMine", "A\n\nL1\n\nB", "A\n\nB", "A\n\nMine", True),
        ("A\n\nMine\n\nB", "A\n\nB", "A\n\nL2\n\nB", "A\n\nL2\n\nMine\n\nB", True),
        ("Same\r\ntext\r\n", "x", "x", "Same\r\ntext\r\n", True),
    ],
    ids=["greeting", "edited-greeting", "sentence-removed", "sentence-added", "nothing-to-carry"],
)
def test_carry_changes(mine, before, after, expected, carried):
    from outreach.services import carry_changes

    assert carry_changes(mine, before, after) == (expected, carried)


def test_a_recommendation_request_asks_for_someone_in_the_network(alice, tuesday_morning):
    from outreach.forms import RecipientForm

    application = due_application(alice)
    form = RecipientForm(draft=Draft(application=application, kind=K.RECOMMENDATION_REQUEST))
    assert [value for value, _ in form.fields["role"].choices] == [ContactRole.NETWORK]
    assert form.fields["work_email"].required and "work_phone" not in form.fields
    form = RecipientForm(draft=Draft(application=application, kind=K.THANK_YOU))
    assert ContactRole.NETWORK not in [value for value, _ in form.fields["role"].choices]
    assert form.fields["role"].initial == ContactRole.INTERVIEWER
