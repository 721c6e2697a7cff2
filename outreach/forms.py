from django import forms

from applications.choices import CallOutcome
from applications.models import Contact

from .models import Draft


class DraftForm(forms.ModelForm):
    class Meta:
        model = Draft
        fields = ["contact", "subject", "body", "personal_detail"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        labels = {"contact": "To"}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Work channels only: a contact with personal channels alone is not offered.
        self.fields["contact"].queryset = Contact.objects.filter(owner=owner).exclude(work_email="", work_phone="")
        self.fields["contact"].help_text = "Only contacts with a work email or work phone can be chosen."
        if self.instance.kind != "warm_check_in" and self.instance.kind != "call_script" and self.instance.kind != "thank_you":
            del self.fields["personal_detail"]


class MarkSentForm(forms.Form):
    reviewed_tone = forms.BooleanField(
        required=False, label="I've read the wording notes above and want to send it as it is."
    )


class CallForm(forms.Form):
    outcome = forms.ChoiceField(choices=CallOutcome.choices, widget=forms.RadioSelect, label="How did the call go?")
