from django import template

from ..selectors import comments_for

register = template.Library()


@register.simple_tag(takes_context=True)
def coach_comments_for(context, application):
    """The coaches' comments on ``application``, for its owner only (one query)."""
    return comments_for(user=context["request"].user, application=application)
