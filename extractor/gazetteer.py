"""Gazetteer of Vietnamese public bodies (extractor/data/gazetteer.yaml): a unit's canonical name
(abbreviations expanded, locality dropped, one spelling per body) and the body that took over a
department's matter after the 2025 merger of ministries and departments."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from . import datafiles
from .normalize import fix_tone_placement


@dataclass(frozen=True)
class Sector:
    name: str
    until: str | None = None              # ISO date: the last day the sector's body existed
    became: str | None = None
    moved: tuple[tuple[str, str], ...] = ()


def _alt(surfaces) -> str:
    return "|".join(regex.escape(s) for s in sorted(set(surfaces), key=len, reverse=True))


@datafiles.built_once
def _data():
    d = datafiles.load("gazetteer")
    types = {}
    for t in d["types"]:
        for s in [t["name"]] + list(t.get("abbr") or []):
            types.setdefault(s.casefold(), t)
    sectors = {}
    for s in d["sectors"]:
        sec = Sector(s["name"], s.get("until"), s.get("became"), tuple((s.get("moved") or {}).items()))
        for surface in [s["name"]] + list(s.get("abbr") or []):
            sectors.setdefault(surface.casefold(), sec)
    type_rx = regex.compile(r"^(?:các\s+)?(%s)(?![\p{L}&])" % _alt(t for t in types), regex.I)
    sector_rx = regex.compile(r"^\s*(%s)(?![\p{L}&])" % _alt(sectors), regex.I)
    # "xã hội" (society) is no commune: "các tổ chức chính trị - xã hội tỉnh"
    loc_rx = regex.compile(r"(?:^|\s|,)(?:%s)(?![\p{L}])(?!\s+hội(?![\p{L}]))" % _alt(d["localities"]))
    by_name = {s.name: s for s in sectors.values()}
    return types, sectors, type_rx, sector_rx, loc_rx, by_name


@datafiles.built_once
def _office_rx():
    """An office title before a body's name (extractor/data/units.yaml, office_titles)."""
    return regex.compile(r"^(?:%s)\s+(?=các\s|Các\s|\p{Lu})" % _alt(datafiles.load("units")["office_titles"]))


def _clean(name: str) -> str:
    name = fix_tone_placement(regex.sub(r"\s+", " ", name)).strip(" ,;:.-")
    return regex.sub(r"\s*-\s*", " - ", name) if regex.search(r"\p{L}-\p{Lu}", name) else name


@lru_cache(maxsize=4096)
def canonical(name: str) -> str:
    """'Phòng GD&ĐT thị xã' -> 'Phòng Giáo dục và Đào tạo'; 'UBND các xã, phường' -> 'Ủy ban nhân dân'."""
    types, sectors, type_rx, sector_rx, loc_rx, _ = _data()
    name = regex.sub(r"\s+", " ", fix_tone_placement(name)).strip(" ,;:.")
    name = _office_rx().sub("", name, count=1)       # "Giám đốc Sở Y tế": the body is Sở Y tế
    m = type_rx.match(name)
    if not m:
        return _strip_locality(name)
    body = types[m.group(1).casefold()]
    rest = name[m.end():]
    if body.get("sector"):
        s = sector_rx.match(rest)
        if s:
            return f"{body['name']} {sectors[s.group(1).casefold()].name}"
    own = body.get("canonical", body["name"])
    tail = _strip_locality(rest) if rest.strip() else ""
    return f"{own} {_clean(tail)}".strip() if tail else own


def _strip_locality(text: str) -> str:
    *_, loc_rx, _ = _data()
    m = loc_rx.search(text)
    out = text[:m.start()] if m else text
    return out.strip(" ,;:.")


def sector(canonical_name: str) -> Sector | None:
    """The sector of a 'Sở/Phòng/Bộ X' canonical name."""
    *_, by_name = _data()
    for head in ("Sở ", "Phòng ", "Bộ "):
        if canonical_name.startswith(head):
            return by_name.get(canonical_name[len(head):])
    return None


def successor(canonical_name: str, on_date: str | None, subject: str = "") -> str | None:
    """The body that held this unit's work on `on_date` (ISO) when its own body had been merged
    away by then: 'Sở Lao động - Thương binh và Xã hội', '2025-06-01', 'công tác trẻ em' -> 'Sở Y tế'."""
    sec = sector(canonical_name)
    if sec is None or not sec.until or not on_date or on_date <= sec.until:
        return None
    head = canonical_name.split(" ", 1)[0]
    low = subject.casefold()
    for matter, target in sec.moved:
        if matter.casefold() in low:
            return f"{head} {target}"
    return f"{head} {sec.became}" if sec.became else None


_ABBREVIATION = regex.compile(r"[^\p{L}]*(?:(?![AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ])"
                           r"[\p{Lu}&][^\p{L}]*){2,}")


