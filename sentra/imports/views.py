from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sentra.accounts.access import require_registry_user
from sentra.core.confirm import confirmation
from sentra.imports import batches
from sentra.imports.export import (
    errors_workbook,
    export_logged,
    export_rows,
    stream_csv,
    stream_xlsx,
    template_workbook,
)
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
    form = MappingForm(request.POST or None, headers=headers, initial_mapping=initial, user=request.user)
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
    page = confirmation(
        request,
        title=_("Batalkan impor #%(id)s?") % {"id": batch.pk},
        consequences=[
            _("%(n)s IKM yang dibuat impor ini akan dihapus dari registri.") % {"n": batch.created},
            _("%(n)s IKM yang diubah impor ini akan dikembalikan ke data sebelum impor.") % {"n": batch.updated},
            _("Pembatalan ditolak bila ada data impor ini yang sudah diubah sesudahnya."),
        ],
        confirm_label=_("Ya, batalkan impor"),
        cancel_url=reverse("imports:batch", args=[batch.pk]),
    )
    if page:
        return page
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
    if not batch.stored_file or not Path(batch.stored_file).exists():
        messages.error(request, _("Berkas asli impor ini sudah dihapus (masa simpan berkas unggahan sudah lewat)."))
        return redirect("imports:batch", pk=batch.pk)
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
    personal = request.user.sees_personal_data
    # full NIKs only on purpose: a role that may reveal them, and a stated reason; masked otherwise
    full_nik = request.GET.get("nik") == "lengkap"
    purpose = " ".join(request.GET.get("tujuan", "").split())[:120]
    if full_nik and not personal:
        raise PermissionDenied(_("Peran Anda tidak dapat melihat NIK."))
    if full_nik and len(purpose) < 10:
        messages.error(request, _("Ekspor dengan NIK lengkap perlu tujuan yang jelas (minimal 10 karakter)."))
        return redirect("imports:index")
    filters = "&".join(f"{k}={v}" for k, v in request.GET.items() if k not in {"format", "nik", "tujuan"} and v)
    export_logged(
        user=request.user,
        queryset=qs,
        personal=personal,
        full_nik=full_nik,
        purpose=purpose,
        filters=filters[:100],
        via="web",
    )
    # Streamed: the first bytes leave at once and memory stays flat, whatever the registry's size.
    rows = export_rows(qs, personal=personal, full_nik=full_nik)
    response = StreamingHttpResponse(
        stream_csv(rows) if fmt == "csv" else stream_xlsx(rows),
        content_type="text/csv; charset=utf-8" if fmt == "csv" else XLSX,
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ikm-{stamp}.{fmt}"'
    response["X-Accel-Buffering"] = "no"  # nginx: pass the stream on as it comes
    return response
