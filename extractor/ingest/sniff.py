"""The type of an input, told from its first bytes (and, for ZIP files, its member names)."""
from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
RTF = "application/rtf"
TEXT = "text/plain"

_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"{\\rtf", RTF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", DOC),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)
# refused with their name: we know what they are, and that they hold no document we read
_REFUSED = (
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
)


def media_type(data: bytes) -> str:
    """One of PDF, DOCX, DOC, RTF, image/*, text/plain; or "unsupported:<what>"."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf") if data[:3] == b"\xef\xbb\xbf" else data[:1024]
    if b"%PDF-" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return PDF                      # some producers put junk before the header; readers accept it
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            if kind == "image/bmp" and (len(data) < 26 or data[14] not in (12, 40, 52, 56, 108, 124)):
                continue            # "BM" also starts plain text
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    for magic, what in _REFUSED:
        if data.startswith(magic):
            return f"unsupported:{what}"
    return TEXT


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "unsupported:a damaged ZIP container"
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return "unsupported:an Excel workbook (XLSX)"
    if "ppt/presentation.xml" in names:
        return "unsupported:a PowerPoint file (PPTX)"
    if "content.xml" in names:
        return "unsupported:an OpenDocument file (save it as DOCX or PDF)"
    return "unsupported:a ZIP archive"
