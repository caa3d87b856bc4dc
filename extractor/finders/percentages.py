"""Percentages: every number written with a percent sign; a range "10-15%" gives both ends."""
from __future__ import annotations

from .. import patterns
from ..contract import Percentage
from ..normalize import Document
from ..sections import Outline

_RANGE = r"(?<![\d,.])(?P<a>$number_value)\s?%?\s?(?:-|–|đến)\s?(?P<b>$number_value)\s?%"
_SINGLE = r"(?<![\d,.])(?P<v>$number_value)\s?%"


def find(doc: Document, outline: Outline) -> list[Percentage]:
    text = doc.text
    out: list[Percentage] = []
    taken_until = -1
    rng, single = patterns.compile(_RANGE), patterns.compile(_SINGLE)
    for m in single.finditer(text):
        if m.start() < taken_until:
            continue
        r = None
        # a range ends at this percent sign: look back for "A - " before it
        for cand in rng.finditer(text, max(0, m.start() - 16), m.end()):
            if cand.end() == m.end() and cand.start("b") == m.start("v"):
                r = cand
        if r is not None and not any(p.span[0] == r.start("a") for p in out):
            a_end = r.end("a")
            if text[a_end:a_end + 1] == "%":
                a_end += 1
            out.append(_item(text, r.start("a"), a_end, r.group("a"), outline))
        out.append(_item(text, m.start(), m.end(), m.group("v"), outline))
        taken_until = m.end()
    return out


def _item(text: str, start: int, end: int, number: str, outline: Outline) -> Percentage:
    h = outline.section_at(start)
    return Percentage(value=patterns.vn_number(number), text=text[start:end], span=(start, end),
                      section=h.id if h else None)
