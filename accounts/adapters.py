from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.utils import build_absolute_uri
from django.urls import reverse

from . import limits

# The emails a visitor can make us send to an address they type: codes, and
# the answers that stand in for a code when the address has no account or
# already has one. Each is counted by accounts.limits before it goes out.
LIMITED_EMAILS = {
    "account/email/login_code",
    "account/email/unknown_account",
    "account/email/account_already_exists",
    "account/email/email_confirmation_signup",
    "account/email/email_confirmation",
}


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, ctx):
        request = context.request
        if template_prefix in LIMITED_EMAILS and request is not None:
            refusal = limits.consume_mail_to(request, email)
            if refusal:
                # allauth's own way out of a flow mid-way: its middleware answers with this page.
                raise ImmediateHttpResponse(limits.refused(request, refusal))
        # With no passwords, "you already have an account" points to the
        # code login rather than allauth's password reset.
        ctx.setdefault("login_url", build_absolute_uri(request, reverse("account_login")))
        super().send_mail(template_prefix, email, ctx)
