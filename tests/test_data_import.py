"""Import applications from a CSV file: columns guessed and chosen, every row
checked and explained by its line, all rows or none imported, a large file
handed to a Celery task that shows its progress, and bad files refused with a
reason, never a 500.
"""

import csv
import datetime as dt
import io
import re
import time
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import user_delete
from applications.choices import Status, Step
from applications.models import Application, Interview
from exports import services, tasks
from exports.importing import MAX_UPLOAD_BYTES, guess_mapping, parse_date, parse_status, read_table
from exports.models import ImportJob, JobStatus
from tests.helpers.csv_import import latest_job, mapping_post, upload, upload_and_confirm

pytestmark = pytest.mark.django_db

HEADER = [
    "Company",
    "Role",
    "Status",
    "Date Applied",
    "Posting link",
    "Notes",
    "Interview date",
    "Promised date",
]


def csv_text(rows, header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def text_of(response):
    return response.content.decode()


# --- Good files ---------------------------------------------------------------------
def test_a_good_csv_imports_every_row_and_computes_plans(alice_client, alice):
    content = csv_text(
        [
            [
                "Northwind",
                "Dispatcher",
                "Interview",
                "11/02/2026",
                "northwind.example.com/jobs/9",
                "Met at a fair",
                "30 Nov 2026",
                "2026-12-04",
            ],
            ["Globex", "Analyst", "rejected", "2026-10-01", "", "", "", ""],
            ["Initech", "Planner", "", "", "", "", "2026-11-30", ""],
            ["Hooli", "Buyer", "OFFER", "Nov 5, 2026", "", "", "", ""],
        ]
    )
    response, job = upload_and_confirm(alice_client, alice, content)

    assert response.status_code == 302 and response["Location"] == reverse("import_job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.imported_count, job.processed_rows, job.csv_text) == (JobStatus.DONE, 4, 4, "")
    apps = {a.company: a for a in Application.objects.filter(owner=alice)}
    northwind = apps["Northwind"]
    assert (northwind.status, northwind.applied_on) == (Status.INTERVIEWING, dt.date(2026, 11, 2))
    assert northwind.posting_url == "https://northwind.example.com/jobs/9"
    assert (northwind.next_step, northwind.next_due_on) == (Step.FIRST, dt.date(2026, 12, 7))
    assert northwind.remind_at == dt.datetime(2026, 12, 7, 13, 0, tzinfo=dt.UTC)
    assert apps["Globex"].status == Status.NO and apps["Globex"].next_step == Step.NONE
    # An interview with no promised date: the default wait, and "no date given".
    assert apps["Initech"].status == Status.WAITING
    assert apps["Initech"].no_date_given and apps["Initech"].next_step == Step.FIRST
    assert apps["Hooli"].status == Status.OFFER and apps["Hooli"].applied_on == dt.date(2026, 11, 5)
    page = alice_client.get(response["Location"])
    assert "Imported 4 applications." in text_of(page)


def test_bom_semicolons_and_other_header_names_are_understood(alice_client, alice):
    content = "\ufeffEmployer;Job Title;Stage;Applied\nAcme;Driver;Applied;2026-01-05\n"
    response = upload(alice_client, content.encode())
    job = latest_job(alice)
    assert job.mapping["company"] == 0 and job.mapping["role"] == 1 and job.mapping["status"] == 2
    assert job.mapping["applied_on"] == 3
    page = alice_client.get(response["Location"])
    assert "All 1 row looks fine." in text_of(page)
    alice_client.post(page.request["PATH_INFO"], mapping_post(job))
    assert Application.objects.get(owner=alice).company == "Acme"


def test_clicking_import_twice_imports_once(alice_client, alice):
    response, job = upload_and_confirm(
        alice_client, alice, csv_text([["Acme", "Driver", "", "", "", "", "", ""]])
    )
    again = alice_client.post(reverse("import_preview", args=[job.pk]), mapping_post(job))
    assert again.status_code == 302
    assert Application.objects.filter(owner=alice).count() == 1


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Company", "Role"], {"company": 0, "role": 1}),
        (["Employer", "Position", "Date Applied"], {"company": 0, "role": 1, "applied_on": 2}),
        (
            ["Organization", "Title", "Job URL", "Comments"],
            {"company": 0, "role": 1, "posting_url": 2, "notes": 3},
        ),
        (
            ["Job", "Organisation", "Interview Date", "Promised by"],
            {"role": 0, "company": 1, "interview_on": 2, "promised_on": 3},
        ),
        (["company_name", "JOB-TITLE", "status"], {"company": 0, "role": 1, "status": 2}),
        (["Foo", "Bar"], {}),
    ],
)
def test_columns_are_guessed_from_their_names(headers, expected):
    guessed = {key: index for key, index in guess_mapping(headers).items() if index is not None}
    assert guessed == expected


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("applied", Status.APPLIED),
        ("Applied", Status.APPLIED),
        ("Interview", Status.INTERVIEWING),
        ("interviewing", Status.INTERVIEWING),
        ("Waiting to hear", Status.WAITING),
        ("followed_up", Status.FOLLOWED_UP),
        ("Follow-up", Status.FOLLOWED_UP),
        ("Rejected", Status.NO),
        ("NO", Status.NO),
        ("Offer", Status.OFFER),
        ("moved on", Status.MOVED_ON),
        ("Withdrawn", Status.MOVED_ON),
        ("maybe", None),
        ("", None),
    ],
)
def test_status_words(text, status):
    assert parse_status(text) == status


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-02", dt.date(2026, 11, 2)),
        ("11/02/2026", dt.date(2026, 11, 2)),
        ("1/2/2026", dt.date(2026, 1, 2)),
        ("2 Nov 2026", dt.date(2026, 11, 2)),
        ("02 November 2026", dt.date(2026, 11, 2)),
        ("Nov 2, 2026", dt.date(2026, 11, 2)),
        ("2026-11-02T09:30:00", dt.date(2026, 11, 2)),
        ("31/12/2026", None),
        ("11/02/26", None),
        ("soon", None),
        ("2026-13-01", None),
    ],
)
def test_date_formats(text, day):
    assert parse_date(text) == day


