from django import forms
from django.db.models import Q

from applications.choices import CallOutcome, ContactRole
from applications.models import Contact, Letter
from plans.choices import DraftKind
from plans.offers import RECIPIENT_ROLES, work_channel

from .models import Draft

# The messages a detail from the conversation makes personal.
WITH_DETAIL = {DraftKind.WARM_CHECK_IN, DraftKind.CALL_SCRIPT, DraftKind.THANK_YOU}


def recipient_choices(draft):
    """Who a draft may go to: people at the application's company (its
    interviewers included) reachable on the work channel the message needs;
    the user's network for a recommendation request; and whoever it names now,
    so saving the page never drops them. Personal channels never count."""
    application = draft.application
    if draft.kind == DraftKind.RECOMMENDATION_REQUEST:
        related = Q(role=ContactRole.NETWORK)
    else:
        related = Q(company__iexact=application.company) | Q(interviews__application=application)
    reachable = related & ~Q(**{work_channel(draft.kind): ""})
    return (
        Contact.objects.filter(reachable | Q(pk=draft.contact_id), owner=application.owner)
        .distinct()
        .order_by("company", "name")
    )


def has_recipient(draft):
    """A named person the message can reach on the work channel it needs."""
    return bool(draft.contact and getattr(draft.contact, work_channel(draft.kind)))


class ChoicesFromCache(forms.models.ModelChoiceIterator):
    """A choice list that reads its queryset like a list, filling and reusing its
    result cache, where Django's own re-reads it through a server-side cursor: the
    draft page asks whether there is anyone to choose, then lists them, in one query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class DraftForm(forms.ModelForm):
    class Meta:
        model = Draft
        fields = ["contact", "letter", "subject", "body", "personal_detail"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        labels = {"contact": "To", "letter": "Letter to attach"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.kind
        contact = self.fields["contact"]
        contact.iterator = ChoicesFromCache  # before the queryset: setting it hands the widget its choices
        contact.queryset = recipient_choices(self.instance)
        contact.empty_label = "Nobody chosen yet"
        if kind == DraftKind.RECOMMENDATION_REQUEST:
            contact.help_text = "People in your network with a work email."
        elif kind == DraftKind.CALL_SCRIPT:
            contact.help_text = f"People at {self.instance.application.company} with a work phone."
        else:
            contact.help_text = (
                f"People at {self.instance.application.company} with a work email. "
                "Choosing someone else changes the greeting; the rest of your text stays as it is."
            )
        if kind == DraftKind.RECOMMENDATION_ENCLOSURE:
            letter = self.fields["letter"]
            letter.iterator = ChoicesFromCache
            letter.queryset = Letter.objects.filter(owner=self.instance.application.owner)
            letter.empty_label = "No letter"
            letter.help_text = "The message mentions the letter only when one is chosen here."
        else:
            del self.fields["letter"]
        if kind == DraftKind.CALL_SCRIPT:
            # A script is spoken, not mailed: no subject line.
            del self.fields["subject"]
            self.fields["body"].label = "Your script"
        if kind not in WITH_DETAIL:
            del self.fields["personal_detail"]


class RecipientForm(forms.Form):
    """A named person to write to (or call), asked for on the draft page when the
    draft has nobody reachable at work."""

    name = forms.CharField(max_length=200, label="Their name")
    title = forms.CharField(max_length=200, required=False, label="Their job title")
    role = forms.ChoiceField(label="Their part in the hiring")
    work_email = forms.EmailField(max_length=254, required=False, label="Their work email")
    work_phone = forms.CharField(max_length=40, required=False, label="Their work phone")

    def __init__(self, *args, draft, **kwargs):
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)
        self.draft = draft
        kind = draft.kind
        if kind == DraftKind.RECOMMENDATION_REQUEST:
            self.fields["role"].choices = [(ContactRole.NETWORK, ContactRole.NETWORK.label)]
        else:
            order = RECIPIENT_ROLES.get(kind) or [c for c in ContactRole.values if c != ContactRole.NETWORK]
            self.fields["role"].choices = [(value, ContactRole(value).label) for value in order]
        self.fields["role"].initial = self.fields["role"].choices[0][0]
        needed = work_channel(kind)
        self.fields[needed].required = True
        del self.fields["work_phone" if needed == "work_email" else "work_email"]
        if needed == "work_email":
            self.fields[
                "work_email"
            ].help_text = "Their address at work. Outreach never goes to a personal one."
        else:
            self.fields["work_phone"].help_text = "Their number at work. Outreach never uses a personal one."


class MarkSentForm(forms.Form):
    reviewed_tone = forms.BooleanField(
        required=False, label="I've read the wording notes above and want to send it as it is."
    )


class CallForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=CallOutcome.choices, widget=forms.RadioSelect, label="How did the call go?"
    )
