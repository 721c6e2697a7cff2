import datetime as dt
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import get_format

from accounts.timezones import time_zone_names, zone_short_label
from plans.names import suggest_greeting, tidy_greeting

from .choices import ContactRole, Status
from .letters import check_letter_file, check_letter_quota
from .models import (
    EARLIEST_DATE,
    LATEST_DATE,
    Application,
    Contact,
    FollowUp,
    Interview,
    Letter,
    Opportunity,
    Reply,
)
from .selectors import local_today


def check_plausible_date(value):
    if value and not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise ValidationError(
            "Enter a date between %(start)s and %(end)s.",
            params={"start": EARLIEST_DATE.year, "end": LATEST_DATE.year},
            code="implausible_date",
        )


def https_urls(db_field, **kwargs):
    """A link typed without a scheme is taken to be https://."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


# What a browser accepts as the value of <input type="date"> and type="time".
HTML_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
HTML_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?")
UNREADABLE = {
    "date": "“%(value)s” is not a date we can read. Pick one from the calendar, or type it as 11/30/2026.",
    "time": "“%(value)s” is not a time we can read. Type it as 2:30 PM or 14:30.",
}


class BrowserValueMixin:
    """The value given back to the browser is one it accepts (yyyy-mm-dd for a
    date, hh:mm for a time) or nothing, never text it would reject; what was
    typed is quoted in the error message instead (quoting_what_was_typed)."""

    valid_text: re.Pattern[str]
    input_formats: str  # the format setting the field reads typed text with

    def format_value(self, value):
        shown = super().format_value(value)  # type: ignore[misc]
        if isinstance(shown, str) and not self.valid_text.fullmatch(shown):
            # Text the field can read (11/30/2026) goes back in the browser's own form.
            for pattern in get_format(self.input_formats):
                try:
                    parsed = dt.datetime.strptime(shown.strip(), pattern)
                except ValueError:
                    continue
                return parsed.strftime(self.format)  # type: ignore[attr-defined]
            return None
        return shown


class DateInput(BrowserValueMixin, forms.DateInput):
    input_type = "date"
    valid_text = HTML_DATE
    input_formats = "DATE_INPUT_FORMATS"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(BrowserValueMixin, forms.TimeInput):
    input_type = "time"
    valid_text = HTML_TIME
    input_formats = "TIME_INPUT_FORMATS"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def quoting_what_was_typed(field, kind):
    """``field`` refuses text it can't read with a message that repeats it, so
    nothing typed is lost although the input itself is given back empty."""
    to_python = field.to_python

    def read(value):
        try:
            return to_python(value)
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid":
                raise ValidationError(UNREADABLE[kind], code="invalid", params={"value": value}) from error
            raise

    field.to_python = read


class OwnedForm(forms.ModelForm):
    """A form for a record of ``owner``: choices of related records are theirs only,
    so a posted id of someone else's record is rejected as an invalid choice."""

    submit_label = "Save"

    def __init__(self, *args, owner, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", self.submit_label))
        for field in self.fields.values():
            if isinstance(field.widget, TimeInput):
                quoting_what_was_typed(field, "time")
            elif isinstance(field.widget, DateInput):
                field.validators.append(check_plausible_date)
                quoting_what_was_typed(field, "date")


def local_moment(day, time_of_day, zone):
    """A wall-clock date and time in the user's zone, as an aware datetime."""
    return dt.datetime.combine(day, time_of_day, tzinfo=zone)


class ApplicationForm(OwnedForm):
    company_time_zone = forms.ChoiceField(
        label="Company's time zone",
        required=False,
        choices=[("", "Same as mine")] + [(name, name.replace("_", " ")) for name in time_zone_names()],
        help_text="Where the people you'd call work; used to tell whether now is a good time to call.",
    )
    same_opening_confirmed = forms.BooleanField(
        required=False,
        label="Yes, this is a different opening",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Application
        formfield_callback = https_urls
        fields = [
            "company",
            "role",
            "posting_url",
            "source",
            "status",
            "applied_on",
            "company_time_zone",
            "opportunity",
            "notes",
        ]
        widgets = {"applied_on": DateInput, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["company", "role", "same_opening_confirmed"])
        self.fields["opportunity"].queryset = Opportunity.objects.filter(owner=self.owner)
        self.fields["opportunity"].label = "From a saved opportunity"
        self.fields["posting_url"].widget.attrs["placeholder"] = "https://"
        self.duplicate = None

    def clean(self):
        cleaned = super().clean()
        company, role = cleaned.get("company"), cleaned.get("role")
        if company and role and cleaned.get("status") not in Status.closed():
            same = Application.objects.filter(
                owner=self.owner,
                company__iexact=company.strip(),
                role__iexact=role.strip(),
                status__in=Status.open(),
            ).exclude(pk=self.instance.pk)
            self.duplicate = same.first()
            if self.duplicate and not cleaned.get("same_opening_confirmed"):
                self.fields["same_opening_confirmed"].widget = forms.CheckboxInput()
                raise ValidationError(
                    "You already have an open application for %(role)s at %(company)s. "
                    "If this is a different opening, tick the box below and save again.",
                    params={"role": self.duplicate.role, "company": self.duplicate.company},
                    code="duplicate",
                )
        return cleaned

    def save(self, commit=True):
        self.instance.owner = self.owner
        return super().save(commit)


class InterviewForm(OwnedForm):
    day = forms.DateField(label="Date", widget=DateInput)
    time = forms.TimeField(label="Time", widget=TimeInput)
    asked_about_timing = forms.TypedChoiceField(
        label="Did you ask when you'd hear back?",
        choices=[(True, "Yes"), (False, "No")],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )

    submit_label = "Save interview"

    class Meta:
        model = Interview
        fields = ["format", "rapport", "asked_about_timing", "promised_on", "interviewers", "notes"]
        widgets = {
            "format": forms.RadioSelect,
            "rapport": forms.RadioSelect,
            "promised_on": DateInput,
            "interviewers": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        self.order_fields(
            ["day", "time", "format", "rapport", "asked_about_timing", "promised_on", "interviewers", "notes"]
        )
        # People at this company only (and anyone already chosen), never every contact.
        offered = models.Q(company__iexact=application.company)
        if self.instance.pk:
            offered |= models.Q(pk__in=self.instance.interviewers.values("pk"))
        people = Contact.objects.filter(offered, owner=self.owner)
        self.fields["interviewers"].queryset = people.order_by("name")
        self.fields["interviewers"].help_text = (
            f"People you know at {application.company}. To add someone new, use “I had an interview” "
            "or the Contacts page."
        )
        zone = self.owner.zoneinfo
        if self.instance.pk:
            local = self.instance.starts_at.astimezone(zone)
            self.initial.update(day=local.date(), time=local.time().replace(second=0, microsecond=0))
        else:
            self.initial.setdefault("day", local_today(self.owner))
            self.initial.setdefault("time", dt.time(10, 0))
            self.initial.setdefault("asked_about_timing", False)

    def clean(self):
        cleaned = super().clean()
        day, promised = cleaned.get("day"), cleaned.get("promised_on")
        if day and promised and promised < day:
            self.add_error("promised_on", "The promised date can't be before the interview.")
        if self.has_error("interviewers") and not self.fields["interviewers"].queryset.exists():
            # An empty list of people shows no field errors of its own: say it at the top.
            for message in self.errors["interviewers"]:
                self.add_error(None, message)
        return cleaned

    def save(self, commit=True):
        self.instance.application = self.application
        self.instance.starts_at = local_moment(
            self.cleaned_data["day"], self.cleaned_data["time"], self.owner.zoneinfo
        )
        return super().save(commit)


class ContactForm(OwnedForm):
    submit_label = "Save contact"

    class Meta:
        model = Contact
        fields = [
            "name",
            "greet_as",
            "company",
            "title",
            "role",
            "influence",
            "work_email",
            "work_phone",
            "personal_email",
            "personal_phone",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "greet_as": 'How your messages open: "Dear Dana," or "Dear Dr. Okafor,". Leave it empty and '
            "we'll suggest one from the name; change it to what they go by."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["greet_as"].widget.attrs["placeholder"] = "Suggested from the name when you save"
        if self.instance.pk and not self.instance.greet_as:
            self.initial["greet_as"] = suggest_greeting(self.instance.name)

    def clean_greet_as(self):
        return tidy_greeting(self.cleaned_data.get("greet_as", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") != ContactRole.NETWORK:
            cleaned["influence"] = ""
        name = cleaned.get("name") or ""
        old_name = self.instance.name if self.instance.pk else ""
        greet_as = cleaned.get("greet_as") or ""
        # Empty, or still the suggestion for the name before a correction: suggest afresh.
        if not greet_as or (old_name and name != old_name and greet_as == suggest_greeting(old_name)):
            max_length = Contact._meta.get_field("greet_as").max_length
            cleaned["greet_as"] = suggest_greeting(name)[:max_length]
        return cleaned

    def save(self, commit=True):
        self.instance.owner = self.owner
        return super().save(commit)


class FollowUpDateMixin:
    """Follow-ups and replies are entered as a date; stored as a moment that day."""

    def moment_for(self, day, original=None):
        zone = self.owner.zoneinfo
        if original is not None and original.astimezone(zone).date() == day:
            return original  # an edit that kept the date keeps the moment
        now = timezone.now().astimezone(zone)
        return now if day == now.date() else local_moment(day, dt.time(12), zone)

    def initial_day(self, moment):
        zone = self.owner.zoneinfo
        self.initial["day"] = (moment or timezone.now()).astimezone(zone).date()


class FollowUpForm(FollowUpDateMixin, OwnedForm):
    day = forms.DateField(label="When", widget=DateInput)
    submit_label = "Save follow-up"

    class Meta:
        model = FollowUp
        fields = ["channel", "contact", "notes"]
        widgets = {"channel": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        self.order_fields(["day", "channel", "contact", "notes"])
        contacts = Contact.objects.filter(owner=self.owner).exclude(work_email="", work_phone="")
        self.fields["contact"].queryset = contacts
        self.fields["contact"].help_text = "Only contacts with a work email or work phone can be chosen."
        self.initial_day(self.instance.happened_at if self.instance.pk else None)

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding and self.application.follow_ups_left == 0:
            raise ValidationError(
                "You have already sent the follow-ups this application allows. Another one would "
                "do more harm than good: it's time to let it go and move on.",
                code="no_follow_ups_left",
            )
        return cleaned

    def save(self, commit=True):
        self.instance.application = self.application
        self.instance.happened_at = self.moment_for(
            self.cleaned_data["day"], self.instance.happened_at if self.instance.pk else None
        )
        return super().save(commit)


class ReplyForm(FollowUpDateMixin, OwnedForm):
    day = forms.DateField(label="When", widget=DateInput)
    submit_label = "Save reply"

    class Meta:
        model = Reply
        fields = ["outcome", "notes"]
        widgets = {"outcome": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        self.order_fields(["day", "outcome", "notes"])
        self.initial_day(self.instance.received_at if self.instance.pk else None)

    def save(self, commit=True):
        self.instance.application = self.application
        self.instance.received_at = self.moment_for(
            self.cleaned_data["day"], self.instance.received_at if self.instance.pk else None
        )
        return super().save(commit)


class OpportunityForm(OwnedForm):
    submit_label = "Save opportunity"

    class Meta:
        model = Opportunity
        formfield_callback = https_urls
        fields = ["kind", "title", "organization", "link", "starred", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        labels = {"starred": "Star it"}

    def save(self, commit=True):
        self.instance.owner = self.owner
        return super().save(commit)


class LetterForm(OwnedForm):
    submit_label = "Save letter"

    class Meta:
        model = Letter
        fields = ["title", "author", "job_kind", "file"]
        help_texts = {"file": "PDF or Word (.docx), up to 5 MB."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.content_type = check_letter_file(upload)
            others = Letter.objects.filter(owner=self.owner).exclude(pk=self.instance.pk)
            check_letter_quota(
                count=len(others),
                stored_bytes=sum(letter.stored_size() for letter in others),
                upload_bytes=upload.size,
            )
        return upload

    def save(self, commit=True):
        self.instance.owner = self.owner
        replaced = None
        if getattr(self, "content_type", None):
            self.instance.content_type = self.content_type
            self.instance.original_name = self.cleaned_data["file"].name[:255]
            if self.instance.pk:
                replaced = Letter.objects.filter(pk=self.instance.pk).values_list("file", flat=True).first()
        letter = super().save(commit)
        if replaced and replaced != letter.file.name:
            storage = letter.file.storage
            transaction.on_commit(lambda: storage.delete(replaced))
        return letter


class MoveOnForm(forms.Form):
    went_well = forms.CharField(
        label="What went well",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Something to keep doing: a good answer, a good question you asked.",
    )
    next_time = forms.CharField(
        label="What to try next time",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One thing to do differently. Asking for a date at the end is a good start.",
    )
    submit_label = "Close it and move on"


# --- An interview logged in one step ------------------------------------------------
class InterviewerRowForm(forms.Form):
    """One interviewer typed on the interview page; an empty row is skipped."""

    name = forms.CharField(label="Name", max_length=200, required=False)
    title = forms.CharField(label="Job title", max_length=200, required=False)
    work_email = forms.EmailField(label="Work email", max_length=254, required=False)
    work_phone = forms.CharField(label="Work phone", max_length=40, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name", "").strip() and any(
            (cleaned.get(key) or "").strip() for key in ("title", "work_email", "work_phone")
        ):
            self.add_error("name", "Add the person's name, or clear this row.")
        return cleaned

    @property
    def person(self):
        """The row as typed, or None for an empty row."""
        data = getattr(self, "cleaned_data", {})
        if not (data.get("name") or "").strip():
            return None
        return {key: (data.get(key) or "").strip() for key in ("name", "title", "work_email", "work_phone")}


InterviewerRows = forms.formset_factory(InterviewerRowForm, extra=1, max_num=10, absolute_max=10)


class InterviewLogForm(forms.Form):
    """Company, role and interview on one page; the application is found or made from them."""

    company = forms.CharField(label="Company", max_length=200)
    role = forms.CharField(label="Role", max_length=200)
    day = forms.DateField(label="Date", widget=DateInput)
    time = forms.TimeField(label="Time", widget=TimeInput)
    format = forms.ChoiceField(
        label="Format", choices=Interview._meta.get_field("format").choices, widget=forms.RadioSelect
    )
    rapport = forms.ChoiceField(
        label="How it went", choices=Interview._meta.get_field("rapport").choices, widget=forms.RadioSelect
    )
    asked_about_timing = forms.TypedChoiceField(
        label="Did you ask when you'd hear back?",
        choices=[(True, "Yes"), (False, "No")],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )
    promised_on = forms.DateField(
        label="They promised an answer by",
        required=False,
        widget=DateInput,
        help_text="Leave empty if they gave no date.",
    )
    known_interviewers = forms.ModelMultipleChoiceField(
        label="People you already know there",
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, owner, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)
        zone_name = zone_short_label(owner.time_zone)
        self.fields["time"].label = f"Time ({zone_name})"
        self.fields["time"].help_text = f"In your own time zone, {zone_name}."
        for name in ("day", "promised_on"):
            self.fields[name].validators.append(check_plausible_date)
            quoting_what_was_typed(self.fields[name], "date")
        quoting_what_was_typed(self.fields["time"], "time")
        self.fields["company"].widget.attrs.update(list="company-options", autocomplete="organization")
        self.fields["role"].widget.attrs.update(list="role-options", autocomplete="off")
        self.initial.setdefault("day", local_today(owner))
        self.initial.setdefault("time", dt.time(10, 0))
        self.initial.setdefault("format", Interview._meta.get_field("format").default)
        self.initial.setdefault("rapport", Interview._meta.get_field("rapport").default)
        self.initial.setdefault("asked_about_timing", False)
        # Only people at the company typed (or chosen) are offered: never everyone.
        typed = self.data.get(self.add_prefix("company")) or self.initial.get("company") or ""
        # Raw text, before validation: a NUL byte (refused by the field) can't go to the database.
        self.company = typed.strip()[:200] if isinstance(typed, str) and "\x00" not in typed else ""
        self.fields["known_interviewers"].queryset = (
            Contact.objects.filter(owner=owner, company__iexact=self.company).order_by("name")
            if self.company
            else Contact.objects.none()
        )

    def clean(self):
        cleaned = super().clean()
        day, promised = cleaned.get("day"), cleaned.get("promised_on")
        if day and promised and promised < day:
            self.add_error("promised_on", "The promised date can't be before the interview.")
        return cleaned

    def starts_at(self):
        return local_moment(self.cleaned_data["day"], self.cleaned_data["time"], self.owner.zoneinfo)

    def open_applications(self):
        """The user's open applications, for the company and role suggestions."""
        mine = Application.objects.filter(owner=self.owner, status__in=Status.open())
        return mine.order_by("company", "role")
