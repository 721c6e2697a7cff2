import re

from allauth.account.forms import SignupForm as AllauthSignupForm
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db import IntegrityError, transaction

from .models import User
from .timezones import is_time_zone_name, time_zone_choices

UNKNOWN_ZONE = (
    "“%(value)s” is not a time zone we know. Pick one from the list, such as Central Time (Chicago)."
)


def time_zone_field(**kwargs):
    """The zone picker: US zones first in plain words, then every other zone by region."""
    return forms.ChoiceField(
        choices=time_zone_choices(),
        help_text="Reminders arrive on the right morning in this zone.",
        error_messages={"invalid_choice": UNKNOWN_ZONE},
        **kwargs,
    )


PHONE = re.compile(r"(?P<number>\+?[0-9().\- ]+?)(?: ?(?:x|ext\.?|extension) ?\d{1,6})?", re.IGNORECASE)


class ProfileForm(forms.ModelForm):
    time_zone = time_zone_field()

    class Meta:
        model = User
        fields = [
            "full_name",
            "time_zone",
            "skills_summary",
            "email_signature",
            "phone",
            "default_wait_days",
            "reminders_enabled",
            "reminder_hour",
            "interview_morning_enabled",
            "thank_you_reminder_enabled",
            "digest_enabled",
        ]
        widgets = {
            "skills_summary": forms.Textarea(attrs={"rows": 3}),
            "email_signature": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        self.fields[
            "phone"
        ].help_text = (
            "The number your call scripts leave in a voicemail, said twice so they can write it down."
        )
        self.fields["default_wait_days"].widget.attrs.update({"min": 1, "max": 30})
        self.fields["reminder_hour"].widget.attrs.update({"min": 5, "max": 21})
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save profile"))

    def clean_phone(self):
        """A number someone can dial back: digits with the usual separators, maybe an extension."""
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        shaped = PHONE.fullmatch(phone)
        if phone and not (shaped and 7 <= len(re.sub(r"\D", "", shaped["number"])) <= 15):
            raise forms.ValidationError(
                "Enter a phone number people can call back, such as 555-201-3344 or +1 202 555 0142.",
                code="invalid_phone",
            )
        return phone


class DangerSubmit(Submit):
    field_classes = "btn btn-danger"


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and everything in it will be deleted for good.",
        error_messages={"required": "Tick the box to confirm that you want to delete everything."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(DangerSubmit("delete", "Delete my account"))


class ConfirmIdentityForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Type the code from the email."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's form carries it


class TimeZoneForm(forms.Form):
    """“Where are you?”: the zone alone, saved with one click."""

    time_zone = time_zone_field(label="Time zone", widget=forms.Select(attrs={"class": "form-select"}))


class SignupForm(AllauthSignupForm):
    """allauth's email-only signup, safe when two requests race for one address.

    A hidden field carries the browser's time zone (static/js/time-zone.js);
    accounts.adapters saves it. A name we don't know is dropped, never an
    error: without it the first page after sign-in asks for the zone.
    """

    time_zone = forms.CharField(
        required=False, max_length=64, widget=forms.HiddenInput(attrs={"data-device-zone": ""})
    )

    def clean_time_zone(self):
        name = self.cleaned_data.get("time_zone", "")
        return name if is_time_zone_name(name) else ""

    def try_save(self, request):
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            # Another request created this account a moment ago. Answer exactly
            # as for any address that already has an account.
            self.account_already_exists = True
            return super().try_save(request)
