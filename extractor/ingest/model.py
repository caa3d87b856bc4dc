"""The plain values of the ingest stage: the document it returns, page jobs and their results,
the error it raises, and its limits (read from the environment on every call)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

# Warnings are (code, message) or (code, message, page) tuples, pages counted from 1.


class IngestError(ValueError):
    """The input cannot be read as a document; the message says why, in one line."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Word:
    """One OCR word: its offsets in the page text, its box on the page image and its confidence."""
    start: int
    end: int
    conf: float                          # Tesseract's word confidence, 0-100
    box: tuple[int, int, int, int]       # left, top, width, height in pixels of the OCR'd image


@dataclass(frozen=True)
class PageJob:
    """One page to read: `kind` "text" carries its text already; "ocr" carries the bytes of one
    page (a one-page PDF or an image) that run_page renders and OCRs. Picklable."""
    index: int                           # 0-based page number in the document
    kind: str                            # "text" or "ocr"
    text: str = ""
    data: bytes = b""
    media_type: str = ""                 # of `data`: application/pdf, image/png, image/tiff ...
    reason: str = ""                     # why OCR: "no_text_layer", "garbage_text_layer", "image"
    warnings: tuple = ()


@dataclass(frozen=True)
class PageResult:
    index: int
    text: str
    ocr: bool = False
    words: tuple[Word, ...] = ()
    mean_confidence: float | None = None
    engine: str | None = None
    lang: str | None = None
    seconds: float = 0.0
    warnings: tuple = ()


@dataclass(frozen=True)
class RawDocument:
    text: str
    sha256: str
    media_type: str
    filename: str | None = None
    encoding: str | None = None
    pages: int | None = None
    warnings: tuple[tuple, ...] = field(default_factory=tuple)
    page_starts: tuple[int, ...] = ()    # offset in `text` where each page begins
    words: tuple[Word, ...] = ()         # OCR words, offsets into `text`, in text order
    ocr_pages: tuple[int, ...] = ()      # 0-based indexes of the pages read by OCR
    ocr_engine: str | None = None
    ocr_lang: str | None = None
    ocr_mean_confidence: float | None = None

    @property
    def ocr_used(self) -> bool:
        return bool(self.ocr_pages)

    def page_at(self, offset: int) -> int | None:
        """1-based page number holding `offset` of the text, None for a document without pages."""
        if not self.page_starts:
            return None
        lo, hi = 0, len(self.page_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.page_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def confidence(self, start: int, end: int) -> float | None:
        """Lowest OCR word confidence over text[start:end] (0-1), None where no OCR word lies."""
        if not self.words:
            return None
        import bisect
        i = bisect.bisect_right(self._word_ends(), start)
        low = None
        while i < len(self.words) and self.words[i].start < end:
            c = self.words[i].conf
            low = c if low is None or c < low else low
            i += 1
        return None if low is None else round(low / 100.0, 3)

    def _word_ends(self) -> list[int]:
        cached = self.__dict__.get("_ends")
        if cached is None:
            cached = [w.end for w in self.words]
            object.__setattr__(self, "_ends", cached)
        return cached


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_text_bytes: int          # VNPLAN_MAX_TEXT_BYTES: a plain text file, and the text read out of any file
    max_file_bytes: int          # VNPLAN_MAX_FILE_BYTES: a PDF, DOCX, image ... as uploaded
    max_pages: int               # VNPLAN_MAX_PAGES: pages read; the rest are left out with a warning
    max_pixels: int              # VNPLAN_MAX_PIXELS: one image or page as rendered
    ocr_page_timeout: int        # VNPLAN_OCR_PAGE_TIMEOUT: seconds of Tesseract for one page
    max_unzipped_bytes: int      # VNPLAN_MAX_UNZIPPED_BYTES: a DOCX's parts once inflated
    ocr_workers: int             # VNPLAN_OCR_WORKERS: processes for OCR pages (default: the cores)
    ocr_dpi: int                 # VNPLAN_OCR_DPI: resolution PDF pages are rendered at for OCR

    @classmethod
    def from_env(cls) -> "Limits":
        return cls(
            max_text_bytes=_env_int("VNPLAN_MAX_TEXT_BYTES", 10 * 1024 * 1024),
            max_file_bytes=_env_int("VNPLAN_MAX_FILE_BYTES", 200 * 1024 * 1024),
            max_pages=_env_int("VNPLAN_MAX_PAGES", 500),
            max_pixels=_env_int("VNPLAN_MAX_PIXELS", 60_000_000),
            ocr_page_timeout=_env_int("VNPLAN_OCR_PAGE_TIMEOUT", 120),
            max_unzipped_bytes=_env_int("VNPLAN_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024),
            ocr_workers=_env_int("VNPLAN_OCR_WORKERS", os.cpu_count() or 1),
            ocr_dpi=_env_int("VNPLAN_OCR_DPI", 300),
        )
