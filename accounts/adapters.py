from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.utils import build_absolute_uri
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, ctx):
        # With no passwords, "you already have an account" points to the
        # code login rather than allauth's password reset.
        ctx.setdefault("login_url", build_absolute_uri(context.request, reverse("account_login")))
        super().send_mail(template_prefix, email, ctx)
