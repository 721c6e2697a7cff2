"""Letters of recommendation: refused unless they are really a PDF or a Word
document, kept in the private folder, served to their owner only and as a
download, and their files removed with them. (What a refused upload leaves on
disk, and the size limit: tests/test_uploads.py.)
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.letters import DOCX, PDF
from applications.models import Letter
from tests.factories import DOCX_BYTES, PDF_BYTES, LetterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)


def letter_post(name, content, content_type="application/pdf", **changes):
    return {
        "title": "Reference from my commander",
        "author": "Col. Jane Smith",
        "job_kind": "Logistics",
        "file": SimpleUploadedFile(name, content, content_type=content_type),
        **changes,
    }


def upload_letter(client, name, data):
    # What the browser claims the file is counts for nothing.
    post = letter_post(
        name, data, content_type="text/html", title="From my platoon sergeant", author="SFC Lee"
    )
    response = client.post(reverse("letter_create"), post)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Letter.objects.latest("pk")


# --- Only a real PDF or Word document is kept -------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("reference.pdf", PNG_BYTES, id="png-renamed-pdf"),
        pytest.param("reference.pdf", b"Dear hiring manager, this is plain text.", id="text-renamed-pdf"),
        pytest.param("reference.docx", b"PK\x03\x04 broken zip", id="broken-zip"),
    ],
)
def test_a_file_that_is_not_a_pdf_or_word_document_is_refused(alice_client, alice, name, content):
    response = alice_client.post(reverse("letter_create"), letter_post(name, content, title="My typed title"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "My typed title" in html
    assert "Only PDF and Word (.docx) files can be kept here." in html
    assert not Letter.objects.exists()


# --- Served to their owner only, as a download ------------------------------------------------
def test_a_letter_is_downloaded_by_its_owner_only_as_an_attachment(client, alice, bob):
    client.force_login(bob)
    letter = upload_letter(client, "My reference.pdf", PDF_BYTES)
    response = client.get(reverse("letter_file", kwargs={"letter_id": letter.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="My reference.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]

    client.force_login(alice)
    assert client.get(reverse("letter_file", kwargs={"letter_id": letter.pk})).status_code == 404
    client.logout()
    response = client.get(reverse("letter_file", kwargs={"letter_id": letter.pk}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_letter_named_like_a_web_page_is_still_served_as_a_pdf_download(client, bob):
    client.force_login(bob)
    letter = upload_letter(client, "<script>x</script>.html", PDF_BYTES)
    response = client.get(reverse("letter_file", kwargs={"letter_id": letter.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "<script>" not in response["Content-Disposition"]


def test_no_url_serves_the_letters_folder(client, bob):
    client.force_login(bob)
    letter = upload_letter(client, "reference.pdf", PDF_BYTES)
    for url in (
        f"/media/{letter.file.name}",
        f"/static/{letter.file.name}",
        f"/{letter.file.name}",
        f"/private/{letter.file.name}",
    ):
        assert client.get(url).status_code == 404, url


# --- Their files go with them -----------------------------------------------------------------
def test_deleting_a_letter_removes_its_file(alice_client, alice, django_capture_on_commit_callbacks):
    alice_client.post(reverse("letter_create"), letter_post("reference.pdf", PDF_BYTES))
    letter = Letter.objects.get()
    path = Path(letter.file.path)
    assert path.exists()
    # The confirmation page deletes nothing.
    assert alice_client.get(reverse("letter_delete", args=[letter.pk])).status_code == 200
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert alice_client.post(reverse("letter_delete", args=[letter.pk])).status_code == 302
    assert not Letter.objects.exists()
    assert not path.exists()


def test_replacing_a_letters_file_removes_the_old_file(
    alice_client, alice, django_capture_on_commit_callbacks
):
    alice_client.post(reverse("letter_create"), letter_post("reference.pdf", PDF_BYTES))
    old = Path(Letter.objects.get().file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("letter_edit", args=[Letter.objects.get().pk]), letter_post("reference.docx", DOCX_BYTES)
        )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.content_type == DOCX
    assert Path(letter.file.path).exists()
    assert not old.exists(), "the replaced file is still on disk"


def test_deleting_the_account_removes_letter_files(alice_client, alice, django_capture_on_commit_callbacks):
    alice_client.post(reverse("letter_create"), letter_post("reference.pdf", PDF_BYTES))
    path = Path(Letter.objects.get().file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("delete_account"), {"confirm": "on"})
    assert response.status_code == 302
    assert not Letter.objects.exists()
    assert not path.exists(), "the account is gone but its letter is still on disk"


def test_editing_a_letter_without_a_new_file_keeps_the_old_one(alice_client, alice):
    letter = LetterFactory(owner=alice)
    response = alice_client.post(
        reverse("letter_edit", args=[letter.pk]),
        {"title": "Renamed", "author": letter.author, "job_kind": ""},
    )
    assert response.status_code == 302
    edited = Letter.objects.get()
    assert (edited.title, edited.file.name, edited.content_type) == ("Renamed", letter.file.name, PDF)


@pytest.mark.parametrize(
    ("role", "older", "newer", "chosen"),
    [
        # A shared title word ("manager") says nothing about the work: the older letter
        # about warehouse work is the one that speaks to it.
        ("Warehouse manager", "Warehouse logistics", "Retail manager", "Warehouse logistics"),
        ("Logistics coordinator", "Logistics", "Nursing", "Logistics"),
        # Both speak to the work: the one sharing more work words.
        ("Fleet logistics planner", "Fleet logistics", "Logistics", "Fleet logistics"),
        # Neither does: the newest.
        ("Software developer", "Nursing", "Retail", "Retail"),
    ],
)
def test_the_letter_chosen_for_a_draft_speaks_to_the_work(alice, role, older, newer, chosen):
    from outreach.services import best_letter
    from tests.factories import ApplicationFactory

    LetterFactory(owner=alice, job_kind=older, title=older)
    LetterFactory(owner=alice, job_kind=newer, title=newer)
    application = ApplicationFactory(owner=alice, role=role)
    assert best_letter(alice, application).job_kind == chosen
