"""PDF: the text layer of each page (pypdfium2), and which pages need OCR instead.

A page is OCR'd when it has no text layer, when a page-sized image carries only a little text (a
scan with a signature stamp), or when its text layer is garbage (implausible syllables: phone and
office scanners write broken Vietnamese text layers). A text layer in a legacy font encoding is
converted instead. Text layers are NFC-normalised (some come decomposed), line-end hyphens that
PDFium marks are restored, and a document number broken at a line end is joined again.
"""
from __future__ import annotations

import io
import threading
import unicodedata

import regex

from . import legacy
from .model import IngestError, Limits, PageJob
from .syllables import judged_words, plausible_share

MIN_LETTERS = 40             # fewer letters than this and an image on the page: OCR it
SCAN_TEXT_LETTERS = 400      # a page-sized image with fewer letters of text: a scan with a stamp
GARBAGE_SHARE = 0.6          # fewer plausible syllables than this: a garbage text layer

# PDFium is not thread-safe, even across documents: every use of it in the process goes through this
PDFIUM_LOCK = threading.RLock()


def page_count(data: bytes) -> int:
    with PDFIUM_LOCK:
        pdf = open_pdf(data)
        try:
            return len(pdf)
        finally:
            pdf.close()


def open_pdf(data: bytes):
    import pypdfium2 as pdfium
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        msg = str(err)
        if "password" in msg.lower() or "security" in msg.lower():
            raise IngestError("encrypted", "encrypted PDF: it needs a password to open") from None
        detail = regex.search(r"PDFium: ([^)]*)", msg)
        raise IngestError("corrupt", f"damaged PDF ({detail.group(1) if detail else msg})") from None


# "23/QĐ" at a line end and "TTg" (two capitals at least) starting the next: one number
_NUMBER_BREAK = regex.compile(r"(\b\d{1,5}/(?:\d{4}/)?[\p{Lu}][\p{Lu}y]{0,5})\n((?=[\p{L}&]*\p{Lu}[\p{L}&]*\p{Lu})"
                              r"[\p{Lu}][\p{L}&]{1,9}\b)")


def clean_text_layer(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x02\n", "-\n").replace("\x02", "-").replace("\ufffe", "-")
    text = "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)
    text = unicodedata.normalize("NFC", text)
    return _NUMBER_BREAK.sub(r"\1-\2", text)


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _has_page_image(page) -> bool:
    import pypdfium2.raw as raw
    w, h = page.get_size()
    area = max(w * h, 1.0)
    try:
        for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
            left, bottom, right, top = obj.get_bounds()
            if (right - left) * (top - bottom) > 0.5 * area:
                return True
    except Exception:                       # an odd object tree: judge by the text alone
        return False
    return False


def _has_drawing(page, letters: int) -> bool:
    """Is there something on a page with (almost) no text layer that OCR could read? An image, or
    paths (text converted to outlines); a page with a short text and nothing else is left as it is."""
    import pypdfium2.raw as raw
    try:
        kinds = {obj.type for obj in page.get_objects(max_depth=2)}
    except Exception:
        return True
    if raw.FPDF_PAGEOBJ_IMAGE in kinds:
        return True
    return letters == 0 and raw.FPDF_PAGEOBJ_PATH in kinds


def one_page_pdf(pdf, index: int) -> bytes:
    import pypdfium2 as pdfium
    single = pdfium.PdfDocument.new()
    single.import_pages(pdf, [index])
    buf = io.BytesIO()
    single.save(buf)
    single.close()
    return buf.getvalue()


def plan(data: bytes, limits: Limits) -> tuple[list[PageJob], int, list[tuple]]:
    """Page jobs for the first `max_pages` pages, the page count, and document warnings."""
    with PDFIUM_LOCK:
        return _plan(data, limits)


def _plan(data: bytes, limits: Limits) -> tuple[list[PageJob], int, list[tuple]]:
    pdf = open_pdf(data)
    try:
        count = len(pdf)
        if count == 0:
            raise IngestError("empty", "PDF has no pages")
        warnings = []
        if count > limits.max_pages:
            warnings.append(("pages_truncated", f"PDF has {count} pages: only the first {limits.max_pages} "
                                                "are read (VNPLAN_MAX_PAGES)"))
        jobs = []
        for i in range(min(count, limits.max_pages)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = clean_text_layer(textpage.get_text_range())
            textpage.close()
            letters = _letters(text)
            reason, page_warnings = "", []
            if letters < MIN_LETTERS and _has_drawing(page, letters):
                reason = "no_text_layer"
            elif judged_words(text) >= 10 and plausible_share(text) < GARBAGE_SHARE:
                name, converted = legacy.detect_and_convert(text)
                if name:
                    text = converted
                    page_warnings.append(("legacy_encoding", f"page {i + 1}: text layer in the legacy "
                                          f"{legacy.NAMES[name]} encoding, converted to Unicode", i + 1))
                else:
                    reason = "garbage_text_layer"
                    page_warnings.append(("garbage_text_layer", f"page {i + 1}: the text layer is not readable "
                                          f"Vietnamese ({plausible_share(text):.0%} plausible syllables): "
                                          "page read by OCR instead", i + 1))
            if not reason and letters < SCAN_TEXT_LETTERS and _has_page_image(page):
                reason = "scanned_page"
            if reason:
                jobs.append(PageJob(index=i, kind="ocr", data=one_page_pdf(pdf, i), media_type="application/pdf",
                                    reason=reason, warnings=tuple(page_warnings)))
            else:
                jobs.append(PageJob(index=i, kind="text", text=text, media_type="application/pdf",
                                    warnings=tuple(page_warnings)))
            page.close()
        return jobs, count, warnings
    finally:
        pdf.close()


def render(data: bytes, limits: Limits):
    """(PIL grayscale image, dpi, warnings) of the single page in `data`."""
    with PDFIUM_LOCK:
        return _render(data, limits)


def _render(data: bytes, limits: Limits):
    pdf = open_pdf(data)
    try:
        page = pdf[0]
        w, h = page.get_size()
        dpi = float(limits.ocr_dpi)
        warnings = []
        pixels = w * h * (dpi / 72.0) ** 2
        if pixels > limits.max_pixels:
            dpi = max(36.0, 72.0 * (limits.max_pixels / max(w * h, 1.0)) ** 0.5)
            warnings.append(("page_downscaled", f"page of {w / 72:.0f}x{h / 72:.0f} in rendered at {dpi:.0f} dpi "
                                                "to stay within VNPLAN_MAX_PIXELS"))
        # Rendered in colour and made grayscale by Pillow: the same pixels for a gray scan, in 0.05 s
        # an A4 page at 300 dpi against 0.11 s for PDFium's own grayscale rendering.
        bitmap = page.render(scale=dpi / 72.0)
        image = bitmap.to_pil().convert("L")    # owns its pixels before PDFium frees the bitmap
        bitmap.close()
        page.close()
        return image, dpi, warnings
    finally:
        pdf.close()
