from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode


class UserTimeZoneMiddleware:
    """Show every date and time in the signed-in user's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zoneinfo)
        else:
            timezone.deactivate()
        return self.get_response(request)


# Pages that never wait for the zone: sign-in and sign-out, the admin, files
# and feeds fetched by programs, and the question itself.
ASKS_NOTHING = ("/accounts/", "/admin/", "/static/", "/healthz/", "/unsubscribe/")
FILES = (".ics", ".zip", ".json")


class TimeZoneChoiceMiddleware:
    """Ask for the zone on the first page after sign-in when nobody chose it.

    The sign-up page saves the browser's zone (static/js/time-zone.js); without
    JavaScript it cannot, and an account must not sit on UTC unchosen, so the
    next page the user opens is the one-click “Where are you?” page, which then
    sends them on to where they were going.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and user is not None
            and user.is_authenticated
            and not user.time_zone_confirmed
            and not request.path.startswith(ASKS_NOTHING)
            and not request.path.endswith(FILES)
        ):
            ask = reverse("time_zone")
            if request.path != ask:
                return redirect(f"{ask}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class NoStoreWhenSignedInMiddleware:
    """Signed-in pages hold private things (the calendar page shows the secret
    feed address): no browser or proxy may keep a copy of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True)
        return response


RATE_LIMIT_ERROR = "too_many_login_attempts"


def _is_rate_limit_error(error):
    from allauth.account.adapter import get_adapter

    # allauth's login form copies this error over from its inner code form as
    # plain text, losing the code, so the message is compared too.
    return error.code == RATE_LIMIT_ERROR or str(error.message) == str(
        get_adapter().error_messages[RATE_LIMIT_ERROR]
    )


class InvalidFormStatusMiddleware:
    """Answer a rejected form with a 4xx, not a 200.

    allauth re-renders an invalid form with status 200. A POST whose form came
    back with errors is a 400, and one turned away by a rate limit is a 429, so
    clients, monitoring and tests see what happened.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        if request.method != "POST" or response.status_code != 200:
            return response
        forms = [
            value
            for value in (response.context_data or {}).values()
            if hasattr(value, "errors") and hasattr(value, "is_bound")
        ]
        invalid = [form for form in forms if form.is_bound and form.errors]
        if invalid:
            errors = [
                error
                for form in invalid
                for field_errors in form.errors.as_data().values()
                for error in field_errors
            ]
            response.status_code = 429 if any(map(_is_rate_limit_error, errors)) else 400
        return response
