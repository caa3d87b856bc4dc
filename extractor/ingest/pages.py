"""Page-level reading: plan the pages of a file, read each (OCR where needed), put them together."""
from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor

import regex

from . import images, office, pdf, plaintext, sniff
from . import legacy
from .model import IngestError, Limits, PageJob, PageResult, RawDocument, Word
from .ocr import LANG, engine_version, ocr_image

LOW_CONFIDENCE = 60.0        # a page whose mean word confidence is below this gets a warning


def _too_large(size: int, limit: int, what: str, var: str) -> IngestError:
    return IngestError("too_large", f"{what} is {size / 1e6:.1f} MB, above the {limit / 1e6:.1f} MB limit ({var})")


def plan_pages(data: bytes) -> list[PageJob]:
    """The pages of a file as picklable jobs, in order. Raises IngestError for unreadable input."""
    return _plan(data, Limits.from_env())[0]


def _plan(data: bytes, limits: Limits) -> tuple[list[PageJob], str, str | None, int | None, list[tuple]]:
    """(jobs, media type, encoding, page count, document warnings)."""
    if not data:
        raise IngestError("empty", "empty file")
    kind = sniff.media_type(data)
    if kind.startswith("unsupported:"):
        raise IngestError("unsupported_type", f"{kind.split(':', 1)[1]}: not a document vnplan reads "
                                              "(text, PDF, DOCX, DOC, RTF or an image)")
    if kind == sniff.TEXT:
        if len(data) > limits.max_text_bytes:
            raise _too_large(len(data), limits.max_text_bytes, "text", "VNPLAN_MAX_TEXT_BYTES")
        text, encoding, warnings = plaintext.decode(data)
        return [PageJob(index=0, kind="text", text=text, media_type=kind)], kind, encoding, None, warnings
    if len(data) > limits.max_file_bytes:
        raise _too_large(len(data), limits.max_file_bytes, "file", "VNPLAN_MAX_FILE_BYTES")
    if kind == sniff.PDF:
        jobs, count, warnings = pdf.plan(data, limits)
        return jobs, kind, None, count, warnings
    if kind.startswith("image/"):
        jobs, count, warnings = images.plan(data, kind, limits)
        return jobs, kind, None, count, warnings
    warnings: list[tuple] = []
    if kind == sniff.DOCX:
        text = office.read_docx(data, limits)
    elif kind == sniff.DOC:
        text, warnings = office.read_doc(data, limits)
    else:
        text = office.read_rtf(data)
    name, converted = legacy.detect_and_convert(text)
    if name:
        text = converted
        warnings.append(("legacy_encoding", f"text was typed in a legacy {legacy.NAMES[name]} font, "
                                            "converted to Unicode"))
    return [PageJob(index=0, kind="text", text=text, media_type=kind)], kind, None, None, warnings


def run_page(job: PageJob) -> PageResult:
    """Read one page: a text page as it is; an OCR page rendered (PDF) or decoded (image), then OCR'd."""
    if job.kind == "text":
        return PageResult(index=job.index, text=job.text, warnings=job.warnings)
    limits = Limits.from_env()
    t0 = time.perf_counter()
    try:
        if job.media_type == "application/pdf":
            img, dpi, render_warnings = pdf.render(job.data, limits)
        else:
            img, dpi = images.load(job.data, limits)
            render_warnings = []
    except IngestError as err:
        return PageResult(index=job.index, text="", ocr=True, seconds=time.perf_counter() - t0,
                          warnings=job.warnings + (("page_unreadable", f"page {job.index + 1}: {err}",
                                                    job.index + 1),))
    result = ocr_image(img, job.index, dpi, limits.ocr_page_timeout)
    extra = tuple((c, m, job.index + 1) for c, m in render_warnings)
    return PageResult(index=result.index, text=result.text, ocr=True, words=result.words,
                      mean_confidence=result.mean_confidence, engine=result.engine, lang=result.lang,
                      seconds=time.perf_counter() - t0, warnings=job.warnings + extra + result.warnings)


