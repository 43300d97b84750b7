"""Pages for the public and for owners: the schedule, sign-up, own trainings, certificates, verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentra.programs import metrics
from sentra.programs.certificates import certificate_pdf
from sentra.programs.models import Certificate, Enrollment
from sentra.programs.selectors import businesses_of_owner, get_session, upcoming_sessions
from sentra.programs.services import ProgramError, certificate_verify, enrollment_self_signup
from sentra.regions.selectors import certificate_issuer


def schedule_view(request):
    """Upcoming sessions open for sign-up (public); owners see a sign-up button per business."""
    return render(
        request,
        "programs/schedule.html",
        {
            "sessions": upcoming_sessions(public=True),
            "my_businesses": list(businesses_of_owner(request.user)),
            "figures": metrics.program_figures(),  # aggregates only
            "labels": metrics.FIGURES,
        },
    )


@login_required
@require_POST
def signup_view(request, pk):
    session = get_session(pk)
    business = businesses_of_owner(request.user).filter(pk=request.POST.get("business")).first()
    if business is None:
        messages.error(request, _("Pilih usaha Anda yang akan didaftarkan."))
        return redirect("programs:schedule")
    try:
        enrollment = enrollment_self_signup(user=request.user, session=session, business=business)
    except ProgramError as exc:
        messages.error(request, str(exc))
        return redirect("programs:schedule")
    if enrollment.status == Enrollment.Status.ENROLLED:
        messages.success(request, _("%(b)s terdaftar pada “%(s)s”.") % {"b": business.name, "s": session.title})
    else:
        messages.warning(
            request,
            _("Kuota penuh: %(b)s masuk daftar tunggu dan naik otomatis bila ada kursi kosong.") % {"b": business.name},
        )
    return redirect("programs:my_trainings")


@login_required
def my_trainings_view(request):
    enrollments = (
        Enrollment.objects.filter(business__owner__user=request.user)
        .exclude(status=Enrollment.Status.CANCELLED)
        .select_related("business", "session__program", "certificate")
        .prefetch_related("followups")
        .order_by("-session__starts_on")
    )
    return render(request, "programs/my_trainings.html", {"enrollments": enrollments})


@login_required
def certificate_download_view(request, pk):
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrollment__business__owner", "enrollment__session__program"), pk=pk
    )
    business = certificate.enrollment.business
    if not (request.user.is_office or (business is not None and business.owner.user_id == request.user.pk)):
        raise PermissionDenied(_("Sertifikat ini bukan milik Anda."))
    url = request.build_absolute_uri(reverse("programs:verify_number", args=[certificate.number]))
    response = HttpResponse(certificate_pdf(certificate, url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{certificate.number}.pdf"'
    return response


def verify_view(request, number=None):
    """Public: is this certificate genuine? Shows name, program and date — nothing more."""
    number = (number or request.GET.get("nomor") or "").strip()
    certificate = certificate_verify(number) if number else None
    status = 200 if certificate or not number else 404
    context = {"number": number, "certificate": certificate, "issuer": certificate_issuer() if certificate else None}
    return render(request, "programs/verify.html", context, status=status)
