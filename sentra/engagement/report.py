"""The SKM report as Excel (XlsxWriter) and PDF (fpdf2): respondent profile, NRR per element, index, grade,
follow-up plan per weak element — the tables an SKM report carries (PermenPAN-RB 14/2017, lampiran)."""

import io

import xlsxwriter
from django.utils.translation import gettext as _
from fpdf import FPDF

from sentra.engagement import skm

# A suggested follow-up per element, for the plan of the weakest elements (staff adapt it in the report).
FOLLOW_UP = {
    "U1": "Sederhanakan dan umumkan persyaratan layanan di kantor, situs dan media sosial.",
    "U2": "Tampilkan alur layanan (bagan) dan sediakan petugas informasi.",
    "U3": "Tetapkan dan umumkan waktu penyelesaian; pantau antrean setiap minggu.",
    "U4": "Umumkan bahwa layanan tanpa biaya atau rincian tarif resmi; tolak pungutan di luar ketentuan.",
    "U5": "Cocokkan hasil layanan dengan standar pelayanan; perbaiki produk layanan yang tidak sesuai.",
    "U6": "Latih petugas (bimtek) tentang layanan dan produk IKM.",
    "U7": "Pembinaan sikap pelayanan (senyum, sapa, santun); evaluasi petugas berkala.",
    "U8": "Sediakan kanal pengaduan (kotak saran, WhatsApp, Sentra) dan tanggapi dalam 5 hari kerja.",
    "U9": "Perbaiki ruang tunggu, fasilitas dan aksesibilitas bagi penyandang disabilitas.",
}


def _num(value, digits=2):
    return "" if value is None else f"{value:.{digits}f}"


def report_xlsx(report: dict) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1})
    num2 = book.add_format({"border": 1, "num_format": "0.00"})
    num3 = book.add_format({"border": 1, "num_format": "0.000"})
    period = report["period"]
    overall = report["overall"]

    sheet = book.add_worksheet(_("Ringkasan"))
    sheet.set_column(0, 0, 38)
    sheet.set_column(1, 12, 12)
    sheet.write(0, 0, _("Laporan Survei Kepuasan Masyarakat (SKM)"), bold)
    sheet.write(1, 0, str(period))
    sheet.write(2, 0, f"{period.starts_on:%d-%m-%Y} – {period.ends_on:%d-%m-%Y}")
    sheet.write(3, 0, _("Bobot unsur"))
    sheet.write(3, 1, "0,111" if period.weight_0111 else "1/9")
    row = 5
    sheet.write_row(
        row,
        0,
        [
            _("Layanan"),
            _("Responden"),
            _("Anonim"),
            _("Masuk sebagai pemilik"),
            _("Sampel minimal"),
            _("Margin kesalahan (%)"),
            _("Indeks SKM"),
            _("Mutu"),
            _("Kinerja"),
        ],
        head,
    )
    for r in [*report["services"], overall]:
        row += 1
        result = r.result
        sheet.write(row, 0, r.label, cell)
        sheet.write_number(row, 1, r.n, cell)
        sheet.write_number(row, 2, r.anonymous, cell)
        sheet.write_number(row, 3, r.signed_in, cell)
        sheet.write(row, 4, r.recommended if r.recommended is not None else "", cell)
        sheet.write(row, 5, round(r.margin * 100, 1) if r.margin is not None else "", cell)
        if result:
            sheet.write_number(row, 6, round(result["index"], 2), num2)
            sheet.write(row, 7, result["grade"], cell)
            sheet.write(row, 8, result["grade_label"], cell)
        else:
            sheet.write(row, 6, _("< 3 jawaban: tidak ditampilkan") if r.suppressed else _("belum ada jawaban"), cell)

    sheet = book.add_worksheet(_("NRR per unsur"))
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 3 + len(report["services"]), 14)
    sheet.write_row(0, 0, [_("Kode"), _("Unsur"), _("Semua layanan")] + [s.label for s in report["services"]], head)
    for i, (code, label) in enumerate(skm.ELEMENTS):
        sheet.write(i + 1, 0, code, cell)
        sheet.write(i + 1, 1, label, cell)
        for j, r in enumerate([overall, *report["services"]]):
            if r.result:
                sheet.write_number(i + 1, 2 + j, r.result["nrr"][i], num3)
            else:
                sheet.write(i + 1, 2 + j, "", cell)
    base = len(skm.ELEMENTS) + 1
    sheet.write(base, 1, _("Indeks (25–100)"), head)
    sheet.write(base + 1, 1, _("Mutu pelayanan"), head)
    for j, r in enumerate([overall, *report["services"]]):
        if r.result:
            sheet.write_number(base, 2 + j, round(r.result["index"], 2), num2)
            sheet.write(base + 1, 2 + j, f"{r.result['grade']} ({r.result['grade_label']})", cell)

    sheet = book.add_worksheet(_("Profil responden"))
    sheet.set_column(0, 0, 30)
    row = 0
    for table in report["profile"]:
        sheet.write_row(row, 0, [str(table["title"]), _("Jumlah"), "%"], head)
        for line in table["rows"]:
            row += 1
            sheet.write(row, 0, str(line["label"]), cell)
            sheet.write(row, 1, line["count"] if line["count"] is not None else _("< 3"), cell)
            sheet.write(row, 2, line["percent"] if line["percent"] is not None else "", cell)
        row += 2

    sheet = book.add_worksheet(_("Rencana tindak lanjut"))
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 10)
    sheet.set_column(3, 3, 80)
    sheet.write_row(0, 0, [_("Kode"), _("Unsur terlemah"), "NRR", _("Rencana tindak lanjut")], head)
    for i, (code, label, nrr) in enumerate(overall.weakest, start=1):
        sheet.write(i, 0, code, cell)
        sheet.write(i, 1, label, cell)
        sheet.write_number(i, 2, nrr, num3)
        sheet.write(i, 3, FOLLOW_UP[code], cell)

    sheet = book.add_worksheet(_("Tren"))
    sheet.write_row(0, 0, [_("Periode"), _("Responden"), _("Indeks SKM"), _("Mutu")], head)
    for i, t in enumerate(report["trend"], start=1):
        sheet.write(i, 0, str(t["period"]), cell)
        sheet.write_number(i, 1, t["n"], cell)
        if t["result"]:
            sheet.write_number(i, 2, round(t["result"]["index"], 2), num2)
            sheet.write(i, 3, t["result"]["grade"], cell)
    book.close()
    return out.getvalue()


