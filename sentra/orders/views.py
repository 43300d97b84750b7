"""Pages of uniform orders: staff (rounds, producers, allocation), offices (needs), producers (allocation,
answer, progress) and the public round page. Views stay thin: POST → service → redirect."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentra.accounts.access import require_office
from sentra.orders import documents, selectors, services
from sentra.orders.forms import OfficeForm, RoundForm, StaffListForm
from sentra.orders.models import Assignment, Delivery, NeedLine, Office, Round, RoundProducer, Technique
from sentra.orders.services import Line, OrderError
from sentra.registry.models import Business
from sentra.registry.validators import normalize_phone, whatsapp_link


def office_view(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        require_office(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _int(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


# --- entry ----------------------------------------------------------------------------------------------


@login_required
def home_view(request):
    user = request.user
    if user.is_office:
        return redirect("orders:round_list")
    if user.role == user.Role.BUYER:
        offices = list(Office.objects.filter(users=user))
        rounds = Round.objects.exclude(status=Round.Status.DRAFT)
        return render(request, "orders/buyer_home.html", {"offices": offices, "rounds": rounds})
    if user.role == user.Role.OWNER:
        return render(request, "orders/producer_home.html", {"producers": selectors.rounds_for_owner(user)})
    raise PermissionDenied(_("Halaman ini untuk staf, instansi pemesan dan produsen."))


# --- staff: rounds --------------------------------------------------------------------------------------


@office_view
def round_list_view(request):
    rounds = Round.objects.all()
    return render(request, "orders/round_list.html", {"rounds": rounds, "offices": Office.objects.all()[:200]})


@office_view
@require_http_methods(["GET", "POST"])
def round_edit_view(request, pk=None):
    rnd = get_object_or_404(Round, pk=pk) if pk else None
    form = RoundForm(request.POST or None, instance=rnd)
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.round_save(actor=request.user, form=form, prices_text=form.cleaned_data["prices_text"])
            except OrderError as exc:
                form.add_error("prices_text", str(exc))
            else:
                messages.success(request, _("Putaran tersimpan."))
                return redirect("orders:round_detail", pk=saved.pk)
        messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    cancel = reverse("orders:round_detail", args=[pk]) if pk else reverse("orders:round_list")
    return render(
        request,
        "orders/form.html",
        {"form": form, "title": _("Ubah putaran") if pk else _("Putaran pesanan baru"), "cancel_url": cancel},
    )


@office_view
def round_detail_view(request, pk):
    rnd = get_object_or_404(Round, pk=pk)
    garments, table = selectors.allocation_table_cached(rnd)
    return render(
        request,
        "orders/round_detail.html",
        {
            "round": rnd,
            "s": selectors.round_summary_cached(rnd),
            "table_garments": garments,
            "table": table,
            "statuses": Round.Status,
            # the work-plan activities this round realises (planning links to rounds; read here by relation)
            "plan_activities": rnd.plan_activities.select_related("programme__plan").order_by("programme__plan__year"),
        },
    )


@office_view
@require_POST
def round_status_view(request, pk):
    rnd = get_object_or_404(Round, pk=pk)
    status = request.POST.get("status")
    if status not in (Round.Status.OPEN, Round.Status.CLOSED, Round.Status.DRAFT):
        messages.error(request, _("Status tidak dikenal."))
    else:
        services.round_set_status(actor=request.user, round=rnd, status=status)
        messages.success(request, _("Status putaran diubah."))
    return redirect("orders:round_detail", pk=pk)


@office_view
@require_POST
def round_allocate_view(request, pk):
    rnd = get_object_or_404(Round, pk=pk)
    try:
        services.round_allocate(actor=request.user, round=rnd, expected_version=_int(request.POST.get("version")))
    except OrderError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pesanan dibagi ke produsen."))
    return redirect("orders:round_detail", pk=pk)


@office_view
def round_export_view(request, pk):
    rnd = get_object_or_404(Round, pk=pk)
    return _xlsx(documents.allocation_xlsx(rnd), f"pembagian-{rnd.pk}.xlsx")


@office_view
@require_http_methods(["GET", "POST"])
def round_producers_view(request, pk):
    rnd = get_object_or_404(Round, pk=pk)
    if request.method == "POST":
        ids = [i for i in (_int(x) for x in request.POST.getlist("business")) if i]
        added, errors = 0, []
        for business in Business.objects.filter(pk__in=ids).select_related("owner"):
            try:
                services.producer_add(
                    actor=request.user, round=rnd, business=business, curated=bool(request.POST.get("curated"))
                )
                added += 1
            except OrderError as exc:
                errors.append(str(exc))
        if added:
            messages.success(request, _("%(n)d produsen ditambahkan.") % {"n": added})
        for e in errors[:10]:
            messages.error(request, e)
        return redirect("orders:round_producers", pk=pk)
    q = request.GET.get("q", "").strip()
    taken = rnd.producers.values("business_id")
    candidates = (
        Business.objects.active()
        .filter(sector_id="craft")
        .with_nib()
        .exclude(pk__in=taken)
        .select_related("district")
        .order_by("name")
    )
    if q:
        candidates = candidates.filter(name__icontains=q) | candidates.filter(products__icontains=q)
    producers = rnd.producers.select_related("business", "business__district").prefetch_related("capacities")
    garments = list(rnd.garments.all())
    rows = []
    for p in producers:
        caps = {c.garment_id: c.pieces for c in p.capacities.all()}
        rows.append({"p": p, "caps": [caps.get(g.pk) for g in garments]})
    return render(
        request,
        "orders/round_producers.html",
        {"round": rnd, "candidates": candidates[:100], "rows": rows, "garments": garments, "q": q},
    )


# --- producer (owner self-service; staff see the same page) ---------------------------------------------


def _capacity_from_post(request, garments):
    values, bad = {}, []
    for g in garments:
        raw = request.POST.get(f"cap_{g.pk}", "").strip()
        v = _int(raw) if raw else 0
        if v is None or v < 0 or v > 100000:
            bad.append(g.name)
        values[g.pk] = v
    return values, bad


@login_required
@require_http_methods(["GET", "POST"])
def producer_view(request, pk):
    producer = selectors.producer_for_user(request.user, pk)
    rnd = producer.round
    garments = list(rnd.garments.all())
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "capacity":
                values, bad = _capacity_from_post(request, garments)
                if bad:
                    raise OrderError(_("Kapasitas %(g)s: isi bilangan bulat 0–100.000.") % {"g": ", ".join(bad)})
                services.capacity_set(
                    actor=request.user,
                    producer=producer,
                    pieces=values,
                    name_public=bool(request.POST.get("name_public")),
                )
                messages.success(request, _("Kapasitas tersimpan."))
            elif action in ("accept", "decline"):
                services.producer_respond(
                    actor=request.user,
                    producer=producer,
                    accept=action == "accept",
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("Jawaban tersimpan."))
            elif action == "progress":
                started = parse_date(request.POST.get("started_on") or "") or timezone.localdate()
                services.progress_update(
                    actor=request.user,
                    producer=producer,
                    started_on=started,
                    percent_done=_int(request.POST.get("percent_done")),
                )
                messages.success(request, _("Kemajuan tersimpan."))
            elif action == "deadline" and request.user.is_office:
                services.producer_extend_deadline(
                    actor=request.user, producer=producer, deadline=parse_date(request.POST.get("deadline") or "")
                )
                messages.success(request, _("Batas jawaban produsen ini diubah."))
            elif action == "reallocate_rejected" and request.user.is_office:
                delivery = get_object_or_404(Delivery, pk=_int(request.POST.get("delivery")), producer=producer)
                row = get_object_or_404(Assignment, pk=_int(request.POST.get("line")), producer=producer)
                wanted = _int(request.POST.get("pieces"))
                moved = services.rejected_reallocate(
                    actor=request.user, delivery=delivery, assignment=row, pieces=wanted
                )
                if moved < wanted:
                    messages.warning(
                        request,
                        _(
                            "%(moved)d dari %(wanted)d potong dialihkan; produsen lain tidak punya kapasitas untuk "
                            "sisanya, yang dibuat ulang oleh produsen ini."
                        )
                        % {"moved": moved, "wanted": wanted},
                    )
                else:
                    messages.success(request, _("%(n)d potong yang ditolak dialihkan ke produsen lain.") % {"n": moved})
            elif action in ("delivery", "payment") and request.user.is_office:
                office = get_object_or_404(Office, pk=_int(request.POST.get("office")))
                day = parse_date(request.POST.get("date") or "") or timezone.localdate()
                if action == "delivery":
                    services.delivery_record(
                        actor=request.user,
                        producer=producer,
                        office=office,
                        delivered_on=day,
                        pieces=_int(request.POST.get("pieces")),
                        rejected=_int(request.POST.get("rejected") or "0"),
                        reason=request.POST.get("reason", ""),
                    )
                    messages.success(request, _("Pengiriman tercatat."))
                else:
                    services.payment_record(
                        actor=request.user,
                        producer=producer,
                        office=office,
                        invoice_number=request.POST.get("invoice_number", ""),
                        amount=_int(request.POST.get("amount")),
                        paid_on=day,
                    )
                    messages.success(request, _("Pembayaran tercatat."))
            else:
                raise PermissionDenied
        except OrderError as exc:
            messages.error(request, str(exc))
        return redirect("orders:producer", pk=pk)
    caps = {c.garment_id: c.pieces for c in producer.capacities.all()}
    assignments = list(selectors.producer_assignments(producer))
    offices = {}
    for a in assignments:
        offices.setdefault(a.office, 0)
        offices[a.office] += a.pieces
    return render(
        request,
        "orders/producer.html",
        {
            "producer": producer,
            "round": rnd,
            "garments": [(g, caps.get(g.pk, 0)) for g in garments],
            "explanation": selectors.producer_explanation(producer),
            "assignments": assignments,
            "offices": sorted(offices.items(), key=lambda x: x[0].name),
            "can_edit_capacity": rnd.status in (Round.Status.DRAFT, Round.Status.OPEN),
            "can_answer": rnd.status == Round.Status.ALLOCATED
            and producer.response != RoundProducer.Response.DECLINED
            and timezone.localdate() <= producer.answer_deadline,
            "producing": services.producing(producer),
            "whatsapp": _whatsapp(request, producer) if request.user.is_office else "",
            "deliveries": _deliveries(producer, assignments),
            "payments": producer.payments.select_related("office"),
        },
    )


def _deliveries(producer, assignments):
    """Deliveries with, where pieces were rejected and not moved yet, the producer's lines for that office
    (what staff may move to other producers)."""
    out = []
    for d in producer.deliveries.select_related("office"):
        d.open_rejected = d.rejected - d.reallocated
        d.lines = [a for a in assignments if a.office_id == d.office_id] if d.open_rejected else []
        out.append(d)
    return out


def _whatsapp(request, producer):
    phone = producer.business.phone or producer.business.owner.phone
    if not phone:
        return ""
    total = sum(a.pieces for a in producer.allocations.all())
    text = (
        f"Yth. {producer.business.name}, Dekranasda: pada putaran “{producer.round.title}” usaha Anda mendapat "
        f"{total} potong. Mohon jawab (terima/tolak) paling lambat {producer.answer_deadline:%d-%m-%Y} di "
        + request.build_absolute_uri(reverse("orders:producer", args=[producer.pk]))
    )
    try:
        phone = normalize_phone(phone)
    except ValidationError:
        return ""
    return whatsapp_link(phone, text)


@login_required
def work_order_view(request, pk):
    producer = selectors.producer_for_user(request.user, pk)
    data = documents.work_order_pdf(producer)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="spk-{producer.round_id}-{producer.pk}.pdf"'
    return response


# --- offices --------------------------------------------------------------------------------------------


@office_view
@require_http_methods(["GET", "POST"])
def office_list_view(request):
    if request.method == "POST" and request.FILES.get("file"):
        upload = request.FILES["file"]
        try:
            if upload.size > 5 * 1024 * 1024:
                raise OrderError(_("Berkas terlalu besar (paling besar 5 MB)."))
            n = services.offices_import(actor=request.user, data=upload.read(), filename=upload.name)
        except OrderError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(n)d instansi dari berkas tersimpan.") % {"n": n})
        return redirect("orders:office_list")
    form = OfficeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    office = form.save()
                    username = form.cleaned_data.get("username")
                    if username:
                        User = get_user_model()  # noqa: N806
                        if User.objects.filter(username=username).exists():
                            raise OrderError(_("Nama pengguna “%(u)s” sudah dipakai.") % {"u": username})
                        if not form.cleaned_data.get("password"):
                            raise OrderError(_("Isi kata sandi awal untuk pengguna baru."))
                        user = User.objects.create_user(
                            username=username, password=form.cleaned_data["password"], role=User.Role.BUYER
                        )
                        office.users.add(user)
                    services._log(office, request.user, {"name": [None, office.name]}, action="create")
            except OrderError as exc:
                form.add_error("username", str(exc))
            else:
                messages.success(request, _("Instansi tersimpan."))
                return redirect("orders:office_list")
        messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    offices = Office.objects.select_related("district").prefetch_related("users")
    return render(request, "orders/office_list.html", {"form": form, "offices": offices})


def _lines_from_post(request, rnd):
    """Rows item_N (garment_id:technique), size_N, qty_N. Returns (lines, rows-as-typed, errors)."""
    lines, rows, errors = [], [], []
    count = min(_int(request.POST.get("rows")) or 0, 300)
    for i in range(count):
        item = request.POST.get(f"item_{i}", "")
        size = request.POST.get(f"size_{i}", "")
        qty_raw = request.POST.get(f"qty_{i}", "").strip()
        rows.append({"item": item, "size": size, "qty": qty_raw})
        if not item and not qty_raw:
            continue
        gid, _sep, tech = item.partition(":")
        qty = _int(qty_raw)
        if qty is None:
            errors.append(_("Baris %(n)d: jumlah “%(q)s” bukan bilangan bulat.") % {"n": i + 1, "q": qty_raw})
            continue
        lines.append(Line(_int(gid) or 0, tech, size, qty))
    return lines, rows, errors


def _items(rnd):
    prices = services.price_table(rnd)
    return [
        {"value": f"{g.pk}:{t}", "label": f"{g.name} – {Technique(t).label}", "price": prices[(g.pk, t)]}
        for g in rnd.garments.all()
        for t in [t.value for t in Technique]
        if (g.pk, t) in prices
    ]


@login_required
@require_http_methods(["GET", "POST"])
def office_round_view(request, office_pk, round_pk):
    office = selectors.office_for_user(request.user, office_pk)
    rnd = get_object_or_404(
        Round.objects.exclude(status=Round.Status.DRAFT) if not request.user.is_office else Round, pk=round_pk
    )
    items = _items(rnd)
    rows = None
    if request.method == "POST":
        lines, rows, errors = _lines_from_post(request, rnd)
        if not errors:
            try:
                services.needs_replace(
                    actor=request.user,
                    round=rnd,
                    office=office,
                    lines=lines,
                    approved=bool(request.POST.get("approved")) and request.user.is_office,
                )
            except OrderError as exc:
                errors.append(str(exc))
        if not errors:
            messages.success(request, _("Kebutuhan tersimpan."))
            return redirect("orders:office_round", office_pk=office.pk, round_pk=rnd.pk)
        for e in errors:
            messages.error(request, e)
    lines, total, money = selectors.office_needs(rnd, office)
    grouped = [ln for ln in lines if not ln.person_name]
    persons = [ln for ln in lines if ln.person_name]
    if rows is None:
        rows = [{"item": f"{ln.garment_id}:{ln.technique}", "size": ln.size, "qty": ln.quantity} for ln in grouped]
        rows += [{"item": "", "size": "", "qty": ""} for _ in range(max(3, 6 - len(rows)))]
    window_open = rnd.status == Round.Status.OPEN and rnd.declare_opens <= timezone.localdate() <= rnd.declare_closes
    assignments = selectors.office_assignments(rnd, office)
    return render(
        request,
        "orders/office_round.html",
        {
            "office": office,
            "round": rnd,
            "items": items,
            "rows": rows,
            "persons": persons,
            "owed_total": sum(ln.owed for ln in persons),
            "total": total,
            "money": money,
            "window_open": window_open,
            "upload_form": _upload_form(rnd),
            "assignments": assignments,
            "producers": sorted({a.producer.business.name for a in assignments}),
        },
    )


def _upload_form(rnd, data=None, files=None):
    form = StaffListForm(data, files)
    form.fields["garment"].choices = [("", "–")] + [(g.pk, g.name) for g in rnd.garments.all()]
    form.fields["technique"].choices = [("", "–")] + list(Technique.choices)
    return form


@login_required
@require_POST
def office_total_view(request, office_pk, round_pk):
    """htmx: totals of the rows as typed (nothing saved)."""
    selectors.office_for_user(request.user, office_pk)
    rnd = get_object_or_404(Round, pk=round_pk)
    prices = {i["value"]: i["price"] for i in _items(rnd)}
    lines, _rows, errors = _lines_from_post(request, rnd)
    total = sum(ln.quantity for ln in lines if ln.quantity and ln.quantity > 0)
    money = sum(
        ln.quantity * prices.get(f"{ln.garment_id}:{ln.technique}", 0)
        for ln in lines
        if ln.quantity and ln.quantity > 0
    )
    errors += services.validate_lines(rnd, [ln for ln in lines if ln.size or ln.quantity])
    return render(request, "orders/_totals.html", {"total": total, "money": money, "errors": errors[:5]})


@login_required
@require_POST
def office_upload_view(request, office_pk, round_pk):
    office = selectors.office_for_user(request.user, office_pk)
    rnd = get_object_or_404(Round, pk=round_pk)
    form = _upload_form(rnd, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas daftar pegawai."))
        return redirect("orders:office_round", office_pk=office.pk, round_pk=rnd.pk)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > 5 * 1024 * 1024:
            raise OrderError(_("Berkas terlalu besar (paling besar 5 MB)."))
        lines = services.parse_staff_list(
            rnd,
            upload.read(),
            upload.name,
            _int(form.cleaned_data.get("garment")),
            form.cleaned_data.get("technique") or "",
        )
        # The staff list replaces the office's named lines; lines typed without names stay.
        keep = [
            Line(ln.garment_id, ln.technique, ln.size, ln.quantity)
            for ln in NeedLine.objects.filter(round=rnd, office=office, person_name="")
        ]
        services.needs_replace(
            actor=request.user,
            round=rnd,
            office=office,
            lines=keep + lines,
            approved=bool(request.POST.get("approved")) and request.user.is_office,
        )
    except OrderError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)d pegawai dari daftar tersimpan.") % {"n": len(lines)})
    return redirect("orders:office_round", office_pk=office.pk, round_pk=rnd.pk)


@login_required
def office_template_view(request, office_pk, round_pk):
    selectors.office_for_user(request.user, office_pk)
    rnd = get_object_or_404(Round, pk=round_pk)
    return _xlsx(services.staff_list_template(rnd), f"templat-daftar-pegawai-{rnd.pk}.xlsx")


@login_required
def office_sizes_view(request, office_pk, round_pk):
    office = selectors.office_for_user(request.user, office_pk)
    rnd = get_object_or_404(Round, pk=round_pk)
    return _xlsx(documents.size_list_xlsx(rnd, office), f"ukuran-{office.pk}-{rnd.pk}.xlsx")


@login_required
@require_POST
def person_payment_view(request, office_pk, line_pk):
    office = selectors.office_for_user(request.user, office_pk)
    if not request.user.is_office:
        raise PermissionDenied
    line = get_object_or_404(NeedLine, pk=line_pk, office=office)
    try:
        services.person_payment_record(
            actor=request.user,
            line=line,
            amount=_int(request.POST.get("amount")),
            paid_on=parse_date(request.POST.get("date") or "") or timezone.localdate(),
        )
        messages.success(request, _("Pembayaran pegawai tercatat."))
    except OrderError as exc:
        messages.error(request, str(exc))
    return redirect("orders:office_round", office_pk=office.pk, round_pk=line.round_id)


# --- public ---------------------------------------------------------------------------------------------


def public_round_view(request, pk):
    rnd = get_object_or_404(selectors.public_rounds(), pk=pk)
    return render(request, "orders/public_round.html", {"round": rnd, **selectors.public_round(rnd)})


def public_list_view(request):
    return render(request, "orders/public_list.html", {"rounds": selectors.public_rounds()})


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
