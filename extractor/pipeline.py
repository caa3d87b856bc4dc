"""The whole flow, top to bottom: ingest -> normalize -> segment -> find -> assemble."""
from __future__ import annotations

from importlib import resources

from . import assemble, datafiles, ner, normalize, sections
from .contract import Extraction
from .finders import deadlines, legal_refs, metadata, percentages, targets, units
from .ingest import RawDocument, read_bytes, read_path


def extract(raw: RawDocument, units_mode: str = "combined") -> Extraction:
    doc = normalize.run(raw)                                   # text + offset map to the raw text
    outline = sections.split(doc)                              # section tree with spans
    meta, warnings = metadata.find(doc)
    unit_list, meta, unit_warnings = ner.apply(doc, outline, meta, units.find(doc, outline, meta.doc_type), units_mode)
    warnings = list(raw.warnings) + warnings + list(outline.warnings) + unit_warnings
    refs = legal_refs.find(doc, outline, own_number=meta.number)
    cited = [m.span for r in refs for m in r.mentions] + _title_span(doc.text, outline, meta.title)
    found = {
        "legal_refs": refs,
        "percentages": percentages.find(doc, outline),
        "targets": targets.find(doc, outline),
        "units": unit_list,
        "deadlines": deadlines.find(doc, outline, _year_of_dates(meta), exclude=cited,
                                    issued=meta.issue_date, every_year=_spans_years(meta)),
    }
    return assemble.build(doc, outline, meta, found, warnings)


def _title_span(text: str, outline, title: str | None) -> list[tuple[int, int]]:
    """Where the title stands before the first heading: the time of a programme or an event in a
    title ("Tháng hành động vì trẻ em năm 2025 (từ ngày 01/6 đến ngày 30/6/2025)") is no deadline;
    the body says when its tasks are done."""
    if not title:
        return []
    first = outline.headings[0].start if outline.headings else len(text)
    at = text.find(title, 0, first)
    return [(at, at + len(title))] if at >= 0 else []


def _year_of_dates(meta) -> int | None:
    """The year a date written without one belongs to: the plan's year, else the issue year."""
    if meta.plan_year:
        return meta.plan_year
    return int(meta.issue_date[:4]) if meta.issue_date else None


def _spans_years(meta) -> bool:
    """A plan over several years: its title names a period, so it has no single plan year."""
    return meta.plan_year is None and bool(meta.title)


def extract_path(path: str, units_mode: str = "combined") -> Extraction:
    return extract(read_path(path), units_mode)


def extract_bytes(data: bytes, filename: str | None = None) -> Extraction:
    return extract(read_bytes(data, filename))


def warm_up(units_mode: str = "combined") -> int:
    """What a service or a worker does once when it starts, so that its first documents cost no
    more than the others: run a small plan (data/warm_up.txt) through the stages, which imports the
    modules they use on demand and loads the organisation model in the "combined" mode, then build
    every table and pattern the sample did not need. Returns the number of tables and patterns."""
    sample = resources.files("extractor.data").joinpath("warm_up.txt").read_bytes()
    extract(read_bytes(sample, "warm-up.txt"), units_mode)
    return datafiles.build_all()
