from django import forms
from django.db.models import Q

from applications.choices import CallOutcome, ContactRole
from applications.models import Contact

from .models import Draft


def recipient_choices(draft):
    """Who a draft may go to: people at the company, the interviewers, the
    user's network (for recommendations), and whoever it names now. Work
    channels only: a contact with personal channels alone is not offered."""
    application = draft.application
    related = (
        Q(company__iexact=application.company)
        | Q(interviews__application=application)
        | Q(role=ContactRole.NETWORK)
        | Q(pk=draft.contact_id)
    )
    return (
        Contact.objects.filter(related, owner=application.owner)
        .exclude(work_email="", work_phone="")
        .distinct()
        .order_by("company", "name")
    )


class DraftForm(forms.ModelForm):
    class Meta:
        model = Draft
        fields = ["contact", "subject", "body", "personal_detail"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        labels = {"contact": "To"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = recipient_choices(self.instance)
        self.fields[
            "contact"
        ].help_text = (
            "People at this company, your interviewers and your network, with a work email or work phone."
        )
        if (
            self.instance.kind != "warm_check_in"
            and self.instance.kind != "call_script"
            and self.instance.kind != "thank_you"
        ):
            del self.fields["personal_detail"]


class MarkSentForm(forms.Form):
    reviewed_tone = forms.BooleanField(
        required=False, label="I've read the wording notes above and want to send it as it is."
    )


class CallForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=CallOutcome.choices, widget=forms.RadioSelect, label="How did the call go?"
    )
