"""OCR repair: undo the OCR noise that loses references, headings and dates, with an offset map.

Run by the normalize stage on text read by OCR, never on text inputs. Each repair is local and
checked against domain data (extractor/data/ocr_repair.yaml, doc_types.yaml):
- one Đ written twice (Đ and the look-alike Ð: "06/QĐÐ-TTg");
- document numbers: Đ read as D in a type code or issuer ("23/QD-TTg" -> "23/QĐ-TTg"), the hyphen
  between code and issuer lost ("56/2017/NDCP" -> "56/2017/NĐ-CP");
- capital abbreviations with Đ read as D ("HDND" -> "HĐND");
- digits read as letters inside dates and numbers ("2O21" -> "2021", "l9/4" -> "19/4");
- Roman headings: "1." for "I." when the numbering sequence says so (a capitals heading before
  "II." with no "I."), "Il."/"IIl."/"1I." for "II."/"III."/"II.", "L." for "I.", a numeral read as
  the one before it ("II." after "IIL" read "II.");
- Arabic headings out of their sequence: a digit read as another ("9." for "5.", "2.9." after
  "2.4."), or as a letter ("S." or "S" for "5.");
- lettered items: "1)" or "L" for "i)" and "l)" between the letters around them; the first part
  of "5.1." read wrong under "5.";
- accents of known capital phrases in lines of capitals ("YÊU CẤU" -> "YÊU CẦU", "KE HOACH" ->
  "KẾ HOẠCH"), and of the level word on the header line after "ỦY BAN NHÂN DÂN" ("TĨNH" -> "TỈNH");
- other accents in lines of capitals, and an "i" read "ỉ" in any line ("thông tỉn"), by
  underthesea's word list (extractor/ocr_accents.py);
- spaces lost between syllables ("bảo trợxã hội", "Kinhtếvà", "HĐNDvà"), by the same list;
- the accents of a province's name after "tỉnh"/"thành phố" or on the place-and-date line.

>>> repair("Quyết định số 23/QD-TTg ngày 07/01/2O21")[0]
'Quyết định số 23/QĐ-TTg ngày 07/01/2021'
"""
from __future__ import annotations

import difflib
import unicodedata
from array import array
from bisect import bisect_left

import regex

from . import datafiles, ocr_accents
from .ingest.syllables import is_syllable


@datafiles.built_once
def _data():
    conf = datafiles.load("ocr_repair")
    dj = {w.replace("Đ", "D"): w for w in conf["d_for_dj"]}
    codes = sorted({c for t in datafiles.load("doc_types") for c in t.get("codes") or []}, key=len, reverse=True)
    for c in codes:
        if "Đ" in c:
            dj.setdefault(c.replace("Đ", "D"), c)
    phrases = {p.upper() for k in datafiles.load("headings")["kinds"] for p in k["words"]}
    phrases |= set(conf["caps_phrases"])
    phrases = sorted((p for p in phrases if len(p.split()) >= 2), key=len, reverse=True)
    localities = sorted(((_strip(w), w) for w in conf["locality_words"]), key=lambda x: -len(x[0]))
    return (dj, codes, [(_strip(p), p) for p in phrases], set(conf["accent_twins"]),
            (set(conf["body_lines"]), localities))


def _strip(s: str) -> str:
    """Accents and the bar of Đ removed, one char for one char (NFC text)."""
    out = []
    for ch in s:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append("D" if base == "Đ" else "d" if base == "đ" else base)
    return "".join(out)


_NUMBER = regex.compile(r"(?<![\p{L}\d/])(\d{1,5}\s?/\s?(?:\d{4}\s?/\s?)?)([\p{Lu}][\p{L}&]*(?:-[\p{L}&]+)*)")
_CAPS_TOKEN = regex.compile(r"(?<![\p{L}\d])[\p{Lu}]{2,}(?![\p{L}\d])")
_DIGITISH = regex.compile(r"(?<![\p{L}\d])[\dOol]+(?:[/.\-][\dOol]+)*(?![\p{L}\d])")
_ROMAN_LINE = regex.compile(r"^[ \t]*([IVXLl1]{1,4})[.\-–](?:[ \t]+|\n)(?=\p{Lu})", regex.M)
# (a speck before the numeral may be read as a mark: "_IH. NHIỆM VỤ")
_ROMANISH_LINE = regex.compile(r"^[ \t]*([_'‘’`,]?(?:[IVXHTLl]{1,4}|(?=[1vIVXHTLl]*[IVXHTLl])[1vIVXHTLl]{2,4}))[.\-–](?:[ \t]+|\n)(?=\p{Lu})",
                               regex.M)
