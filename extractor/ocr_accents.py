"""Accents and spaces OCR got wrong, put back with underthesea's word list.

Tesseract's `vie` model reads a tone or vowel mark wrong now and then, most of all on capitals:
"PHÁT TRIÊN NÊN MÓNG" for "PHÁT TRIỂN NỀN MÓNG", "MỤC TIỂU" for "MỤC TIÊU". Such a word joins
neither neighbour in a known word, while one of its spellings with other marks does.
underthesea's word segmentation ships a list of 72 000 Vietnamese words (most of two syllables).

`fix_accents`: a syllable is changed only when
- it is in a line of capitals, not in a place name after a locality word, and not one of the
  syllables ocr_repair.yaml keeps (locality and body words) (where Tesseract's marks go wrong;
  in lower-case prose almost every such change was wrong when tried on the corpus's scans:
  "xã hội số" -> "sở"),
- it forms a listed word with neither neighbour as read,
- exactly one other spelling of its letters forms a listed word with a neighbour, and that
  neighbour is not already part of a listed word on its other side ("XÃ HỘI SỐ" is not "HỘI SỞ").

`fix_dotted_i`: the one mark Tesseract adds in lower-case prose, a hook or an acute on an "i"
("thông tỉn", "quy định chỉ tiết", "thương bỉnh", "thông tín", "tỉnh thần"), by the same test.

`split_run_together`: a space lost between syllables ("Thờigian", "trợxã", "Kinhtếvà",
"HĐNDvà").

Only words of letters are looked at, never across punctuation (a line break of a wrapped title is
crossed), a D is never made Đ nor the reverse, and the case of the word is kept.
Run on OCR'd text only (extractor/ocr_repair.py). Without underthesea's list nothing changes.

>>> from extractor.ocr_accents import fix_accents
>>> fix_accents("PHÁT TRIÊN NÊN MÓNG KINH TẾ SỐ")
[(5, 10, 'TRIỂN'), (11, 14, 'NỀN')]
"""
from __future__ import annotations

import os
import unicodedata
from functools import lru_cache

import regex

from .ingest.syllables import base_letters, is_syllable

_WORD = regex.compile(r"\p{L}+")
_GAP = regex.compile(r"[ \t]*\n?[ \t]*")   # neighbours: only spaces, or one line break, between
_LIST = ("pipeline", "word_tokenize", "models", "ws_crf_vlsp2013_20230727", "dictionary.bin")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset, dict]:
    """(the words of two or more syllables, lower case; each base -> its syllables)."""
    try:
        import joblib
        import underthesea
        words = joblib.load(os.path.join(os.path.dirname(underthesea.__file__), *_LIST))
    except (ImportError, OSError, EOFError, ValueError):
        return frozenset(), {}
    from .normalize import fix_tone_placement      # (imported here: normalize imports this module)
    # "uỷ ban" and "ủy ban" are one spelling
    words = {fix_tone_placement(unicodedata.normalize("NFC", w)) for w in words if " " in w}
    spellings: dict[str, set] = {}
    for w in words:
        for s in w.split():
            if _WORD.fullmatch(s):
                spellings.setdefault(base_letters(s), set()).add(s)
    return frozenset(words), {b: frozenset(v) for b, v in spellings.items()}


@lru_cache(maxsize=1)
def _keep() -> frozenset:
    from . import datafiles
    return frozenset(datafiles.load("ocr_repair")["accent_keep"])


def _joins(words: frozenset, left: str | None, s: str, right: str | None) -> bool:
    return bool(left and f"{left} {s}" in words) or bool(right and f"{s} {right}" in words)


def _cased(like: str, s: str) -> str:
    if like.isupper():
        return s.upper()
    if like[:1].isupper():
        return s[:1].upper() + s[1:]
    return s


def fix_accents(text: str) -> list[tuple[int, int, str]]:
    """Edits (start, end, replacement) for the syllables of `text` whose marks OCR got wrong."""
    words, spellings = _lexicon()
    if not words:
        return []
    edits = []
    for line in _CAPS_LINE.finditer(text):
        edits += _fix_line(text, line.start(), line.end(), words, spellings)
    return edits


