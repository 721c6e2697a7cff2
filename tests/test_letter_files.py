"""Letters' files, whatever they are called: kept under the type they really are,
handed back under a safe name, exported into a ZIP that opens, counted against a
quota, and a missing file is a clear 404, not a 500.

The property tests feed hypothesis-made file names (stars, emoji, "!!!", paths,
control characters, nothing at all) through upload, download, export and import.
"""

import io
import logging
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications import letters
from applications.letters import DOCX, PDF, check_letter_quota, letter_file_name
from applications.models import Letter
from exports.models import ImportJob
from tests.factories import DOCX_BYTES, PDF_BYTES, LetterFactory

pytestmark = pytest.mark.django_db

SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]([A-Za-z0-9 _.-]{0,78}[A-Za-z0-9_.-])?\.(pdf|docx|bin)$")
QUIRKY_NAMES = ["★", "!!!", "😀.pdf", "★.docx", ".pdf", "/etc/passwd", "a\\b\\c.pdf", "   ", ""]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path


def letter_post(name, content=PDF_BYTES, title="Reference from my commander"):
    return {
        "title": title,
        "author": "Col. Jane Smith",
        "job_kind": "Logistics",
        "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    }


def download_name(response):
    disposition = response["Content-Disposition"]
    match = re.search(r'filename="([^"]*)"', disposition)
    assert match, disposition
    return match.group(1)


def export_zip(client):
    response = client.get(reverse("data_export_download"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


# --- The safe name, as a table --------------------------------------------------------
@pytest.mark.parametrize(
    ("original", "content_type", "expected"),
    [
        ("Reference letter.pdf", PDF, "Reference letter.pdf"),
        ("reference.docx", DOCX, "reference.docx"),
        ("Lettre de référence.pdf", PDF, "Lettre de reference.pdf"),
        ("★", PDF, "letter.pdf"),
        ("!!!", PDF, "letter.pdf"),
        ("😀 star ★.docx", DOCX, "star.docx"),
        ("a\tb\n c.pdf", PDF, "a b c.pdf"),
        ("evil.html", PDF, "evil.pdf"),
        ("evil.exe", DOCX, "evil.docx"),
        ("../../etc/passwd", PDF, "passwd.pdf"),
        ("C:\\Users\\me\\letter.pdf", PDF, "letter.pdf"),
        ("", PDF, "letter.pdf"),
        (".pdf", PDF, "letter.pdf"),
        ("a" * 300 + ".pdf", PDF, "a" * 80 + ".pdf"),
        ("letter.pdf", "", "letter.bin"),
    ],
)
def test_letter_file_name(original, content_type, expected):
    assert letter_file_name(original, content_type) == expected


def test_a_legacy_letter_without_a_type_keeps_its_stored_extension():
    assert letter_file_name("x", "", "letters/1/abc.docx") == "x.docx"
    assert letter_file_name("x", "", "letters/1/abc.html") == "x.bin"


@given(st.text(max_size=300), st.sampled_from([PDF, DOCX, ""]))
def test_any_name_becomes_a_safe_one(original, content_type):
    assert SAFE_NAME.match(letter_file_name(original, content_type))


# --- A file is kept and handed back as what it is -------------------------------------
def test_a_pdf_named_html_is_stored_and_served_as_pdf(alice_client):
    response = alice_client.post(reverse("letter_create"), letter_post("reference.html"))
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.file.name.endswith(".pdf"), letter.file.name
    served = alice_client.get(reverse("letter_file", args=[letter.pk]))
    assert served.status_code == 200
    assert download_name(served) == "reference.pdf"
    assert served["Content-Type"] == PDF
    assert b"".join(served.streaming_content) == PDF_BYTES


def test_a_docx_named_pdf_is_served_as_docx(alice_client):
    alice_client.post(reverse("letter_create"), letter_post("reference.pdf", DOCX_BYTES))
    letter = Letter.objects.get()
    assert letter.file.name.endswith(".docx")
    assert download_name(alice_client.get(reverse("letter_file", args=[letter.pk]))) == "reference.docx"


@pytest.mark.parametrize("name", QUIRKY_NAMES)
def test_quirky_names_survive_upload_download_and_export(alice_client, name):
    response = alice_client.post(reverse("letter_create"), letter_post(name or "x", title=f"Letter {name!r}"))
    assert response.status_code == 302, response.content.decode()[:500]
    letter = Letter.objects.get()
    served = alice_client.get(reverse("letter_file", args=[letter.pk]))
    assert served.status_code == 200
    assert SAFE_NAME.match(download_name(served))
    archive = export_zip(alice_client)
    assert archive.testzip() is None
    entries = [n for n in archive.namelist() if n.startswith("letters/")]
    assert entries == [f"letters/{letter.pk}-{letter.download_name()}"]
    assert archive.read(entries[0]) == PDF_BYTES


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
        min_size=1,
        max_size=120,
    )
)
def test_any_stored_name_exports_a_zip_that_opens(alice_client, alice, name):
    """However a name reached the database (an old upload, an import, the admin), the
    export must finish: one bad name once broke the whole stream."""
    Letter.objects.filter(owner=alice).delete()
    letter = LetterFactory(owner=alice, original_name=name)
    archive = export_zip(alice_client)
    assert archive.testzip() is None
    assert f"letters/{letter.pk}-{letter.download_name()}" in archive.namelist()
    served = alice_client.get(reverse("letter_file", args=[letter.pk]))
    assert served.status_code == 200 and SAFE_NAME.match(download_name(served))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=100
    )
)
def test_any_csv_name_can_be_imported_and_is_shown_escaped(alice_client, alice, text):
    """Between two markers, so the name can be found on the page whatever it holds."""
    ImportJob.objects.filter(owner=alice).delete()
    upload = SimpleUploadedFile(f"qz-{text}-zq.csv", b"Company,Role\nAcme,Driver\n", content_type="text/csv")
    response = alice_client.post(reverse("data_import"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:500]
    page = alice_client.get(response["Location"])
    assert page.status_code == 200
    stored = ImportJob.objects.get(owner=alice).file_name  # the upload parser keeps the base name only
    html = page.content.decode()
    assert escape(stored) in html, "the file name is shown"
    if stored != escape(stored):
        assert stored not in html, "the file name was shown unescaped"


# --- Quota ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("count", "stored", "upload", "code"),
    [
        (0, 0, 1, None),
        (19, 0, 1, None),
        (20, 0, 1, "too_many"),
        (5, 49 * 1024 * 1024, 1024 * 1024, None),
        (5, 49 * 1024 * 1024, 1024 * 1024 + 1, "quota"),
    ],
)
def test_check_letter_quota(count, stored, upload, code):
    from django.core.exceptions import ValidationError

    if code is None:
        check_letter_quota(count=count, stored_bytes=stored, upload_bytes=upload)
    else:
        with pytest.raises(ValidationError) as refused:
            check_letter_quota(count=count, stored_bytes=stored, upload_bytes=upload)
        assert refused.value.code == code