_ROMAN_NO_STOP_LINE = regex.compile(r"^[ \t]*([IVX]{1,4})[ \t]+(?=\p{Lu})", regex.M)
_ROMAN_L_STOP_LINE = regex.compile(r"^[ \t]*([IVXHT1]{0,3}L)(?:[ \t]+|\n)(?=\p{Lu})", regex.M)
_ARABIC_LINE = regex.compile(r"^[ \t]*(\d{1,2})\.(?:[ \t]+|\n|(?=\p{Lu}\p{L}))(?=\p{Lu})", regex.M)
# a heading number whose space OCR lost ("3.UBND các xã")
_STOP_RUN_ON = regex.compile(r"^[ \t]*\d{1,2}(\.)(?=\p{Lu}\p{L})", regex.M)
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@datafiles.built_once
def _typed_number_rx():
    """A number after its type word ("Thông tư số 05/2018/TEBGDĐT"): the type says its code."""
    types = [t for t in datafiles.load("doc_types") if t.get("codes")]
    alt = "|".join(regex.escape(t["name"]) for t in sorted(types, key=lambda t: -len(t["name"])))
    rx = regex.compile(r"(?<![\p{L}])(?P<type>(?i:%s))\s+(?i:số)\s*:?\s*\d{1,5}\s?/\s?(?:\d{4}\s?/\s?)?"
                       r"(?P<part>[\p{Lu}][\p{L}\d]*)(?=[-\s.,;)]|$)" % alt)
    return rx, {t["name"].casefold(): t["codes"] for t in types}


def _typed_code_edits(text: str) -> list[tuple[int, int, str]]:
    """The type code of a number misread by one letter, run into the issuer's code ("TEBGDĐT" for
    "TT-BGDĐT" after "Thông tư") or followed by a stray digit ("TT1-BNNPTNT"): the code again."""
    rx, codes_of = _typed_number_rx()
    edits = []
    for m in rx.finditer(text):
        part, a = m.group("part"), m.start("part")
        codes = codes_of[m.group("type").casefold()]
        if part not in codes and text.startswith("-", m.end("part")):
            near = [c for c in codes if _one_letter_off(part, c)]
            if len(near) == 1:                                  # "TIr-SKHCN" after "Tờ trình", "NgQ-CP"
                # only the letters that differ: "TIr" -> "TTr" changes one, "QĐÐĐ" -> "QĐ" drops two
                ops = difflib.SequenceMatcher(None, part, near[0], autojunk=False).get_opcodes()
                edits += [(a + i1, a + i2, near[0][j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
                continue
        for c in codes:
            if part.startswith(c):
                if regex.fullmatch(r"\d", part[len(c):]) and text.startswith("-", m.end("part")):
                    edits.append((a + len(c), m.end("part"), ""))             # "TT1-BNNPTNT"
                break
            head, rest = part[:len(c)], part[len(c):]
            if (len(c) >= 2 and len(rest) >= 3 and rest.isupper() and not text.startswith("-", m.end("part"))
                    and sum(x != y for x, y in zip(head, c)) == 1 and head[0] == c[0]):
                edits.append((a, a + len(c), c + "-"))                          # "TEBGDĐT"
                break
    return edits


_LOOK_ALIKE = {("I", "T"), ("1", "T"), ("l", "T"), ("D", "Đ")}       # (read, meant)


def _one_letter_off(part: str, code: str) -> bool:
    """One letter misread as its look-alike ("TIr" for "TTr", "T1" for "TT"), one too many ("NgQ"
    for "NQ", "TTi" for "TT"), or one read several times ("QĐÐĐ" for "QĐ"); "QB" is no "QĐ"."""
    if len(code) < 2:
        return False
    if len(part) > len(code) and _collapsed(part.replace("Ð", "Đ")) == _collapsed(code):
        return True
    if len(part) == len(code):
        diff = [(x, y) for x, y in zip(part, code) if x != y]
        return len(diff) == 1 and diff[0] in _LOOK_ALIKE and part[0] == code[0]
    if len(part) == len(code) + 1:
        return any(part[:i] + part[i + 1:] == code for i in range(1, len(part)))
    return False


def _collapsed(code: str) -> str:
    return regex.sub(r"(.)\1+", r"\1", code)


# the Prime Minister's code, its second T misread ("1008/QĐ-THg"): no other code ends in a small g
_PM_CODE = regex.compile(r"(?<=\d\s?/\s?(?:\d{4}\s?/\s?)?[\p{Lu}][\p{L}]{0,4}-(?:[ \t]+-)?)T[HIl1]g(?![\p{L}])")


def _pm_code_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), "TTg") for m in _PM_CODE.finditer(text)]


# a hyphen of a number's code read twice, a space between: "23/QĐ- -TTg"
_TWIN_HYPHEN = regex.compile(r"(?<=\d\s?/\s?(?:\d{4}\s?/\s?)?[\p{Lu}][\p{L}&]*)-[ \t]+-(?=\p{Lu})")


def _twin_hyphen_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start() + 1, m.end(), "") for m in _TWIN_HYPHEN.finditer(text)]


_TWIN_D = regex.compile("[\u0110\u00d0]*(?:\u0110\u00d0|\u00d0\u0110)[\u0110\u00d0]*")


def _twin_d_edits(text: str) -> list[tuple[int, int, str]]:
    """Tesseract sometimes writes one Đ twice or more, as Đ and as the look-alike Ð (U+00D0):
    "06/QĐÐ-TTg", "3578/QĐÐĐ-BKHCN". A real double Đ ("HĐĐTW") is written with one code point twice."""
    return [(m.start(), m.end(), "Đ") for m in _TWIN_D.finditer(text)]


