"""GET /api/v1/programs and /api/v1/sessions — the public side of the programs (pembinaan): published
sessions (not drafts, not cancelled) and the programs that have one. Public, paginated, rate-limited, no
participant and no budget data."""

import datetime as dt

from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sentra.api.schema import ERRORS_PUBLIC, PAGED_ERRORS, Pages, page_parameters, paginated
from sentra.programs.models import Enrollment, Program, Session

PUBLIC_STATUSES = [Session.Status.OPEN, Session.Status.CLOSED, Session.Status.DONE]


def public_sessions():
    return (
        Session.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("program", "program__program_type", "district")
        .annotate(seats_taken=Count("enrollments", filter=Q(enrollments__status=Enrollment.Status.ENROLLED)))
        .order_by("starts_on", "id")
    )


def public_programs():
    published = Session.objects.filter(program=OuterRef("pk"), status__in=PUBLIC_STATUSES)
    return (
        Program.objects.filter(Exists(published))
        .select_related("program_type")
        .annotate(public_sessions=Count("sessions", filter=Q(sessions__status__in=PUBLIC_STATUSES)))
        .order_by("-year", "title", "id")
    )


class ProgramItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()
    program_type = serializers.CharField(source="program_type_id", help_text="kode jenis program")
    program_type_name = serializers.CharField(source="program_type.name")
    description = serializers.CharField()
    organiser = serializers.CharField()
    funding_source = serializers.ChoiceField(choices=Program.Funding.choices)
    target_participants = serializers.IntegerField(allow_null=True)
    public_sessions = serializers.IntegerField(min_value=1)


class SessionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    program_id = serializers.IntegerField()
    program_title = serializers.CharField(source="program.title")
    program_type = serializers.CharField(source="program.program_type_id")
    title = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    venue = serializers.CharField()
    district_code = serializers.CharField(source="district_id", allow_null=True)
    district_name = serializers.CharField(source="district.name", allow_null=True, default=None)
    quota = serializers.IntegerField(min_value=1)
    seats_taken = serializers.IntegerField(min_value=0)
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in PUBLIC_STATUSES])
    open_for_signup = serializers.BooleanField()


class ProgramFilters(forms.Form):
    tahun = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    jenis = forms.CharField(required=False, max_length=40)


class SessionFilters(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "")] + [(s.value, s.label) for s in PUBLIC_STATUSES])
    kecamatan = forms.CharField(required=False, max_length=20)
    program = forms.IntegerField(required=False, min_value=1)
    dari = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    sampai = forms.DateField(required=False, input_formats=["%Y-%m-%d"])


TYPED = ("tahun", "program", "dari", "sampai")


def _checked(form_class, request):
    """The filters, or a 400 response: a number or date given empty is refused like any other bad value."""
    form = form_class(request.query_params)
    errors = {k: [str(m) for m in v] for k, v in (form.errors if not form.is_valid() else {}).items()}
    for name in TYPED:
        if name in form.fields and request.query_params.get(name, None) == "":
            errors.setdefault(name, ["Tidak boleh kosong; hilangkan parameternya untuk semua."])
    if errors:
        return None, Response({"detail": "Filter tidak sah.", "errors": errors}, status=400)
    return form.cleaned_data, None


@extend_schema(
    operation_id="programs_list",
    summary="Program pembinaan yang punya kegiatan terbuka untuk publik",
    parameters=[
        OpenApiParameter(
            "tahun", {"type": "integer", "minimum": 2000, "maximum": 2100}, description="Tahun program, mis. 2026."
        ),
        OpenApiParameter("jenis", str, description="Kode jenis program (mis. pkw, pelatihan-desain)."),
        *page_parameters(),
    ],
    responses={
        200: paginated("PaginatedProgramList", ProgramItemSerializer),
        **PAGED_ERRORS,
        **ERRORS_PUBLIC,
    },
    examples=[
        OpenApiExample(
            "Program PKW 2026",
            value={
                "count": 1,
                "next": None,
                "previous": None,
                "results": [
                    {
                        "id": 3,
                        "year": 2026,
                        "title": "PKW Batik Jonegoroan",
                        "program_type": Program.PKW,
                        "program_type_name": "PKW",
                        "description": "Pelatihan membatik untuk pemuda",
                        "organiser": "Disperindag",
                        "funding_source": "apbn",
                        "target_participants": 20,
                        "public_sessions": 2,
                    }
                ],
            },
            response_only=True,
        )
    ],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def programs_view(request):
    data, refused = _checked(ProgramFilters, request)
    if refused:
        return refused
    qs = public_programs()
    if data["tahun"]:
        qs = qs.filter(year=data["tahun"])
    if data["jenis"]:
        qs = qs.filter(program_type_id=data["jenis"])
    paginator = Pages()
    page = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response(ProgramItemSerializer(page, many=True).data)


@extend_schema(
    operation_id="sessions_list",
    summary="Kegiatan (sesi) program yang terbuka untuk publik, urut tanggal",
    parameters=[
        OpenApiParameter("status", str, enum=["", *(s.value for s in PUBLIC_STATUSES)], description="kosong: semua"),
        OpenApiParameter("kecamatan", str, description="Kode Kemendagri kecamatan tempat kegiatan, mis. 35.22.05."),
        OpenApiParameter("program", {"type": "integer", "minimum": 1}, description="Id program."),
        OpenApiParameter("dari", dt.date, description="Kegiatan yang berakhir pada/sesudah tanggal ini."),
        OpenApiParameter("sampai", dt.date, description="Kegiatan yang mulai pada/sebelum tanggal ini."),
        *page_parameters(),
    ],
    responses={
        200: paginated("PaginatedSessionList", SessionItemSerializer),
        **PAGED_ERRORS,
        **ERRORS_PUBLIC,
    },
    examples=[
        OpenApiExample(
            "Kegiatan terbuka",
            value={
                "count": 1,
                "next": None,
                "previous": None,
                "results": [
                    {
                        "id": 7,
                        "program_id": 3,
                        "program_title": "PKW Batik Jonegoroan",
                        "program_type": Program.PKW,
                        "title": "Angkatan 1",
                        "starts_on": "2026-03-02",
                        "ends_on": "2026-03-06",
                        "venue": "Balai Desa Dander",
                        "district_code": "35.22.05",
                        "district_name": "Dander",
                        "quota": 20,
                        "seats_taken": 12,
                        "status": "open",
                        "open_for_signup": True,
                    }
                ],
            },
            response_only=True,
        )
    ],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def sessions_view(request):
    data, refused = _checked(SessionFilters, request)
    if refused:
        return refused
    qs = public_sessions()
    if data["status"]:
        qs = qs.filter(status=data["status"])
    if data["kecamatan"]:
        qs = qs.filter(district_id=data["kecamatan"])
    if data["program"]:
        qs = qs.filter(program_id=data["program"])
    if data["dari"]:
        qs = qs.filter(ends_on__gte=data["dari"])
    if data["sampai"]:
        qs = qs.filter(starts_on__lte=data["sampai"])
    paginator = Pages()
    page = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response(SessionItemSerializer(page, many=True).data)
