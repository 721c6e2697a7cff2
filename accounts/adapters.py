from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.core.mail.message import make_msgid
from django.urls import reverse

from config.site import site_domain

from . import identity, limits

# The emails a visitor can make us send to an address they type: codes, and
# the answers that stand in for a code when the address has no account or
# already has one. Each is counted by accounts.limits before it goes out.
LIMITED_EMAILS = {
    "account/email/login_code",
    "account/email/unknown_account",
    "account/email/account_already_exists",
    "account/email/email_confirmation_signup",
    "account/email/email_confirmation",
    "account/email/confirm_identity",
    "account/email/email_change_taken",
}


def code_minutes(template_prefix):
    if template_prefix == "account/email/login_code":
        return settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60
    return settings.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT // 60


class AccountAdapter(DefaultAccountAdapter):
    def add_message(self, request, level, message_template=None, message_context=None, **kwargs):
        # Signing up ends with "you're signed in"; "your address is confirmed"
        # just before it would make two messages for one step. (Confirming a
        # new address while signed in still says so.)
        if message_template == "account/messages/email_confirmed.txt" and not request.user.is_authenticated:
            return
        super().add_message(request, level, message_template, message_context, **kwargs)

    def send_mail(self, template_prefix, email, ctx):
        request = context.request
        if template_prefix in LIMITED_EMAILS and request is not None:
            sign_in_code = template_prefix == "account/email/login_code"
            refusal = limits.consume_mail_to(request, email, sign_in_code=sign_in_code)
            if refusal:
                # allauth's own way out of a flow mid-way: its middleware answers with this page.
                raise ImmediateHttpResponse(limits.refused(request, refusal))
        # With no passwords, "you already have an account" points to the
        # code login rather than allauth's password reset.
        ctx.setdefault("login_url", build_absolute_uri(request, reverse("account_login")))
        # The emails say how long their code works, as the pages do.
        ctx.setdefault("code_minutes", code_minutes(template_prefix))
        super().send_mail(template_prefix, email, ctx)

    def render_mail(self, template_prefix, email, context, headers=None):
        # Sign-in codes and every other account email: sent by a program
        # (RFC 3834), with a Message-ID on the site's own domain, as reminders.
        headers = {
            "Auto-Submitted": "auto-generated",
            "Message-ID": make_msgid(domain=site_domain()),
            **(headers or {}),
        }
        return super().render_mail(template_prefix, email, context, headers=headers)

    def save_user(self, request, user, form, commit=True):
        # The browser's zone from the sign-up form, when it sent one we know.
        user = super().save_user(request, user, form, commit=False)
        zone = form.cleaned_data.get("time_zone") if hasattr(form, "cleaned_data") else ""
        if zone:
            user.time_zone = zone
            user.time_zone_confirmed = True
        if commit:
            user.save()
        return user

    def get_reauthentication_methods(self, user):
        # allauth's reauthentication is by password, which nobody here has;
        # "confirm it's you" emails a code instead (accounts.identity).
        if not user.is_authenticated:
            return []
        return [{"id": "code", "description": "Email me a code", "url": reverse("confirm_identity")}]

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # "Your sign-in address was changed" goes to the old address: it names
        # the new one only as far as its owner would recognize it.
        context = dict(context or {})
        if "to_email" in context:
            context["to_email_masked"] = identity.mask_address(context["to_email"])
        super().send_notification_mail(template_prefix, user, context, email)

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        # Asked to move an account to an address that already has its own,
        # allauth would send that address's owner a code. It could never be
        # used (addresses are unique), and the email read like a sign-up.
        # The owner is told what happened instead; the asker sees the same
        # pages as for a free address, so whether it has an account stays hidden.
        address = emailconfirmation.email_address
        if not signup and any(user.pk != address.user_id for user in filter_users_by_email(address.email)):
            self.send_mail("account/email/email_change_taken", address.email, {})
            return
        super().send_confirmation_mail(request, emailconfirmation, signup)