def _number_edits(text: str, dj: dict, codes: list[str]) -> list[tuple[int, int, str]]:
    edits = []
    for m in _NUMBER.finditer(text):
        code = m.group(2)
        start = m.start(2)
        parts = code.split("-")
        fixed = [dj.get(p, p) for p in parts]
        if len(parts) == 1 and fixed[0] not in codes:
            first = fixed[0]
            for c in codes:
                rest = first[len(c):]
                if first.startswith(c) and len(rest) >= 2 and rest[0].isupper() and c != first:
                    fixed = [c, dj.get(rest, rest)]
                    break
                d_c = c.replace("Đ", "D")
                rest = first[len(d_c):]
                if "Đ" in c and first.startswith(d_c) and len(rest) >= 2 and rest[0].isupper():
                    fixed = [c, dj.get(rest, rest)]
                    break
        new = "-".join(fixed)
        if new != code:
            edits.append((start, start + len(code), new))
    return edits


def _phrase_edits(text: str, phrases, twins) -> list[tuple[int, int, str]]:
    """In a run of words in capitals (a line, or a header cell beside the motto in small letters),
    known phrases whose accents OCR got wrong get them back."""
    edits = []
    for run in _CAPS_RUN.finditer(text):
        line = run.group()
        if sum(c.isalpha() for c in line) < 4:
            continue
        pos = run.start()
        stripped = _strip(line)
        taken: list[tuple[int, int]] = []
        for bare, phrase in phrases:
            for m in regex.finditer(r"(?<![\p{L}])" + regex.escape(bare) + r"(?![\p{L}])", stripped):
                a, b = m.span()
                if any(a < y and b > x for x, y in taken):
                    continue
                taken.append((a, b))
                if line[a:b] != phrase and line[a:b] not in twins:
                    edits.append((pos + a, pos + b, phrase))
    return edits


# words in capitals and what stands between them on one line, up to a word in small letters
_CAPS_RUN = regex.compile(r"(?<![\p{L}])\p{Lu}+(?:[^\p{L}\n]+\p{Lu}+)*(?![\p{L}])")


@datafiles.built_once
def _province_rx():
    """A province's name where one is written: after "tỉnh"/"thành phố", or at the start of the
    place-and-date line ("Lạng Sơn, ngày …"); matched on the text without accents, lower-cased."""
    names = datafiles.load("gazetteer")["provinces"]
    bare = {_strip(n).casefold(): n for n in names}
    # (a vowel may be read twice: "HO CHĨI MINH")
    alt = "|".join(regex.sub(r"([aeiouy])", r"\1+", regex.escape(b).replace(r"\ ", r"\s+"))
                   for b in sorted(bare, key=len, reverse=True))
    rx = regex.compile(r"(?:(?<=(?:tinh|thanh pho|tp\.)\s+)(?P<name>%s)(?![\p{L}])"
                       r"|^[ \t]*(?P<name>%s)(?=\s*,\s*ngay))" % (alt, alt), regex.M)
    return bare, rx


def _same_marks(a: str, b: str) -> bool:
    """The same letters and marks, word by word, wherever the tone mark sits ("Hoá" / "Hóa")."""
    def marks(s):
        return [sorted(unicodedata.normalize("NFD", w.casefold())) for w in s.split()]
    return marks(a) == marks(b)


# "Chi" of a branch body with a mark OCR added ("17. Chỉ cục Hải quan", "Chí nhánh"): no Vietnamese
# word pairs those
_CHI_BODY = regex.compile(r"(?<![\p{L}])(?:(Ch[ỉíìịĩ])(?=\s+(?:cục|nhánh|hội|đoàn|bộ)(?![\p{L}]))"
                          r"|(CH[ỈÍÌỊĨ])(?=\s+(?:CỤC|NHÁNH|HỘI|ĐOÀN|BỘ)(?![\p{L}])))")


def _chi_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), "Chi" if m.group(1) else "CHI") for m in _CHI_BODY.finditer(text)]


