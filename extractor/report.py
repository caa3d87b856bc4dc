"""The plain-text summary of one extracted document, for a person to read (`vnplan report FILE`).

Vietnamese labels, dates as dd/mm/yyyy, long lines wrapped; every list says how many items it
has and, when it is cut, how many are not shown. Reads an Extraction; `load` takes either an
input document (run through the pipeline) or a contract JSON file.
"""
from __future__ import annotations

import json
import textwrap
from collections import Counter

from .contract import Extraction

WIDTH = 100

LABELS = {
    "title": "TÓM TẮT VĂN BẢN",
    "file": "Tệp", "number": "Số hiệu", "doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành",
    "place": "Địa danh", "issue_date": "Ngày ban hành", "subject": "Trích yếu", "plan_year": "Năm kế hoạch",
    "signer": "Người ký", "missing": "(không rõ)", "blank_date": "(để trống)",
    "counts": "Số lượng", "sections": "mục", "targets": "chỉ tiêu", "tasks": "nhiệm vụ",
    "units": "đơn vị", "deadlines": "thời hạn", "legal_refs": "văn bản dẫn chiếu", "warnings": "cảnh báo",
    "outline": "BỐ CỤC", "basis": "CĂN CỨ", "other_refs": "VĂN BẢN KHÁC ĐƯỢC NHẮC ĐẾN",
    "target_list": "CHỈ TIÊU", "lead_units": "ĐƠN VỊ CHỦ TRÌ", "tasks_due": "NHIỆM VỤ CÓ THỜI HẠN",
    "timeline": "MỐC THỜI GIAN", "warning_list": "CẢNH BÁO", "more": "… và {n} mục khác",
    "lead": "chủ trì", "cooperate": "phối hợp", "due": "hạn", "times": "lần", "recurring": "thường xuyên/định kỳ",
    "ocr": "nhận dạng OCR", "pages": "trang",
}
COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "", "reduce": "giảm", "increase": "tăng",
               "maintain": "duy trì"}


def vn_date(iso: str | None) -> str | None:
    """'2024-05-16' -> '16/05/2024'."""
    if not iso or len(iso) != 10:
        return iso
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def _number(x: float) -> str:
    s = f"{x:,.2f}".rstrip("0").rstrip(".")
    return s.replace(",", " ").replace(".", ",")         # Vietnamese: decimal comma


def _value(v) -> str:
    parts = [COMPARATORS.get(v.comparator, v.comparator)]
    if v.value is not None:
        parts.append(_number(v.value) + (v.unit if v.unit == "%" else f" {v.unit}" if v.unit else ""))
    return " ".join(p for p in parts if p)


def _wrap(text: str, indent: str = "  ", first: str | None = None) -> list[str]:
    text = " ".join(text.split())
    return textwrap.wrap(text, WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent + "  ") or [indent]


def _cut(items: list, limit: int, lines: list[str], indent: str = "  ") -> list:
    if len(items) > limit:
        lines.append(f"{indent}{LABELS['more'].format(n=len(items) - limit)}")
    return items[:limit]