def test_the_21st_letter_is_refused_with_a_message_and_nothing_is_lost(alice_client, alice):
    for _ in range(letters.MAX_LETTERS):
        LetterFactory(owner=alice)
    response = alice_client.post(reverse("letter_create"), letter_post("one-more.pdf"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "the most an account can hold" in page
    assert "Reference from my commander" in page, "what was typed is kept"
    assert Letter.objects.filter(owner=alice).count() == letters.MAX_LETTERS


def test_a_letter_past_the_total_size_is_refused_but_a_replacement_may_reuse_its_room(
    alice_client, alice, monkeypatch
):
    monkeypatch.setattr(letters, "MAX_LETTERS_BYTES", 2 * len(PDF_BYTES))
    first, second = LetterFactory(owner=alice), LetterFactory(owner=alice)
    response = alice_client.post(reverse("letter_create"), letter_post("third.pdf"))
    assert response.status_code == 400
    assert "larger than 50 MB" in response.content.decode()
    # Replacing a file frees the room of the one it replaces.
    response = alice_client.post(reverse("letter_edit", args=[first.pk]), letter_post("new.pdf"))
    assert response.status_code == 302
    assert Letter.objects.filter(owner=alice).count() == 2 and second.pk


def test_bob_s_letters_do_not_count_against_alice(alice_client, bob):
    for _ in range(letters.MAX_LETTERS):
        LetterFactory(owner=bob)
    assert alice_client.post(reverse("letter_create"), letter_post("mine.pdf")).status_code == 302


# --- A file gone missing ----------------------------------------------------------------
def test_a_letter_whose_file_is_missing_answers_404_with_a_message_and_is_logged(alice_client, alice, caplog):
    letter = LetterFactory(owner=alice)
    letter.file.storage.delete(letter.file.name)
    with caplog.at_level(logging.ERROR, logger="applications.views"):
        response = alice_client.get(reverse("letter_file", args=[letter.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "could not be found" in page and reverse("letter_edit", args=[letter.pk]) in page
    assert [r.getMessage() for r in caplog.records] == [f"letter file missing letter_id={letter.pk}"]
