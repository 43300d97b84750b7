"""GET /api/v1/work-plans/{year} — the work plan's indicators with their live values (office staff only)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from sentra.planning.models import WorkPlan
from sentra.planning.selectors import indicator_rows

WorkPlanSchema = inline_serializer(
    "WorkPlan",
    {
        "year": serializers.IntegerField(),
        "status": serializers.CharField(),
        "indicators": serializers.ListField(
            child=inline_serializer(
                "WorkPlanIndicator",
                {
                    "name": serializers.CharField(),
                    "unit": serializers.CharField(),
                    "baseline": serializers.FloatField(),
                    "target": serializers.FloatField(),
                    "actual": serializers.FloatField(allow_null=True),
                    "figure": serializers.CharField(allow_null=True),
                },
            )
        ),
    },
)


def _number(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def work_plan_data(plan: WorkPlan) -> dict:
    return {
        "year": plan.year,
        "status": plan.status,
        "indicators": [
            {
                "name": r.indicator.name,
                "unit": r.indicator.unit,
                "direction": r.indicator.direction,
                "baseline": _number(r.indicator.baseline),
                "target": _number(r.indicator.target),
                "actual": _number(r.actual),
                "figure": r.indicator.figure or None,
                "source_lost": r.source_lost,
            }
            for r in indicator_rows(plan)
        ],
    }


@extend_schema(
    responses={
        200: WorkPlanSchema,
        401: OpenApiResponse(description="belum masuk (token)"),
        403: OpenApiResponse(description="hanya untuk staf Dekranasda"),
        404: OpenApiResponse(description="rencana kerja tahun itu belum ada"),
    },
    summary="Rencana kerja satu tahun dengan indikator dan nilai terkininya (staf)",
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def work_plan_view(request, year: int):
    if not request.user.is_office:
        raise PermissionDenied("Rencana kerja hanya untuk staf Dekranasda.")
    plan = WorkPlan.objects.filter(year=year).first()
    if plan is None:
        raise NotFound("Rencana kerja tahun itu belum ada.")
    return Response(work_plan_data(plan))
