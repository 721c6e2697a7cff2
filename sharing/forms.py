from django import forms

from .models import COMMENT_MAX_LENGTH, DEFAULT_DAYS, LIFETIME_CHOICES, Share


class ShareForm(forms.ModelForm):
    lifetime_days = forms.TypedChoiceField(
        label="The link works for",
        choices=LIFETIME_CHOICES,
        coerce=int,
        initial=DEFAULT_DAYS,
        help_text="You can turn it off sooner at any time.",
    )
    send_email = forms.BooleanField(
        label="Email the link to my coach",
        required=False,
        help_text=(
            "We send it once, from Follow-up, naming you. You can also copy the link and send it yourself."
        ),
    )

    class Meta:
        model = Share
        fields = ["owner_name", "coach_name", "coach_email", "note", "comments_allowed"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "note": (
                "Shown at the top of your coach's page, e.g. what you'd like help with. "
                "200 characters at most."
            ),
            "coach_email": "Only needed if you want us to email the link.",
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("send_email") and not cleaned.get("coach_email"):
            self.add_error(
                "coach_email", "Add your coach's email address, or untick “Email the link to my coach”."
            )
        return cleaned


class ShareSettingsForm(forms.ModelForm):
    class Meta:
        model = Share
        fields = ["note", "comments_allowed"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class NewLinkForm(forms.Form):
    send_email = forms.BooleanField(label="Email the new link to my coach", required=False)


class CoachCommentForm(forms.Form):
    """The coach's comment: plain text, on one of the applications the page shows."""

    application = forms.TypedChoiceField(label="About", coerce=int)
    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Plain text, {COMMENT_MAX_LENGTH:,} characters at most.",
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = {application.pk: application for application in applications}
        self.fields["application"].choices = [
            (application.pk, f"{application.role} at {application.company}") for application in applications
        ]

    def clean_application(self):
        return self.applications[self.cleaned_data["application"]]
