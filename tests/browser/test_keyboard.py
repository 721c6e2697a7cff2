"""The main flows with the keyboard alone, and a visible focus at every stop.

Only ``page.keyboard`` drives these tests: Tab and Shift+Tab to move, Enter and
Space to act, arrow keys in radio groups, typing into whatever has the focus.
No ``.click()``, no ``.fill()``. ``page.goto`` stands for typing an address.

At every stop along the way the focused element must show that it has the
focus (an outline, or Bootstrap's focus box-shadow) and be on screen. Motion is
reduced, as some users ask for, so Bootstrap's transitions are off and the
computed focus style is the settled one.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from playwright.sync_api import Locator, expect

from applications.choices import ContactRole, Rapport, Status, Step
from applications.models import Application, Contact, FollowUp, Interview
from outreach.models import Draft
from plans import rules
from tests.browser.conftest import latest_code
from tests.browser.dates import USER_ZONE, local_today, past_weekday

pytestmark = pytest.mark.browser


# What the focused element looks like, as the user sees it.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return null;
  }
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {
    // The focus is on a part the browser built inside the element (Chromium's
    // date and time inputs have a picker button that takes the focus last).
    inner: !el.matches(":focus"),
    element: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.type ? "[type=" + el.type + "]" : ""),
    text: (el.getAttribute("aria-label") || label || el.innerText || el.value || "")
      .trim().replace(/\\s+/g, " ").slice(0, 60),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
    rect: {
      top: rect.top, left: rect.left, bottom: rect.bottom, right: rect.right,
      width: rect.width, height: rect.height,
    },
    viewport: {width: window.innerWidth, height: window.innerHeight},
  };
}"""
TRANSPARENT = re.compile(r"rgba\([^)]*,\s*0\)")
LENGTHS = re.compile(r"(-?[\d.]+)px")


def focus_indicator_problem(focused):
    """Why the focus is not visible (None when it is)."""
    outline = (
        focused["outlineStyle"] != "none"
        and focused["outlineWidth"] > 0
        and not TRANSPARENT.fullmatch(focused["outlineColor"].replace(" ", "").replace(",", ", "))
    )
    shadow = focused["boxShadow"]
    # A shadow is visible if some colour is not transparent and some length is not zero.
    visible_shadow = (
        shadow != "none"
        and any(float(length) != 0 for length in LENGTHS.findall(shadow))
        and not all(TRANSPARENT.search(part) for part in re.split(r",\s*(?![^()]*\))", shadow))
    )
    if not (outline or visible_shadow):
        return (
            f"no visible focus indicator (outline {focused['outlineStyle']} {focused['outlineWidth']}px "
            f"{focused['outlineColor']}, box-shadow {shadow})"
        )
    return on_screen_problem(focused)


def describe(focused):
    inner = " (its picker button)" if focused and focused["inner"] else ""
    return f"{focused['element']} {focused['text']!r}{inner}" if focused else "(nothing)"


def on_screen_problem(focused):
    rect, viewport = focused["rect"], focused["viewport"]
    on_screen = (
        rect["width"] > 0
        and rect["height"] > 0
        and rect["bottom"] > 0
        and rect["right"] > 0
        and rect["top"] < viewport["height"]
        and rect["left"] < viewport["width"]
    )
    return None if on_screen else f"outside the viewport ({rect})"


def tab_to(page, target: Locator, limit=80, backwards=False):
    """Press Tab (Shift+Tab if ``backwards``) until ``target`` has the focus.

    ``target`` is a locator by role and accessible name or by label, as a user
    would name the control. Every element the focus stops on along the way
    must show a visible focus indicator and be on screen. Fails, listing the
    stops, if ``target`` is not reached within ``limit`` presses.
    """
    expect(target).to_have_count(1)
    handle = target.element_handle()
    stops = []
    # A browser-built part (see FOCUSED) has styles the page cannot read, so
    # its focus ring is looked for in pixels: the element must look different
    # while that part has the focus than once the focus has moved on.
    inner_part = None
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if inner_part is not None:
            element, focused_look, name = inner_part
            assert element.screenshot() != focused_look, f"focus on {name} at {page.url}: no focus ring drawn"
            inner_part = None
        focused = page.evaluate(FOCUSED)
        if focused is not None:
            stops.append(describe(focused))
            if focused["inner"]:
                problem = on_screen_problem(focused)
                element = page.evaluate_handle("() => document.activeElement").as_element()
                inner_part = (element, element.screenshot(), describe(focused))
            else:
                problem = focus_indicator_problem(focused)
            assert problem is None, f"focus on {describe(focused)} at {page.url}: {problem}"
        if page.evaluate("element => element === document.activeElement", handle) and not (focused or {}).get(
            "inner"
        ):
            return focused
    pytest.fail(f"{target} never got the focus in {limit} presses of Tab at {page.url}; stops: {stops}")


