"""Work order PDF (Surat Perintah Kerja, fpdf2) and Excel lists (XlsxWriter)."""

import io

import xlsxwriter
from django.db.models import F, Sum
from fpdf import FPDF

from sentra.core.formats import rupiah
from sentra.orders.models import Allocation, Assignment, NeedLine, Office, Round, RoundProducer


def _latin1(text: str) -> str:
    return (
        str(text)
        .replace("“", '"')
        .replace("”", '"')
        .replace("—", "-")
        .replace("–", "-")
        .replace("×", "x")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def _safe(value):
    """Spreadsheet cells never start a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def work_order_pdf(producer: RoundProducer) -> bytes:
    rnd = producer.round
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_latin1(f"SPK {rnd.title} - {producer.business.name}"))
    pdf.set_creator("Sentra")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, "SURAT PERINTAH KERJA", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 7, _latin1(f"Nomor: SPK/{rnd.pk}/{producer.pk}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    facts = [
        ("Putaran", rnd.title),
        ("Produsen", producer.business.name),
        ("Kecamatan", producer.business.district.name if producer.business.district_id else "-"),
        ("Status jawaban", producer.get_response_display()),
        ("Batas pengiriman", f"{rnd.delivery_deadline:%d-%m-%Y}"),
    ]
    for k, v in facts:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(45, 6, _latin1(k))
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 6, _latin1(v), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, "Jumlah per jenis pakaian", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for a in Allocation.objects.filter(producer=producer, pieces__gt=0).select_related("garment"):
        pdf.cell(0, 6, _latin1(f"{a.garment.name}: {a.pieces} {a.garment.unit}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 9)
    widths = (60, 40, 22, 18, 18, 32)
    for w, h in zip(widths, ("Instansi", "Jenis", "Teknik", "Ukuran", "Jumlah", "Nilai"), strict=True):
        pdf.cell(w, 6, h, border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    total_pieces = total_money = 0
    for a in (
        Assignment.objects.filter(producer=producer)
        .select_related("office", "garment")
        .order_by("office__name", "garment__order", "technique", "size")
    ):
        cells = (
            a.office.name[:34],
            a.garment.name[:22],
            a.technique,
            a.size,
            str(a.pieces),
            rupiah(a.pieces * a.unit_price),
        )
        for w, v in zip(widths, cells, strict=True):
            pdf.cell(w, 6, _latin1(v), border=1)
        pdf.ln()
        total_pieces += a.pieces
        total_money += a.pieces * a.unit_price
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(sum(widths[:4]), 6, "Jumlah", border=1)
    pdf.cell(widths[4], 6, str(total_pieces), border=1)
    pdf.cell(widths[5], 6, rupiah(total_money), border=1)
    pdf.ln(14)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0,
        6,
        _latin1(
            "Pembagian dihitung dengan metode Sainte-Lague/Webster berbatas kapasitas dan pesanan minimal; "
            "rincian bobot dan pembagi ada di halaman produsen di Sentra."
        ),
    )
    return bytes(pdf.output())


def size_list_xlsx(rnd: Round, office: Office) -> bytes:
    """The office's size list: every line (with names when the staff list was uploaded) and its producer(s)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("Ukuran")
    ws.write_row(0, 0, ["Jenis pakaian", "Teknik", "Ukuran", "Nama", "Jumlah", "Harga satuan", "Nilai"], bold)
    r = 1
    for ln in NeedLine.objects.filter(round=rnd, office=office).select_related("garment"):
        ws.write_row(
            r,
            0,
            [
                _safe(ln.garment.name),
                ln.technique,
                _safe(ln.size),
                _safe(ln.person_name),
                ln.quantity,
                ln.unit_price,
                ln.amount,
            ],
        )
        r += 1
    ws.set_column(0, 0, 26)
    ws.set_column(3, 3, 30)
    ws2 = wb.add_worksheet("Produsen")
    ws2.write_row(0, 0, ["Produsen", "Jenis pakaian", "Teknik", "Ukuran", "Jumlah"], bold)
    r = 1
    for a in Assignment.objects.filter(round=rnd, office=office).select_related("producer__business", "garment"):
        ws2.write_row(
            r, 0, [_safe(a.producer.business.name), _safe(a.garment.name), a.technique, _safe(a.size), a.pieces]
        )
        r += 1
    wb.close()
    return buf.getvalue()


def allocation_xlsx(rnd: Round) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("Pembagian")
    ws.write_row(
        0, 0, ["Produsen", "Kecamatan", "Jenis pakaian", "Kapasitas", "Bobot", "Tambahan", "Dibagi", "Jawaban"], bold
    )
    r = 1
    for a in (
        Allocation.objects.filter(round=rnd)
        .select_related("producer__business__district", "garment")
        .order_by("garment__order", "producer__business__name", "pk")
    ):
        b = a.producer.business
        ws.write_row(
            r,
            0,
            [
                _safe(b.name),
                b.district.name if b.district_id else "",
                _safe(a.garment.name),
                a.capacity,
                float(a.weight),
                a.boosts,
                a.pieces,
                a.producer.get_response_display(),
            ],
        )
        r += 1
    ws3 = wb.add_worksheet("Instansi x produsen")
    ws3.write_row(0, 0, ["Instansi", "Produsen", "Potong", "Nilai (Rp)"], bold)
    r = 1
    for row in (
        Assignment.objects.filter(round=rnd)
        .values("office__name", "producer__business__name")
        .annotate(n=Sum("pieces"), m=Sum(F("pieces") * F("unit_price")))
        .order_by("office__name", "producer__business__name")
    ):
        ws3.write_row(r, 0, [_safe(row["office__name"]), _safe(row["producer__business__name"]), row["n"], row["m"]])
        r += 1
    wb.close()
    return buf.getvalue()