def full_name(written: str) -> str:
    """A body's name as a sentence-case full name, abbreviations expanded and the locality kept:
    'ỦY BAN NHÂN DÂN\\nTỈNH BÀ RỊA - VŨNG TÀU' -> 'Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu',
    'UBND huyện Chi Lăng' -> 'Ủy ban nhân dân huyện Chi Lăng', 'SỞ Y TẾ' -> 'Sở Y tế'."""
    types, sectors, type_rx, sector_rx, loc_rx, _ = _data()
    name = regex.sub(r"\s+", " ", fix_tone_placement(written)).strip(" ,;:.")
    upper = name == name.upper()
    m = type_rx.match(name)
    if not m and not upper:
        return name
    body = types[m.group(1).casefold()] if m else {"name": ""}
    head, rest = body["name"], name[m.end():] if m else name
    d = datafiles.load("gazetteer")
    # in capitals: a place name after a locality word or a sector ("SỞ Y TẾ BÌNH ĐỊNH"), and the name
    # of a school or hospital, in title case; any other name in sentence case ("BAN CHỈ ĐẠO CÔNG TÁC
    # TRẺ EM"), but each field of a body named after fields ("TRUNG TÂM VĂN HÓA - THÔNG TIN VÀ THỂ THAO";
    # a comma lists fields only before a "VÀ": "CỤC QUẢN LÝ KHÁM, CHỮA BỆNH" is one)
    titled = body["name"] in d.get("named_after_proper_names", ())
    if body.get("sector"):
        s = sector_rx.match(rest)
        if s:
            head, rest = f"{head} {sectors[s.group(1).casefold()].name}", rest[s.end():]
            titled = True
    fields = upper and body["name"] in d.get("named_after_fields", ())
    words = []
    localities = {w.casefold() for w in d["localities"]}
    if titled and upper:
        kind = _institution_kind_rx().match(rest)
        if kind:
            head += " " + _institution_kinds()[" ".join(kind.group(1).split()).casefold()]
            rest = rest[kind.end():]
    rest_words = rest.split()
    if upper and rest.strip().casefold() in province_names():
        titled = True                       # a province named without "tỉnh": "KBNN QUẢNG TRỊ"
    for i, w in enumerate(rest_words):
        # "xã hội" (society) inside a name is no commune; "XÃ HỘI AN" first is one
        society = i > 0 and w.casefold() == "xã" and rest_words[i + 1:i + 2] in (["HỘI"], ["hội"])
        if not society and (w.casefold() in localities or (words and f"{words[-1]} {w}".casefold() in localities)):
            words.append(w.lower())
            titled = True
        elif upper and (_ABBREVIATION.fullmatch(w) or w in _abbreviations()):
            words.append(w)                                 # "THCS", "GD&ĐT": no vowel, an abbreviation
        elif upper and not words and w == "CÁC":
            words.append("các")                             # "BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH …": a determiner
        elif upper and (titled or not words or fields and (words[-1] in ("-", "–", "và") or words[-1].endswith(",")
                                                           and "VÀ" in rest_words[i:])):
            words.append("-".join(p.capitalize() for p in w.split("-")))
        elif upper:
            words.append(w.lower())
        else:
            words.append(w)
    text = " ".join(words)
    for two in ("thị xã", "thành phố", "thị trấn", "đặc khu"):
        text = regex.sub(r"(?i)(?<![\p{L}])%s(?![\p{L}])" % two, two, text)
    if upper:
        # names of their own inside a name written in capitals: "VĂN PHÒNG CHÍNH PHỦ"
        text = _proper_noun_rx().sub(lambda m: _proper_nouns()[m.group().casefold()], text)
    return f"{head} {text}".strip()


@datafiles.built_once
def province_names() -> frozenset:
    """The provinces' names, casefolded."""
    return frozenset(p.casefold() for p in datafiles.load("gazetteer")["provinces"])


@datafiles.built_once
def _institution_kinds() -> dict[str, str]:
    return {k.casefold(): k for k in datafiles.load("gazetteer").get("institution_kinds", ())}


@datafiles.built_once
def _institution_kind_rx():
    alt = "|".join(r"\s+".join(regex.escape(w) for w in k.split())
                   for k in sorted(_institution_kinds().values(), key=len, reverse=True))
    return regex.compile(r"\s*(%s)(?![\p{L}])" % alt, regex.I)


@datafiles.built_once
def _proper_nouns() -> dict[str, str]:
    return {w.casefold(): w for w in datafiles.load("gazetteer")["proper_nouns"]}


@datafiles.built_once
def _proper_noun_rx():
    return regex.compile(r"(?i)(?<![\p{L}])(?:%s)(?![\p{L}])" % _alt(_proper_nouns().values()))


@datafiles.built_once
def sector_surfaces() -> tuple[str, ...]:
    """Every written form of a sector, as the data writes it ("Y tế", "GD&ĐT", "Tài chính")."""
    return tuple(surface for s in datafiles.load("gazetteer")["sectors"]
                 for surface in [s["name"]] + list(s.get("abbr") or []))


def body_abbreviations() -> tuple[str, ...]:
    """The abbreviated names of types of body whose first word is in capitals ("TTYT", "UBMTTQVN",
    "VP HĐND-UBND"): they head a unit's name as the full words do."""
    d = datafiles.load("gazetteer")
    return tuple(a for t in d["types"] for a in t.get("abbr") or []
                 if len(a.split()[0]) > 1 and a.split()[0].isupper())


@datafiles.built_once
def _abbreviations() -> frozenset[str]:
    """Abbreviations of the gazetteer written as one word in capitals ("UBND", "HĐND", "MTTQ")."""
    d = datafiles.load("gazetteer")
    return frozenset(a for t in d["types"] + d["sectors"] for a in t.get("abbr") or []
                     if " " not in a and a.isupper())
