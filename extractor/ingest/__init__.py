"""Ingest: bytes of one input file -> RawDocument (decoded text and what is known of its source).

Type is told from the bytes, never from the file name.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

MAX_TEXT_BYTES = int(os.environ.get("VNPLAN_MAX_TEXT_BYTES", str(10 * 1024 * 1024)))

_BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP container (DOCX, XLSX or ZIP)"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.doc/.xls)"),
    (b"{\\rtf", "an RTF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)


class IngestError(ValueError):
    """The input cannot be read as a document; the message says why, in one line."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class RawDocument:
    text: str
    sha256: str
    media_type: str
    filename: str | None = None
    encoding: str | None = None
    pages: int | None = None
    warnings: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        sample = data[:4000]
        # UTF-16 without a byte-order mark: every other byte of ASCII text is NUL
        if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
            return data.decode("utf-16-le"), "utf-16-le"
        if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
            return data.decode("utf-16-be"), "utf-16-be"
        raise IngestError(
            "encoding",
            f"not UTF-8 or UTF-16 text (invalid byte at offset {err.start}); "
            "legacy encodings such as TCVN3, VNI or Windows-1258 are not read by this version",
        ) from None


def read_bytes(data: bytes, filename: str | None = None) -> RawDocument:
    if not data:
        raise IngestError("empty", "empty file")
    if len(data) > MAX_TEXT_BYTES:
        raise IngestError("too_large", f"file is {len(data) / 1e6:.1f} MB, above the "
                                       f"{MAX_TEXT_BYTES / 1e6:.1f} MB limit (VNPLAN_MAX_TEXT_BYTES)")
    for magic, what in _BINARY_SIGNATURES:
        if data.startswith(magic):
            raise IngestError("unsupported_type", f"{what}: only plain text is read by this version")
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        raise IngestError("encoding", "undecodable UTF-16 text") from None
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in text[:20000] or controls > max(8, len(text[:20000]) // 100):
        raise IngestError("binary", "binary data, not text")
    if not text.strip():
        raise IngestError("empty", "file holds no text")
    return RawDocument(text=text, sha256=hashlib.sha256(data).hexdigest(), media_type="text/plain",
                       filename=filename, encoding=encoding)


def read_path(path: str) -> RawDocument:
    try:
        size = os.path.getsize(path)
        if size > MAX_TEXT_BYTES:
            raise IngestError("too_large", f"file is {size / 1e6:.1f} MB, above the "
                                           f"{MAX_TEXT_BYTES / 1e6:.1f} MB limit (VNPLAN_MAX_TEXT_BYTES)")
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise IngestError("not_a_file", f"{path} is a directory") from None
    except FileNotFoundError:
        raise IngestError("not_found", f"{path}: no such file") from None
    except PermissionError:
        raise IngestError("unreadable", f"{path}: permission denied") from None
    return read_bytes(data, filename=os.path.basename(path))