def render(ex: Extraction, limit: int = 15) -> str:
    L, m = LABELS, ex.metadata
    out = [L["title"], "=" * len(L["title"])]

    def field(label: str, value) -> None:
        out.extend(_wrap(f"{label}: {value if value not in (None, '') else L['missing']}", "", ""))

    src = ex.source
    extra = []
    if src.pages:
        extra.append(f"{src.pages} {L['pages']}")
    if src.ocr.used:
        extra.append(L["ocr"] + (f" {src.ocr.mean_confidence:.0f}%" if src.ocr.mean_confidence is not None else ""))
    field(L["file"], (src.filename or src.sha256[:16]) + (f" ({', '.join(extra)})" if extra else ""))
    field(L["doc_type"], m.doc_type)
    field(L["number"], m.number)
    field(L["issuer"], m.issuer)
    date = vn_date(m.issue_date) or L["blank_date"]
    field(L["issue_date"], f"{date}" + (f", {m.place}" if m.place else ""))
    field(L["subject"], m.title)
    field(L["plan_year"], m.plan_year)
    signer = ", ".join(x for x in (m.signer.on_behalf, m.signer.position, m.signer.name) if x)
    field(L["signer"], signer)
    counts = [(len(ex.sections), "sections"), (len(ex.targets), "targets"), (len(ex.tasks), "tasks"),
              (len(ex.units), "units"), (len(ex.deadlines), "deadlines"), (len(ex.legal_refs), "legal_refs"),
              (len(ex.warnings), "warnings")]
    field(L["counts"], ", ".join(f"{n} {L[k]}" for n, k in counts))

    def block(title: str) -> None:
        out.extend(["", title, "-" * len(title)])

    top = [s for s in ex.sections if s.level <= 2]
    if top:
        block(L["outline"])
        for s in _cut(top, 2 * limit, out):
            out.extend(_wrap(f"{s.number}. {s.title}", "  " * s.level))

    basis = [r for r in ex.legal_refs if r.role == "basis"]
    others = [r for r in ex.legal_refs if r.role != "basis"]
    for title, refs in ((L["basis"], basis), (L["other_refs"], others)):
        if refs:
            block(f"{title} ({len(refs)})")
            for r in _cut(refs, limit, out):
                if r.number or not r.name:
                    name = " ".join(x for x in (r.type, f"số {r.number}" if r.number else None) if x)
                else:                             # "Luật Trẻ em": the name already says the type
                    name = r.name if r.type and r.name.lower().startswith(r.type.lower()) else f"{r.type or ''} {r.name}"
                bits = [x for x in (f"ngày {vn_date(r.date)}" if r.date else None,
                                    f"của {r.issuer}" if r.issuer else None) if x]
                times = f" [{len(r.mentions)} {L['times']}]" if len(r.mentions) > 1 else ""
                out.extend(_wrap(f"- {name} {' '.join(bits)}{times}".rstrip()))

    if ex.targets:
        block(f"{L['target_list']} ({len(ex.targets)})")
        for t in _cut(ex.targets, limit, out):
            what = t.indicator or t.text
            vals = "; ".join(v for v in (_value(x) for x in t.values)
                             if v and not what.lower().startswith(v.lower()))   # "giảm: Giảm ..." once
            years = f" ({', '.join(map(str, t.years))})" if t.years else ""
            out.extend(_wrap(f"- {vals + ': ' if vals else ''}{what}{years}"))

    leads = Counter(u.canonical or u.name for u in ex.units if u.role == "lead")
    if leads:
        block(f"{L['lead_units']} ({len(leads)})")
        coop = Counter(u.canonical or u.name for u in ex.units if u.role == "cooperate")
        for name, n in _cut(leads.most_common(), limit, out):
            also = f", {L['cooperate']} {coop[name]}" if coop.get(name) else ""
            out.extend(_wrap(f"- {name}: {L['lead']} {n}{also}"))

    dl = {d.id: d for d in ex.deadlines}
    due_tasks = [t for t in ex.tasks if t.deadlines]
    if due_tasks:
        block(f"{L['tasks_due']} ({len(due_tasks)}/{len(ex.tasks)})")
        for t in _cut(due_tasks, limit, out):
            when = "; ".join(dl[i].text for i in t.deadlines if i in dl)
            who = f" [{L['lead']}: {', '.join(t.lead)}]" if t.lead else ""
            text = t.text.lstrip("-+•* \t")
            text = text if len(text) <= 200 else text[:199] + "…"
            out.extend(_wrap(f"- {text}{who} — {L['due']}: {when}"))

    dated = sorted((d for d in ex.deadlines if d.end or d.start), key=lambda d: d.end or d.start)
    recurring = [d for d in ex.deadlines if d.kind == "recurring"]
    if dated or recurring:
        block(f"{L['timeline']} ({len(ex.deadlines)})")
        for d in _cut(dated, limit, out):
            span = vn_date(d.end) if not d.start else f"{vn_date(d.start)} – {vn_date(d.end)}"
            mark = "*" if d.year_inferred else ""
            out.extend(_wrap(f"- {span}{mark}: {d.text}"))
        if recurring:
            out.extend(_wrap(f"- {L['recurring']}: {len(recurring)}"))
        if any(d.year_inferred for d in dated):
            out.append("  (*) năm suy ra từ năm kế hoạch")

    if ex.warnings:
        block(f"{L['warning_list']} ({len(ex.warnings)})")
        for w in _cut(ex.warnings, limit, out):
            out.extend(_wrap(f"- [{w.code}] {w.message}"))
    return "\n".join(out) + "\n"


def load(path: str) -> Extraction:
    """A contract JSON file as it is, or any input document run through the pipeline."""
    with open(path, "rb") as fh:
        head = fh.read(64).lstrip()
    if head.startswith(b"{"):
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if isinstance(data, dict) and "schema_version" in data and "source" in data:
                return Extraction.model_validate(data)
        except (ValueError, UnicodeDecodeError):
            pass                                          # not a contract JSON: treat as a document
    from .pipeline import extract_path
    return extract_path(path)
