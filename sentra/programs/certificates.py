"""Certificate PDFs (fpdf2) with a QR code (segno) to the public verification page."""

import io
import zipfile

import segno
from django.utils.formats import date_format
from fpdf import FPDF

from sentra.programs.models import Certificate


def _latin1(text: str) -> str:
    # The PDF core fonts cover Latin-1; names outside it keep their letters where possible.
    return text.replace("“", '"').replace("”", '"').replace("—", "-").encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(certificate: Certificate, verify_url: str, organiser: str = "Dekranasda") -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"Sertifikat {certificate.number}")
    pdf.set_creator("Sentra")
    pdf.add_page()
    pdf.set_draw_color(42, 111, 151)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_font("Helvetica", "B", 30)
    pdf.set_y(30)
    pdf.cell(0, 14, "SERTIFIKAT", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    pdf.cell(0, 8, _latin1(f"Nomor: {certificate.number}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.cell(0, 8, "diberikan kepada", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 24)
    pdf.cell(0, 16, _latin1(certificate.holder_name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    pdf.cell(0, 8, "yang telah menyelesaikan", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _latin1(certificate.program_title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    when = date_format(certificate.session_date, "j F Y")
    pdf.cell(0, 8, _latin1(f"pada {when}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(160)
    pdf.set_x(25)
    pdf.cell(120, 7, _latin1(organiser), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(25)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(120, 6, _latin1(f"Periksa keaslian: {verify_url}"))
    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    pdf.image(qr, x=232, y=145, w=40, h=40)
    return bytes(pdf.output())


def certificates_zip(items: list[tuple[Certificate, str]]) -> bytes:
    """[(certificate, verify_url)] → a ZIP of PDFs named by number."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate, url in items:
            archive.writestr(f"sertifikat-{certificate.number}.pdf", certificate_pdf(certificate, url))
    return buffer.getvalue()
