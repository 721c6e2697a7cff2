from django import template

from outreach.today import progress_of

register = template.Library()


@register.inclusion_tag("applications/_progress.html")
def progress_strip(application):
    """The application's progress strip, with a line when a step is overdue (one query)."""
    strip, overdue = progress_of(application)
    return {"strip": strip, "overdue": overdue, "label": f"Progress of {application}", "show_overdue": True}
