"""Ingest: bytes of one input file -> RawDocument (its text, page boundaries, OCR words, source facts).

The type is told from the bytes, never from the file name: plain text (UTF-8, UTF-16, and the
legacy TCVN3 and VNI encodings, converted with a warning), PDF (text layer per page; pages with no
or a garbage text layer are OCR'd), DOCX, legacy Word .doc, RTF, and images (PNG, JPEG, TIFF incl.
multi-page, GIF, BMP, WebP) read by Tesseract with `vie`.

Whole documents:

    read_bytes(data, filename=None) -> RawDocument
    read_path(path) -> RawDocument

Page level, for spreading the OCR of one document over workers (a Dask cluster, say):

    jobs = plan_pages(data)                    # list[PageJob], picklable, in page order
    results = [run_page(j) for j in jobs]      # PageResult each, picklable; run anywhere
    raw = assemble_pages(data, results, filename)

A PageJob of kind "text" already holds its text (run_page returns at once); one of kind "ocr"
holds the bytes of that single page (a one-page PDF or an image, `media_type` says which), so a
worker needs nothing else. run_page changes no process state: the OCR of a page is its own
Tesseract process started with OMP_THREAD_LIMIT=1, so one run_page at a time per core is the right
load (read_bytes runs VNPLAN_OCR_WORKERS pages at a time, default the cores, from threads; PDFium,
which is not thread-safe, renders behind a lock). Results may come back in any order. plan_pages
and assemble_pages raise IngestError for unreadable input.

Limits (environment variables, read at each call): VNPLAN_MAX_TEXT_BYTES (10 MB of text),
VNPLAN_MAX_FILE_BYTES (200 MB file), VNPLAN_MAX_PAGES (500 pages read, the rest left out with a
warning), VNPLAN_MAX_PIXELS (60 Mpx per image or rendered page), VNPLAN_OCR_PAGE_TIMEOUT (120 s
per page, the page left empty with a warning), VNPLAN_MAX_UNZIPPED_BYTES (200 MB inflated DOCX),
VNPLAN_OCR_WORKERS (processes, default the cores), VNPLAN_OCR_DPI (300, PDF pages rendered for OCR).

Warnings are (code, message) or (code, message, page) tuples, pages counted from 1.
"""
from __future__ import annotations

import os

from .model import IngestError, Limits, PageJob, PageResult, RawDocument, Word
from .pages import assemble_pages, plan_pages, read_bytes, read_path, run_page, run_pages

MAX_TEXT_BYTES = int(os.environ.get("VNPLAN_MAX_TEXT_BYTES", str(10 * 1024 * 1024)))

__all__ = ["IngestError", "Limits", "MAX_TEXT_BYTES", "PageJob", "PageResult", "RawDocument", "Word",
           "assemble_pages", "plan_pages", "read_bytes", "read_path", "run_page", "run_pages"]
