"""The look: one colour per stage, icons from the vendored sprite, the logo."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from applications.choices import Status

BASE_DIR = Path(__file__).resolve().parent.parent
CSS = (BASE_DIR / "static" / "css" / "app.css").read_text()
SPRITE = (BASE_DIR / "static" / "vendor" / "bootstrap-icons" / "sprite.svg").read_text()
STAGES = ["interview", "thank-you", "follow-up", "final", "closed"]


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_has_one_colour_and_a_class_that_uses_it(stage):
    colour = re.search(rf"--fu-stage-{stage}:\s*(#[0-9a-f]{{6}});", CSS)
    assert colour, f"--fu-stage-{stage} is not defined in app.css"
    assert re.search(rf"\.stage-{stage}\s*{{\s*--fu-stage:\s*var\(--fu-stage-{stage}\);", CSS)
    # Badges put white text on the stage colour: it must pass WCAG AA.
    assert contrast(colour.group(1), "#ffffff") >= 4.5


def test_every_status_wears_a_stage_colour():
    for status in Status:
        assert Status.stage_of(status) in STAGES


def test_statuses_wear_the_colour_of_where_they_stand():
    assert Status.stage_of(Status.INTERVIEWING) == "interview"
    assert Status.stage_of(Status.FOLLOWED_UP) == "follow-up"
    assert {Status.stage_of(status) for status in Status.closed()} == {"closed"}


def test_the_icon_tag_points_at_the_sprite_and_hides_the_icon_from_screen_readers():
    html = Template('{% icon "send" %}').render(Context())
    assert 'aria-hidden="true"' in html
    assert re.search(r'<use href="/static/vendor/bootstrap-icons/sprite\.svg#send">', html)


def test_every_icon_a_template_uses_is_in_the_sprite():
    used = {
        name
        for path in (BASE_DIR / "templates").rglob("*.html")
        for name in re.findall(r"""{%\s*icon\s+["']([\w-]+)["']""", path.read_text())
    }
    assert used, "no template uses an icon"
    in_sprite = set(re.findall(r'<symbol id="([\w-]+)"', SPRITE))
    missing = used - in_sprite
    assert not missing, f"add to scripts/build_icon_sprite.py, then make vendor-icons: {missing}"


def test_the_sprite_ships_with_its_licence():
    assert "MIT License" in (BASE_DIR / "static" / "vendor" / "bootstrap-icons" / "LICENSE").read_text()


@pytest.mark.django_db
def test_pages_show_the_logo_and_the_brand_bar(client):
    html = client.get("/").content.decode()
    assert 'class="navbar navbar-expand-lg navbar-dark fu-navbar"' in html
    assert re.search(r'<img src="/static/img/logo\.svg"', html)


@pytest.mark.django_db
def test_the_application_list_colours_each_status_by_its_stage(client):
    from tests.factories import ApplicationFactory, UserFactory

    user = UserFactory()
    ApplicationFactory(owner=user, status=Status.FOLLOWED_UP)
    client.force_login(user)
    html = client.get("/applications/").content.decode()
    assert '<span class="stage-dot stage-follow-up">Followed up</span>' in html