# --- Bad files: explained, and nothing imported ----------------------------------------
def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(alice_client, alice):
    content = "Company,Role\nCafé Zoë,Manager\n".encode("latin-1")
    response = upload(alice_client, content)
    assert response.status_code == 400
    assert "isn&#x27;t saved as UTF-8" in text_of(response) and "CSV UTF-8" in text_of(response)
    assert "line 2" in text_of(response)
    assert not ImportJob.objects.exists() and not Application.objects.exists()


def test_missing_required_columns_must_be_chosen_and_nothing_is_imported(alice_client, alice):
    upload(alice_client, "Employer name,Salary\nAcme,100\n")
    job = latest_job(alice)
    preview = alice_client.get(reverse("import_preview", args=[job.pk]))
    assert preview.status_code == 200
    assert "tell which column holds the role" in text_of(preview)
    response = alice_client.post(reverse("import_preview", args=[job.pk]), mapping_post(job))
    assert response.status_code == 400
    assert "Choose the column that holds the role." in text_of(response)
    assert not Application.objects.exists()
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT


BAD_ROWS = [
    ["Acme", "Driver", "Applied", "2026-01-05", "", "", "", ""],  # line 2: fine
    ["", "Driver", "", "", "", "", "", ""],  # 3: no company
    ["Acme", "Driver", "Maybe later", "", "", "", "", ""],  # 4: unknown status
    ["Acme", "Driver", "", "31/12/2026", "", "", "", ""],  # 5: unreadable date
    ["Acme", "Driver", "", "1999-05-01", "", "", "", ""],  # 6: implausible date
    ["Acme", "Driver", "", "", "not a link at all", "", "", ""],  # 7: bad URL
    ["Acme", "R" * 201, "", "", "", "", "", ""],  # 8: role too long
    ["Acme", "Driver", "", "", "", "", "", "2026-12-01"],  # 9: promise without interview
    ["Acme", "Driver", "", "", "", "N" * 5001, "", ""],  # 10: notes too long
    ["Globex", "Analyst", "Offer", "2026-02-01", "", "", "", ""],  # 11: fine
]
EXPECTED_PROBLEMS = [
    (3, "Company is empty"),
    (4, "“Maybe later” is not a status we know"),
    (5, "“31/12/2026” isn"),
    (6, "1999-05-01 is outside 2000–2100"),
    (7, "“not a link at all” isn"),
    (8, "Role is too long: 201 characters"),
    (9, "A promised date needs the interview date"),
    (10, "Notes is too long: 5,001 characters"),
]


def test_bad_rows_are_each_explained_by_line_and_nothing_is_imported(alice_client, alice):
    upload(alice_client, csv_text(BAD_ROWS))
    job = latest_job(alice)
    url = reverse("import_preview", args=[job.pk])

    preview = alice_client.get(url)
    html = text_of(preview)
    assert "8 problems found" in html and "<caption>Rows that need fixing" in html
    rows = re.findall(r'<th scope="row">(\d+)</th>.*?<td>([^<]*)</td>\s*</tr>', html, re.S)
    assert [int(line) for line, _ in rows] == [line for line, _ in EXPECTED_PROBLEMS]
    for (line, expected), (_, message) in zip(EXPECTED_PROBLEMS, rows, strict=True):
        assert expected in unescape(message), f"line {line}: {unescape(message)!r}"
    assert 'value="confirm"' not in html, "no import button while rows need fixing"

    response = alice_client.post(url, mapping_post(job))
    assert response.status_code == 400
    assert "Nothing has been imported." in text_of(response)
    assert not Application.objects.exists()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert [(p["line"], p["field"]) for p in job.errors] == [
        (3, "Company"),
        (4, "Status"),
        (5, "Applied on"),
        (6, "Applied on"),
        (7, "Posting link"),
        (8, "Role"),
        (9, "Promised date"),
        (10, "Notes"),
    ]