def fix_from_text(text: str) -> list[tuple[int, int, str]]:
    """Edits for the syllables of lines in capitals whose marks OCR got wrong, by the document
    itself: a title in capitals is mostly said again in small letters in the body, where the marks
    are read well ("HÔN NHÂN CÂN HUYẾT THỐNG", then "hôn nhân cận huyết thống"). A syllable is
    changed when it makes no run of three words found in the lines in small letters with its
    neighbours as read nor a word of the list with one of them, and exactly one other spelling of
    its letters makes such a run."""
    caps = [m.span() for m in _CAPS_LINE.finditer(text)]
    words, _ = _lexicon()
    if not caps:
        return []
    from .normalize import fix_tone_placement      # (imported here: normalize imports this module)
    seen: set[tuple[str, str, str]] = set()
    pos = 0
    for a, b in caps + [(len(text), len(text))]:
        toks = list(_WORD.finditer(text, pos, a))
        low = [fix_tone_placement(m.group().casefold()) for m in toks]
        near = [k + 1 < len(toks) and bool(_GAP.fullmatch(text, toks[k].end(), toks[k + 1].start()))
                for k in range(len(toks))]
        seen.update((low[k], low[k + 1], low[k + 2]) for k in range(len(toks) - 2) if near[k] and near[k + 1])
        pos = b
    if not seen:
        return []
    by_base: dict[str, set[str]] = {}
    for t in seen:
        for w in t:
            by_base.setdefault(base_letters(w), set()).add(w)
    edits = []
    for a, b in caps:
        toks = list(_WORD.finditer(text, a, b))
        row = _Row(text, toks, frozenset())
        low = row.low
        for i, m in enumerate(toks):
            def runs(s: str) -> bool:
                # with a neighbour on each side where it has them: "NỘI DUNG KẾ HOẠCH" is not
                # "NỘI DỰNG" for the body's "xây dựng kế hoạch"
                left, right = row.left(i), row.right(i)
                if left and right:
                    return (left, s, right) in seen
                if right:
                    return (s, right, row.right(i + 1)) in seen
                return bool(left) and (row.left(i - 1), left, s) in seen
            s = low[i]
            if runs(s) or _joins(words, row.left(i), s, row.right(i)):
                continue        # (a word of the list as read stays: the body may hold a typo, "hồ trợ")
            fits = [c for c in by_base.get(base_letters(s), ()) if c != s and len(c) == len(s)
                    and (c[0] == "đ") == (s[0] == "đ") and runs(c)]
            if len(fits) == 1:
                edits.append((m.start(), m.end(), _cased(m.group(), fits[0])))
                low[i] = fits[0]
    return edits


def split_run_together(text: str) -> list[tuple[int, int, str]]:
    """Edits putting back the space OCR lost inside a word of two syllables ("Thờigian", "phốihợp"):
    a run of letters that is no syllable, and splits in one way only into two syllables that make
    a word of the list."""
    words, _ = _lexicon()
    if not words:
        return []
    edits = []
    known = _syllables()
    for m in _WORD.finditer(text):
        tok = m.group()
        if len(tok) < 4 or is_syllable(tok):
            continue
        cuts = [i for i in range(1, len(tok))
                if is_syllable(tok[:i]) and is_syllable(tok[i:]) and f"{tok[:i]} {tok[i:]}".lower() in words]
        if len(cuts) != 1:
            cuts = _syllable_cuts(tok, known)
        edits += [(m.start() + c, m.start() + c, " ") for c in cuts]
    return edits


_ABBREVIATION_HEAD = regex.compile(r"\p{Lu}{2,}(?=\p{Ll})")
_VOWEL = regex.compile(r"[aăâeêioôơuưy]")


def _syllable_cuts(tok: str, known: frozenset) -> list[int]:
    """Where to cut a run of letters with a Vietnamese mark in it that is no syllable ("trợxã",
    "Kinhtếvà", "HĐNDvà") into syllables of the word list: the one way with the fewest pieces, or
    none when there are two such ways or none at all. An abbreviation in capitals may lead."""
    if not regex.search(r"[^\x00-\x7f]", tok):
        return []                    # no Vietnamese mark: a foreign word or a name, left alone
    head = _ABBREVIATION_HEAD.match(tok)
    start = head.end() if head else 0
    low = tok.casefold()
    bare = base_letters(tok)         # one letter for one: "ỰỤ" -> "uu"
    # best[i]: (pieces, ways, cut) for the fewest syllables covering low[start:i]
    best: list[tuple[int, int, int] | None] = [None] * (len(tok) + 1)
    best[start] = (0, 1, -1)
    for i in range(start + 1, len(tok) + 1):
        for j in range(max(start, i - 7), i):
            if best[j] is None or low[j:i] not in known or not is_syllable(low[j:i]):
                continue
            if j > start and _VOWEL.match(bare[j]) and _VOWEL.match(bare[j - 1]):
                continue             # "THỰỤC": one vowel read twice, not two syllables
            cand = best[j][0] + 1
            if best[i] is None or cand < best[i][0]:
                best[i] = (cand, best[j][1], j)
            elif cand == best[i][0]:
                best[i] = (cand, best[i][1] + best[j][1], best[i][2])
    if best[-1] is None or best[-1][1] != 1 or best[-1][0] + (1 if head else 0) < 2:
        return []
    cuts, i = [], len(tok)
    while best[i][2] > start:
        i = best[i][2]
        cuts.append(i)
    if head:
        cuts.append(start)
    return sorted(cuts)


@lru_cache(maxsize=1)
def _syllables() -> frozenset:
    """The syllables of the word list, lower case."""
    words, spellings = _lexicon()
    return frozenset(s for w in words for s in w.split())


