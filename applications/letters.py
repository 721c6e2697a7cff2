"""Checking an uploaded letter by what it contains, not by what it is called, and
naming it safely wherever it leaves the app (download, export)."""

import re
import unicodedata
import zipfile

from django.core.exceptions import ValidationError

MAX_LETTER_BYTES = 5 * 1024 * 1024
# Per account: enough for every letter a job search needs, not a file store.
MAX_LETTERS = 20
MAX_LETTERS_BYTES = 50 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: "pdf", DOCX: "docx"}
MAX_STEM = 80


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


def check_letter_quota(*, count: int, stored_bytes: int, upload_bytes: int) -> None:
    """Refuse a letter that would take the account past its letter count or total size.

    ``count`` and ``stored_bytes`` describe the letters the account keeps besides
    the one being saved (a replaced file does not count against its replacement).
    """
    if count >= MAX_LETTERS:
        raise ValidationError(
            f"You already keep {MAX_LETTERS} letters, the most an account can hold. "
            "Delete one you no longer use, then add this one.",
            code="too_many",
        )
    if stored_bytes + upload_bytes > MAX_LETTERS_BYTES:
        raise ValidationError(
            "Your letters together would be larger than 50 MB, the most an account can hold. "
            "Delete one you no longer use, or save a smaller copy of this one.",
            code="quota",
        )


def letter_extension(content_type: str, stored_name: str = "") -> str:
    """The extension of what the file really is (its sniffed type), never of what it was called."""
    if content_type in EXTENSIONS:
        return EXTENSIONS[content_type]
    suffix = stored_name.rsplit(".", 1)[-1].lower() if "." in stored_name else ""
    return suffix if suffix in EXTENSIONS.values() else "bin"


def letter_file_name(original_name: str, content_type: str, stored_name: str = "") -> str:
    """A name that is safe in a download header, a ZIP entry and any file system.

    Whatever the user's file was called (stars, emoji, "!!!", a path, nothing at all)
    this returns plain ASCII letters, digits, single spaces, dots, dashes and underscores, never
    empty, ending in the extension of the file's real type.
    """
    stem = original_name.replace("\\", "/").rsplit("/", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9 _.-]+", "-", re.sub(r"\s+", " ", ascii_stem))
    cleaned = re.sub(r"-{2,}", "-", cleaned)
    cleaned = cleaned.strip(" -._")[:MAX_STEM].strip(" -._")
    return f"{cleaned or 'letter'}.{letter_extension(content_type, stored_name)}"
