"""The lines the organisation model reads: those that give a task to a unit (chủ trì, phối hợp,
giao, đề nghị, trách nhiệm, field labels), short numbered headings, the header block and the
signature block. Reading only these keeps the model fast on long documents."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import datafiles

MAX_SEGMENT = 1500        # longer lines are cut at sentence ends


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    kind: str             # "unit", "header" or "signature"


@lru_cache(maxsize=1)
def _rx():
    d = datafiles.load("ner")["segments"]
    trigger = regex.compile(r"(?<![\p{L}])(?:%s)(?![\p{L}])" % "|".join(d["triggers"]), regex.I)
    heading = regex.compile(d["heading"])
    signature = regex.compile(d["signature"])
    return trigger, heading, signature, d["header_lines"], d["signature_lines"], d["heading_max"]


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _cut(start: int, end: int, text: str, kind: str) -> list[Segment]:
    out = []
    while end - start > MAX_SEGMENT:
        cut = text.rfind(". ", start, start + MAX_SEGMENT)
        cut = cut + 1 if cut > start else start + MAX_SEGMENT
        out.append(Segment(start, cut, kind))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    if end > start:
        out.append(Segment(start, end, kind))
    return out


def find(text: str) -> list[Segment]:
    """Candidate segments of a normalized text, in order, without overlaps."""
    trigger, heading, signature, n_header, n_signature, heading_max = _rx()
    lines = [ln for ln in _lines(text) if ln[2].strip()]
    kinds: dict[int, str] = {}
    for i, (a, b, line) in enumerate(lines[:n_header]):
        kinds[i] = "header"
    for i, (a, b, line) in enumerate(lines):
        if signature.match(line):
            for j in range(i, min(len(lines), i + n_signature)):
                kinds.setdefault(j, "signature")
        elif trigger.search(line) or (heading.match(line) and len(line) <= heading_max):
            kinds.setdefault(i, "unit")
    out: list[Segment] = []
    for i in sorted(kinds):
        a, b, line = lines[i]
        lead = len(line) - len(line.lstrip())
        out += _cut(a + lead, b - (len(line) - len(line.rstrip())), text, kinds[i])
    return out
