"""The lines the organisation model reads: those that give a task to a unit (chủ trì, phối hợp,
giao, đề nghị, trách nhiệm, field labels), short numbered headings, the header block and the
signature block. Reading only these keeps the model fast on long documents."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import datafiles

MAX_SEGMENT = 1500        # longer lines are cut at sentence ends
WINDOW = 150              # of a long line, this many characters around each role word are read


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    kind: str             # "unit", "header" or "signature"


@datafiles.built_once
def _rx():
    d = datafiles.load("ner")["segments"]
    trigger = regex.compile(r"(?<![\p{L}])(?:%s)(?![\p{L}])" % "|".join(d["triggers"]), regex.I)
    gaz = datafiles.load("gazetteer")
    words = [w for t in gaz["types"] for w in [t["name"]] + list(t.get("abbr") or [])]
    words += datafiles.load("units")["body_words"] + d["heading_words"]
    bodies = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
    heading = regex.compile(d["heading"].replace("$bodies", bodies))
    signature = regex.compile(d["signature"])
    return trigger, heading, signature, d["header_lines"], d["signature_lines"], d["heading_max"], d["header_line_max"]


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def cut(start: int, end: int, text: str, kind: str) -> list[Segment]:
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
    """Candidate segments of a normalized text, in order, without overlaps: the header (its first
    lines, as one segment), the lines that give units a task, and each signature block."""
    trigger, heading, signature, n_header, n_signature, heading_max, header_max = _rx()
    lines = [ln for ln in _lines(text) if ln[2].strip()]
    out: list[Segment] = []
    if not lines:
        return out
    first = lines[0][0] + len(lines[0][2]) - len(lines[0][2].lstrip())
    head_end = min(lines[0][1], _word_end(text, first + header_max, lines[0][1]) if lines[0][1] - first > header_max else lines[0][1])
    n_head = 1
    for a, b, line in lines[1:n_header]:
        if b - first > header_max:
            break
        head_end, n_head = b, n_head + 1
    out.append(Segment(first, head_end, "header"))
    i = n_head
    while i < len(lines):
        a, b, line = lines[i]
        lead = len(line) - len(line.lstrip())
        a, b = a + lead, b - (len(line) - len(line.rstrip()))
        if signature.match(line):
            j = min(len(lines), i + n_signature)
            out += cut(a, lines[j - 1][1], text, "signature")
            i = j
            continue
        if b - a <= 2 * WINDOW and (trigger.search(line) or heading.match(line)):
            out += cut(a, b, text, "unit")
        elif b - a > 2 * WINDOW:
            # a long line: its start when it is a unit heading ("4. Sở Y tế: Tiếp tục ..."), and the
            # stretches around its role words
            wins = _windows(text, a, b, trigger)
            if heading.match(line):
                wins = _merge([(a, _word_end(text, a + heading_max, b))] + wins)
            for x, y in wins:
                out += cut(x, y, text, "unit")
        i += 1
    return out


def _windows(text: str, a: int, b: int, trigger) -> list[tuple[int, int]]:
    """Of a long line, the stretches around its role words (names stand next to them)."""
    spans: list[list[int]] = []
    for m in trigger.finditer(text, a, b):
        x, y = max(a, m.start() - WINDOW), min(b, m.end() + WINDOW)
        x = a if x == a else _word_start(text, x, a)
        y = b if y == b else _word_end(text, y, b)
        if spans and x <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], y)
        else:
            spans.append([x, y])
    return [(x, y) for x, y in spans]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for x, y in sorted(spans):
        if out and x <= out[-1][1]:
            out[-1][1] = max(out[-1][1], y)
        else:
            out.append([x, y])
    return [(x, y) for x, y in out]


def _word_start(text: str, pos: int, floor: int) -> int:
    i = text.find(" ", pos)
    return i + 1 if 0 <= i < pos + 30 else pos


def _word_end(text: str, pos: int, ceil: int) -> int:
    i = text.rfind(" ", pos - 30, pos)
    return i if i > 0 else pos
