"""Staff pages of programs. Every view needs an office user (admin/staff); POST → service → redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentra.accounts.access import require_office
from sentra.core.confirm import confirmation
from sentra.programs import metrics
from sentra.programs.certificates import certificates_zip
from sentra.programs.export import outcome_report_xlsx
from sentra.programs.forms import (
    AttendanceUploadForm,
    FollowUpForm,
    ProgramForm,
    ProspectBusinessForm,
    ProspectForm,
    SessionForm,
)
from sentra.programs.models import Certificate, Enrollment, FollowUp, Program, Prospect, Session
from sentra.programs.partners import session_partner_joins
from sentra.programs.selectors import get_session, program_outcome_report, session_participants, upcoming_sessions
from sentra.programs.services import (
    ProgramError,
    attendance_import,
    attendance_mark,
    certificates_issue_for_session,
    enrollment_cancel,
    enrollment_create,
    enrollments_bulk_create,
    followup_record,
    program_save,
    prospect_convert,
    prospect_save,
    session_complete,
    session_complete_check,
    session_save,
    session_send_reminders,
    whatsapp_reminder_link,
)
from sentra.registry.forms import BusinessFilterForm
from sentra.registry.selectors import businesses_for_user, filter_businesses
from sentra.registry.services import RegistryError

BULK_LIMIT = 500


def office_view(view):
    """login_required + office role, one place."""

    @login_required
    def wrapped(request, *args, **kwargs):
        require_office(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@office_view
def program_list_view(request):
    year = request.GET.get("tahun")
    year = int(year) if year and year.isdigit() else None
    programs = Program.objects.select_related("program_type").order_by("-year", "title")
    if year:
        programs = programs.filter(year=year)
    return render(
        request,
        "programs/program_list.html",
        {
            "programs": programs,
            "year": year,
            "figures": metrics.program_figures(year),
            "labels": metrics.FIGURES,
            "upcoming": upcoming_sessions(public=False)[:10],
            "cohorts": metrics.new_entrepreneurs_by_cohort(),
        },
    )


def _form_page(request, form, title, cancel_url):
    return render(request, "programs/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


@office_view
@require_http_methods(["GET", "POST"])
def program_edit_view(request, pk=None):
    program = get_object_or_404(Program, pk=pk) if pk else Program(year=timezone.localdate().year)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST":
        if form.is_valid():
            saved = program_save(actor=request.user, form=form)
            messages.success(request, _("Program “%(t)s” tersimpan.") % {"t": saved.title})
            return redirect("programs:program_detail", pk=saved.pk)
        messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    cancel = reverse("programs:program_detail", args=[pk]) if pk else reverse("programs:program_list")
    return _form_page(request, form, _("Ubah program") if pk else _("Program baru"), cancel)


@office_view
def program_detail_view(request, pk):
    program = get_object_or_404(Program.objects.select_related("program_type").prefetch_related("partners"), pk=pk)
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "sessions": program.sessions.select_related("district"),
            "prospects": program.prospects.select_related("district", "business") if program.is_pkw else [],
            "new_entrepreneurs": metrics.new_entrepreneurs(program),
        },
    )


@office_view
@require_http_methods(["GET", "POST"])
def session_edit_view(request, pk=None, program_pk=None):
    session = get_session(pk) if pk else Session(program=get_object_or_404(Program, pk=program_pk))
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST":
        if form.is_valid():
            saved = session_save(actor=request.user, session=session, form=form)
            messages.success(request, _("Kegiatan “%(t)s” tersimpan.") % {"t": saved.title})
            return redirect("programs:session_detail", pk=saved.pk)
        messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    cancel = (
        reverse("programs:session_detail", args=[pk]) if pk else reverse("programs:program_detail", args=[program_pk])
    )
    return _form_page(request, form, _("Ubah kegiatan") if pk else _("Kegiatan baru"), cancel)


@office_view
def session_detail_view(request, pk):
    session = get_session(pk)
    participants = list(session_participants(session))
    for e in participants:
        e.wa_link = whatsapp_reminder_link(e)
    filter_form = BusinessFilterForm(request.GET or None)
    matches = None
    if request.GET:
        matches = filter_businesses(businesses_for_user(request.user), **filter_form.filters()).count()
    free_prospects = []
    if session.program.is_pkw:
        taken = {e.prospect_id for e in participants if e.prospect_id}
        free_prospects = [p for p in session.program.prospects.all() if p.pk not in taken]
    return render(
        request,
        "programs/session_detail.html",
        {
            "session": session,
            "seated": [e for e in participants if e.status == Enrollment.Status.ENROLLED],
            "waitlist": [e for e in participants if e.status == Enrollment.Status.WAITLISTED],
            "filter_form": filter_form,
            "matches": matches,
            "query": request.GET.urlencode(),
            "bulk_limit": BULK_LIMIT,
            "free_prospects": free_prospects,
            "partner_joins": session_partner_joins(session),
            "today": timezone.localdate(),
        },
    )


@office_view
@require_POST
def session_enroll_bulk_view(request, pk):
    session = get_session(pk)
    filter_form = BusinessFilterForm(request.POST)
    qs = filter_businesses(businesses_for_user(request.user), **filter_form.filters()).select_related(
        "sector", "district", "owner"
    )
    if qs.count() > BULK_LIMIT:
        messages.error(
            request,
            _("Terlalu banyak IKM (%(n)s); persempit saringan sampai paling banyak %(max)s.")
            % {"n": qs.count(), "max": BULK_LIMIT},
        )
        return redirect("programs:session_detail", pk=pk)
    try:
        result = enrollments_bulk_create(actor=request.user, session=session, businesses=qs.order_by("name", "id"))
    except ProgramError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(e)s IKM mendapat kursi, %(w)s masuk daftar tunggu.") % {"e": result.enrolled, "w": result.waitlisted},
        )
        for reason in result.skipped[:20]:
            messages.warning(request, reason)
        if len(result.skipped) > 20:
            messages.warning(request, _("… dan %(n)s IKM lain dilewati.") % {"n": len(result.skipped) - 20})
    return redirect("programs:session_detail", pk=pk)


@office_view
@require_POST
def session_enroll_prospect_view(request, pk):
    session = get_session(pk)
    prospect = get_object_or_404(Prospect, pk=request.POST.get("prospect"), cohort=session.program)
    try:
        enrollment = enrollment_create(actor=request.user, session=session, prospect=prospect)
    except ProgramError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s: %(s)s.") % {"n": prospect.name, "s": enrollment.get_status_display()})
    return redirect("programs:session_detail", pk=pk)


@office_view
@require_POST
def enrollment_cancel_view(request, pk):
    enrollment = get_object_or_404(Enrollment, pk=pk)
    waiting = (
        enrollment.status == Enrollment.Status.ENROLLED
        and enrollment.session.enrollments.filter(status=Enrollment.Status.WAITLISTED).exists()
    )
    page = confirmation(
        request,
        title=_("Batalkan pendaftaran %(n)s?") % {"n": enrollment.participant_name},
        consequences=[
            _("%(n)s tidak lagi terdaftar pada “%(t)s”.")
            % {"n": enrollment.participant_name, "t": enrollment.session.title},
            _("Kursinya diberikan kepada urutan pertama daftar tunggu, yang diberi tahu lewat e-mail.")
            if waiting
            else "",
        ],
        confirm_label=_("Ya, batalkan pendaftaran"),
        cancel_url=reverse("programs:session_detail", args=[enrollment.session_id]),
    )
    if page:
        return page
    try:
        promoted = enrollment_cancel(actor=request.user, enrollment=enrollment)
    except ProgramError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pendaftaran dibatalkan."))
        for e in promoted:
            messages.info(request, _("%(n)s naik dari daftar tunggu.") % {"n": e.participant_name})
    return redirect("programs:session_detail", pk=enrollment.session_id)


def _attendance_day(session, raw):
    day = parse_date(raw or "") if raw else None
    if day in session.days:
        return day
    today = timezone.localdate()
    return today if today in session.days else session.starts_on


@office_view
@require_http_methods(["GET", "POST"])
def attendance_view(request, pk):
    """A phone-sized checklist: one big checkbox per seated participant, one day at a time."""
    session = get_session(pk)
    day = _attendance_day(session, request.POST.get("hari") or request.GET.get("hari"))
    if request.method == "POST":
        try:
            n = attendance_mark(actor=request.user, session=session, day=day, present_ids=request.POST.getlist("hadir"))
        except (ProgramError, ValueError) as exc:
            messages.error(request, str(exc) if isinstance(exc, ProgramError) else _("Isian tidak dikenal."))
        else:
            messages.success(
                request, _("Kehadiran %(d)s tersimpan: %(n)s hadir.") % {"d": day.strftime("%d-%m-%Y"), "n": n}
            )
            return redirect(f"{reverse('programs:attendance', args=[pk])}?hari={day:%Y-%m-%d}")
    seated = list(session_participants(session).filter(status=Enrollment.Status.ENROLLED))
    present = {a.enrollment_id for e in seated for a in e.attendance.all() if a.day == day and a.present}
    return render(
        request, "programs/attendance.html", {"session": session, "day": day, "seated": seated, "present": present}
    )


@office_view
@require_http_methods(["GET", "POST"])
def attendance_upload_view(request, pk):
    session = get_session(pk)
    form = AttendanceUploadForm(request.POST or None, request.FILES or None, session=session)
    if request.method == "POST":
        if form.is_valid():
            days = attendance_import(actor=request.user, session=session, marks=form.marks)
            messages.success(request, _("Daftar hadir %(n)s hari tersimpan.") % {"n": days})
            return redirect("programs:session_detail", pk=pk)
        messages.error(request, _("Daftar hadir tidak disimpan; tidak ada yang berubah."))
    return render(request, "programs/attendance_upload.html", {"session": session, "form": form})


@office_view
@require_POST
def session_complete_view(request, pk):
    session = get_session(pk)
    try:
        session_complete_check(session)
    except ProgramError as exc:
        messages.error(request, str(exc))
        return redirect("programs:session_detail", pk=pk)
    seated = session.enrollments.filter(status=Enrollment.Status.ENROLLED).count()
    page = confirmation(
        request,
        title=_("Tetapkan kelulusan “%(t)s”?") % {"t": session.title},
        consequences=[
            _(
                "Dari %(n)s peserta, yang hadir sedikitnya %(pct)s%% dari %(days)s hari dinyatakan lulus; "
                "yang lain tidak lulus."
            )
            % {"n": seated, "pct": session.program.min_attendance_pct, "days": len(session.days)},
            _("Sertifikat bernomor dengan kode QR diterbitkan untuk setiap peserta yang lulus."),
            _("Kegiatan ditandai Selesai: keluar dari jadwal publik dan tidak menerima pendaftaran lagi."),
            _("Tindak lanjut untuk lulusan dijadwalkan sesuai program."),
        ],
        confirm_label=_("Ya, tetapkan kelulusan"),
        cancel_url=reverse("programs:session_detail", args=[pk]),
    )
    if page:
        return page
    try:
        with transaction.atomic():
            completed = session_complete(actor=request.user, session=session)
            certificates = certificates_issue_for_session(actor=request.user, session=session)
    except ProgramError as exc:
        messages.error(request, str(exc))
        return redirect("programs:session_detail", pk=pk)
    messages.success(
        request, _("%(c)s peserta lulus; %(n)s sertifikat siap diunduh.") % {"c": completed, "n": len(certificates)}
    )
    return redirect("programs:session_detail", pk=pk)


@office_view
@require_POST
def session_reminders_view(request, pk):
    session = get_session(pk)
    try:
        sent = session_send_reminders(actor=request.user, session=session)
    except ProgramError as exc:
        messages.error(request, str(exc))
        return redirect("programs:session_detail", pk=pk)
    messages.success(request, _("%(n)s pengingat e-mail terkirim.") % {"n": sent})
    return redirect("programs:session_detail", pk=pk)


@office_view
def session_certificates_zip_view(request, pk):
    session = get_session(pk)
    certificates = Certificate.objects.filter(enrollment__session=session).order_by("serial")
    if not certificates:
        messages.error(request, _("Belum ada sertifikat untuk kegiatan ini."))
        return redirect("programs:session_detail", pk=pk)
    data = certificates_zip([(c, _verify_url(request, c)) for c in certificates])
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-kegiatan-{session.pk}.zip"'
    return response


def _verify_url(request, certificate):
    return request.build_absolute_uri(reverse("programs:verify_number", args=[certificate.number]))


@office_view
def outcome_report_view(request, pk):
    program = get_object_or_404(Program, pk=pk)
    report = program_outcome_report(program)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            outcome_report_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="hasil-program-{program.pk}.xlsx"'
        return response
    return render(request, "programs/outcome_report.html", {"program": program, "report": report})


@office_view
@require_http_methods(["GET", "POST"])
def prospect_create_view(request, pk):
    program = get_object_or_404(Program, pk=pk)
    form = ProspectForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            prospect = prospect_save(actor=request.user, prospect=Prospect(cohort=program), data=form.cleaned_data)
            messages.success(request, _("Calon wirausaha “%(n)s” tercatat.") % {"n": prospect.name})
            return redirect("programs:program_detail", pk=pk)
        messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    return _form_page(request, form, _("Calon wirausaha baru (PKW)"), reverse("programs:program_detail", args=[pk]))


@office_view
@require_http_methods(["GET", "POST"])
def prospect_convert_view(request, pk):
    prospect = get_object_or_404(Prospect.objects.select_related("cohort"), pk=pk)
    form = ProspectBusinessForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                business = prospect_convert(actor=request.user, prospect=prospect, business_data=form.business_data())
            except (ProgramError, RegistryError) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Usaha “%(n)s” masuk registri.") % {"n": business.name})
                return redirect("registry:business_detail", pk=business.pk)
        else:
            messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    title = _("Usaha baru dari %(n)s") % {"n": prospect.name}
    return _form_page(request, form, title, reverse("programs:program_detail", args=[prospect.cohort_id]))


@login_required
@require_http_methods(["GET", "POST"])
def followup_view(request, pk):
    """Staff, or the owner of the business, record a follow-up."""
    followup = get_object_or_404(
        FollowUp.objects.select_related("enrollment__business__owner", "enrollment__session__program"), pk=pk
    )
    business = followup.enrollment.business
    is_owner = business is not None and business.owner.user_id == request.user.pk
    if not (request.user.is_office or is_owner):
        raise PermissionDenied(_("Anda tidak berhak mengisi tindak lanjut ini."))
    form = FollowUpForm(request.POST or None, instance=followup)
    if request.method == "POST":
        if form.is_valid():
            followup_record(
                actor=request.user,
                followup=followup,
                data=form.cleaned_data,
                source=FollowUp.Source.STAFF if request.user.is_office else FollowUp.Source.OWNER,
            )
            messages.success(request, _("Tindak lanjut tersimpan. Terima kasih."))
            if request.user.is_office:
                return redirect("programs:session_detail", pk=followup.enrollment.session_id)
            return redirect("programs:my_trainings")
        messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    title = _("Tindak lanjut %(m)s bulan: %(s)s") % {"m": followup.months, "s": followup.enrollment.session.title}
    cancel = (
        reverse("programs:my_trainings")
        if not request.user.is_office
        else reverse("programs:session_detail", args=[followup.enrollment.session_id])
    )
    return _form_page(request, form, title, cancel)