def assert_focus_visible(page):
    focused = page.evaluate(FOCUSED)
    assert focused is not None, f"nothing has the focus at {page.url}"
    problem = focus_indicator_problem(focused)
    assert problem is None, f"focus on {describe(focused)} at {page.url}: {problem}"


def choose(page, group: Locator, option):
    """Tab into a radio group (one Tab stop, on its checked radio) and move
    the choice to ``option`` with the arrow keys."""
    radios = group.get_by_role("radio")
    names = [radio.get_attribute("value") for radio in radios.all()]
    checked = [n for n, radio in enumerate(radios.all()) if radio.is_checked()]
    start = checked[0] if checked else 0
    tab_to(page, radios.nth(start))
    if not checked:
        page.keyboard.press("Space")
    wanted = group.get_by_role("radio", name=option, exact=True)
    target = names.index(wanted.get_attribute("value"))
    for _ in range(abs(target - start)):
        page.keyboard.press("ArrowDown" if target > start else "ArrowUp")
        assert_focus_visible(page)
    expect(wanted).to_be_checked()
    expect(wanted).to_be_focused()


def type_into(page, target: Locator, text):
    tab_to(page, target)
    page.keyboard.type(text)


def press_and_land(page, key, url):
    page.keyboard.press(key)
    expect(page).to_have_url(url)


@pytest.fixture
def keyboard_page(page):
    page.emulate_media(reduced_motion="reduce")
    return page


def nav(page):
    return page.get_by_role("navigation", name="Main")


def test_sign_up_and_confirm_the_code_with_the_keyboard(keyboard_page, live_server):
    page, base = keyboard_page, live_server.url
    email = "katherine.johnson@example.com"
    page.goto(base + "/")

    tab_to(page, nav(page).get_by_role("link", name="Sign up", exact=True))
    press_and_land(page, "Enter", base + "/accounts/signup/")

    type_into(page, page.get_by_label("Email"), email)
    tab_to(page, page.get_by_role("button", name="Email me a code"))
    press_and_land(page, "Enter", base + "/accounts/confirm-email/")
    assert mail.outbox[-1].to == [email]

    type_into(page, page.get_by_label("Code"), latest_code())
    tab_to(page, page.get_by_role("button", name="Confirm"))
    press_and_land(page, "Enter", base + "/dashboard/")
    expect(page.get_by_role("main")).to_contain_text(email)


def test_log_an_interview_from_the_dashboard_with_the_keyboard(keyboard_page, live_server, sign_in):
    page, base = keyboard_page, live_server.url
    user = sign_in(time_zone=USER_ZONE)
    # On the dashboard: a first interview a week ago where no date was given.
    application = Application.objects.create(
        owner=user,
        company="Contoso Freight",
        role="Fleet Coordinator",
        status=Status.WAITING,
        applied_on=local_today() - dt.timedelta(days=30),
    )
    Interview.objects.create(
        application=application,
        rapport=Rapport.NEUTRAL,
        asked_about_timing=False,
        starts_at=dt.datetime.combine(past_weekday(7), dt.time(9), tzinfo=ZoneInfo(USER_ZONE)),
    )
    recruiter = Contact.objects.create(
        owner=user,
        name="Priya Shah",
        company="Contoso Freight",
        role=ContactRole.RECRUITER,
        work_email="priya.shah@contoso.example",
    )
    application.refresh_plan()
    page.goto(base + "/dashboard/")

    waiting = page.get_by_role("region", name="Waiting")
    expect(waiting).to_contain_text("No date given — ask next time.")
    tab_to(page, waiting.get_by_role("link", name="Fleet Coordinator at Contoso Freight"))
    press_and_land(page, "Enter", base + application.get_absolute_url())
    tab_to(page, page.get_by_role("link", name="Log an interview"))
    press_and_land(page, "Enter", base + f"/applications/{application.pk}/interviews/new/")

    # The second round: today at 14:30, on site, it went well, and this time
    # they promised an answer within the week.
    today = local_today()
    promised = today + dt.timedelta(days=5)
    tab_to(page, page.get_by_label("Date"))
    page.keyboard.type(today.strftime("%m%d%Y"))
    tab_to(page, page.get_by_label("Time"))
    page.keyboard.type("0230PM")
    choose(page, page.get_by_role("group", name="Format"), "On site")
    choose(page, page.get_by_role("group", name="How it went"), "Went well")
    choose(page, page.get_by_role("group", name="Did you ask when you'd hear back?"), "Yes")
    tab_to(page, page.get_by_label("They promised an answer by"))
    page.keyboard.type(promised.strftime("%m%d%Y"))
    tab_to(page, page.get_by_role("checkbox", name=re.compile("Priya Shah")))
    page.keyboard.press("Space")
    type_into(page, page.get_by_label("Notes"), "Met the site director; asked about the night shift.")
    tab_to(page, page.get_by_role("button", name="Save interview"))
    press_and_land(page, "Enter", base + application.get_absolute_url())

    expect(page.get_by_role("region", name="Your follow-up plan")).to_contain_text("First follow-up")
    interview = application.interviews.order_by("starts_at").last()
    assert interview.starts_at == dt.datetime.combine(today, dt.time(14, 30), tzinfo=ZoneInfo(USER_ZONE))
    assert (interview.format, interview.rapport) == ("on_site", Rapport.WENT_WELL)
    assert interview.asked_about_timing and interview.promised_on == promised
    assert list(interview.interviewers.all()) == [recruiter]
    assert interview.notes == "Met the site director; asked about the night shift."