def test_line_numbers_count_lines_of_the_file_even_with_multiline_cells(alice_client, alice):
    content = csv_text(
        [
            ["Acme", "Driver", "", "", "", "first line\nsecond line", "", ""],
            ["", "Analyst", "", "", "", "", "", ""],
        ]
    )
    upload(alice_client, content)
    job = latest_job(alice)
    alice_client.post(reverse("import_preview", args=[job.pk]), mapping_post(job))
    job.refresh_from_db()
    assert [p["line"] for p in job.errors] == [4]


def ten_thousand_rows(bad_line=None):
    rows = []
    for n in range(10_000):
        interview = "2026-11-30" if n % 10 == 0 else ""
        rows.append(
            [f"Company {n}", "Analyst", "", "2026-11-02", f"https://jobs.example.com/{n}", "", interview, ""]
        )
    if bad_line:
        rows[bad_line - 2][3] = "the 5th of never"
    return csv_text(rows)


def test_ten_thousand_rows_are_imported_by_the_celery_task(
    alice_client, alice, eager_celery, django_capture_on_commit_callbacks
):
    content = ten_thousand_rows()
    started = time.monotonic()
    response = upload(alice_client, content)
    job = latest_job(alice)
    preview = alice_client.get(response["Location"])
    assert "The first 500 of 10000 rows look fine" in text_of(preview)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        confirmed = alice_client.post(reverse("import_preview", args=[job.pk]), mapping_post(job))
    elapsed = time.monotonic() - started

    assert len(callbacks) == 1, "a large file is handed to the task once the job is committed"
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("import_job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.total_rows, job.imported_count) == (
        JobStatus.DONE,
        10_000,
        10_000,
        10_000,
    )
    assert Application.objects.filter(owner=alice).count() == 10_000
    assert Interview.objects.filter(application__owner=alice).count() == 1_000
    assert Application.objects.filter(owner=alice, next_step=Step.FIRST).count() == 1_000
    assert elapsed < 30, f"a 10,000-row import took {elapsed:.1f} s"


def test_ten_thousand_rows_with_one_bad_row_import_nothing(
    alice_client, alice, eager_celery, django_capture_on_commit_callbacks
):
    upload(alice_client, ten_thousand_rows(bad_line=7_777))
    job = latest_job(alice)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = alice_client.post(reverse("import_preview", args=[job.pk]), mapping_post(job))
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.error_count) == (JobStatus.FAILED, 10_000, 1)
    assert job.errors[0]["line"] == 7_777 and "the 5th of never" in job.errors[0]["message"]
    assert not Application.objects.exists() and not Interview.objects.exists()
    page = alice_client.get(confirmed["Location"])
    assert '<th scope="row">7777</th>' in text_of(page)
    assert "Nothing was imported: 1 problem needs fixing." in text_of(page)


def test_a_large_import_is_queued_and_shows_its_progress(
    alice_client, alice, django_capture_on_commit_callbacks
):
    upload(
        alice_client,
        csv_text(
            [[f"Co {n}", "Analyst", "", "", "", "", "", ""] for n in range(services.ASYNC_THRESHOLD + 1)]
        ),
    )
    job = latest_job(alice)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alice_client.post(reverse("import_preview", args=[job.pk]), mapping_post(job))
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING and not Application.objects.exists()

    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.VALIDATING, processed_rows=250)
    page = alice_client.get(reverse("import_job", args=[job.pk]))
    html = text_of(page)
    assert '<progress id="import-progress"' in html and 'value="250"' in html and 'max="501"' in html
    assert '<label id="progress-label" for="import-progress"' in html
    assert "Checked 250 of 501 rows." in html
    assert "js/exports.js" in html and "<script>" not in html
    status = alice_client.get(reverse("import_status", args=[job.pk]))
    assert "no-cache" in status["Cache-Control"] or "no-store" in status["Cache-Control"]
    assert status.json() == {
        "id": job.pk,
        "status": "validating",
        "status_label": "Checking rows",
        "total_rows": 501,
        "processed_rows": 250,
        "percent": 49,
        "imported_count": 0,
        "error_count": 0,
        "finished": False,
        "message": "Checked 250 of 501 rows.",
    }


