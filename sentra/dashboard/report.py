"""The report as an .xlsx file: the same tables as the printable page, written with the standard
library (an xlsx is a zip of XML parts), so no spreadsheet dependency is needed."""

import io
import zipfile
from xml.sax.saxutils import escape

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Laporan" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _cell(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def xlsx_bytes(rows: list[list]) -> bytes:
    sheet = "".join(f"<row>{''.join(_cell(v) for v in row)}</row>" for row in rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in PARTS.items():
            zf.writestr(name, xml)
        zf.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>',
        )
    return buffer.getvalue()


def report_rows(context: dict, regency_name: str) -> list[list]:
    stats, as_of = context["stats"], context["as_of"]
    rows = [[f"Laporan Data IKM {regency_name} per {as_of:%d-%m-%Y}"]]
    if context.get("scope") is not None:
        rows += [["Kecamatan: " + (", ".join(context["scope"]) or "-")]]
    rows += [[]]
    rows += [["Angka", "Nilai"], ["Jumlah IKM", stats["total"]], ["Kecamatan terjangkau", stats["districts"]]]
    rows += [["IKM ber-NIB", stats["with_nib"]], ["Cakupan NIB (%)", stats["nib_coverage"]]]
    rows += [["IKM eksportir", stats["exporters"]], ["Tenaga kerja perempuan", stats["workers"]["female"]]]
    rows += [["Tenaga kerja laki-laki", stats["workers"]["male"]], []]
    rows += [["Kode kecamatan", "Kecamatan", "Jumlah IKM", "IKM ber-NIB", "Cakupan NIB (%)"]]
    rows += [[d["code"], d["name"], d["count"], d["with_nib"], d["nib_coverage"]] for d in stats["by_district"]]
    for title, key in [("Sektor", "by_sector"), ("Skala usaha", "by_scale"), ("Jangkauan pasar", "by_market")]:
        rows += [[], [title, "Jumlah IKM", "Persen"]]
        rows += [[r["label"], r["count"], r["share"]] for r in stats[key]]
    rows += [[], ["Izin", "Jumlah IKM", "Persen"]]
    rows += [[p["label"], p["count"], p["coverage"]] for p in stats["permit_coverage"]]
    rows += [[], ["Bulan terdaftar", "Pendaftaran baru"]]
    rows += [[m["month"], m["count"]] for m in stats["registrations"]]
    return rows


def report_xlsx_response(context: dict) -> HttpResponse:
    from sentra.regions.selectors import home_regency

    regency = home_regency()
    body = xlsx_bytes(report_rows(context, regency.name if regency else context["stats"]["regency"]))
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="laporan-ikm-{context["as_of"]:%Y%m%d}.xlsx"'
    return response