def _province_edits(text: str) -> list[tuple[int, int, str]]:
    """"thành phố Hồ Chi Minh" -> "Hồ Chí Minh", "TỈNH LANG SƠN" -> "TỈNH LẠNG SƠN"."""
    bare, rx = _province_rx()
    stripped = _strip(text)
    edits = []
    for m in rx.finditer(stripped.casefold()):
        a, b = m.span("name")
        found, name = text[a:b], bare[regex.sub(r"([aeiouy])\1+", r"\1", regex.sub(r"\s+", " ", m.group("name")))]
        want = name.upper() if found.isupper() else name
        # the name's words with the text's own spaces between them (a line break stays one)
        gaps = regex.findall(r"\s+", found)
        words = want.split(" ")
        if len(gaps) != len(words) - 1:
            continue
        want = "".join(w + g for w, g in zip(words, gaps + [""]))
        if found.casefold() != want.casefold() and not _same_marks(found, want):
            if len(found) == len(want):
                edits.append((a, b, want))
            else:           # a vowel read twice: only the letters that differ are edited
                ops = difflib.SequenceMatcher(None, found, want, autojunk=False).get_opcodes()
                edits += [(a + i1, a + i2, want[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
    return edits


def _locality_edits(text: str, bodies: set, localities) -> list[tuple[int, int, str]]:
    """After "ỦY BAN NHÂN DÂN" comes the body's level, on its line or at the head of the next
    (past the motto's column): "TĨNH", "TÍNH" there are "TỈNH"."""
    stripped = _strip(text)
    words = dict(localities)
    edits = []
    for m in _locality_rx().finditer(stripped):
        a, b = m.span("level")
        word = words[m.group("level")]
        if text[a:b] != word:
            edits.append((a, b, word))
    return edits


@datafiles.built_once
def _locality_rx():
    *_, (bodies, localities) = _data()
    return regex.compile(r"(?<![\p{L}])(?:%s)(?:[ \t]+|(?:[ \t]{2,}[^\n]*|[ \t]*\|[^\n]*)?\n[ \t|]*)(?P<level>%s)(?![\p{L}])"
                         % ("|".join(regex.escape(_strip(b)) for b in sorted(bodies)),
                            "|".join(regex.escape(bare) for bare, _ in localities)))


def _token_edits(text: str, dj: dict) -> list[tuple[int, int, str]]:
    # two letters alone ("CD", "DA") are too often something else: only inside document numbers
    return [(m.start(), m.end(), dj[m.group()]) for m in _CAPS_TOKEN.finditer(text)
            if len(m.group()) >= 3 and m.group() in dj]


def _digit_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    for m in _DIGITISH.finditer(text):
        tok = m.group()
        digits = sum(ch.isdigit() for ch in tok)
        letters = sum(ch in "Ool" for ch in tok)
        if not letters or digits < 2 or digits < letters * 2:
            continue
        # a year, or a date / number with separators: "2O21", "19/4/2O21", "l9/4"
        fixed = tok.replace("O", "0").replace("o", "0").replace("l", "1")
        if regex.fullmatch(r"(?:19|20)\d\d", fixed) or ("/" in fixed and regex.fullmatch(r"[\d/]+", fixed)):
            edits.append((m.start(), m.end(), fixed))
    return edits


# two syllables run together when OCR lost the space between them ("SởY tế", "PhòngGiáo dục"):
# a capital inside a word of small letters begins the next word
_RUN_TOGETHER = regex.compile(r"(?<![\p{L}\d])(\p{Lu}\p{Ll}+)(\p{Lu}\p{Ll}*)(?![\p{L}\d])")


def _space_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.end(1), m.end(1), " ") for m in _RUN_TOGETHER.finditer(text)
            if is_syllable(m.group(1)) and is_syllable(m.group(2))]


# "sơ", "sở" read with a capital horned O ("hồ SƠ", "SỞ Y tế", "cơ SỞ"): the two letters look alike
# in both cases; among words in small letters, the word is written as its neighbours are
_SO_CAPS = regex.compile(r"(?<![\p{L}])S([ƠỞỜỚỢỠ])(?![\p{L}])")
_WORD_BEFORE = regex.compile(r"(\p{L}+)[ \t]+\Z")
_WORD_AFTER = regex.compile(r"[ \t]+(\p{L}+)(?:[ \t]+(\p{L}+))?")


def _so_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    for m in _SO_CAPS.finditer(text):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        after = _WORD_AFTER.match(text, m.end())
        # (the word before, and the two after: "SỞ Y TẾ" is in capitals)
        words = [w for w in ([before.group(1)] if before else []) + (list(after.groups()) if after else []) if w]
        line = text[text.rfind("\n", 0, m.start()) + 1:m.end()] + _line_rest(text, m.end())
        if not words or any(len(w) > 1 and w.isupper() for w in words) or not any(c.islower() for c in line):
            continue                                   # a line in capitals ("SỞ Y TẾ")
        if before and before.group(1).islower():
            edits.append((m.start(), m.end(), "s" + m.group(1).lower()))
        else:
            edits.append((m.start() + 1, m.end(), m.group(1).lower()))
    return edits


# a quarter's Roman numeral with an I read as "1", "l", "|" or "H" ("Quý II1/2024", "Quý lV",
# "Quý IIH/2024", "Quý H/2024"), also the second of a span ("Quý II - II1/2024")
_QUARTER = regex.compile(r"(?<=(?i:quý)\s?(?:(?P<first>[IV]{1,3})\s?[-–,]\s?)?)([IVHl1|]{2,3}|H)(?![\p{L}\d])")


def _quarter_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    quarters = ["I", "II", "III", "IV"]
    for m in _QUARTER.finditer(text):
        tok = m.group(2)
        if tok == m.group("first") and tok + "I" in quarters:
            edits.append((m.start(2), m.end(2), tok + "I"))      # "Quý II - II/2024": an I lost
            continue
        if tok in ("II", "III", "IV") or not (regex.search(r"[IVH]", tok) or regex.fullmatch(r"[1l|]{2,3}", tok)):
            continue                 # ("Quý 11/2024": no year has an eleventh quarter)
        plain = tok.replace("1", "I").replace("l", "I").replace("|", "I")
        # "H" is two I's whose serifs ran together ("Quý H" is II, "IH" and "HI" are III), or one
        # I when that is the only reading that makes a quarter ("IIH"); after the first of a
        # span the quarter comes later ("Quý II - IH/2024" is III)
        readings = [r for r in (plain.replace("H", "II"), plain.replace("H", "I")) if r in quarters[1:]]
        if m.group("first") in quarters:
            readings = [r for r in readings if quarters.index(r) > quarters.index(m.group("first"))]
        if readings:
            edits.append((m.start(2), m.end(2), readings[0]))
    return edits


# a date with a space read inside its month or year ("15/1 2/2024", "15/12/20 24")
_SPLIT_MONTH = regex.compile(r"(?<![\d/])\d{1,2}\s?/\s?\d( )\d\s?/\s?(?:19|20)\d\d(?!\d)")
_SPLIT_YEAR = regex.compile(r"(?<![\d/])\d{1,2}\s?/\s?\d{1,2}\s?/\s?(?:19|20)( )\d\d(?!\d)")


def _split_date_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    for m in _SPLIT_MONTH.finditer(text):
        month = int(text[m.start(1) - 1] + text[m.end(1)])
        if 1 <= month <= 12:
            edits.append((m.start(1), m.end(1), ""))
    edits += [(m.start(1), m.end(1), "") for m in _SPLIT_YEAR.finditer(text)]
    return edits


# the I of the Central Highlands' place names read as l ("la Hla, ngày …" for "Ia Hla", "xã la Grai"):
# at the start of a line or column, or after a locality word, before a name
_IA_PLACE = regex.compile(r"(?:^|(?<=\n|\s\s|(?i:xã|huyện|thị trấn)\s))(l)(?=a\s\p{Lu}\p{Ll})", regex.M)


def _place_i_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(1), m.end(1), "I") for m in _IA_PLACE.finditer(text)]


