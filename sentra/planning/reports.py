"""Quarterly realisation and the year-end review as Excel (XlsxWriter) and PDF (fpdf2)."""

import io

import xlsxwriter
from fpdf import FPDF

from sentra.planning.models import WorkPlan
from sentra.planning.selectors import QuarterRow, programme_budgets

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _latin1(text) -> str:
    text = str(text if text is not None else "")
    for a, b in (("“", '"'), ("”", '"'), ("—", "-"), ("–", "-"), ("→", "->"), ("…", "...")):
        text = text.replace(a, b)
    return text.encode("latin-1", "replace").decode("latin-1")


def _num(value) -> str:
    if value is None:
        return "-"
    value = float(value)
    text = f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _safe(text: str) -> str:
    """Text cells never start like a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def quarter_xlsx(plan: WorkPlan, quarter: int, rows: list[QuarterRow]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(f"Triwulan {ROMAN[quarter]}")
    bold = book.add_format({"bold": True})
    sheet.write(0, 0, f"Realisasi triwulan {ROMAN[quarter]} — {plan.title}", bold)
    header = ["No", "Indikator", "Satuan", "Target", "Realisasi", "% capaian", "Kendala / catatan"]
    sheet.write_row(2, 0, header, bold)
    for i, r in enumerate(rows, start=1):
        sheet.write_number(2 + i, 0, i)
        sheet.write_string(2 + i, 1, _safe(r.indicator.name))
        sheet.write_string(2 + i, 2, r.indicator.unit)
        sheet.write_number(2 + i, 3, r.target)
        if r.realisation is None:
            sheet.write_string(2 + i, 4, "sumber angka hilang" if r.source_lost else "-")
        else:
            sheet.write_number(2 + i, 4, r.realisation)
        if r.achieved is not None:
            sheet.write_number(2 + i, 5, r.achieved)
        sheet.write_string(2 + i, 6, _safe(r.obstacles))
    sheet.set_column(1, 1, 40)
    sheet.set_column(6, 6, 50)
    book.close()
    return buffer.getvalue()


def review_xlsx(plan: WorkPlan, rows, budgets) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Indikator")
    sheet.write(0, 0, f"Tinjauan akhir tahun — {plan.title}", bold)
    header = ["Indikator", "Satuan", "Baseline", "Target", "TW I", "TW II", "TW III", "TW IV", "Realisasi", "% capaian"]
    sheet.write_row(2, 0, header, bold)
    for i, r in enumerate(rows, start=3):
        ind = r.indicator
        sheet.write_string(i, 0, _safe(ind.name))
        sheet.write_string(i, 1, ind.unit)
        sheet.write_number(i, 2, float(ind.baseline))
        sheet.write_number(i, 3, float(ind.target))
        for q in (1, 2, 3, 4):
            v = r.snapshots.get(q)
            if v is not None:
                sheet.write_number(i, 3 + q, v)
        if r.actual is not None:
            sheet.write_number(i, 8, r.actual)
        else:
            sheet.write_string(i, 8, "sumber angka hilang" if r.source_lost else "-")
        if r.achieved is not None:
            sheet.write_number(i, 9, r.achieved)
    sheet.set_column(0, 0, 40)
    money = book.add_worksheet("Anggaran")
    money.write_row(0, 0, ["Program", "Pagu (Rp)", "Realisasi (Rp)", "% serapan"], bold)
    for i, b in enumerate(budgets, start=1):
        money.write_string(i, 0, _safe(b["programme"].name))
        money.write_number(i, 1, b["ceiling"])
        money.write_number(i, 2, b["spent"])
        if b["pct"] is not None:
            money.write_number(i, 3, b["pct"])
    money.set_column(0, 0, 40)
    book.close()
    return buffer.getvalue()


def _table(pdf: FPDF, header, widths, rows):
    pdf.set_font("Helvetica", "B", 8)
    for text, w in zip(header, widths, strict=True):
        pdf.cell(w, 6, _latin1(text), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for row in rows:
        for text, w in zip(row, widths, strict=True):
            pdf.cell(w, 6, _latin1(text)[: int(w / 1.6)], border=1)
        pdf.ln()


def quarter_pdf(plan: WorkPlan, quarter: int, rows: list[QuarterRow]) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(_latin1(f"Realisasi triwulan {ROMAN[quarter]} {plan.year}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, _latin1(f"Realisasi triwulan {ROMAN[quarter]} - {plan.title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    table = [
        [
            str(i),
            r.indicator.name,
            r.indicator.unit,
            _num(r.target),
            "sumber hilang" if r.source_lost else _num(r.realisation),
            "-" if r.achieved is None else f"{_num(r.achieved)}%",
            r.obstacles,
        ]
        for i, r in enumerate(rows, start=1)
    ]
    _table(
        pdf,
        ["No", "Indikator", "Satuan", "Target", "Realisasi", "% capaian", "Kendala"],
        [8, 80, 20, 25, 25, 20, 99],
        table,
    )
    return bytes(pdf.output())


def review_pdf(plan: WorkPlan, rows, budgets) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(_latin1(f"Tinjauan akhir tahun {plan.year}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, _latin1(f"Tinjauan akhir tahun - {plan.title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    table = [
        [
            r.indicator.name,
            r.indicator.unit,
            _num(r.indicator.baseline),
            _num(r.indicator.target),
            *[_num(r.snapshots.get(q)) for q in (1, 2, 3, 4)],
            "sumber hilang" if r.source_lost else _num(r.actual),
            "-" if r.achieved is None else f"{_num(r.achieved)}%",
        ]
        for r in rows
    ]
    header = ["Indikator", "Satuan", "Baseline", "Target", "TW I", "TW II", "TW III", "TW IV", "Realisasi", "%"]
    _table(pdf, header, [80, 18, 20, 20, 20, 20, 20, 20, 25, 17], table)
    pdf.ln(4)
    money = [
        [b["programme"].name, _num(b["ceiling"]), _num(b["spent"]), "-" if b["pct"] is None else f"{_num(b['pct'])}%"]
        for b in budgets
    ]
    _table(pdf, ["Program", "Pagu (Rp)", "Realisasi (Rp)", "% serapan"], [120, 45, 45, 30], money)
    return bytes(pdf.output())


__all__ = ["quarter_xlsx", "review_xlsx", "quarter_pdf", "review_pdf", "programme_budgets"]