def test_when_the_queue_is_down_the_job_says_so_instead_of_waiting_forever(
    alice_client, alice, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.import_run, "delay", broker_down)
    upload(
        alice_client,
        csv_text(
            [[f"Co {n}", "Analyst", "", "", "", "", "", ""] for n in range(services.ASYNC_THRESHOLD + 1)]
        ),
    )
    job = latest_job(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("import_preview", args=[job.pk]), mapping_post(job))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "couldn&#x27;t start" in text_of(
        alice_client.get(response["Location"])
    )
    # The user can simply try again.
    assert alice_client.get(reverse("import_preview", args=[job.pk])).status_code == 200


def test_a_job_whose_file_is_gone_sends_the_user_back_to_upload(alice_client, alice):
    job = ImportJob.objects.create(owner=alice, status=JobStatus.FAILED, csv_text="", total_rows=1)
    response = alice_client.get(reverse("import_preview", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("data_import")


def test_the_task_is_idempotent_and_takes_over_a_dead_run(alice):
    text = csv_text([["Acme", "Driver", "", "", "", "", "", ""]])
    job = services.import_job_create(owner=alice, file_name="a.csv", text=text, table=read_table(text))
    services.import_job_remap(job=job, mapping=job.mapping)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.VALIDATING, updated_at=timezone.now())
    tasks.import_run(job.pk)  # another run is alive: left alone
    assert not Application.objects.exists()

    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - services.STALE_AFTER - dt.timedelta(seconds=1)
    )
    tasks.import_run(job.pk)  # that run died: taken over
    tasks.import_run(job.pk)  # and a redelivery changes nothing
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Application.objects.count() == 1


# --- Bad input never 500s -------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\n\n  \n", "The file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
        (b"Company,Role\n", "no rows below them"),
        (b"Company,Role\n,\n , \n", "no rows below them"),
        ("Company,Role\n".encode("utf-16"), "UTF-16"),
        (b"Company,Role,Notes\nAcme,Driver," + b"x" * 200_000 + b"\n", "can&#x27;t be read as CSV"),
        (b'Company,Role\nAcme,"Driver\n', "can&#x27;t be read as CSV"),
        ((",".join(f"c{n}" for n in range(150)) + "\n1\n").encode(), "columns"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "the most we take is 5.0"),
    ],
    ids=[
        "blank-lines",
        "binary",
        "header-only",
        "blank-rows",
        "utf16",
        "huge-field",
        "open-quote",
        "too-many-columns",
        "too-big",
    ],
)
def test_a_file_that_cannot_be_used_is_refused_with_a_reason(alice_client, content, message):
    response = upload(alice_client, content)
    assert response.status_code == 400
    assert message in text_of(response)
    assert not ImportJob.objects.exists() and not Application.objects.exists()


def test_posting_no_file_is_a_400(alice_client):
    response = alice_client.post(reverse("data_import"), {})
    assert response.status_code == 400
    assert "Choose the CSV file to import." in text_of(response)


def test_a_long_but_readable_cell_is_a_row_problem_not_a_crash(alice_client, alice):
    upload(alice_client, csv_text([["Acme", "Driver", "", "", "", "n" * 100_000, "", ""]]))
    job = latest_job(alice)
    response = alice_client.post(reverse("import_preview", args=[job.pk]), mapping_post(job))
    assert response.status_code == 400
    assert "Notes is too long: 100,000 characters" in text_of(response)


def test_a_tampered_column_choice_is_a_400(alice_client, alice):
    upload(alice_client, csv_text([["Acme", "Driver", "", "", "", "", "", ""]]))
    job = latest_job(alice)
    for bad in ("99", "-1", "abc"):
        response = alice_client.post(reverse("import_preview", args=[job.pk]), mapping_post(job, company=bad))
        assert response.status_code == 400
    assert not Application.objects.exists()


def test_user_input_is_escaped_on_the_preview(alice_client, alice):
    upload(
        alice_client,
        csv_text(
            [["<script>alert(1)</script>", "Driver", "<b>bold</b>", "", "", "", "", ""]],
            header=["Company<img src=x>", *HEADER[1:]],
        ),
    )
    job = latest_job(alice)
    html = text_of(alice_client.get(reverse("import_preview", args=[job.pk])))
    assert "<script>alert" not in html and "<b>bold" not in html and "<img src=x>" not in html


# --- Whose jobs (a stranger's 404, the sign-in, the owner's pages: tests/test_ownership.py) ---
def alices_job(alice):
    return ImportJob.objects.create(
        owner=alice,
        file_name="alice.csv",
        csv_text="Company,Role\nAcme,Driver\n",
        total_rows=1,
        mapping={"company": 0, "role": 1},
    )


def test_deleting_the_account_deletes_its_import_jobs(alice):
    alices_job(alice)
    user_delete(user=alice)
    assert not ImportJob.objects.exists()