# a speck before the place and date ("_ Đầm Hà, ngày 25 tháng 7 năm 2024"): the line or cell begins
# with the place
_SPECK_BEFORE_PLACE = regex.compile(r"(?:^|(?<=\|))[ \t]*([_~`'‘’,.·][ \t]*)(?=\p{Lu}\p{Ll}*(?:[ \t]+\p{L}+){0,4},[ \t]*ngày[ \t]+\d)",
                                    regex.M)


def _speck_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(1), m.end(1), "") for m in _SPECK_BEFORE_PLACE.finditer(text)]


# a span of years whose first year's 2 was read as a 7 ("GIAI ĐOẠN 7021-2025", "năm 7021 - 2025")
_YEAR_SPAN = regex.compile(r"(?<=(?i:giai đoạn|năm|từ)\s+)(7)(0\d\d)\s?[-–]\s?((?:19|20)\d\d)(?![\d/])")


def _year_span_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(1), m.end(1), "2") for m in _YEAR_SPAN.finditer(text)
            if 0 < int(m.group(3)) - int("2" + m.group(2)) <= 30]


def _caps(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _roman_edits(text: str) -> list[tuple[int, int, str]]:
    heads = []
    for m in _ROMAN_LINE.finditer(text):
        tok = m.group(1)
        line_end = text.find("\n", m.end())
        title = text[m.end():line_end if line_end >= 0 else len(text)]     # same line, or the next
        heads.append((m.start(1), m.end(1), tok, title))
    edits = []
    for a, b, tok, title in heads:
        if "l" in tok and regex.fullmatch(r"[Il]{2,3}", tok):
            edits.append((a, b, tok.replace("l", "I")))
        elif tok in ("L", "l") and _caps(title):        # no plan counts to fifty: "L." is a misread "I."
            edits.append((a, b, "I"))
    # "H" is two I's run together, "T", "L" and "l" one: "HT." is "III.", "IL." "II." when the
    # sequence wants it
    misread = [(m.start(1), m.end(1), _as_is(m.group(1).lstrip("_'‘’`,")), m.group(1), "", ())
               for m in _ROMANISH_LINE.finditer(text) if _caps(_heading_rest(text, m.end()))
               or _short_title(_line_rest(text, m.end()))]
    # a numeral whose full stop was lost ("II NHIỆM VỤ CỤ THỂ")
    misread += [(m.start(1), m.end(1), m.group(1), m.group(1), ".", ())
                for m in _ROMAN_NO_STOP_LINE.finditer(text) if _caps(_heading_rest(text, m.end()))]
    # a numeral whose last "I." ran into an "L" ("IIL KẾ HOẠCH" for "III."), or whose full stop
    # alone was read "L" ("HIL" for "III."): the sequence says which
    misread += [(m.start(1), m.end(1), _as_is(m.group(1)[:-1]) + "I", m.group(1), ".", (_as_is(m.group(1)[:-1]),))
                for m in _ROMAN_L_STOP_LINE.finditer(text) if _caps(_heading_rest(text, m.end()))]
    edits += _roman_sequence_edits(sorted(misread))
    romans = [(a, tok.replace("l", "I")) for a, b, tok, _ in heads if regex.fullmatch(r"[IVXl]{1,4}", tok)]
    has_one = any(t == "I" for _, t in romans)
    second = next((a for a, t in romans if t == "II"), None)
    if not has_one and second is not None:
        for a, b, tok, title in heads:
            if a > second:
                break
            if tok == "1" and _caps(title):
                edits.append((a, b, "I"))
                break
    return edits


def _short_title(rest: str) -> bool:
    """A heading written in sentence case on a line of its own: "I. Mục tiêu", "III. Tổ chức thực
    hiện" (a few words, no sentence end)."""
    words = rest.split()
    return 0 < len(words) <= 8 and not rest.rstrip().endswith((".", ",", ";"))


def _line_rest(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[pos:end if end >= 0 else len(text)]


def _heading_rest(text: str, pos: int) -> str:
    """The title after a heading's number: the rest of its line, and the next line too when the
    rest holds fewer than three letters ("II. LỘ" / "TRÌNH THỰC HIỆN")."""
    rest = _line_rest(text, pos)
    if sum(c.isalpha() for c in rest) < 3:
        nxt = min(len(text), pos + len(rest) + 1)
        rest = (rest + " " + _line_rest(text, nxt)).strip()
    return rest


def _as_is(tok: str) -> str:
    """A numeral as read, with the letters OCR writes for I's taken for them: "H" two run
    together, "T", "L", "l" and, beside another of them, "1" one ("1I."); a "v" beside them is a V."""
    return tok.replace("H", "II").replace("T", "I").replace("L", "I").replace("l", "I").replace("1", "I").replace("v", "V")


# letters OCR reads for a digit standing alone before its full stop ("A." for "4.")
_DIGIT_LOOKALIKES = {"A": 4, "T": 7, "S": 5, "B": 8, "G": 6, "Z": 2}
_LOOKALIKE_LINE = regex.compile(r"^[ \t]*([ATSBGZ])(\.|(?=[ \t]+\p{Lu}\p{Ll}))(?:[ \t]+|\n)(?=\p{Lu})", regex.M)


def _arabic_sequence_edits(text: str) -> list[tuple[int, int, str]]:
    """A numbered heading between n-1 and n+1 that is not n ("7.", "6.", "9.": an 8 misread) is n;
    so is a letter that looks like n ("3.", "A.", "5."), and one that ends its list ("4.", then
    "S." before the next part's "1."), its full stop maybe lost ("S Ủy ban nhân dân …")."""
    heads = [(m.start(1), m.end(1), int(m.group(1)), None) for m in _ARABIC_LINE.finditer(text)]
    heads += [(m.start(1), m.end(2), -_DIGIT_LOOKALIKES[m.group(1)], m) for m in _LOOKALIKE_LINE.finditer(text)]
    heads.sort(key=lambda h: h[0])
    edits = []
    for k in range(1, len(heads)):
        (_, _, p, _), (a, b, n, m) = heads[k - 1], heads[k]
        q = heads[k + 1][2] if k + 1 < len(heads) else None
        if p < 0 or (q is not None and q < 0):
            continue
        if n < 0:
            ends_list = (q is None or q == 1) and m.group(2) == "." and not _caps(_line_rest(text, m.end()))
            if -n == p + 1 and (q == p + 2 or ends_list or (q == 1 and m.group(2) != ".")):
                edits.append((a, b, str(p + 1) + "."))
        elif q is None:
            if n > p + 2 and (n, p + 1) in _DIGIT_MISREADS:
                # the last heading of all: "4." then "9." (but "4." then "6." may have lost a "5.")
                edits.append((a, b, str(p + 1)))
        elif q == p + 2 and n != p + 1:
            edits.append((a, b, str(p + 1)))
        elif n != p + 1 and q <= p + 1 and (n, p + 1) in _DIGIT_MISREADS:
            # the last of its list ("4.", "9.", then "V." and "1."): a 5 read as 9; "7.", "6.",
            # then "1.": an 8 read as 6
            edits.append((a, b, str(p + 1)))
    return edits


# (read, meant): heading numbers Tesseract misreads as another digit of a similar shape
_DIGIT_MISREADS = {(9, 5), (8, 3), (8, 6), (6, 5), (7, 1), (8, 5), (6, 8), (3, 8)}


# a heading number whose full stop was read as another mark ("2_ Tổ chức", "3, Kiểm tra"), or
# alone on its line with a speck before it ("+1;" above "Phòng Nội vụ")
_ODD_STOP_LINE = regex.compile(r"^[ \t]*(?P<speck>[+_][ \t]?)?(\d{1,2})([_,;:\-])(?:[ \t]+|[ \t]*\n)(?=\p{Lu})",
                               regex.M)


def _run_on_stop_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(1), m.end(1), ". ") for m in _STOP_RUN_ON.finditer(text)]


