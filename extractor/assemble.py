"""Assemble: the finders' items -> the contract document, with tasks joining units, deadlines and
references within each task item."""
from __future__ import annotations

import regex

from .contract import Extraction, Metadata, OCRInfo, Source, Task, Warning_
from .normalize import Document
from .finders.units import is_letter
from .sections import Outline, body_end

_BULLET = regex.compile(r"^[-+•–]\s(?!\s*(?i:đơn vị|cơ quan|thời gian|thời hạn|chủ trì|phối hợp|kinh phí|sản phẩm)[^:\n]{0,25}:)", regex.M)
_TASK_KINDS = {"tasks", "organization", "reporting"}


def _letter_item(h, outline: Outline, doc_type: str | None) -> bool:
    """A numbered item of a letter ("Công văn", a "Chỉ thị"): "1. Giao Sở Y tế chủ trì …" is an instruction, a
    task, whatever its words (the units finder reads its units the same way)."""
    if not is_letter(doc_type):
        return False
    top = list(outline.ancestors(h))[-1]
    return top.style == "heading.arabic" and top.kind == "other"


def _task_spans(doc: Document, outline: Outline, doc_type: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, section id) of each task item: a bullet in a leaf section of the tasks or
    organization parts (or a numbered item of a letter), or the leaf section itself when it has no
    bullets."""
    text = doc.text
    parents = {h.parent for h in outline.headings if h.parent}
    last = body_end(text)           # the recipients, signature and appendix hold no tasks
    spans = []
    for h in outline.headings:
        if h.id in parents or h.start >= last:
            continue
        if h.kind not in _TASK_KINDS and not _letter_item(h, outline, doc_type):
            continue
        h_end = min(h.end, last)
        body_start = h.line_end + 1
        bullets = [m.start() for m in _BULLET.finditer(text, body_start, h_end)]
        if not bullets:
            spans.append((h.start, h_end, h.id))
            continue
        if bullets[0] > body_start:
            spans.append((h.start, bullets[0], h.id))
        for i, b in enumerate(bullets):
            end = bullets[i + 1] if i + 1 < len(bullets) else h_end
            spans.append((b, end, h.id))
    return spans


def build(doc: Document, outline: Outline, metadata: Metadata, found: dict, warnings: list) -> Extraction:
    text = doc.text
    raw = doc.raw
    tasks: list[Task] = []
    heading_leads: dict[str, list[str]] = {}
    for u in found["units"]:
        if u.rule == "unit.heading" and u.section:
            heading_leads.setdefault(u.section, []).append(u.name)
    for start, end, sid in _task_spans(doc, outline, metadata.doc_type):
        chunk = text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end = start + len(chunk.strip())
        t = Task(id=f"t{len(tasks) + 1}", section=sid, text=text[start:end], span=(start, end))
        h = outline.by_id(sid)
        for anc in outline.ancestors(h):
            for name in heading_leads.get(anc.id, []):
                if name not in t.lead:
                    t.lead.append(name)
        tasks.append(t)

    def task_at(pos: int) -> Task | None:
        for t in tasks:
            if t.span[0] <= pos < t.span[1]:
                return t
        return None

    for u in found["units"]:
        t = task_at(u.span[0])
        if t is None:
            continue
        u.task = t.id
        bucket = t.lead if u.role == "lead" else t.cooperate
        if u.name not in bucket:
            bucket.append(u.name)
    for d in found["deadlines"]:
        t = task_at(d.span[0])
        if t is not None:
            d.task = t.id
            t.deadlines.append(d.id)
    for r in found["legal_refs"]:
        for m in r.mentions:
            t = task_at(m.span[0])
            if t is not None and r.id not in t.legal_refs:
                t.legal_refs.append(r.id)

    sections = [dict(id=h.id, number=h.number, level=h.level, title=h.title, kind=h.kind, parent=h.parent,
                     span=(h.start, h.end), rule=h.style, confidence=_ocr_confidence(doc, h.start, h.line_end))
                for h in outline.headings]
    _set_ocr_confidences(doc, found)
    source = Source(filename=raw.filename, sha256=raw.sha256, media_type=raw.media_type, encoding=raw.encoding,
                    pages=raw.pages, ocr=OCRInfo(used=raw.ocr_used, engine=raw.ocr_engine, lang=raw.ocr_lang,
                                                 mean_confidence=raw.ocr_mean_confidence))
    return Extraction(source=source, text=text, metadata=metadata, sections=sections,
                      legal_refs=found["legal_refs"], percentages=found["percentages"], targets=found["targets"],
                      units=found["units"], deadlines=found["deadlines"], tasks=tasks,
                      warnings=[Warning_(code=w[0], message=w[1], page=w[2] if len(w) > 2 else None)
                                for w in warnings])


def _ocr_confidence(doc: Document, start: int, end: int) -> float | None:
    """Lowest OCR word confidence (0-1) over a span of the normalized text; None for text inputs."""
    return doc.raw.confidence(*doc.original_span(start, end)) if doc.raw.words else None


def _set_ocr_confidences(doc: Document, found: dict) -> None:
    if not doc.raw.words:
        return
    for field in ("percentages", "targets", "units", "deadlines"):
        for item in found[field]:
            item.confidence = _ocr_confidence(doc, *item.span)
    for ref in found["legal_refs"]:
        for m in ref.mentions:
            m.confidence = _ocr_confidence(doc, *m.span)