# a page's last line that ends its paragraph: a sentence's end, a heading's colon, a table's rule
_PARAGRAPH_END = regex.compile(r"[.:;!?|]\s*$|\./\.\s*$")
# a page number on a line of its own, at the head or foot of its page: "2", "- 2 -", "Trang 2", "2/7"
_PAGE_NUMBER_LINE = regex.compile(r"(?m)^[ \t]*(?:Trang[ \t]+)?[-–]?[ \t]*(?P<n>\d{1,4})[ \t]*[-–]?(?:[ \t]*/[ \t]*\d{1,4})?[ \t]*$")


def _page_number(text: str, number: int) -> tuple[int, int] | None:
    """The span of the page's printed number, with its line break: the first or last line of the
    page when it holds the page's own number alone (pages from the second on carry one at the top)."""
    head = len(text) - len(text.lstrip())
    m = _PAGE_NUMBER_LINE.match(text, head)
    if m and int(m.group("n")) == number:
        return head, min(len(text), m.end() + 1)
    tail = text.rstrip()
    line_start = tail.rfind("\n") + 1
    m = _PAGE_NUMBER_LINE.fullmatch(tail, line_start)
    if m and line_start and int(m.group("n")) == number:
        return line_start - 1, len(tail)
    return None


def _without_page_number(r: PageResult) -> tuple[str, tuple[Word, ...]]:
    """A page's text and words without its printed page number."""
    cut = _page_number(r.text, r.index + 1) if r.text else None
    if cut is None:
        return r.text, r.words
    a, b = cut
    words = tuple(w if w.end <= a else Word(w.start - (b - a), w.end - (b - a), w.conf, w.box)
                  for w in r.words if w.end <= a or w.start >= b)
    return r.text[:a] + r.text[b:], words


def _page_break(before: str, after: str) -> str:
    """What goes between two pages' texts: a line break when the first page stops inside a sentence
    ("… Đoàn Thanh niên" / "Cộng sản Hồ Chí Minh thị xã …", "8. Ngân hàng nhà nước Việt" / "Nam -
    Chi nhánh …"), so that the normalizer joins it as any wrapped line; else a blank line, a
    paragraph's end."""
    last = before.rstrip()
    if not last or not after.strip() or _PARAGRAPH_END.search(last):
        return "\n\n"
    return "\n"


def assemble_pages(data: bytes, results: list[PageResult], filename: str | None = None) -> RawDocument:
    """The RawDocument of a file from the results of its page jobs (any order)."""
    limits = Limits.from_env()
    jobs_meta = _describe(data)
    return _assemble(data, results, filename, limits, *jobs_meta)


def _describe(data: bytes) -> tuple[str, str | None, int | None, list[tuple]]:
    """Media type, encoding, page count and document warnings, without reading pages again."""
    limits = Limits.from_env()
    kind = sniff.media_type(data)
    if kind == sniff.PDF:
        count = pdf.page_count(data)
        warnings = [("pages_truncated", f"PDF has {count} pages: only the first {limits.max_pages} are read "
                                        "(VNPLAN_MAX_PAGES)")] if count > limits.max_pages else []
        return kind, None, count, warnings
    if kind.startswith("image/"):
        img = images._open(data)
        count = getattr(img, "n_frames", 1) if kind in ("image/tiff", "image/webp") else 1
        return kind, None, count, []
    _, kind, encoding, count, warnings = _plan(data, limits)
    return kind, encoding, count, warnings