def _latin1(text) -> str:
    text = str(text).replace("“", '"').replace("”", '"').replace("—", "-").replace("–", "-").replace("≥", ">=")
    return text.encode("latin-1", "replace").decode("latin-1")


def report_pdf(report: dict, organiser: str = "Dekranasda") -> bytes:
    period = report["period"]
    overall = report["overall"]
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_latin1(f"Laporan SKM {period}"))
    pdf.set_creator("Sentra")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, _latin1(_("Laporan Survei Kepuasan Masyarakat (SKM)")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0,
        6,
        _latin1(f"{organiser} - {period} ({period.starts_on:%d-%m-%Y} s.d. {period.ends_on:%d-%m-%Y})"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    if overall.result:
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(
            0,
            8,
            _latin1(
                _("Indeks SKM: %(i)s - mutu %(g)s (%(l)s), %(n)s responden")
                % {
                    "i": overall.result["index_display"],
                    "g": overall.result["grade"],
                    "l": overall.result["grade_label"],
                    "n": overall.n,
                }
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        0,
        5,
        _latin1(
            _(
                "Dihitung menurut PermenPAN-RB 14/2017: NRR = rata-rata nilai per unsur; indeks = jumlah NRR x bobot "
                "(%(w)s) x 25. Mutu: A 88,31-100; B 76,61-88,30; C 65,00-76,60; D 25,00-64,99."
            )
            % {"w": "0,111" if period.weight_0111 else "1/9"}
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)

    def table(headers, rows, widths):
        pdf.set_font("Helvetica", "B", 9)
        pdf.set_fill_color(221, 235, 247)
        for h, w in zip(headers, widths, strict=True):
            pdf.cell(w, 6, _latin1(h), border=1, fill=True)
        pdf.ln()
        pdf.set_font("Helvetica", "", 9)
        for r in rows:
            for v, w in zip(r, widths, strict=True):
                pdf.cell(w, 6, _latin1(v)[: int(w / 1.7)], border=1)
            pdf.ln()
        pdf.ln(3)

    def heading(text):
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    heading(_("1. Hasil per layanan"))
    rows = []
    for r in [*report["services"], overall]:
        if r.result:
            rows.append(
                [
                    r.label,
                    r.n,
                    r.recommended or "-",
                    _num(r.margin * 100, 1),
                    r.result["index_display"],
                    r.result["grade"],
                ]
            )
        else:
            rows.append([r.label, r.n, r.recommended or "-", "-", _("< 3 jawaban") if r.suppressed else "-", "-"])
    table(
        [_("Layanan"), _("Responden"), _("Sampel min."), _("MoE %"), _("Indeks"), _("Mutu")],
        rows,
        [64, 22, 24, 20, 24, 16],
    )

    heading(_("2. Nilai rata-rata (NRR) per unsur"))
    rows = []
    for i, (code, label) in enumerate(skm.ELEMENTS):
        nrr = overall.result["nrr"][i] if overall.result else None
        weighted = overall.result["weighted_nrr"][i] if overall.result else None
        rows.append([code, label, _num(nrr, 3), _num(weighted, 3)])
    table([_("Kode"), _("Unsur"), "NRR", _("NRR tertimbang")], rows, [14, 110, 24, 32])

    heading(_("3. Profil responden"))
    for t in report["profile"]:
        rows = [
            [line["label"], line["count"] if line["count"] is not None else "< 3", _num(line["percent"], 1)]
            for line in t["rows"]
        ]
        table([str(t["title"]), _("Jumlah"), "%"], rows, [90, 30, 30])

    heading(_("4. Unsur terlemah dan rencana tindak lanjut"))
    pdf.set_font("Helvetica", "", 9)
    for code, label, nrr in overall.weakest:
        pdf.multi_cell(
            0, 5, _latin1(f"{code} {label} (NRR {nrr:.3f}): {FOLLOW_UP[code]}"), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(1)
    pdf.ln(2)
    heading(_("5. Tren"))
    rows = [
        [
            str(t["period"]),
            t["n"],
            t["result"]["index_display"] if t["result"] else "-",
            t["result"]["grade"] if t["result"] else "-",
        ]
        for t in report["trend"]
    ]
    table([_("Periode"), _("Responden"), _("Indeks"), _("Mutu")], rows, [90, 30, 30, 20])
    return bytes(pdf.output())
