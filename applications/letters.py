"""Checking an uploaded letter by what it contains, not by what it is called."""

import zipfile

from django.core.exceptions import ValidationError

MAX_LETTER_BYTES = 5 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff_letter_type(upload):
    """PDF or DOCX by their content, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def check_letter_file(upload):
    if upload.size > MAX_LETTER_BYTES:
        raise ValidationError(
            "The file is larger than 5 MB. Save a smaller copy and try again.", code="too_large"
        )
    content_type = sniff_letter_type(upload)
    if content_type is None:
        raise ValidationError("Only PDF and Word (.docx) files can be kept here.", code="wrong_type")
    return content_type