def _assemble(data, results, filename, limits, media_type, encoding, page_count, doc_warnings) -> RawDocument:
    results = sorted(results, key=lambda r: r.index)
    parts: list[str] = []
    starts: list[int] = []
    words: list[Word] = []
    warnings: list[tuple] = list(doc_warnings)
    ocr_pages, engine, pos = [], None, 0
    for r in results:
        page_text, page_words = _without_page_number(r) if page_count and page_count > 1 else (r.text, r.words)
        if pos:
            sep = _page_break(parts[-1], page_text)
            parts.append(sep)
            pos += len(sep)
        starts.append(pos)
        parts.append(page_text)
        if r.ocr:
            ocr_pages.append(r.index)
            engine = r.engine or engine
            words.extend(Word(w.start + pos, w.end + pos, w.conf, w.box) for w in page_words)
            if r.mean_confidence is not None and r.mean_confidence < LOW_CONFIDENCE:
                warnings.append(("ocr_low_confidence", f"page {r.index + 1}: mean OCR confidence "
                                                       f"{r.mean_confidence:.0f}", r.index + 1))
            elif r.text.strip() == "" and not r.warnings:
                warnings.append(("ocr_no_text", f"page {r.index + 1}: OCR found no text", r.index + 1))
        warnings.extend(r.warnings)
        pos += len(page_text)
        if pos > limits.max_text_bytes:
            warnings.append(("text_truncated", f"text stops after page {r.index + 1}: over "
                                               f"{limits.max_text_bytes / 1e6:.0f} MB (VNPLAN_MAX_TEXT_BYTES)"))
            break
    text = "".join(parts)
    if not text.strip():
        if ocr_pages:
            why = [w[1] for r in results for w in r.warnings if w[0] in ("ocr_timeout", "ocr_failed",
                                                                      "page_unreadable")]
            raise IngestError("no_text", f"no text found: OCR read no words on {len(ocr_pages)} page(s)"
                                         + (f" ({why[0]})" if why else ""))
        raise IngestError("empty", "file holds no text")
    mean = None
    if words:
        mean = round(sum(w.conf for w in words) / len(words), 1)
    return RawDocument(text=text, sha256=hashlib.sha256(data).hexdigest(), media_type=media_type,
                       filename=filename, encoding=encoding, pages=page_count,
                       warnings=tuple(warnings), page_starts=tuple(starts) if page_count else (),
                       words=tuple(words), ocr_pages=tuple(ocr_pages), ocr_engine=engine,
                       ocr_lang=LANG if ocr_pages else None, ocr_mean_confidence=mean)


def run_pages(jobs: list[PageJob], workers: int) -> list[PageResult]:
    """Run page jobs: text pages at once, OCR pages `workers` at a time. Each OCR page is its own
    Tesseract process (OMP_THREAD_LIMIT=1), driven from a thread: no interpreter is forked or
    started, and PDFium, which is not thread-safe, renders one page at a time behind a lock."""
    ocr_jobs = [j for j in jobs if j.kind == "ocr"]
    results = [run_page(j) for j in jobs if j.kind != "ocr"]
    if len(ocr_jobs) <= 1 or workers <= 1:
        return results + [run_page(j) for j in ocr_jobs]
    engine_version()                    # fail early, with a clear message, when Tesseract is missing
    with ThreadPoolExecutor(max_workers=min(workers, len(ocr_jobs)), thread_name_prefix="vnplan-ocr") as pool:
        results += list(pool.map(run_page, ocr_jobs))
    return results


def read_bytes(data: bytes, filename: str | None = None) -> RawDocument:
    limits = Limits.from_env()
    jobs, media_type, encoding, count, warnings = _plan(data, limits)
    results = run_pages(jobs, limits.ocr_workers)
    return _assemble(data, results, filename, limits, media_type, encoding, count, warnings)


def read_path(path: str) -> RawDocument:
    limits = Limits.from_env()
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(8)
            kind = sniff.media_type(head + b" " * 20) if head else sniff.TEXT
            if kind == sniff.TEXT and size > limits.max_text_bytes:
                raise _too_large(size, limits.max_text_bytes, "file", "VNPLAN_MAX_TEXT_BYTES")
            if size > limits.max_file_bytes:
                raise _too_large(size, limits.max_file_bytes, "file", "VNPLAN_MAX_FILE_BYTES")
            fh.seek(0)
            data = fh.read()
    except IsADirectoryError:
        raise IngestError("not_a_file", f"{path} is a directory") from None
    except FileNotFoundError:
        raise IngestError("not_found", f"{path}: no such file") from None
    except PermissionError:
        raise IngestError("unreadable", f"{path}: permission denied") from None
    return read_bytes(data, filename=os.path.basename(path))
