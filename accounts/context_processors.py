from django.conf import settings


def code_lifetimes(request):
    """How long an emailed code works, in minutes, for the pages where it is typed."""
    return {
        "login_code_minutes": settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60,
        "email_code_minutes": settings.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT // 60,
    }
