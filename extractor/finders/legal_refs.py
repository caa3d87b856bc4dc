"""Legal references: numbered citations ("Quyết định số 23/QĐ-TTg ngày 07/01/2021 của …") and
laws cited by name ("Luật Trẻ em năm 2016"), grouped into one entry per referenced document."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .. import datafiles, patterns
from ..contract import LegalRef, Mention
from ..normalize import Document
from ..sections import Outline


@dataclass
class Citation:
    type: str | None
    number: str | None
    name: str | None
    date: str | None
    year: int | None
    issuer: str | None
    subject: str | None
    start: int
    end: int
    rule: str


_ISSUER_STOP = (r"(?=\s+(?:về|v/v|phê duyệt|ban hành|quy định|hướng dẫn|triển khai|thực hiện|sửa đổi|"
                r"việc|ngày|tại|đã|đối với|trong|cho|kèm theo|số|năm|và\s+(?:các|Kế hoạch|Quyết định|Công văn|Nghị))\b"
                r"|\s*[;,.:(“\"”)]|\s*$)")


@datafiles.built_once
def _rx():
    types = sorted((t["name"] for t in datafiles.load("doc_types")), key=len, reverse=True)
    type_alt = "|".join(regex.escape(t) for t in types)
    # the type word starts a word; the look-behind also spares the engine trying the type words
    # inside every word
    cited = patterns.compile(
        r"(?<![\p{L}])(?P<type>(?i:" + type_alt + r"))(?P<qual>(?:\s+(?:liên tịch|liên ngành|phối hợp liên ngành|hành động|"
        r"phối hợp))*)\s*(?:(?i:số)\s*:?\s*)?(?P<number>$doc_number)"
        r"(?:\s*,?\s*(?:(?i:ngày)\s+)?(?P<date>$date))?"
        r"(?:\s*,?\s*(?:của|do)\s+(?P<issuer>(?:[\p{Lu}Đ][\p{L}\-]*|và|-|&)(?:[\s\-]+(?!(?:về|phê|ban|quy|hướng|triển|thực|sửa|việc|ngày|tại|đã|đối|trong|cho|kèm|số|năm)\b)[\p{L}\-&]+)*?)" + _ISSUER_STOP + r")?")
    # a law's name: up to 15 words, ended by a stop word, punctuation (but not the comma inside
    # "Phòng, chống …", "Thi đua, khen thưởng") or its year, number or date
    name = (r"(?!số\b|sư\b)[\p{L}][\p{L}\-]*(?:,?\s+(?!(?:năm|ngày|số|quy|được|đã|và\s+(?:các|Luật|Nghị|Bộ)|hiện|của|"
            r"tại|để|về|cho|thì|trong|theo|nhằm|có|với|ban hành|sửa đổi\s+năm|nhưng|mà|khi|nếu|phải|sẽ|đang)\b)[\p{L}][\p{L}\-]*){0,14}?"
            r"(?=\s*(?:năm\s+\d{4}|ngày|số|,(?!\s*$name_comma_word)|[;.:)(“”\"]|\s(?:quy|được|đã|và\s+(?:các|Luật|Nghị|Bộ|Quyết)|"
            r"hiện|của|tại|để|về|cho|thì|trong|theo|nhằm|có|với|ban hành|nhưng|mà|khi|nếu|phải|sẽ|đang)\b|$))")
    tail = (r"(?:\s*năm\s+(?P<year>\d{4}))?(?:\s*(?:số\s+(?P<number>$doc_number)))?"
            r"(?:\s*(?:ngày\s+(?P<date>$date)))?")
    amending = patterns.compile(
        r"(?<![\p{L}])(?P<type>Luật)\s+(?P<name>(?i:sửa đổi,?\s+bổ sung\s+(?:một số điều\s+)?(?:của\s+)?(?:các\s+)?)"
        r"Luật\s+" + name + r"(?:\s*(?:,|và)\s*Luật\s+" + name + r")*)" + tail)
    named = patterns.compile(r"(?<![\p{L}])(?P<type>Bộ luật|Luật|Hiến pháp)\s+(?P<name>" + name + r")" + tail)
    # "các Quyết định: số 36/QĐ-TTg ngày 11/01/2024 …; số 1569/QĐ-TTg …": numbers of a list whose type
    # word stands before the list
    listed = patterns.compile(
        r"(?<![\p{L}\d/])(?i:số)\s*:?\s*(?P<number>$doc_number)(?:\s*,?\s*(?:(?i:ngày)\s+)?(?P<date>$date))?")
    type_before = regex.compile(r"(?<![\p{L}])(?i:" + type_alt + r")(?![\p{L}])")
    # "Quyết định số 2158/QĐ-BYT, 2159/QĐ-BYT ngày 1/8/2024": more numbers of the same type after one
    chained = patterns.compile(r"\s*(?:,|;|\s+và)\s*(?P<number>$doc_number)(?:\s*,?\s*(?:(?i:ngày)\s+)?(?P<date>$date))?")
    return cited, (amending, named), (listed, type_before, chained)


_SPACES = regex.compile(r"\s+")
_DIGIT_CAPITAL = regex.compile(r"\d[\p{Lu}]")


def _clean_number(num: str) -> str:
    return _SPACES.sub("", num).rstrip(".-,")


def _date(m, group_base: str) -> tuple[str | None, int | None]:
    text = m.group(group_base)
    if not text:
        return None, None
    dm = patterns.compile("$date").match(text)
    if not dm:
        return None, None
    y, mo, d = patterns.date_parts(dm)
    return patterns.iso(y, mo, d), y


def find_citations(text: str) -> list[Citation]:
    cited, named, (listed, type_before, chained) = _rx()
    out: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for m in cited.finditer(text):
        tname = m.group("type")
        number = _clean_number(m.group("number"))
        if "/" not in number and "-" not in number and not _DIGIT_CAPITAL.search(number):
            continue
        date, year = _date(m, "date")
        if year is None:
            ym = regex.search(r"/(\d{4})/", number)
            year = int(ym.group(1)) if ym else None
        issuer = (m.group("issuer") or "").strip() or None
        out.append(Citation(type=_type_name(tname), number=number, name=None, date=date, year=year,
                            issuer=issuer, subject=None, start=m.start(), end=m.end(), rule="ref.numbered"))
        taken.append((m.start(), m.end()))
        pos, code = m.end("number"), _type_code(number)
        more = chained.match(text, pos) if code and m.end() == pos else None
        while more and _type_code(_clean_number(more.group("number"))) == code:
            num = _clean_number(more.group("number"))
            date, year = _date(more, "date")
            ym = None if year else regex.search(r"/(\d{4})/", num)
            out.append(Citation(type=_type_name(tname), number=num, name=None, date=date,
                                year=year or (int(ym.group(1)) if ym else None), issuer=None, subject=None,
                                start=more.start("number"), end=more.end(), rule="ref.chained"))
            taken.append((more.start("number"), more.end()))
            pos = more.end("number")
            more = chained.match(text, pos) if more.end() == pos else None   # a date ends the list
    for m in listed.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        number = _clean_number(m.group("number"))
        types = list(type_before.finditer(text, max(0, m.start() - 300), m.start()))
        if "/" not in number or not types:
            continue
        date, year = _date(m, "date")
        if year is None:
            ym = regex.search(r"/(\d{4})/", number)
            year = int(ym.group(1)) if ym else None
        out.append(Citation(type=_type_name(types[-1].group()), number=number, name=None, date=date,
                            year=year, issuer=None, subject=None, start=m.start(), end=m.end(),
                            rule="ref.listed"))
        taken.append((m.start(), m.end()))
    for m in (m for rx in named for m in rx.finditer(text)):
        if any(a <= m.start() < b for a, b in taken):
            continue
        taken.append((m.start(), m.end()))
        if m.group("type") == "Luật" and m.start() > 0 and text[max(0, m.start() - 5):m.start()].lower().endswith("pháp "):
            continue
        name = f"{m.group('type')} {m.group('name').strip()}"
        number = _clean_number(m.group("number")) if m.group("number") else None
        date, year = _date(m, "date")
        if m.group("year"):
            year = int(m.group("year"))
        end = m.end()
        if m.group("year"):
            end = max(end, m.end("year"))
        out.append(Citation(type=m.group("type"), number=number, name=name, date=date, year=year,
                            issuer=None, subject=None, start=m.start(), end=end, rule="ref.by_name"))
    out.sort(key=lambda c: c.start)
    return out


def _type_code(number: str) -> str | None:
    """The type code of a number: "QĐ" of "2158/QĐ-BYT" and "23/2021/QĐ-UBND", "CT" of "28-CT/TW"."""
    m = regex.search(r"(?:^\d+[-/](?:\d{4}/)?)(\p{L}+)", number)
    return m.group(1).upper() if m else None


def _type_name(word: str) -> str:
    for t in datafiles.load("doc_types"):
        if t["name"].casefold() == word.casefold():
            return t["name"]
    return word[:1].upper() + word[1:].lower()


def _key(c: Citation) -> tuple:
    if c.number:
        return ("n", c.number.casefold().replace("đ", "d"))
    return ("t", (c.name or "").casefold())


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one letter changed, added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _misread_twin(groups: dict, key: tuple, doc_type: str):
    """A reference already found whose number differs from this one by one letter of the issuer's
    code, the part after the last "-" or "/" ("48/NQ-CE" read for "48/NQ-CP"): the same document
    misread. A different type code ("15/NQ-CP", "15/NĐ-CP") or number is a different document."""
    if key[0] != "n":
        return None
    m = regex.match(r"^(.*[-/])([^-/]{2,})$", key[1])
    if not m:
        return None
    head, tail = m.groups()
    for (kind, num), ref in groups.items():
        rest = num[len(head):]
        if (kind == "n" and ref.type == doc_type and num.startswith(head) and not regex.search(r"[-/]", rest)
                and _one_edit(rest, tail)):
            return ref
    return None


def _preamble_end(doc: Document, outline: Outline) -> int:
    return outline.headings[0].start if outline.headings else len(doc.text)


_BASIS_PARA = regex.compile(r"(?:Căn cứ|Thực hiện|Theo|Xét)\b")


def find(doc: Document, outline: Outline, own_number: str | None = None) -> list[LegalRef]:
    text = doc.text
    pre_end = _preamble_end(doc, outline)
    groups: dict[tuple, LegalRef] = {}
    own = own_number.casefold() if own_number else None
    seen: list[tuple[int, int]] = []
    for c in find_citations(text):
        if own and c.number and c.number.casefold() == own:
            continue
        if any(a <= c.start and c.end <= b for a, b in seen):
            continue   # "số 102/2016/QH13 …" inside "Luật Trẻ em số 102/2016/QH13 …": one mention
        seen.append((c.start, c.end))
        line_start = text.rfind("\n", 0, c.start) + 1
        if text.startswith("Số", line_start) and c.start - line_start < 6:
            continue   # the document's own number in its header
        basis = c.start < pre_end and bool(_BASIS_PARA.match(text, line_start))
        h = outline.section_at(c.start)
        mention = Mention(text=text[c.start:c.end], span=(c.start, c.end), section=h.id if h else None)
        key = _key(c)
        ref = groups.get(key) or _misread_twin(groups, key, c.type)
        if ref is None:
            ref = LegalRef(id=f"r{len(groups) + 1}", type=c.type, number=c.number, date=c.date,
                           issuer=c.issuer, subject=None, name=c.name, year=c.year,
                           role="basis" if basis else "mention", mentions=[])
            groups[key] = ref
        else:
            ref.date = ref.date or c.date
            ref.issuer = ref.issuer or c.issuer
            ref.year = ref.year or c.year
            if basis:
                ref.role = "basis"
        ref.mentions.append(mention)
    return _named_once(list(groups.values()))


def _named_once(refs: list[LegalRef]) -> list[LegalRef]:
    """A law cited once with its number ("Luật Trẻ em số 102/2016/QH13") and elsewhere by its name
    alone ("… một số điều của Luật Trẻ em") is one document: the name's mentions join the numbered
    reference."""
    numbered = {}
    for r in refs:
        if r.number and r.name:
            numbered.setdefault(r.name.casefold(), r)
    out = []
    for r in refs:
        target = numbered.get(r.name.casefold()) if r.name and not r.number else None
        if target is None or target.type != r.type:
            out.append(r)
            continue
        target.mentions = sorted(target.mentions + r.mentions, key=lambda m: m.span)
        target.year = target.year or r.year
        if r.role == "basis":
            target.role = "basis"
    if len(out) < len(refs):
        for i, r in enumerate(out):
            r.id = f"r{i + 1}"
    return out
