"""Icons from the vendored Bootstrap Icons sprite, by name: ``{% icon "send" %}``.

A builtin tag (settings), so no template loads it. The icon is decoration: it is
hidden from assistive technology, and the words beside it carry the meaning.
The sprite holds only the icons listed in scripts/build_icon_sprite.py
(`make vendor-icons`); a test checks each name a template uses is there.
"""

from functools import cache

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@cache
def sprite_url() -> str:
    # One lookup per process: the hashed name of a collected file never changes while it runs.
    return static("vendor/bootstrap-icons/sprite.svg")


@register.simple_tag
def icon(name: str, extra_class: str = "") -> str:
    return format_html(
        '<svg class="bi{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        f" {extra_class}" if extra_class else "",
        sprite_url(),
        name,
    )
