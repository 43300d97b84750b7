"""Public, aggregate-only API of the engagement module (no names, no contacts, no individual answers).

GET /api/v1/skm            — the latest published SKM result: index, grade, NRR per element, per service
                             (services with fewer than 3 answers suppressed).
GET /api/v1/ideas/summary  — idea counts per category and status.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sentra.engagement import selectors, skm


def _result(row) -> dict:
    out = {"respondents": row.n, "suppressed": row.suppressed, "index": None, "grade": None, "grade_label": None}
    if row.result:
        out.update(
            index=round(row.result["index"], 2),
            grade=row.result["grade"],
            grade_label=row.result["grade_label"],
            margin_of_error=round(row.margin, 4) if row.margin is not None else None,
            recommended_sample=row.recommended,
        )
    return out


@extend_schema(summary="Hasil SKM terbaru yang diterbitkan (publik, agregat)", responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def skm_latest_view(request):
    period = selectors.latest_published_period()
    if period is None:
        return Response({"period": None})
    report = selectors.skm_report(period)
    overall = report["overall"]
    return Response(
        {
            "period": {"name": period.name, "starts_on": period.starts_on, "ends_on": period.ends_on},
            "weight": "0.111" if period.weight_0111 else "1/9",
            **_result(overall),
            "elements": [
                {"code": code, "label": label, "nrr": overall.result["nrr"][i] if overall.result else None}
                for i, (code, label) in enumerate(skm.ELEMENTS)
            ],
            "services": [{"name": r.label, **_result(r)} for r in report["services"]],
        }
    )


@extend_schema(summary="Jumlah aspirasi per kategori dan status (publik)", responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def ideas_summary_view(request):
    counts = selectors.public_idea_counts()
    return Response(
        {
            "total": counts["total"],
            "by_category": [
                {"code": c["code"], "label": str(c["label"]), "count": c["count"]} for c in counts["categories"]
            ],
            "by_status": [
                {"code": s["code"], "label": str(s["label"]), "count": s["count"]} for s in counts["statuses"]
            ],
        }
    )
