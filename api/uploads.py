"""What an uploaded file is, told from its bytes: plain text runs at once, the rest goes to a worker.

The client's filename is kept only as a label (a base name without control characters); it is
never used to build a path.
"""
from __future__ import annotations

import io
import posixpath
import unicodedata

# (magic bytes, media type): files that need a worker (PDF text layer or OCR, DOCX, images, ...)
_SLOW = (
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\xd0\xcf\x11\xe0", "application/x-ole-storage"),
    (b"{\\rtf", "application/rtf"),
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF8", "image/gif"),
    (b"BM", "image/bmp"),
    (b"RIFF", "application/octet-stream"),
    (b"\x1f\x8b", "application/gzip"),
)


def sniff(data: bytes) -> str:
    """The media type guessed from the first bytes; "text/plain" when no binary signature matches."""
    for magic, media in _SLOW:
        if data.startswith(magic):
            return media
    return "text/plain"


def safe_filename(name: str | None) -> str | None:
    """The base name of a client's filename, as a label: no folders, no control characters, at most 200 chars."""
    if not name:
        return None
    name = unicodedata.normalize("NFC", name).replace("\\", "/")
    name = posixpath.basename(name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return name[:200] or None


def count_pages(data: bytes, media_type: str) -> int | None:
    """Pages of a PDF or frames of a TIFF, when they can be counted cheaply; None otherwise."""
    try:
        if media_type == "application/pdf":
            import pypdfium2
            doc = pypdfium2.PdfDocument(data)
            try:
                return len(doc)
            finally:
                doc.close()
        if media_type == "image/tiff":
            from PIL import Image
            with Image.open(io.BytesIO(data)) as img:
                return getattr(img, "n_frames", 1)
    except Exception:                          # unreadable here: the worker's ingest says why
        return None
    return None