def fix_dotted_i(text: str) -> list[tuple[int, int, str]]:
    """Edits for an "i" that OCR read with a hook, "ỉ" ("thông tỉn", "chỉ nhánh", "thương bỉnh"):
    the syllable as read makes a listed word with neither neighbour, and with a plain "i" it
    makes one with a neighbour not bound on its other side. In any line: this mark is the one
    Tesseract adds to small letters."""
    words, _ = _lexicon()
    if not words:
        return []
    toks = list(_WORD.finditer(text))
    keep = _keep()
    edits = []
    for i, m in enumerate(toks):
        low = m.group().casefold()
        mark = "ỉ" if "ỉ" in low else "í" if "í" in low else None
        if mark is None:
            continue
        row = _Row(text, toks[max(0, i - 2):i + 3], words)     # the word and two on each side
        k = min(i, 2)
        s, left, right = row.low[k], row.left(k), row.right(k)
        if _joins(words, left, s, right):      # ("tỉnh ủy", "uy tín" are read right)
            continue
        plain = s.replace(mark, "i")
        if not is_syllable(plain) or plain in (left, right):
            continue
        # a word kept as read elsewhere ("tỉnh") changes only to join the word after it ("tinh thần");
        # an acute, a mark of many common words ("không tính trùng"), only to join the word before
        # it ("thông tín")
        after = None if mark == "í" else row.free_right(k)
        if mark == "í" and m.group()[:1].isupper() and i and toks[i - 1].group()[:1].isupper():
            continue        # a name ("Hồ Chí")
        if _joins(words, None if s in keep else row.free_left(k), plain, after):
            edits.append((m.start(), m.end(), _cased(m.group(), plain)))
    return edits


class _Row:
    """Words in a row, read in small letters, and which are neighbours (only spaces or one line
    break between them)."""

    def __init__(self, text: str, toks: list, words: frozenset):
        from .normalize import fix_tone_placement      # (imported here: normalize imports this module)
        self.words = words
        self.low = [fix_tone_placement(m.group().casefold()) for m in toks]      # "thuỷ" is "thủy"
        # adj[i]: toks[i] and toks[i + 1] are neighbours
        self.adj = [i + 1 < len(toks) and bool(_GAP.fullmatch(text, toks[i].end(), toks[i + 1].start()))
                    for i in range(len(toks))]

    def left(self, i: int) -> str | None:
        return self.low[i - 1] if i and self.adj[i - 1] else None

    def right(self, i: int) -> str | None:
        return self.low[i + 1] if self.adj[i] else None

    # a neighbour already bound on its other side is not free to join the word
    def free_left(self, i: int) -> str | None:
        lw = self.left(i)
        return lw if lw and not (i > 1 and self.left(i - 1) and f"{self.left(i - 1)} {lw}" in self.words) else None

    def free_right(self, i: int) -> str | None:
        rw = self.right(i)
        return rw if rw and not (self.right(i + 1) and f"{rw} {self.right(i + 1)}" in self.words) else None


# a block of lines of capitals (a title wrapped over several lines is one block)
_CAPS_LINE = regex.compile(r"(?m)(?:^(?=[^\n]*\p{Lu}\p{Lu})[^\n\p{Ll}]+(?:\n|$))+")
# the name after a locality word is a place, whatever the word list says ("TỈNH HÀ TĨNH")
_PLACE = regex.compile(r"(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)(?:\s+\p{Lu}+){1,3}")


def _fix_line(text: str, start: int, end: int, words: frozenset, spellings: dict) -> list:
    places = [m.span() for m in _PLACE.finditer(text, start, end)]
    toks = [m for m in _WORD.finditer(text, start, end) if not any(a < m.start() < b for a, b in places)]
    row = _Row(text, toks, words)
    low = row.low
    edits = []
    keep = _keep()
    for i, m in enumerate(toks):
        s = low[i]
        if s in keep or (row.left(i) is None and row.right(i) is None) or _joins(words, row.left(i), s, row.right(i)):
            continue
        free_left, free_right = row.free_left(i), row.free_right(i)
        fits = [c for c in spellings.get(base_letters(s), ()) if c != s and len(c) == len(s)
                and (c[0] == "đ") == (s[0] == "đ")       # D and Đ are told apart elsewhere
                and _joins(words, free_left, c, free_right)]
        if not fits and not is_syllable(s):
            # one vowel read twice with two marks ("THỤỰC HIỆN"): the one that makes a listed word
            # stays, the other is dropped
            twice = {s[:j] + s[j + 1:]: j for k in range(len(s) - 1) if base_letters(s[k]) == base_letters(s[k + 1])
                     for j in (k, k + 1)}
            drop = [j for c, j in twice.items() if is_syllable(c) and _joins(words, free_left, c, free_right)]
            if len(drop) == 1:
                edits.append((m.start() + drop[0], m.start() + drop[0] + 1, ""))
                low[i] = s[:drop[0]] + s[drop[0] + 1:]
                continue
        if len(fits) == 1:
            edits.append((m.start(), m.end(), _cased(m.group(), fits[0])))
            low[i] = fits[0]            # the next word sees its left neighbour repaired
    return edits
