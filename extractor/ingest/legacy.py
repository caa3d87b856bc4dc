"""Legacy Vietnamese encodings (TCVN3/ABC, VNI): detect them in text and convert to Unicode.

The tables are data (extractor/data/legacy_encodings.yaml). Detection converts with each table and
keeps the conversion only when it turns implausible words into Vietnamese syllables.

>>> detect_and_convert("KÕ ho¹ch thùc hiÖn c«ng t¸c trÎ em n¨m 2022")
('tcvn3', 'Kế hoạch thực hiện công tác trẻ em năm 2022')
>>> detect_and_convert("Kế hoạch thực hiện công tác trẻ em")
(None, 'Kế hoạch thực hiện công tác trẻ em')
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from .. import datafiles
from .syllables import judged_words, plausible_share

NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


@lru_cache(maxsize=1)
def _tables():
    data = datafiles.load("legacy_encodings")
    tcvn3 = str.maketrans(data["tcvn3"])
    vni = data["vni"]
    marks = {}
    for family, bases in (("circumflex", "aeoAEO"), ("breve", "aA"), ("tone", "aeiouyAEIOUYơưƠƯ")):
        for ch, comb in vni[family].items():
            for b in bases:
                marks[b + ch] = b + comb
    letters = vni["letters"]
    # a base letter with its mark, else a letter of its own; ơ/ư (own letters) then take a tone
    alts = sorted(marks, key=len, reverse=True)
    vni_rx = regex.compile("|".join(regex.escape(k) for k in alts))
    return tcvn3, letters, marks, vni_rx


def _upper_caps_lines(text: str) -> str:
    """TCVN3 capitals with tones were lowercase codes in a capitals font: put such lines in capitals."""
    out = []
    for line in text.split("\n"):
        ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
        if len(ascii_letters) >= 3 and all(c.isupper() for c in ascii_letters) and not line.isupper():
            line = line.upper()
        out.append(line)
    return "\n".join(out)


def from_tcvn3(text: str) -> str:
    tcvn3 = _tables()[0]
    return unicodedata.normalize("NFC", _upper_caps_lines(text.translate(tcvn3)))


def from_vni(text: str) -> str:
    _, letters, marks, vni_rx = _tables()
    # own letters first (ơ, ư, đ, ĩ, ị ...), then base + mark pairs
    step = "".join(letters.get(ch, ch) if ch in "ñÑôÔöÖ" else ch for ch in text)
    step = vni_rx.sub(lambda m: marks[m.group()], step)
    step = "".join(letters.get(ch, ch) for ch in step)
    return unicodedata.normalize("NFC", step)


_TCVN3_SIGN = regex.compile(r"[\u00a1-\u00bf]")
CONVERTERS = {"tcvn3": from_tcvn3, "vni": from_vni}


# Latin-1 characters that Unicode Vietnamese uses; legacy text read as cp1252 is full of the others
# (and the letters of Latin Extended it uses); the others in U+0080-U+02FF are legacy marks
_LEGACY_MARK = regex.compile(r"(?V1)[\u0080-\u02ff--[àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂăĐđĨĩŨũƠơƯư]]")


def _has_legacy_marks(text: str, sample: int = 20000) -> bool:
    """Cheap first look: are there Latin-1/cp1252 characters Vietnamese Unicode never writes?"""
    return len(_LEGACY_MARK.findall(text, 0, sample)) >= 5


def detect_and_convert(text: str) -> tuple[str | None, str]:
    """(encoding name or None, text in Unicode). Only text with enough implausible words is tried."""
    if not _has_legacy_marks(text) or judged_words(text) < 5:
        return None, text
    before = plausible_share(text)
    if before >= 0.9:
        return None, text
    # TCVN3 has its most frequent letters (à ạ á ă â ê ô ơ ư đ) at ¡-¿, where VNI has none: try the
    # encoding the characters point to first, and the other only if it does clearly better
    first = "tcvn3" if _TCVN3_SIGN.search(text) else "vni"
    best, best_share, best_text = None, before, text
    for name in sorted(CONVERTERS, key=lambda n: n != first):
        converted = CONVERTERS[name](text)
        share = plausible_share(converted)
        if share > best_share + (0.1 if best else 0.0):
            best, best_share, best_text = name, share, converted
    if best and best_share >= 0.75 and best_share - before >= 0.2:
        return best, best_text
    return None, text


def decode_8bit(data: bytes) -> str:
    """Bytes of an 8-bit legacy text file as the cp1252 characters the tables are keyed on."""
    return "".join(_CP1252_OR_LATIN1[b] for b in data)


_CP1252_OR_LATIN1 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
