"""Certificate PDFs (fpdf2) with a QR code (segno) to the public verification page."""

import io
import zipfile

import segno
from django.utils.formats import date_format
from fpdf import FPDF

from sentra.programs.models import Certificate
from sentra.regions.selectors import Issuer, certificate_issuer


def _latin1(text: str) -> str:
    # The PDF core fonts cover Latin-1; names outside it keep their letters where possible.
    return text.replace("“", '"').replace("”", '"').replace("—", "-").encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(certificate: Certificate, verify_url: str, issuer: Issuer | None = None) -> bytes:
    """The certificate as a real one reads: the council's logo and name, the holder and the program, and
    the signatory's name and title (regions.Site, editable by an admin; see certificate_issuer)."""
    issuer = issuer or certificate_issuer()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"Sertifikat {certificate.number}")
    pdf.set_author(_latin1(issuer.council_name))
    pdf.set_creator("Sentra")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(42, 111, 151)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    y = 16
    if issuer.logo_path:
        try:
            pdf.image(issuer.logo_path, x=(297 - 24) / 2, y=y, h=24, keep_aspect_ratio=True, w=24)
            y += 26
        except (OSError, ValueError, RuntimeError):  # a logo the PDF cannot read: the certificate without it
            pass
    pdf.set_y(y)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 7, _latin1(issuer.council_name.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 30)
    pdf.cell(0, 13, "SERTIFIKAT", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    pdf.cell(0, 7, _latin1(f"Nomor: {certificate.number}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.cell(0, 7, "diberikan kepada", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 24)
    pdf.cell(0, 14, _latin1(certificate.holder_name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    pdf.cell(0, 7, "yang telah menyelesaikan", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(certificate.program_title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    when = date_format(certificate.session_date, "j F Y")
    pdf.cell(0, 7, _latin1(f"pada {when}"), align="C", new_x="LMARGIN", new_y="NEXT")
    # the signature block, bottom left; the QR code bottom right
    pdf.set_xy(25, 140)
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(120, 6, _latin1(issuer.signatory_title or issuer.council_name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(25, 166)
    pdf.set_font("Helvetica", "BU" if issuer.signatory_name else "", 12)
    pdf.cell(120, 6, _latin1(issuer.signatory_name or "(.................................)"), new_x="LMARGIN")
    if issuer.signatory_name and issuer.signatory_title:
        pdf.set_xy(25, 172)
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(120, 5, _latin1(issuer.council_name))
    pdf.set_xy(25, 186)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(180, 6, _latin1(f"Periksa keaslian: {verify_url}"))
    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    pdf.image(qr, x=232, y=145, w=40, h=40)
    return bytes(pdf.output())


def certificates_zip(items: list[tuple[Certificate, str]]) -> bytes:
    """[(certificate, verify_url)] → a ZIP of PDFs named by number."""
    buffer = io.BytesIO()
    issuer = certificate_issuer()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate, url in items:
            archive.writestr(f"sertifikat-{certificate.number}.pdf", certificate_pdf(certificate, url, issuer))
    return buffer.getvalue()
