"""The outcome report as an Excel workbook (XlsxWriter)."""

import io

import xlsxwriter

from sentra.programs.selectors import OutcomeReport


def outcome_report_xlsx(report: OutcomeReport) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Hasil program")
    bold = book.add_format({"bold": True})
    pct = book.add_format({"num_format": "0.0"})
    sheet.write(0, 0, f"Hasil program: {report.program.title} ({report.program.year})", bold)
    period = f"{report.start:%d-%m-%Y} → {report.end:%d-%m-%Y}" if report.start else "belum ada kegiatan"
    sheet.write(1, 0, f"Periode: {period}")
    sheet.write(2, 0, f"Peserta: {report.participants} IKM; pembanding: {report.comparison} IKM sejenis")
    header = [
        "Indikator (% IKM)",
        "Peserta sebelum",
        "Peserta sesudah",
        "Perubahan peserta",
        "Pembanding sebelum",
        "Pembanding sesudah",
        "Perubahan pembanding",
        "Selisih (DiD, poin %)",
    ]
    sheet.write_row(4, 0, header, bold)
    for i, row in enumerate(report.rows, start=5):
        sheet.write(i, 0, row.label)
        values = [
            row.part_before,
            row.part_after,
            row.part_change,
            row.comp_before,
            row.comp_after,
            row.comp_change,
            row.did,
        ]
        for j, value in enumerate(values, start=1):
            sheet.write_number(i, j, round(value, 1), pct)
    line = 6 + len(report.rows)
    sheet.write(line, 0, "Dilaporkan pada tindak lanjut (peserta saja)", bold)
    sheet.write_row(line + 1, 0, ["Indikator", "Ya", "Menjawab"], bold)
    for i, (label, yes, answered) in enumerate(report.reported, start=line + 2):
        sheet.write_row(i, 0, [label, yes, answered])
    end = line + 2 + len(report.reported)
    sheet.write_row(end + 1, 0, ["Tindak lanjut tercatat", report.followups_recorded, report.followups_due])
    sheet.write_row(end + 2, 0, ["Wirausaha baru (PKW)", report.new_entrepreneurs])
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, 7, 16)
    book.close()
    return buffer.getvalue()