def due_application(user):
    """An interview two weeks ago whose promised date has passed: the first follow-up is due."""
    zone = ZoneInfo(USER_ZONE)
    interview_day = past_weekday(14)
    promised = interview_day + dt.timedelta(days=3)
    assert rules.next_business_day(promised) < local_today(), "guard: the first follow-up is due"
    application = Application.objects.create(
        owner=user,
        company="Northwind Logistics",
        role="Operations Supervisor",
        status=Status.WAITING,
        applied_on=interview_day - dt.timedelta(days=10),
    )
    Interview.objects.create(
        application=application,
        starts_at=dt.datetime.combine(interview_day, dt.time(10, 30), tzinfo=zone),
        rapport=Rapport.NEUTRAL,
        asked_about_timing=True,
        promised_on=promised,
    )
    Contact.objects.create(
        owner=user,
        name="Dana Reyes",
        company="Northwind Logistics",
        role=ContactRole.RECRUITER,
        work_email="dana.reyes@northwind.example",
    )
    application.refresh_plan()
    assert application.next_step == Step.FIRST
    return application


def test_open_a_draft_and_mark_it_sent_with_the_keyboard(keyboard_page, live_server, sign_in):
    page, base = keyboard_page, live_server.url
    user = sign_in(time_zone=USER_ZONE, full_name="Alex Rivera")
    application = due_application(user)
    page.goto(base + "/dashboard/")

    # Today's one button for the due application opens the recommended draft.
    due = page.get_by_role("region", name="To do today")
    tab_to(
        page,
        due.get_by_role(
            "button", name="Write the follow-up for Operations Supervisor at Northwind Logistics"
        ),
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Status request", level=1)).to_be_visible()
    draft = Draft.objects.get(application=application, kind="status_request")
    expect(page).to_have_url(base + draft.get_absolute_url())

    # An impatient last line, typed at the end of the message: the tone check
    # flags it once the draft is saved.
    tab_to(page, page.get_by_label("Body"))
    page.keyboard.press("Control+End")
    page.keyboard.type("\nPlease reply ASAP!!")
    tab_to(page, page.get_by_role("button", name="Save changes"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Wording notes")).to_be_visible()

    acknowledge = page.get_by_role("checkbox", name=re.compile("I've read the wording notes"))
    tab_to(page, acknowledge)
    page.keyboard.press("Space")
    expect(acknowledge).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Mark as sent"))
    press_and_land(page, "Enter", base + application.get_absolute_url())
    expect(page.get_by_text("Marked as sent. The plan has moved on.")).to_be_visible()
    expect(page.get_by_role("region", name="Your follow-up plan")).to_contain_text("Final follow-up")

    draft.refresh_from_db()
    assert draft.sent_at is not None and draft.body.endswith("Please reply ASAP!!")
    assert FollowUp.objects.filter(application=application).count() == 1


def test_shift_tab_goes_back_through_the_same_stops(keyboard_page, live_server):
    """Backwards works too, and the focus is just as visible going back."""
    page, base = keyboard_page, live_server.url
    page.goto(base + "/accounts/login/")
    tab_to(page, page.get_by_role("button", name="Email me a code"))
    tab_to(page, page.get_by_role("link", name="Skip to main content"), backwards=True)


def counting_keys(page):
    """Counts what the keyboard does from now on: key presses, and characters typed."""
    counts = {"presses": 0, "typed": 0}
    press, typed = page.keyboard.press, page.keyboard.type

    def counted_press(key, **options):
        counts["presses"] += 1
        counts[key] = counts.get(key, 0) + 1
        return press(key, **options)

    def counted_type(text, **options):
        counts["typed"] += len(text)
        return typed(text, **options)

    page.keyboard.press, page.keyboard.type = counted_press, counted_type
    return counts


def test_log_a_new_application_interview_and_interviewer_in_one_step_with_the_keyboard(
    keyboard_page, live_server, sign_in
):
    """From Today, "I had an interview": 11 fields filled in (company, role, date, time, format, how it
    went, asked, promised date, interviewer name, title, work email; notes left empty) and one
    submission, Enter in the last field. Measured: 33 key presses (27 Tab, of which about 10
    reach the button on Today, 3 arrow keys in the radio groups, 3 Enter: open the page, skip
    the menu, save) and 113 characters typed (the test prints its counts; it fails above 36)."""
    page, base = keyboard_page, live_server.url
    user = sign_in(time_zone=USER_ZONE)
    page.goto(base + "/dashboard/")
    counts = counting_keys(page)

    tab_to(page, page.get_by_role("link", name="I had an interview"))
    press_and_land(page, "Enter", base + "/interviews/new/")
    expect(page.get_by_label("Time (Eastern Time)")).to_be_visible()

    yesterday = local_today() - dt.timedelta(days=1)
    promised = local_today() + dt.timedelta(days=5)
    tab_to(page, page.get_by_role("link", name="Skip to main content"))  # past the menu
    page.keyboard.press("Enter")
    type_into(page, page.get_by_label("Company"), "Fabrikam Freight")
    type_into(page, page.get_by_label("Role"), "Dispatch Supervisor")
    tab_to(page, page.get_by_label("Date"))
    page.keyboard.type(yesterday.strftime("%m%d%Y"))
    tab_to(page, page.get_by_label("Time (Eastern Time)"))
    page.keyboard.type("0230PM")
    choose(page, page.get_by_role("group", name="Format"), "On site")
    choose(page, page.get_by_role("group", name="How it went"), "Went well")
    choose(page, page.get_by_role("group", name="Did you ask when you'd hear back?"), "Yes")
    tab_to(page, page.get_by_label("They promised an answer by"))
    page.keyboard.type(promised.strftime("%m%d%Y"))
    interviewer = page.get_by_role("group", name="Interviewer 1")
    type_into(page, interviewer.get_by_label("Name"), "Dana Reyes")
    type_into(page, interviewer.get_by_label("Job title"), "Operations Director")
    type_into(page, interviewer.get_by_label("Work email"), "dana.reyes@fabrikam.example")
    page.keyboard.press("Enter")  # the one submission

    expect(page.get_by_text("Interview saved.")).to_be_visible()
    application = Application.objects.get(owner=user)
    # (The skip link's #main stays on the address through the redirect.)
    expect(page).to_have_url(re.compile(re.escape(base + application.get_absolute_url()) + "(#main)?$"))
    print(f"\nkeystrokes for the one-step interview: {counts}")
    assert counts["presses"] <= 36, counts

    interview = application.interviews.get()
    assert (application.company, application.role) == ("Fabrikam Freight", "Dispatch Supervisor")
    assert interview.starts_at == dt.datetime.combine(yesterday, dt.time(14, 30), tzinfo=ZoneInfo(USER_ZONE))
    assert (interview.format, interview.rapport, interview.asked_about_timing) == (
        "on_site",
        "went_well",
        True,
    )
    assert interview.promised_on == promised
    dana = Contact.objects.get(owner=user)
    assert (dana.name, dana.title, dana.work_email, dana.company, dana.role) == (
        "Dana Reyes",
        "Operations Director",
        "dana.reyes@fabrikam.example",
        "Fabrikam Freight",
        ContactRole.INTERVIEWER,
    )
    assert list(interview.interviewers.all()) == [dana]
    expect(page.get_by_role("region", name="Where it stands")).to_contain_text("Thank-you due today")

    # Back on Today, the thank-you to Dana is one button away.
    page.goto(base + "/dashboard/")
    due = page.get_by_role("region", name="To do today")
    tab_to(
        page, due.get_by_role("button", name="Send the thank-you for Dispatch Supervisor at Fabrikam Freight")
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/drafts/\d+/$"))
    draft = Draft.objects.get(application=application, kind="thank_you")
    expect(page).to_have_url(base + draft.get_absolute_url())
    assert draft.contact == dana
