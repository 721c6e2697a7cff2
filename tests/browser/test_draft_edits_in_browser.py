"""No word the user typed is lost on the draft page, in a real browser (issue 13,
item 14): a refused "Mark as sent" keeps the edited text and the page's forms
post where they say; "Rewrite with this detail" asks before replacing edits;
adding a recipient by name keeps the edits and changes only the greeting.

Before the fix, the refused page's edit form had no action and posted back to
/sent/, and a rewrite replaced the edits, then said "Draft saved".

Dates come from the real clock (the live server uses it too): the interview was
two weeks ago and its promised answer date has passed, so the first follow-up
is due whatever day the tests run.
"""

import datetime as dt
import re
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from applications.choices import ContactRole, Rapport, Status, Step
from applications.models import Application, Contact, Interview
from outreach.models import Draft
from outreach.services import draft_open
from tests.browser.dates import USER_ZONE, past_weekday

pytestmark = pytest.mark.browser

COMPANY, ROLE = "Northwind Logistics", "Operations Supervisor"
MY_LINE = "The cross-dock tour with José stuck with me; I'd love to help run that floor."
PUSHY_LINE = "I never heard back and I'm frustrated!!!"


def due_application(user, *, rapport=Rapport.NEUTRAL, recruiter=True):
    zone = ZoneInfo(USER_ZONE)
    interview_day = past_weekday(14)
    application = Application.objects.create(
        owner=user,
        company=COMPANY,
        role=ROLE,
        status=Status.WAITING,
        applied_on=interview_day - dt.timedelta(days=10),
    )
    Interview.objects.create(
        application=application,
        starts_at=dt.datetime.combine(interview_day, dt.time(10, 30), tzinfo=zone),
        rapport=rapport,
        asked_about_timing=True,
        promised_on=interview_day + dt.timedelta(days=3),
    )
    if recruiter:
        Contact.objects.create(
            owner=user,
            name="Priya Shah",
            company=COMPANY,
            title="Talent Partner",
            role=ContactRole.RECRUITER,
            work_email="priya.shah@northwind.example",
        )
    application.refresh_plan()
    assert application.next_step == Step.FIRST
    return application


def with_my_line(body):
    """The body with the user's own paragraph after the greeting."""
    greeting, rest = body.split("\n", 1)
    return f"{greeting}\n\n{MY_LINE}\n{rest}"


def body_of(page):
    return page.locator("#id_body").input_value().replace("\r\n", "\n")


def test_a_refused_mark_as_sent_keeps_the_typed_text(page, live_server, sign_in):
    user = sign_in(time_zone=USER_ZONE, full_name="Alex Rivera")
    draft = draft_open(application=due_application(user), kind="status_request")
    page.goto(live_server.url + draft.get_absolute_url())

    typed = with_my_line(draft.body.strip()) + "\n" + PUSHY_LINE
    page.locator("#id_body").fill(typed)
    page.locator("#id_subject").fill("Operations Supervisor: checking in")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Mark as sent").click()
    assert answer.value.status == 400
    expect(page.get_by_role("alert").filter(has_text="Some wording may come across badly")).to_be_visible()
    # The typed text survived the refusal, on the page and in the draft.
    assert body_of(page) == typed
    expect(page.locator("#id_subject")).to_have_value("Operations Supervisor: checking in")
    draft.refresh_from_db()
    assert draft.sent_at is None and MY_LINE in draft.body and PUSHY_LINE in draft.body

    # Editing on the refused page and saving goes to the draft, not to /sent/ again.
    calm = typed.replace(PUSHY_LINE, "I'd welcome any news on the timeline.")
    page.locator("#id_body").fill(calm)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page).to_have_url(live_server.url + draft.get_absolute_url())
    assert body_of(page) == calm
    draft.refresh_from_db()
    assert draft.sent_at is None and draft.body.replace("\r\n", "\n") == calm

    page.get_by_role("button", name="Mark as sent").click()
    expect(page.get_by_text("Marked as sent. The plan has moved on.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.sent_at is not None and MY_LINE in draft.body


def test_rewrite_with_this_detail_asks_before_replacing_edits(page, live_server, sign_in):
    user = sign_in(time_zone=USER_ZONE, full_name="Alex Rivera")
    draft = draft_open(application=due_application(user, rapport=Rapport.WENT_WELL), kind="warm_check_in")
    page.goto(live_server.url + draft.get_absolute_url())

    typed = with_my_line(body_of(page)).strip()  # the form keeps no trailing blank line
    page.locator("#id_body").fill(typed)
    page.get_by_label("Something you talked about").fill("the new depot in Dayton")
    page.get_by_role("button", name="Rewrite with this detail").click()
    expect(page.get_by_role("alert").filter(has_text="You've changed this message")).to_be_visible()
    expect(page.get_by_text("Draft saved.")).to_have_count(0)
    assert body_of(page) == typed
    expect(page.get_by_label("Something you talked about")).to_have_value("the new depot in Dayton")

    page.get_by_role("button", name="Keep my version").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    assert body_of(page) == typed
    draft.refresh_from_db()
    assert draft.body.replace("\r\n", "\n").strip() == typed.strip()

    # Asked again and confirmed: now, and only now, the text is rewritten.
    page.get_by_role("button", name="Rewrite with this detail").click()
    page.get_by_role("button", name="Rewrite anyway").click()
    expect(page.get_by_text("Draft rewritten with your detail.")).to_be_visible()
    assert MY_LINE not in body_of(page) and "the new depot in Dayton" in body_of(page)


def test_adding_a_recipient_by_name_keeps_the_edits(page, live_server, sign_in):
    user = sign_in(time_zone=USER_ZONE, full_name="Alex Rivera")
    draft = draft_open(application=due_application(user, recruiter=False), kind="status_request")
    page.goto(live_server.url + draft.get_absolute_url())
    expect(page.get_by_role("link", name="Open in my email app")).to_have_count(0)
    assert body_of(page).startswith("Hello,")

    typed = with_my_line(body_of(page)).strip()  # the form keeps no trailing blank line
    page.locator("#id_body").fill(typed)
    page.get_by_label("Their name").fill("Dana Brooks")
    page.get_by_label("Their job title").fill("Talent Partner")
    # A missing address is refused, and nothing typed is lost.
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Add and write to them").click()
    assert answer.value.status == 400
    assert body_of(page) == typed
    expect(page.get_by_label("Their name")).to_have_value("Dana Brooks")

    page.get_by_label("Their work email").fill("dana.brooks@northwind.example")
    page.get_by_role("button", name="Add and write to them").click()
    expect(page.get_by_text("Dana Brooks added.")).to_be_visible()
    body = body_of(page)
    assert body.startswith("Dear Dana,") and MY_LINE in body
    assert body.split("\n", 1)[1].strip() == typed.split("\n", 1)[1].strip()
    draft.refresh_from_db()
    assert draft.contact.name == "Dana Brooks" and draft.contact.company == COMPANY

    # "Open in my email app" now goes to her, with the text as typed on the page.
    page.locator("#id_body").fill(body + "\nOne more line, typed just now.")
    href = page.get_by_role("link", name="Open in my email app").get_attribute("href")
    parts = urlsplit(href)
    assert (parts.scheme, unquote(parts.path)) == ("mailto", "dana.brooks@northwind.example")
    mailed = parse_qs(parts.query)["body"][0]
    assert re.search(r"One more line, typed just now\.$", mailed.strip())
    assert Draft.objects.get(pk=draft.pk).body.count("One more line") == 0
