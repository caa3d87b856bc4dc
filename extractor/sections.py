"""Segment: Document -> Outline, the tree of numbered headings with levels, parents, spans, kinds."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from bisect import bisect_right

import regex

from . import datafiles
from .normalize import Document

_ROMAN = {"I": 1, "V": 5, "X": 10}


def roman_value(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if total and _to_roman(total) == s else None


def _to_roman(n: int) -> str:
    out = ""
    for v, s in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass(frozen=True)
class Heading:
    id: str
    number: str
    level: int
    title: str
    kind: str | None
    parent: str | None
    start: int            # start of the heading line in Document.text
    end: int              # end of the section's span
    line_end: int         # end of the heading line (paragraph)
    style: str


@dataclass(frozen=True)
class Outline:
    headings: tuple[Heading, ...]
    warnings: tuple[tuple[str, str], ...] = ()
    appendix_start: int | None = None     # where an appendix after the signature begins

    def __post_init__(self):
        object.__setattr__(self, "_starts", [h.start for h in self.headings])
        object.__setattr__(self, "_by_id", {h.id: h for h in self.headings})

    def section_at(self, pos: int) -> Heading | None:
        """Innermost section containing text offset `pos`: the last-started one whose span holds it."""
        i = bisect_right(self._starts, pos) - 1
        while i >= 0:
            h = self.headings[i]
            if h.start <= pos < h.end:
                return h
            i -= 1
        return None

    def by_id(self, sid: str) -> Heading | None:
        return self._by_id.get(sid)

    def ancestors(self, h: Heading):
        while h is not None:
            yield h
            h = self.by_id(h.parent) if h.parent else None


@datafiles.built_once
def _styles():
    data = datafiles.load("headings")
    styles = [(s["id"], s["rank"], regex.compile(s["regex"])) for s in data["styles"]]
    kinds = [(k["kind"], sorted(k["words"], key=len, reverse=True), sorted(k.get("top_words", ()), key=len, reverse=True),
              tuple(k.get("top_ends", ())), regex.compile(k["unless"]) if "unless" in k else None)
             for k in data["kinds"]]
    return styles, kinds


@datafiles.built_once
def _doc_type_line():
    names = [t["name"] for t in datafiles.load("doc_types")]
    # a document-type line starts with a capital ("KẾ HOẠCH", "Kế hoạch"); "luật" is a wrapped word
    return regex.compile(r"^(?-i:(?=\p{Lu}))(?:%s)$" % "|".join(regex.escape(n) for n in names), regex.I)


_MID_SENTENCE = regex.compile(r"[\p{Ll}\d,]$")
_SENTENCE_END = regex.compile(r"[.;:!?](?=\s|$)")


def _title(text: str) -> str:
    text = text.strip()
    m = _SENTENCE_END.search(text)
    if m and m.start() > 0:
        text = text[:m.start()]
    return text.strip().rstrip(".;:,")


# bare numbers whose title may stand on the next line
_TITLE_BELOW = frozenset({"heading.part", "heading.chapter", "heading.roman", "heading.article"})


def _title_below(lines: list[str], i: int, line_end: int) -> tuple[str, int]:
    """The first non-blank line after lines[i] (within two lines) and the offset where it ends.

    `_title` keeps only its first sentence."""
    end = line_end
    for nxt in lines[i + 1:i + 3]:
        end += 1 + len(nxt)
        if nxt.strip():
            if not _match(nxt, _styles()[0]):
                return nxt, end
            break
    return "", line_end


_TOPIC_WORD = regex.compile(r"^(?:về|công tác)\s+")
_DIGITS = regex.compile(r"\d+")
_RECIPIENTS = regex.compile(r"^(?:Nơi nhận|Kính gửi)\s*:", regex.M)
_CLOSING = regex.compile(r"^Trên đây là\b", regex.M)


def _kind(title: str, level: int, kinds) -> str | None:
    t = title.casefold().strip()
    t = _TOPIC_WORD.sub("", t)
    words = t.split()
    heading_like = level == 1 or title.isupper() or len(words) <= 10
    if not heading_like:
        return None
    if level == 1:
        for kind, _, _, ends, _ in kinds:
            if ends and t.rstrip(" .:").endswith(ends):
                return kind
    for kind, keys, top_keys, _, unless in kinds:
        for key in keys + (top_keys if level == 1 else []):
            if t.startswith(key):
                if unless is not None and not title.isupper() and unless.match(title.strip(), len(key)):
                    return None
                return kind
    # a heading typed without its accents or with a letter wrong ("IV. TO CHUC THUC HIEN", "PHÂN CỘNG
    # THỰC HIỆN", OCR's "TỔ CHỨC THỰỤC HIỆN"): the kinds' words without accents, one letter apart
    bare = _bare(t)
    for kind, keys, top_keys, _, _ in kinds:
        for key in keys + (top_keys if level == 1 else []):
            k = _bare(key)
            if bare.startswith(k) or (len(k) >= 10 and bare[:2] == k[:2]
                                      and any(_one_edit(bare[:len(k) + d], k) for d in (-1, 0, 1))):
                return kind
    return None


def _one_edit(a: str, b: str) -> bool:
    """Are `a` and `b` at most one letter apart (changed, added or dropped)?"""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


@lru_cache(maxsize=None)
def _bare(s: str) -> str:
    """`s` without its accents: "tổ chức thực hiện" -> "to chuc thuc hien"."""
    return "".join(c for c in unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
                   if not unicodedata.combining(c))


def _match(line: str, styles):
    for sid, rank, rx in styles:
        m = rx.match(line)
        if m:
            number = m.group("number")
            if sid == "heading.roman" and roman_value(number) is None:
                continue
            return sid, rank, number, m.group("title")
    return None


def split(doc: Document) -> Outline:
    styles, kinds = _styles()
    doctype_rx = _doc_type_line()
    text = doc.text
    found = []      # (start, line_end, style, rank, number, title)
    pos = 0
    seen_heading = False
    resets = []
    lines = text.split("\n")
    appendix = appendix_start(text)
    for i, line in enumerate(lines):
        start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if appendix is not None and start >= appendix:
            break
        if seen_heading and doctype_rx.match(line.strip()) and (line.isupper() or not _MID_SENTENCE.search(lines[i - 1])):
            # the title of an attached document ("QUY ĐỊNH"); not "Luật" wrapped out of a sentence
            resets.append(start)
        m = _match(line, styles)
        if not m:
            continue
        sid, rank, number, rest = m
        title = _title(rest)
        if not title and sid in _TITLE_BELOW:
            # "Phần I" alone on its line: the title is the next line with text
            below, line_end = _title_below(lines, i, line_end)
            title = _title(below)
        if not title:
            continue
        found.append((start, line_end, sid, rank, number, title))
        seen_heading = True

    found = _lettered_parts(found)
    headings: list[dict] = []
    warnings = []
    stack: list[dict] = []
    last_number: dict[tuple, str] = {}
    reset_iter = iter(resets + [len(text) + 1])
    next_reset = next(reset_iter)
    for start, line_end, sid, rank, number, title in found:
        while start > next_reset:
            stack = []
            next_reset = next(reset_iter)
        while stack and stack[-1]["rank"] >= rank:
            stack.pop()
        parent = stack[-1] if stack else None
        level = len(stack) + 1
        number = number.strip()
        key = (parent["id"] if parent else None, sid)
        prev = last_number.get(key)
        if prev is not None and not _follows(prev, number, sid):
            warnings.append(("heading_numbering_gap", f"heading '{number}' follows '{prev}' ({title[:40]})"))
        last_number[key] = number
        own = _kind(title, level, kinds)
        kind = own or (parent["kind"] if parent else None)
        h = {"id": f"s{len(headings) + 1}", "number": number, "level": level, "title": title,
             "kind": kind if kind else ("other" if level == 1 else None),
             "parent": parent["id"] if parent else None, "start": start, "line_end": line_end,
             "rank": rank, "style": sid}
        headings.append(h)
        stack.append(h)

    # span: up to the next heading of the same or higher level
    for i, h in enumerate(headings):
        end = len(text)
        for later in headings[i + 1:]:
            if later["level"] <= h["level"]:
                end = later["start"]
                break
        h["end"] = end
    out = tuple(Heading(id=h["id"], number=h["number"], level=h["level"], title=h["title"],
                        kind=h["kind"], parent=h["parent"], start=h["start"], end=h["end"],
                        line_end=h["line_end"], style=h["style"]) for h in headings)
    return Outline(headings=out, warnings=tuple(warnings), appendix_start=appendix)


def _lettered_parts(found: list[tuple]) -> list[tuple]:
    """Parts lettered in capitals ("A.", "B.", "C.") are parts only as a run that starts at "A" and
    goes on to "B": a lone capital letter is more likely a Roman numeral misread ("H." for "II.")
    or a name's initial."""
    numbers = [f[4].strip() for f in found if f[2] == "heading.capital_letter"]
    if "A" in numbers and "B" in numbers[numbers.index("A"):]:
        first = next(i for i, f in enumerate(found) if f[2] == "heading.capital_letter" and f[4].strip() == "A")
        return [f for i, f in enumerate(found) if f[2] != "heading.capital_letter" or i >= first]
    return [f for f in found if f[2] != "heading.capital_letter"]


