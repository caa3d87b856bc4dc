"""Targets: each sentence or list item under an objectives/targets heading that states a
quantified value or an explicit goal, with its values and comparators."""
from __future__ import annotations


import regex

from .. import datafiles, patterns
from ..contract import Target, TargetValue
from ..normalize import Document
from ..sections import Outline

_ITEM = regex.compile(r"^(?:[-+•–]\s*|\(?\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ][).]\s*)")
_SENT = regex.compile(r"(?<=[.!?;])\s+(?=[\p{Lu}\d])")


@datafiles.built_once
def _data():
    d = datafiles.load("targets")
    goals = [(regex.compile(r"(?<![\p{L}])(?i:%s)(?![\p{L}])" % "|".join(
        w if "(?" in w else regex.escape(w) for w in sorted(g["words"], key=len, reverse=True))),
              g["comparator"]) for g in d["goal_words"]]
    # longest words first across all comparators: "không thấp hơn" before "thấp hơn" before "hơn"
    comps = sorted(((w, c["comparator"]) for c in d["value_comparators"] for w in c["words"]),
                   key=lambda wc: len(wc[0]), reverse=True)
    nouns = "|".join(regex.escape(n) for n in sorted(d["count_nouns"], key=len, reverse=True))
    # "08 thôn", "3.000 lượt" (a dot groups thousands), "gấp 30 lần"
    count = regex.compile(r"(?<![\d,./])(?P<n>\d{1,3}(?:\.\d{3})+|\d{1,4})\s+(?P<noun>%s)(?![\p{L}])" % nouns)
    pct = patterns.compile(r"(?<![\d,.])(?P<v>$number_value)\s?%")
    rate = patterns.compile(r"(?<![\d,./])(?P<v>$number_value)\s?/\s?(?P<base>1\.000(?:\.000)?|10\.000|100\.000)"
                            r"\s+(?P<noun>%s)(?![\p{L}])" % patterns.alternation(d["rate_nouns"]))
    scope = regex.compile("|".join(regex.escape(w) for w in d["scope_words"]), regex.I)
    return goals, comps, count, pct, rate, scope


def _comparator_before(text: str, pos: int, default: str) -> str:
    _, comps, *_ = _data()
    before = text[max(0, pos - 25):pos].casefold().rstrip()
    for w, comp in comps:
        if before.endswith(w) and (not w[-1].isalpha() or not before[:-len(w)][-1:].isalpha()):
            return comp
    return default


def _word_bounds(text: str) -> tuple[set[int], set[int]]:
    """Where underthesea's words start and end in `text`: "tăng cường", "tăng trưởng", "hạ tầng",
    "giảm nghèo" are single words, so their first syllable is not the goal verb "tăng", "hạ", "giảm"."""
    from underthesea import word_tokenize
    starts, ends = set(), set()
    pos = 0
    for word in word_tokenize(text):
        at = text.find(word, pos)
        if at < 0:
            continue
        starts.add(at)
        ends.add(at + len(word))
        pos = at + len(word)
    return starts, ends


_SYLLABLE = regex.compile(r"\S+")
_AROUND = 6           # syllables read on each side of a candidate word


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of `text` underthesea reads to judge the word at start:end: up to six syllables on
    each side, within the clause (a comma, semicolon or colon bounds it). Its word segmentation
    looks two syllables either way, so this reads the word as the whole text would, at a fraction of
    the cost on long items."""
    left = [m.start() for m in _SYLLABLE.finditer(text, max(0, start - 60), start)]
    a = left[-_AROUND] if len(left) >= _AROUND else (left[0] if left else start)
    a = max(a, max(text.rfind(c, 0, start) for c in ",;:") + 1)
    right = [m.end() for m in _SYLLABLE.finditer(text, end, min(len(text), end + 60))]
    b = right[_AROUND - 1] if len(right) >= _AROUND else (right[-1] if right else end)
    cuts = [i for i in (text.find(c, end) for c in ",;:") if i >= 0]
    return a, min([b] + cuts)


def _analyse(text: str) -> list[TargetValue] | None:
    goals, comps, count, pct, rate, _ = _data()
    goal = None
    bounds = _Bounds(text)
    for rx, comp in goals:
        for m in rx.finditer(text):
            if goal is not None and m.start() >= goal[0]:
                break
            if bounds.word(m):
                goal = (m.start(), comp)
                break
    values = []
    for m in pct.finditer(text):
        default = ">=" if goal and goal[1] == ">=" else "="
        values.append(TargetValue(value=patterns.vn_number(m.group("v")), unit="%",
                                  comparator=_comparator_before(text, m.start(), default)))
    for m in rate.finditer(text):
        values.append(TargetValue(value=patterns.vn_number(m.group("v")), unit=f"/{m.group('base')} {m.group('noun')}",
                                  comparator=_comparator_before(text, m.start(), "=")))
    for m in count.finditer(text):
        n = int(m.group("n").replace(".", ""))
        if 1900 <= n <= 2100 or _RANK.search(text, 0, m.start()):
            continue                      # a year; a rank ("top 03 vùng") is no count
        values.append(TargetValue(value=float(n), unit=m.group("noun"),
                                  comparator=_comparator_before(text, m.start(), "=")))
    if values:
        return values + _goals_without_number(text, bounds)
    if goal:
        # "Xã phấn đấu duy trì đạt tiêu chí …": the goal is to maintain, "phấn đấu" only strives
        own = _goals_without_number(text, bounds)
        comp = own[0].comparator if own and goal[1] not in ("reduce", "increase", "maintain") else goal[1]
        return [TargetValue(value=None, unit=None, comparator=comp if comp in ("reduce", "increase", "maintain") else "=")]
    return None


_RANK = regex.compile(r"(?<![\p{L}])(?i:top|tốp|thứ|hạng)\s+$")


class _Bounds:
    """underthesea's word bounds around candidate words of a text (it is the slow part)."""

    def __init__(self, text: str):
        self.text = text

    def word(self, m) -> bool:
        """Is the match a word of its own?"""
        a, b = _window(self.text, m.start(), m.end())
        starts, ends = _word_bounds(self.text[a:b])
        return m.start() - a in starts and m.end() - a in ends