def _stop_edits(text: str) -> list[tuple[int, int, str]]:
    """An Arabic heading number with its full stop misread, where the sequence around it wants
    that number (or, the first, is 1 before a 2): the mark is a full stop again."""
    edits = []
    arabic = sorted([(m.start(), int(m.group(1)), None) for m in _ARABIC_LINE.finditer(text)]
                    + [(m.start(), int(m.group(2)), (m.span("speck"), m.span(3))) for m in _ODD_STOP_LINE.finditer(text)])
    for k in range(len(arabic)):
        (_, p, odd_p) = arabic[k - 1] if k else (None, 0, None)
        (_, n, odd), (_, q, odd_q) = arabic[k], arabic[k + 1] if k + 1 < len(arabic) else (None, None, None)
        after_prev = bool(k) and not odd_p and p + 1 == n
        if not odd:
            continue
        if (q is not None and not odd_q and n == q - 1 and (after_prev or n == 1)) or (
                after_prev and (q is None or q < n) and n > 2):
            # (or the last of its list: "3.", "4.", "5, Chế độ báo cáo", then the next part)
            speck, mark = odd
            if speck[1] > speck[0]:
                edits.append((speck[0], speck[1], ""))
            edits.append((mark[0], mark[1], "."))
    return edits


_LETTER_LINE = regex.compile(r"^[ \t]*([a-zđ])\)[ \t]+(?=\S)", regex.M)
# "i)" and "l)" as OCR reads them: a one, a capital I or L, a bar; the bracket may be lost
_ONE_LIKE_LINE = regex.compile(r"^[ \t]*([1lLI|][).]?)[ \t]+(?=\p{Lu})", regex.M)
_LETTER_AFTER = {"h": ("i", "k"), "k": ("l", "m")}


