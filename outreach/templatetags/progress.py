from functools import cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from outreach.today import progress_of_page

register = template.Library()


@cache
def _stage_item(step):
    """One stage's list item: a pure function of the stage and its state (a handful of
    pairs), so it is built once per process and can never go stale."""
    return format_html(
        '<li class="stage-{} is-{}"><span class="stage-name">{}</span> '
        '<span class="stage-state">{}</span></li>',
        step.stage,
        step.state,
        step.name,
        step.state_name,
    )


@register.simple_tag
def progress_list(strip, label="Progress"):
    """An application's five stages as an ordered list, each state in words (not colour alone).

    Built here rather than in an included template: Today shows one per row."""
    items = mark_safe("".join(_stage_item(step) for step in strip))  # each item escaped when built
    return format_html('<ol class="progress-strip" aria-label="{}">{}</ol>', label, items)


@register.inclusion_tag("applications/_progress.html")
def progress_strip(application, latest_interview, follow_ups):
    """The application's progress strip, with a line when a step is overdue, from the
    page's own latest interview and follow-ups (one query: was a thank-you sent)."""
    strip, overdue = progress_of_page(application, latest_interview, follow_ups)
    return {"strip": strip, "overdue": overdue, "label": f"Progress of {application}"}