# a document a decision issues, after the decision's signature: "KẾ HOẠCH" … "(Kèm theo Quyết
# định số …)" (not an appendix of forms "(Kèm theo Kế hoạch số …)")
_ATTACHED = regex.compile(r"^(?:KẾ HOẠCH|QUY ĐỊNH|QUY CHẾ|CHƯƠNG TRÌNH|HƯỚNG DẪN|ĐỀ ÁN|PHƯƠNG ÁN)\b[^\n]{0,300}"
                          r"(?:\n[^\n]{0,300}){0,3}?\((?:[Bb]an hành )?[Kk]èm theo (?:Quyết định|QĐ)", regex.M)


_APPENDIX_LINE = regex.compile(r"^(?:PHỤ LỤC|Phụ lục)\b", regex.M)


def body_end(text: str) -> int:
    """Where the body of the document ends: the line after "Trên đây là …", or the recipients list
    ("Nơi nhận:", or "Kính gửi:" in the last two thirds) that precedes the signature and any appendix.
    A document issued with it after its signature ("KẾ HOẠCH" "(Kèm theo Quyết định …)") is body too:
    the end is then that document's."""
    first = _RECIPIENTS.search(text)
    attached = _ATTACHED.search(text, first.end()) if first else None
    if attached:
        rest = text[attached.start():]
        appendix = _APPENDIX_LINE.search(rest)      # (the attached document's appendix, after its end)
        return attached.start() + min(body_end(rest), appendix.start() if appendix else len(rest))
    ends = []
    m = _RECIPIENTS.search(text[len(text) // 3:])
    if m:
        ends.append(len(text) // 3 + m.start())
    m = _CLOSING.search(text)
    if m:
        e = text.find("\n", m.start())
        e = len(text) if e < 0 else e + 1
        # the closing paragraph goes on to its "./." when a line ended a sentence before it:
        # "Trên đây là … hộ tịch." / "Đề nghị UBND các xã … hướng dẫn./."
        if not text[m.start():e].rstrip().endswith("/."):
            rest = text[e:e + 600].split("\n")[:3]
            k = next((i for i, line in enumerate(rest) if line.rstrip().endswith("/.")), None)
            if k is not None:
                e += sum(len(line) + 1 for line in rest[:k + 1])
        ends.append(min(e, len(text)))
    return min(ends) if ends else len(text)


def appendix_start(text: str) -> int | None:
    """Offset of an appendix ("PHỤ LỤC", "DANH MỤC") that follows the recipients list, if any."""
    rule = datafiles.load("headings")["appendix"]
    after = regex.search(rule["after"], text, regex.M)
    if not after:
        return None
    m = regex.compile(rule["starts"], regex.M).search(text, after.end())
    return m.start() if m else None


def _follows(prev: str, cur: str, style: str) -> bool:
    if style == "heading.roman":
        a, b = roman_value(prev), roman_value(cur)
        return a is not None and b is not None and b == a + 1
    if style == "heading.letter":
        return prev in LETTERS and cur in LETTERS and LETTERS.index(cur) == LETTERS.index(prev) + 1
    pa, pc = _DIGITS.findall(prev), _DIGITS.findall(cur)
    if pa and pc and len(pa) == len(pc):
        return pa[:-1] == pc[:-1] and int(pc[-1]) == int(pa[-1]) + 1 or pa[:-1] != pc[:-1]
    return True