_HIGHER_HEADING = regex.compile(r"(?m)^[ \t]*(?:[IVX]{1,5}|\d{1,2})\.[ \t]+\p{Lu}")


def _letter_sequence_edits(text: str) -> list[tuple[int, int, str]]:
    """A lettered item read as "1)", "L" or "1" where the letters run "h)", ?, "k)" (or "k)", ?,
    "m)") is "i)" (or "l)"): the letters that look like a one."""
    letters = [(m.start(1), m.group(1)) for m in _LETTER_LINE.finditer(text)]
    starts = [p for p, _ in letters]
    edits = []
    for m in _ONE_LIKE_LINE.finditer(text):
        a = m.start(1)
        k = bisect_left(starts, a)          # letters[k - 1] comes before, letters[k] after
        if not k or letters[k - 1][1] not in _LETTER_AFTER or a - letters[k - 1][0] > 3000:
            continue
        if _HIGHER_HEADING.search(text, letters[k - 1][0], a):
            continue                        # a part or item heading closed the list of letters
        want, successor = _LETTER_AFTER[letters[k - 1][1]]
        # the last item of its list ("a)" comes next) only when the bracket is lost too: "1)"
        # or "1." before "a)" is an Arabic item starting its own list
        bare = m.group(1)[-1] not in ")."
        nxt = letters[k] if k < len(letters) else None
        if nxt and nxt[0] - a < 3000 and not (nxt[1] == successor or bare and nxt[1] == "a"):
            continue
        edits.append((a, m.end(1), want + ")"))
    return edits + _round_letter_edits(text, letters)


# "c)" and "e)" in a ring: OCR reads them as the copyright sign, a speck before it as "_"
_RING_LINE = regex.compile(r"^[ \t]*(_?©\))[ \t]+(?=\S)", regex.M)


