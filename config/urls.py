from allauth.account import views as allauth_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import Http404, HttpResponse
from django.urls import include, path, re_path

from accounts.decorators import explains_ended_sign_ins, identity_confirmed

# Operators sign in to the admin the same way users do: email and a code.
admin.site.login = secure_admin_login(admin.site.login)


def no_passwords(request, *args, **kwargs):
    """Easy Access accounts have no password, so allauth's password pages are gone."""
    raise Http404("Accounts here have no password.")


def healthz(request):
    """Liveness for load balancers and the benchmark's baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    re_path(r"^accounts/password/", no_passwords),
    path("accounts/reauthenticate/", no_passwords),
    # allauth's pages where a code is typed, answering clearly when it can no longer be used.
    path(
        "accounts/login/code/confirm/",
        explains_ended_sign_ins(allauth_views.confirm_login_code),
        name="account_confirm_login_code",
    ),
    path(
        "accounts/confirm-email/",
        explains_ended_sign_ins(allauth_views.email_verification_sent),
        name="account_email_verification_sent",
    ),
    # Changing the sign-in address needs a fresh code to the current one first.
    path("accounts/email/", identity_confirmed(allauth_views.email), name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("applications.urls")),
    path("", include("outreach.urls")),
    path("", include("feeds.urls")),
    path("", include("exports.urls")),
    path("", include("sharing.urls")),
    path("admin/", admin.site.urls),
]
