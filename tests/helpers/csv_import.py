"""The CSV import as a user drives it: upload a file, check the column choices, confirm."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exports.models import ImportJob


def upload(client, content, name="applications.csv"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(
        reverse("data_import"), {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    )


def latest_job(user):
    return ImportJob.objects.filter(owner=user).latest("created_at")


def mapping_post(job, action="confirm", **overrides):
    data = {key: "" if index is None else str(index) for key, index in job.mapping.items()}
    data.update(overrides)
    data["action"] = action
    return data


def upload_and_confirm(client, user, content):
    response = upload(client, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = latest_job(user)
    assert response["Location"] == reverse("import_preview", args=[job.pk])
    return client.post(reverse("import_preview", args=[job.pk]), mapping_post(job)), job
