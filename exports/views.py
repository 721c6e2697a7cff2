from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .archive import UserExport, export_file_name
from .forms import ColumnMappingForm, UploadForm
from .importing import MAX_UPLOAD_BYTES, TARGETS, ImportFileError, missing_required, read_table
from .models import ImportJob, JobStatus

RECENT_JOBS = 5


# --- One access helper: strangers get 404 ---------------------------------------------
def _job(request, job_id, *, with_text=False):
    jobs = ImportJob.objects.all() if with_text else ImportJob.objects.defer("csv_text")
    return get_object_or_404(jobs, pk=job_id, owner=request.user)


# --- Export -----------------------------------------------------------------------------
@login_required
@require_GET
def data_export(request):
    return render(request, "exports/export.html")


@login_required
@require_GET
@never_cache
def data_export_download(request):
    export = UserExport(request.user)
    response = StreamingHttpResponse(export.stream(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export_file_name(request.user, export.now)}"'
    return response


# --- Import -----------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def data_import(request):
    bound = request.method == "POST"
    form = UploadForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = services.import_job_create(
            owner=request.user, file_name=upload.name, text=form.text, table=form.table
        )
        return redirect("import_preview", job_id=job.pk)
    ctx = {
        "form": form,
        "targets": TARGETS,
        "max_upload_bytes": MAX_UPLOAD_BYTES,
        "jobs": ImportJob.objects.filter(owner=request.user)
        .exclude(status=JobStatus.DRAFT)
        .defer("csv_text")[:RECENT_JOBS],
    }
    return render(request, "exports/import_upload.html", ctx, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, job_id):
    """Choose the columns, see every bad row of a small file, then confirm."""
    job = _job(request, job_id, with_text=True)
    if job.status not in JobStatus.editable():
        return redirect(job)
    try:
        table = read_table(job.csv_text)
    except ImportFileError:
        messages.error(request, "That file is no longer here. Please upload it again.")
        return redirect("data_import")
    form = ColumnMappingForm(
        request.POST if request.method == "POST" else None, headers=table.headers, initial=job.mapping
    )
    mapping, problems, status = job.mapping, None, 200
    if request.method == "GET" and job.status == JobStatus.FAILED and job.errors:
        problems = job.errors  # what the last try found, in the whole file
    if request.method == "POST":
        if not form.is_valid():
            return _preview_page(request, job, table, form, mapping=None, status=400)
        mapping = form.mapping()
        if request.POST.get("action") == "confirm":
            job = services.import_job_start(job=job, mapping=mapping)
            if job.status != JobStatus.FAILED:
                return redirect(job)
            # A small file with bad rows: nothing was imported; show why, on this page.
            problems = job.errors
            status = 400
        else:
            services.import_job_remap(job=job, mapping=mapping)
    return _preview_page(request, job, table, form, mapping=mapping, problems=problems, status=status)


def _preview_page(request, job, table, form, *, mapping, problems=None, status=200):
    ctx = {"job": job, "form": form, "headers": table.headers, "total_rows": len(table.rows)}
    if mapping is not None and not missing_required(mapping):
        checked, sample, found = services.import_preview(job=job, table=table, mapping=mapping)
        if problems is None:
            problems = [problem.as_dict() for problem in found[: services.MAX_ERRORS_KEPT]]
            error_count = len(found)
        else:
            error_count = job.error_count
        ctx.update(
            checked_rows=checked,
            checked_all=checked == len(table.rows),
            sample=sample,
            problems=problems,
            error_count=error_count,
            errors_cut=error_count > len(problems),
        )
        if request.method == "POST" and problems:
            status = 400
    elif mapping is not None:
        ctx["missing"] = missing_required(mapping)
    return render(request, "exports/import_preview.html", ctx, status=status)


@login_required
def import_job(request, job_id):
    """Progress while the import runs, then its result. Only shows: a POST changes nothing."""
    job = _job(request, job_id)
    if job.status == JobStatus.DRAFT:
        return redirect("import_preview", job_id=job.pk)
    ctx = {
        "job": job,
        "problems": job.errors,
        "error_count": job.error_count,
        "errors_cut": job.error_count > len(job.errors),
    }
    return render(request, "exports/import_job.html", ctx)


@login_required
@never_cache
def import_status(request, job_id):
    """What the progress bar polls (static/js/exports.js)."""
    return JsonResponse(_job(request, job_id).as_status())
