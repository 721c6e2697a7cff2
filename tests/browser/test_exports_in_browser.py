"""Export and import in a real browser: the pages pass axe, the download is a
real ZIP, and the progress bar follows a running import without a reload."""

import zipfile

import pytest
from playwright.sync_api import expect

from applications.models import Application
from exports.models import ImportJob, JobStatus
from tests.browser.axe import assert_accessible
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.browser

GOOD_CSV = (
    b"Company,Position,Date Applied,Status\n"
    b"Northwind,Dispatcher,11/02/2026,Interview\n"
    b"Globex,Analyst,2026-10-01,Rejected\n"
)
BAD_CSV = b"Company,Role,Date Applied\n,Dispatcher,2026-11-02\nGlobex,Analyst,31/12/2026\n"


def upload(page, base, content):
    page.goto(base + "/import/")
    page.get_by_label("CSV file").set_input_files(
        {"name": "applications.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Check your import")).to_be_visible()


def test_import_a_spreadsheet_in_the_browser(page, live_server, sign_in):
    user = sign_in(time_zone="America/New_York")
    page.goto(live_server.url + "/import/")
    assert_accessible(page)

    upload(page, live_server.url, GOOD_CSV)
    expect(page.get_by_label("Company")).to_have_value("0")
    expect(page.get_by_label("Role")).to_have_value("1")
    expect(page.get_by_text("All 2 rows look fine.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Import 2 applications").click()
    expect(page.get_by_text("Imported 2 applications.")).to_be_visible()
    assert_accessible(page)
    assert sorted(Application.objects.filter(owner=user).values_list("company", "status")) == [
        ("Globex", "no"),
        ("Northwind", "interviewing"),
    ]


def test_bad_rows_are_shown_in_an_accessible_table(page, live_server, sign_in):
    sign_in()
    upload(page, live_server.url, BAD_CSV)
    table = page.get_by_role("table", name="Rows that need fixing")
    expect(table.get_by_role("row")).to_have_count(3)
    expect(page.get_by_role("button", name="Import 2 applications")).to_have_count(0)
    assert_accessible(page)
    assert not Application.objects.exists()


def test_the_progress_bar_follows_a_running_import(page, live_server, sign_in):
    user = sign_in()
    job = ImportJob.objects.create(
        owner=user, file_name="big.csv", status=JobStatus.VALIDATING, total_rows=10_000, processed_rows=1_000
    )
    page.goto(live_server.url + job.get_absolute_url())
    bar = page.get_by_role("progressbar", name="Checking rows")
    expect(bar).to_have_attribute("value", "1000")
    assert_accessible(page)

    ImportJob.objects.filter(pk=job.pk).update(processed_rows=6_000)
    expect(page.get_by_text("Checked 6,000 of 10,000 rows.")).to_be_visible()
    assert page.evaluate("() => document.getElementById('import-progress').value") == 6000

    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, imported_count=10_000, processed_rows=10_000
    )
    expect(page.get_by_text("Imported 10,000 applications.")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_count(0)


def test_export_downloads_a_zip(page, live_server, sign_in, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    user = sign_in()
    ApplicationFactory(owner=user, company="Northwind")
    page.goto(live_server.url + "/export/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data (ZIP)").click()
    path = tmp_path / "export.zip"
    download_info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        assert b"Northwind" in archive.read("applications.csv")
