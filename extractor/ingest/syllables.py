"""Is this text plausible Vietnamese? Share of the words that are possible Vietnamese syllables.

Used to tell a garbage PDF text layer from a good one, and text in a legacy 8-bit encoding
(TCVN3, VNI) from Unicode text.

>>> plausible_share("Kế hoạch thực hiện công tác trẻ em năm 2022")
1.0
>>> plausible_share("KÕ ho¹ch thùc hiÖn c«ng t¸c trÎ em n¨m 2022") < 0.5
True
"""
from __future__ import annotations

import unicodedata

import regex

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_QUALITY = {"\u0302", "\u0306", "\u031b"}          # circumflex, breve, horn
_SYLLABLE = regex.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3})"
    r"(?:ng|nh|ch|[cmnptk])?$")
_WORD = regex.compile(r"[\p{L}\p{M}]+")


def base_letters(text: str) -> str:
    """The letters without any mark, in small letters: 'Triển' -> 'trien', 'ĐƯỜNG' -> 'duong'."""
    nfd = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in nfd if not unicodedata.combining(ch))


def is_syllable(word: str) -> bool:
    """A possible Vietnamese syllable: onset, one to three vowels, coda, at most one tone mark."""
    if any(ch.isupper() for ch in word[1:]) and not word.isupper():
        return False                # "ThƯc": a capital inside a lowercase word
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in nfd if ch in _TONES)
    if tones > 1:
        return False
    base = base_letters(word)
    if not base.isascii():
        return False
    marks = [ch for ch in nfd if ch in _QUALITY]
    if len(marks) > 2 or (len(marks) == 2 and marks != ["\u031b", "\u031b"]):
        return False
    prev = ""
    for ch in nfd:
        if unicodedata.combining(ch):
            allowed = _ALLOWED_AFTER.get(ch)
            if allowed is None or prev not in allowed:
                return False
            continue                # marks of one vowel may come in either order
        prev = ch
    return bool(_SYLLABLE.match(base))


_ALLOWED_AFTER = {"\u0302": "aeo", "\u0306": "a", "\u031b": "ou",
                  **{t: "aeiouy" for t in _TONES}}


def words(text: str) -> list[str]:
    """The words worth judging: two letters or more, not all capitals (abbreviations)."""
    out = []
    for m in _WORD.finditer(text):
        w = m.group()
        if len(w) >= 2 and not w.isupper():
            out.append(w)
    return out


def plausible_share(text: str, limit: int = 4000) -> float:
    """Share of the judged words (first `limit`) that are possible syllables; 1.0 for no words."""
    ws = words(text)[:limit]
    if not ws:
        return 1.0
    return sum(1 for w in ws if is_syllable(w)) / len(ws)


def judged_words(text: str, limit: int = 4000) -> int:
    return len(words(text)[:limit])
