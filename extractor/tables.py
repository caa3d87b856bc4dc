"""Extraction -> flat rows, one list per table, for dashboards, CSV/Parquet exports and SQL storage.

The column names here are the stable, documented ones (README "Tables"); every row of every
table carries `document_id` (the sha256 of the input bytes) so the tables join on it. Lists
inside an item (a task's lead units, a target's years) are joined with "; ".
"""
from __future__ import annotations

from typing import Any, Iterator

from .contract import Extraction

SEP = "; "

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("document_id", "filename", "media_type", "pages", "ocr_used", "number", "doc_type",
                  "issuer", "place", "issue_date", "title", "plan_year", "signer_name",
                  "signer_position", "n_sections", "n_targets", "n_units", "n_tasks",
                  "n_deadlines", "n_legal_refs", "n_warnings"),
    "sections": ("document_id", "section_id", "number", "level", "title", "kind", "parent_id",
                 "span_start", "span_end"),
    "targets": ("document_id", "target_id", "section_id", "indicator", "text", "value", "unit",
                "comparator", "years", "span_start", "span_end"),
    "units": ("document_id", "name", "canonical", "role", "task_id", "section_id", "rule",
              "span_start", "span_end"),
    "tasks": ("document_id", "task_id", "section_id", "text", "lead", "cooperate", "deadline_ids",
              "legal_ref_ids", "due_start", "due_end", "span_start", "span_end"),
    "deadlines": ("document_id", "deadline_id", "kind", "text", "start", "end", "year_inferred",
                  "task_id", "section_id", "span_start", "span_end"),
    "legal_refs": ("document_id", "ref_id", "type", "number", "date", "issuer", "name", "year",
                   "role", "mentions", "first_span_start", "first_span_end"),
}
TABLES = tuple(COLUMNS)


def _span(span) -> tuple[Any, Any]:
    return (span[0], span[1]) if span else (None, None)


def rows(ex: Extraction, table: str) -> Iterator[dict]:
    """The rows of one table for one document, as dicts with exactly COLUMNS[table] as keys."""
    doc_id = ex.source.sha256
    if table == "documents":
        m = ex.metadata
        yield {"document_id": doc_id, "filename": ex.source.filename, "media_type": ex.source.media_type,
               "pages": ex.source.pages, "ocr_used": ex.source.ocr.used, "number": m.number,
               "doc_type": m.doc_type, "issuer": m.issuer, "place": m.place, "issue_date": m.issue_date,
               "title": m.title, "plan_year": m.plan_year, "signer_name": m.signer.name,
               "signer_position": m.signer.position, "n_sections": len(ex.sections),
               "n_targets": len(ex.targets), "n_units": len(ex.units), "n_tasks": len(ex.tasks),
               "n_deadlines": len(ex.deadlines), "n_legal_refs": len(ex.legal_refs),
               "n_warnings": len(ex.warnings)}
    elif table == "sections":
        for s in ex.sections:
            yield {"document_id": doc_id, "section_id": s.id, "number": s.number, "level": s.level,
                   "title": s.title, "kind": s.kind, "parent_id": s.parent,
                   "span_start": s.span[0], "span_end": s.span[1]}
    elif table == "targets":
        # one row per value, so a dashboard can plot each figure; a target without a value keeps one row
        for t in ex.targets:
            values = t.values or [None]
            for v in values:
                yield {"document_id": doc_id, "target_id": t.id, "section_id": t.section,
                       "indicator": t.indicator, "text": t.text,
                       "value": v.value if v else None, "unit": v.unit if v else None,
                       "comparator": v.comparator if v else None,
                       "years": SEP.join(str(y) for y in t.years), "span_start": t.span[0],
                       "span_end": t.span[1]}
    elif table == "units":
        for u in ex.units:
            yield {"document_id": doc_id, "name": u.name, "canonical": u.canonical, "role": u.role,
                   "task_id": u.task, "section_id": u.section, "rule": u.rule,
                   "span_start": u.span[0], "span_end": u.span[1]}
    elif table == "tasks":
        due = {d.id: d for d in ex.deadlines}
        for t in ex.tasks:
            ends = sorted(due[i].end for i in t.deadlines if i in due and due[i].end)
            starts = sorted(due[i].start for i in t.deadlines if i in due and due[i].start)
            start, end = _span(t.span)
            yield {"document_id": doc_id, "task_id": t.id, "section_id": t.section, "text": t.text,
                   "lead": SEP.join(t.lead), "cooperate": SEP.join(t.cooperate),
                   "deadline_ids": SEP.join(t.deadlines), "legal_ref_ids": SEP.join(t.legal_refs),
                   "due_start": starts[0] if starts else None, "due_end": ends[0] if ends else None,
                   "span_start": start, "span_end": end}
    elif table == "deadlines":
        for d in ex.deadlines:
            yield {"document_id": doc_id, "deadline_id": d.id, "kind": d.kind, "text": d.text,
                   "start": d.start, "end": d.end, "year_inferred": d.year_inferred, "task_id": d.task,
                   "section_id": d.section, "span_start": d.span[0], "span_end": d.span[1]}
    elif table == "legal_refs":
        for r in ex.legal_refs:
            start, end = _span(r.mentions[0].span if r.mentions else None)
            yield {"document_id": doc_id, "ref_id": r.id, "type": r.type, "number": r.number,
                   "date": r.date, "issuer": r.issuer, "name": r.name, "year": r.year, "role": r.role,
                   "mentions": len(r.mentions), "first_span_start": start, "first_span_end": end}
    else:
        raise KeyError(f"unknown table {table!r}; tables are {', '.join(TABLES)}")


def all_rows(ex: Extraction) -> dict[str, list[dict]]:
    return {name: list(rows(ex, name)) for name in TABLES}
