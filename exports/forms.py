from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from .importing import MAX_UPLOAD_BYTES, TARGETS, ImportFileError, decode_upload, read_table


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"A spreadsheet saved as CSV UTF-8, up to {filesizeformat(MAX_UPLOAD_BYTES)}.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Choose the CSV file to import.",
            "empty": "The file is empty. Choose the CSV file that holds your applications.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                "This file is %(size)s; the most we take is %(limit)s. Split it into smaller files.",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
                code="too_big",
            )
        try:
            # Read here so a file we can't use is refused on this form, with the reason.
            self.text = decode_upload(upload.read())
            self.table = read_table(self.text)
        except ImportFileError as exc:
            raise ValidationError(str(exc), code="unreadable") from exc
        return upload


class ColumnMappingForm(forms.Form):
    """For each field an application can take: which of the file's columns holds it."""

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, **kwargs)
        columns = [(str(index), header) for index, header in enumerate(headers)]
        for target in TARGETS:
            empty = "— choose a column —" if target.required else "— not in my file —"
            self.fields[target.key] = forms.TypedChoiceField(
                label=target.label,
                choices=[("", empty), *columns],
                coerce=int,
                empty_value=None,
                required=target.required,
                error_messages={"required": f"Choose the column that holds the {target.label.lower()}."},
            )

    def mapping(self):
        return {target.key: self.cleaned_data.get(target.key) for target in TARGETS}
