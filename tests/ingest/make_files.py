"""Small input files built at test time: PDFs with a real text layer (PDFium, DejaVu Serif embedded),
scanned pages, DOCX with list numbering and a table, RTF, and broken or hostile inputs."""
from __future__ import annotations

import ctypes
import io
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import render_scans  # noqa: E402


def text_pdf(pages: list[list[str]], background=None) -> bytes:
    """A PDF whose pages carry `pages` (lines of text) as a real text layer; `background`, a list
    of PIL images, puts a page-sized image under the text of each page (a scan with a text layer)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    pdf = pdfium.PdfDocument.new()
    with open(FONT, "rb") as fh:
        font_bytes = fh.read()
    font_buf = (ctypes.c_uint8 * len(font_bytes)).from_buffer_copy(font_bytes)
    font = raw.FPDFText_LoadFont(pdf, font_buf, len(font_bytes), raw.FPDF_FONT_TRUETYPE, 1)
    keep = []
    for k, lines in enumerate(pages):
        page = pdf.new_page(595, 842)
        if background is not None:
            img = background[k]
            bitmap = pdfium.PdfBitmap.from_pil(img.convert("RGB"))
            keep.append(bitmap)
            obj = raw.FPDFPageObj_NewImageObj(pdf)
            raw.FPDFImageObj_SetBitmap(None, 0, obj, bitmap)
            raw.FPDFPageObj_Transform(obj, 595, 0, 0, 842, 0, 0)
            raw.FPDFPage_InsertObject(page, obj)
        for i, line in enumerate(lines):
            obj = raw.FPDFPageObj_CreateTextObj(pdf, font, 11.0)
            wide = ctypes.create_string_buffer((line + "\x00").encode("utf-16-le"))
            raw.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
            if background is not None:          # a scanner's text layer is invisible
                raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 56, 790 - 16 * i)
            raw.FPDFPage_InsertObject(page, obj)
        raw.FPDFPage_GenerateContent(page)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def repeated_pdf(pages: list[list[str]], count: int) -> bytes:
    """A PDF of `count` pages that cycle through `pages` (quick to build however long)."""
    import pypdfium2 as pdfium
    src = pdfium.PdfDocument(text_pdf(pages))
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [i % len(pages) for i in range(count)])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def scanned_pages(text: str, name: str, dpi: int = 300):
    """Scanned-looking page images of `text` (see scripts/render_scans.py)."""
    import numpy as np
    rng = np.random.default_rng(render_scans.seed_of(name))
    return [render_scans.scan(p, rng) for p in render_scans.render_pages(text, 0, dpi)]


def docx_with_numbering() -> bytes:
    import docx
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Triển khai thực hiện công tác trẻ em năm 2022")
    d.add_paragraph("Mục đích, yêu cầu", style="List Number")
    d.add_paragraph("Nhiệm vụ và giải pháp", style="List Number")
    d.add_paragraph("Tổ chức thực hiện", style="List Number")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Đơn vị chủ trì"
    t.cell(0, 1).text = "Thời gian"
    t.cell(1, 0).text = "Phòng Văn hóa - Xã hội"
    t.cell(1, 1).text = "Trước ngày 30/6/2022"
    d.add_paragraph("Nơi nhận:")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def zip_bomb(inflated: int) -> bytes:
    """A DOCX-shaped ZIP whose document.xml inflates to `inflated` bytes of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(inflated >> 20):
                fh.write(chunk)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler with a user password (not the empty one)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"a1" * 32 + b"> /U <" + b"b2" * 32 + b"> /P -4 >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for o in offsets:
        out.write(b"%010d 00000 n \n" % o)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objs) + 1, b"00" * 16, b"00" * 16, xref))
    return out.getvalue()


RTF = (r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}"
       r"\f0 K\u7871? ho\u7841?ch s\u7889? 12/KH-UBND\par "
       r"I. M\u7908?C \u272?\u205?CH\par "
       r"1. Ph\u242?ng V\u259?n h\u243?a - X\u227? h\u7897?i ch\u7911? tr\u236?\par }")