def _round_letter_edits(text: str, letters: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """"©)" at the head of a line is the item "c)" after "b)", "e)" after "đ)" (or "d)"), by the
    letter before it in the same list; "c)" when none says."""
    starts = [p for p, _ in letters]
    edits = []
    for m in _RING_LINE.finditer(text):
        k = bisect_left(starts, m.start(1))
        prev = letters[k - 1] if k else None
        near = prev is not None and m.start(1) - prev[0] <= 3000 \
            and not _HIGHER_HEADING.search(text, prev[0], m.start(1))
        edits.append((m.start(1), m.end(1), "e)" if near and prev[1] in "dđ" else "c)"))
    return edits


_OUTLINE_LINE = regex.compile(r"^[ \t*_#]*(?:(?P<roman>[IVX]{1,5})\.|(?P<n>\d{1,2})\.(?!\d)|(?P<m>\d{1,2})\.(?P<k>\d{1,2})\.?)"
                              r"[ \t]+(?=\p{Lu})", regex.M)


def _dotted_prefix_edits(text: str) -> list[tuple[int, int, str]]:
    """Under "5." the items are "5.1.", "5.2.": a first part OCR read wrong ("9.1." right after
    "5.", "9.2." after "5.1.") is the number of the heading above. Not when it is the next
    number (a heading "6." may be lost) or when a Roman part comes between."""
    edits = []
    parent = last_k = None
    lines = list(_OUTLINE_LINE.finditer(text))
    for i, m in enumerate(lines):
        if m.group("roman"):
            parent = last_k = None
        elif m.group("n"):
            parent, last_k = int(m.group("n")), 0
        elif parent is not None:
            first, k = int(m.group("m")), int(m.group("k"))
            if first != parent and first != parent + 1 and k == last_k + 1:
                edits.append((m.start("m"), m.end("m"), str(parent)))
                first = parent
            if first == parent and last_k and k != last_k + 1 and _second_part_misread(k, last_k, parent, lines[i + 1:i + 2]):
                edits.append((m.start("k"), m.end("k"), str(last_k + 1)))
                k = last_k + 1
            if first == parent:
                last_k = k
            else:
                parent = last_k = None
    return edits


def _second_part_misread(k: int, last_k: int, parent: int, after: list) -> bool:
    """"2.9." after "2.4.": the second part is the next one when the item after it is the one
    after that ("2.6."), or, where no sibling follows, when the digits look alike (9 for 5)."""
    nxt = after[0] if after else None
    if nxt is not None and nxt.group("m") and int(nxt.group("m")) == parent:
        return int(nxt.group("k")) == last_k + 2
    return (k, last_k + 1) in _DIGIT_MISREADS


def _roman_sequence_edits(romans: list[tuple]) -> list[tuple[int, int, str]]:
    """Capitals headings (start, end, numeral as read with H/T/l taken for I's, token as written,
    the full stop to add when it was lost, other readings of the token):
    a numeral that breaks the sequence by one letter ("II." between "II." and "IV.": an I lost), or
    a misread one that reads as the numeral the sequence wants ("HT." after "II."), is that numeral."""
    edits = []
    if len(romans) > 1 and romans[0][3] not in _ROMANS and romans[1][2] == "II" and romans[0][2] in ("I", "II"):
        # the first numeral, misread ("IL." before "II."), is "I."
        a, b, _, _, stop, _ = romans[0]
        edits.append((a, b, "I" + stop))
        romans[0] = (a, b, "I") + romans[0][3:]
    for k in range(1, len(romans)):
        prev, (a, b, tok, written, stop, others) = romans[k - 1][2], romans[k]
        if prev not in _ROMANS or _ROMANS.index(prev) + 1 >= len(_ROMANS):
            continue
        i = _ROMANS.index(prev) + 1
        want = _ROMANS[i]
        if want in others:
            tok = want
        # the next numeral comes after the wanted one (it may be misread or lost itself: "H."
        # between "I." and "IV." when "III." was read without its full stop); after a numeral
        # that lost its full stop, the next may repeat it, misread itself
        def readings(j):
            return [_ROMANS.index(r) for r in (romans[j][2],) + romans[j][5] if r in _ROMANS] if j < len(romans) else []
        # (or the next repeats it and the one after comes after that: the next is misread itself)
        fits = k + 1 == len(romans) or any(n > i or (n == i and (stop or any(m > i + 1 for m in readings(k + 2))))
                                           for n in readings(k + 1))
        if tok == want:
            # (a misread numeral, then one read as the same: the first is this one, "1L." then "II.")
            same_next = written != want and readings(k + 1) == [i]
            if (written != want or stop) and (fits or same_next):
                edits.append((a, b, want + stop))
                romans[k] = (a, b, want, written, stop, others)
            continue
        if tok in _ROMANS[i + 1:]:
            continue                 # a jump: an excerpt or a part left out
        near = abs(len(want) - len(tok)) == 1 and (want.startswith(tok) or tok.startswith(want))
        if near and fits:
            edits.append((a, b, want + stop))
            romans[k] = (a, b, want, written, stop, others)
    return edits


def repair(text: str) -> tuple[str, array | None]:
    """(repaired text, offsets: for each char of it, plus one at the end, its offset in `text`),
    or (text, None) when nothing was repaired."""
    dj, codes, phrases, twins, (bodies, localities) = _data()
    edits = _twin_d_edits(text) + _twin_hyphen_edits(text)
    edits += [e for e in _number_edits(text, dj, codes) if all(e[1] <= a or e[0] >= b for a, b, _ in edits)]
    taken = [(a, b) for a, b, _ in edits]

    def free(a, b):
        # (two repairs putting back the same lost space are one)
        return all((b <= x or a >= y) and (a, b) != (x, y) for x, y in taken)

    more = (_typed_code_edits(text) + _pm_code_edits(text) + _token_edits(text, dj) + _digit_edits(text) + _roman_edits(text) + _arabic_sequence_edits(text)
            + _letter_sequence_edits(text) + _dotted_prefix_edits(text) + _stop_edits(text) + _run_on_stop_edits(text) + _quarter_edits(text) + _space_edits(text) + _so_edits(text)
            + _split_date_edits(text) + _year_span_edits(text) + _place_i_edits(text) + _speck_edits(text)
            + _province_edits(text) + _chi_edits(text)
            + _phrase_edits(text, phrases, twins) + _locality_edits(text, bodies, localities)
            + ocr_accents.fix_from_text(text) + ocr_accents.fix_accents(text) + ocr_accents.fix_dotted_i(text) + ocr_accents.split_run_together(text))
    for e in more:
        if free(e[0], e[1]):
            edits.append(e)
            taken.append((e[0], e[1]))
    if not edits:
        return text, None
    edits.sort()
    out, offs, pos = [], array("q"), 0
    for a, b, new in edits:
        out.append(text[pos:a])
        offs.extend(range(pos, a))
        out.append(new)
        # a replacement maps char by char; an inserted char (a restored hyphen) maps to the next one
        old = text[a:b]
        j = 0
        for ch in new:
            if j < len(old) and (ch == old[j] or len(new) == len(old) or ch != "-"):
                offs.append(a + j)
                j += 1
            else:
                offs.append(a + min(j, len(old) - 1))
        pos = b
    out.append(text[pos:])
    offs.extend(range(pos, len(text) + 1))
    return "".join(out), offs