def _goals_without_number(text: str, bounds: _Bounds) -> list[TargetValue]:
    """A goal verb of its own beside the numbers of an item: "Phấn đấu 90% các trường …; duy trì
    không có …" is 90% and a goal to maintain. The verb leads its clause (up to a semicolon: among
    its first six syllables, "Ngăn ngừa, kiểm soát và giảm …") and no number follows it there ("duy
    trì tỷ lệ … dưới 5%" is that 5%'s); "về phòng ngừa, giảm thiểu lao động trẻ em" deep in a clause
    is a topic, not a goal. Verbs are read at word bounds."""
    goals, _, count, pct, rate, _ = _data()
    numbers = [m.start() for rx in (pct, count, rate) for m in rx.finditer(text)]
    out = []
    for rx, comp in goals:
        if comp not in ("reduce", "increase", "maintain"):
            continue
        for m in rx.finditer(text):
            start = text.rfind(";", 0, m.start()) + 1
            end = text.find(";", m.end())
            end = len(text) if end < 0 else end
            if len(text[start:m.start()].split()) <= 5 and not any(m.end() <= n < end for n in numbers) \
                    and bounds.word(m):
                out.append(TargetValue(value=None, unit=None, comparator=comp))
                break
    return out


def find(doc: Document, outline: Outline) -> list[Target]:
    *_, scope = _data()
    text = doc.text
    in_scope = [h for h in outline.headings if scope.search(h.title) and len(h.title.split()) <= 25]
    ranges = sorted((h.start, h.end, h.line_end) for h in in_scope)
    out: list[Target] = []
    seen: set[int] = set()
    for start, end, heading_end in ranges:
        pos = start
        for line in text[start:end].split("\n"):
            ls, le = pos, pos + len(line)
            pos = le + 1
            if ls in seen or not line.strip():
                continue
            seen.add(ls)
            h = outline.section_at(ls)
            is_heading = h is not None and h.start == ls
            m = _ITEM.match(line)
            if is_heading and scope.search(h.title):
                continue
            if m or is_heading:
                pieces = [(ls + (m.end() if m else 0), le)]
            else:
                pieces, p = [], ls
                for sm in _SENT.finditer(line):
                    pieces.append((p, ls + sm.start()))
                    p = ls + sm.end()
                pieces.append((p, le))
            for a, b in pieces:
                seg = text[a:b].strip()
                if not seg or seg.endswith(":") and not _data()[3].search(seg):
                    continue
                a = a + (len(text[a:b]) - len(text[a:b].lstrip()))
                b = a + len(seg)
                values = _analyse(seg)
                if values is None:
                    continue
                years = sorted({int(y) for y in regex.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", seg)})
                indicator = regex.sub(r"^(?i:(?:phấn đấu|phần đầu|duy trì|đạt|giảm|tăng)\s+)?(?:\d+(?:[.,]\d+)?\s?%\s*)+", "", seg).rstrip(". ;")
                hh = outline.section_at(a)
                out.append(Target(id=f"g{len(out) + 1}", text=seg, indicator=indicator or None, values=values,
                                  years=years, span=(a, b), section=hh.id if hh else None))
    out.sort(key=lambda t: t.span[0])
    for i, t in enumerate(out):
        t.id = f"g{i + 1}"
    return out
