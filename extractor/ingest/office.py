"""Word processor files: DOCX (python-docx), legacy Word .doc (antiword, else catdoc) and RTF (striprtf).

DOCX paragraphs and tables come in reading order, automatic numbering written out ("I.", "1.",
"a)") as Word shows it; table rows become lines with cells separated by " | ".
"""
from __future__ import annotations

import io
import os
import subprocess
import tempfile
import zipfile

from .model import IngestError, Limits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- DOCX --------------------------------------------------------------------------------------

def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a ZIP whose members would inflate past the limit (a zip bomb) before reading it."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise IngestError("corrupt", f"damaged DOCX (ZIP container unreadable: {err})") from None
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise IngestError("too_large", f"DOCX would inflate to {total / 1e6:.0f} MB, above the "
                                       f"{limits.max_unzipped_bytes / 1e6:.0f} MB limit (VNPLAN_MAX_UNZIPPED_BYTES)")
    for i in infos:
        if i.compress_size and i.file_size / i.compress_size > 200 and i.file_size > 10_000_000:
            raise IngestError("too_large", f"DOCX member {i.filename} inflates {i.file_size // i.compress_size}-fold "
                                           "to {:.0f} MB: refused as a zip bomb".format(i.file_size / 1e6))


class _Numbering:
    """Word's automatic list numbers: counters per list and level, formats from numbering.xml."""

    def __init__(self, document):
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError, AttributeError):
            return
        root = part.element
        abstract = {}
        for a in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = (fmt.get(f"{_W}val") if fmt is not None else "decimal",
                                text.get(f"{_W}val") if text is not None else "",
                                int(start.get(f"{_W}val")) if start is not None else 1)
            abstract[a.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_W}val"), {}).items():
                self.formats[(num.get(f"{_W}numId"), ilvl)] = spec

    def label(self, num_id: str, ilvl: int) -> str:
        spec = self.formats.get((num_id, ilvl))
        if spec is None:
            return ""
        fmt, text, start = spec
        counts = self.counters.setdefault(num_id, [0] * 9)
        for lower in range(ilvl + 1, 9):
            counts[lower] = 0
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return text.strip()
        out = text
        for lvl in range(ilvl, -1, -1):
            lvl_fmt = self.formats.get((num_id, lvl), ("decimal", "", 1))[0]
            value = counts[lvl] or self.formats.get((num_id, lvl), ("", "", 1))[2]
            out = out.replace(f"%{lvl + 1}", _format_number(value, lvl_fmt if lvl == ilvl else lvl_fmt))
        return out.strip()


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        vals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
        out, k = "", n
        for v, s in vals:
            while k >= v:
                out, k = out + s, k - v
        return out if fmt == "upperRoman" else out.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        s = letters[(n - 1) % 26] * (1 + (n - 1) // 26)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _paragraph_text(p, numbering: _Numbering, style_numbering: dict) -> str:
    text = p.text
    ppr = p._p.pPr
    num_pr = ppr.numPr if ppr is not None else None
    num_id = ilvl = None
    if num_pr is not None and num_pr.numId is not None:
        num_id, ilvl = str(num_pr.numId.val), int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
    elif p.style is not None and p.style.style_id in style_numbering:
        num_id, ilvl = style_numbering[p.style.style_id]
    if num_id and num_id != "0" and text.strip():
        label = numbering.label(num_id, ilvl)
        if label:
            return f"{label} {text.lstrip()}"
    return text


def _style_numbering(document) -> dict:
    out = {}
    for style in document.styles:
        try:
            ppr = style.element.pPr
        except AttributeError:
            continue
        if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
            ilvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
            out[style.style_id] = (str(ppr.numPr.numId.val), int(ilvl))
    return out


def read_docx(data: bytes, limits: Limits) -> str:
    check_zip(data, limits)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:            # python-docx raises many kinds on a broken package
        raise IngestError("corrupt", f"damaged DOCX ({type(err).__name__}: {str(err)[:120]})") from None
    numbering = _Numbering(document)
    style_numbering = _style_numbering(document)
    lines: list[str] = []

    def walk_table(table, depth=0):
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:        # a merged cell appears once per grid column
                    continue
                seen.add(id(cell._tc))
                parts = [_paragraph_text(p, numbering, style_numbering) for p in cell.paragraphs]
                cells.append(" ".join(s.strip() for s in parts if s.strip()))
                for inner in cell.tables:
                    if depth < 3:
                        walk_table(inner, depth + 1)
            if any(cells):
                lines.append(" | ".join(cells))
        lines.append("")

    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            lines.append(_paragraph_text(Paragraph(block, document), numbering, style_numbering))
        elif block.tag == f"{_W}tbl":
            walk_table(Table(block, document))
    return "\n".join(lines)


# --- legacy Word and RTF -----------------------------------------------------------------------

def read_doc(data: bytes, limits: Limits) -> tuple[str, list[tuple]]:
    with tempfile.TemporaryDirectory(prefix="vnplan-doc-") as tmp:
        path = os.path.join(tmp, "input.doc")
        with open(path, "wb") as fh:
            fh.write(data)
        errors = []
        for cmd in (["antiword", "-m", "UTF-8.txt", "-w", "0", path], ["catdoc", "-d", "utf-8", "-w", path]):
            try:
                out = subprocess.run(cmd, capture_output=True, timeout=120)
            except FileNotFoundError:
                errors.append(f"{cmd[0]} not installed")
                continue
            except subprocess.TimeoutExpired:
                errors.append(f"{cmd[0]} took over 120 s")
                continue
            text = out.stdout.decode("utf-8", "replace")
            if out.returncode == 0 and text.strip():
                warnings = [] if cmd[0] == "antiword" else [("doc_fallback", "read with catdoc: layout may be lost")]
                return text, warnings
            errors.append(f"{cmd[0]}: {out.stderr.decode('utf-8', 'replace').strip()[:100] or 'no text'}")
    raise IngestError("corrupt", "cannot read this Word .doc file (" + "; ".join(errors) + ")")


def read_rtf(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    try:
        return rtf_to_text(text, errors="replace")
    except Exception as err:            # striprtf raises plain exceptions on broken groups
        raise IngestError("corrupt", f"damaged RTF ({type(err).__name__})") from None
