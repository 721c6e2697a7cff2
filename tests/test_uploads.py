"""Uploads that are not what they claim to be are refused, said so on the page, and
leave nothing behind: no row, no file in the private media folder, no temporary file.

tests/test_letters.py and tests/test_data_import.py check the type sniffing and the
messages for other bad files; checked here is that a refused upload stores nothing on
disk, the files the issue names (HTML or a program renamed .pdf, a PDF or a program
renamed .csv, 6 MB), an empty letter's message, that a bad replacement keeps the
letter's old file, and that a good letter is kept, once, in the private folder.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.letters import DOCX, PDF
from applications.models import Application, Letter
from exports.models import ImportJob
from tests.factories import DOCX_BYTES, PDF_BYTES, PLAIN_ZIP_BYTES, LetterFactory

pytestmark = pytest.mark.django_db

SIX_MB = 6 * 1024 * 1024
# A real PDF's second line is binary on purpose (so tools treat the file as binary).
REAL_PDF_HEAD = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    b"stream\n\x78\x9c\x00\x01\x02\xff\nendstream\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 45 + b"PE\x00\x00L\x01"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script>Dear hiring manager</body></html>"


@pytest.fixture
def disk(settings, tmp_path):
    """The private media folder and Django's temporary upload folder, both watched."""
    private, temporary = tmp_path / "private", tmp_path / "upload-tmp"
    private.mkdir()
    temporary.mkdir()
    settings.PRIVATE_MEDIA_ROOT = str(private)
    settings.FILE_UPLOAD_TEMP_DIR = str(temporary)

    def files():
        return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())

    return files


def text_of(response):
    return response.content.decode()


# --- Letters of recommendation --------------------------------------------------------
def letter_post(name, content, content_type):
    return {
        "title": "Reference from my commander",
        "author": "Col. Jane Smith",
        "job_kind": "Logistics",
        "file": SimpleUploadedFile(name, content, content_type=content_type),
    }


WRONG_TYPE = "Only PDF and Word (.docx) files can be kept here."
BAD_LETTERS = [
    pytest.param("reference.pdf", HTML, "application/pdf", WRONG_TYPE, id="html-named-pdf"),
    pytest.param("reference.pdf", EXE, "application/pdf", WRONG_TYPE, id="exe-named-pdf"),
    pytest.param(
        "reference.docx",
        PLAIN_ZIP_BYTES,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        WRONG_TYPE,
        id="zip-named-docx",
    ),
    pytest.param(
        "reference.pdf", REAL_PDF_HEAD + b"0" * SIX_MB, "application/pdf", "larger than 5 MB", id="six-mb-pdf"
    ),
    pytest.param("reference.pdf", b"", "application/pdf", "The submitted file is empty.", id="empty"),
]


@pytest.mark.parametrize(("name", "content", "content_type", "message"), BAD_LETTERS)
def test_a_bad_letter_is_refused_with_a_message_and_nothing_is_stored(
    alice_client, disk, name, content, content_type, message
):
    response = alice_client.post(reverse("letter_create"), letter_post(name, content, content_type))
    assert response.status_code == 400
    assert message in text_of(response)
    assert "Reference from my commander" in text_of(response), "what was typed is kept"
    assert not Letter.objects.exists()
    assert disk() == [], "a refused letter left a file behind"


@pytest.mark.parametrize(("name", "content", "content_type", "message"), BAD_LETTERS)
def test_a_bad_replacement_keeps_the_letters_old_file(
    alice_client, alice, disk, name, content, content_type, message
):
    letter = LetterFactory(owner=alice)
    stored_before = disk()
    response = alice_client.post(
        reverse("letter_edit", args=[letter.pk]), letter_post(name, content, content_type)
    )
    assert response.status_code == 400
    assert message in text_of(response)
    kept = Letter.objects.get()
    assert (kept.file.name, kept.content_type, kept.original_name) == (
        letter.file.name,
        letter.content_type,
        letter.original_name,
    )
    with kept.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert disk() == stored_before


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("reference.pdf", REAL_PDF_HEAD, PDF), ("reference.docx", DOCX_BYTES, DOCX)],
    ids=["pdf", "docx"],
)
def test_a_good_letter_is_stored_once_in_the_private_folder(alice_client, alice, disk, name, content, kind):
    # Guards the tests above: their empty folder means something only if a good file lands there.
    response = alice_client.post(
        reverse("letter_create"), letter_post(name, content, "application/octet-stream")
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert (letter.owner, letter.content_type, letter.original_name) == (alice, kind, name)
    with letter.file.open("rb") as stored:
        assert stored.read() == content
    assert disk() == [f"private/{letter.file.name}"]


def test_a_letter_of_exactly_5_mb_is_kept(alice_client, disk):
    content = REAL_PDF_HEAD + b"0" * (5 * 1024 * 1024 - len(REAL_PDF_HEAD))
    response = alice_client.post(reverse("letter_create"), letter_post("big.pdf", content, "application/pdf"))
    assert response.status_code == 302
    assert Path(Letter.objects.get().file.path).stat().st_size == 5 * 1024 * 1024


# --- CSV import ----------------------------------------------------------------------------
BAD_CSVS = [
    pytest.param("applications.csv", REAL_PDF_HEAD * 3, "it contains binary data", id="pdf-named-csv"),
    pytest.param("applications.csv", EXE, "it contains binary data", id="exe-named-csv"),
    pytest.param("applications.csv", bytes(range(256)) * 64, "it contains binary data", id="binary-garbage"),
    pytest.param(
        "applications.csv",
        b"\xc3\x28\xa0\xa1\xe2\x28\xa1" * 100,
        "isn&#x27;t saved as UTF-8 text",
        id="garbage-no-nul",
    ),
    pytest.param(
        "applications.csv",
        b"Company,Role\n" + b"Acme,Driver\n" * (SIX_MB // 12),
        "the most we take is 5.0",
        id="six-mb-csv",
    ),
    pytest.param("applications.csv", b"", "The file is empty", id="empty"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_CSVS)
def test_a_file_that_is_not_a_csv_is_refused_and_nothing_is_stored(
    alice_client, disk, name, content, message
):
    response = alice_client.post(
        reverse("data_import"), {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    )
    assert response.status_code == 400
    assert message in text_of(response)
    assert not ImportJob.objects.exists() and not Application.objects.exists()
    assert disk() == [], "a refused import left a file behind"


def test_a_good_csv_is_kept_as_a_job_and_not_as_a_file(alice_client, disk):
    content = b"Company,Role\n" + b"Acme,Driver\n" * 10
    response = alice_client.post(
        reverse("data_import"), {"file": SimpleUploadedFile("applications.csv", content)}
    )
    assert response.status_code == 302
    assert ImportJob.objects.get().total_rows == 10
    assert disk() == []
