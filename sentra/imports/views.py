from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sentra.accounts.access import require_registry_user
from sentra.imports import batches
from sentra.imports.export import errors_workbook, export_registry, template_workbook
from sentra.imports.forms import CommitForm, MappingForm, UploadForm
from sentra.imports.models import ImportBatch
from sentra.imports.progress import read_progress
from sentra.imports.selectors import batches_for_user, get_batch_for_user
from sentra.imports.services import ImportFailed
from sentra.registry.forms import BusinessFilterForm
from sentra.registry.selectors import businesses_for_user, filter_businesses

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def index_view(request):
    require_registry_user(request.user)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                batch = batches.batch_upload(actor=request.user, upload=form.cleaned_data["file"])
            except ImportFailed as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("imports:mapping", pk=batch.pk)
    return render(request, "imports/index.html", {"form": form, "batches": batches_for_user(request.user)[:30]})


@login_required
def mapping_view(request, pk):
    require_registry_user(request.user)
    batch = get_batch_for_user(request.user, pk)
    if batch.status not in {ImportBatch.Status.UPLOADED, ImportBatch.Status.CHECKED}:
        return redirect("imports:batch", pk=batch.pk)
    headers = batch.report.get("headers", [])
    initial = {int(k): v for k, v in batch.mapping.items()}
    form = MappingForm(request.POST or None, headers=headers, initial_mapping=initial)
    if request.method == "POST" and form.is_valid():
        batch.mapping = form.mapping()
        if form.cleaned_data["save_as"]:
            batches.mapping_save(
                actor=request.user, name=form.cleaned_data["save_as"].strip(), headers=headers, mapping=batch.mapping
            )
        batches.batch_queue(batch=batch, commit=False)
        return redirect("imports:batch", pk=batch.pk)
    return render(request, "imports/mapping.html", {"batch": batch, "form": form})


def _progress_context(batch):
    info = read_progress(batch.pk)
    total = info.get("total") or 0
    percent = int(100 * info.get("done", 0) / total) if total else 0
    return {"batch": batch, "progress": info, "percent": percent}


@login_required
def batch_view(request, pk):
    require_registry_user(request.user)
    batch = get_batch_for_user(request.user, pk)
    report = batch.report or {}
    context = {
        **_progress_context(batch),
        "commit_form": CommitForm(initial={"on_match": batch.on_match}),
        "errors": report.get("errors", [])[:500],
        "actions": report.get("actions", [])[:1000],
    }
    return render(request, "imports/batch.html", context)


@login_required
@require_GET
def progress_view(request, pk):
    require_registry_user(request.user)
    batch = get_batch_for_user(request.user, pk)
    response = render(request, "imports/_progress.html", _progress_context(batch))
    if not batch.is_busy:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def commit_view(request, pk):
    require_registry_user(request.user)
    batch = get_batch_for_user(request.user, pk)
    form = CommitForm(request.POST)
    if batch.status != ImportBatch.Status.CHECKED or not form.is_valid():
        messages.error(request, _("Impor ini belum siap disimpan; periksa dulu hasil pemeriksaan."))
        return redirect("imports:batch", pk=batch.pk)
    batch.on_match = form.cleaned_data["on_match"]
    batches.batch_queue(batch=batch, commit=True)
    return redirect("imports:batch", pk=batch.pk)


@login_required
@require_POST
def undo_view(request, pk):
    require_registry_user(request.user)
    batch = get_batch_for_user(request.user, pk)
    try:
        batches.batch_undo(batch=batch, actor=request.user)
    except batches.UndoRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Impor #%(id)s dibatalkan; registri kembali seperti sebelumnya.") % {"id": batch.pk}
        )
    return redirect("imports:batch", pk=batch.pk)


@login_required
@require_GET
def errors_view(request, pk):
    require_registry_user(request.user)
    batch = get_batch_for_user(request.user, pk)
    data = errors_workbook(batch.stored_file, batch.file_name, batch.report or {})
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kesalahan-impor-{batch.pk}.xlsx"'
    return response


@login_required
@require_GET
def template_view(request):
    require_registry_user(request.user)
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-ikm.xlsx"'
    return response


@login_required
@require_GET
def export_view(request):
    """The registry list as the user may see it, with the registry's own filters (?kecamatan=…&format=csv)."""
    require_registry_user(request.user)
    form = BusinessFilterForm(request.GET or None)
    qs = filter_businesses(businesses_for_user(request.user), **form.filters())
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    import tempfile

    tmp = tempfile.TemporaryFile()
    if fmt == "csv":
        import io

        text = io.TextIOWrapper(tmp, encoding="utf-8-sig", newline="", write_through=True)
        export_registry(qs, text, "csv", personal=request.user.sees_personal_data)
        text.flush()
        text.detach()
    else:
        export_registry(qs, tmp, "xlsx", personal=request.user.sees_personal_data)
    tmp.seek(0)
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=f"ikm-{stamp}.{fmt}",
        content_type="text/csv; charset=utf-8" if fmt == "csv" else XLSX,
    )
