"""Metadata: number, type, issuer, place and date, title, plan year, signer and recipients."""
from __future__ import annotations


import regex

from .. import datafiles, gazetteer, patterns
from ..contract import Metadata, Signer
from ..normalize import Document


@datafiles.built_once
def _data():
    return datafiles.load("metadata")


@datafiles.built_once
def _doc_types():
    return [t["name"] for t in datafiles.load("doc_types")]


@datafiles.built_once
def _type_line_rx():
    """A line that starts with a document type: "KẾ HOẠCH", "Kế hoạch thực hiện …"."""
    types = sorted(_doc_types(), key=len, reverse=True)
    return regex.compile(r"^(?P<t>%s)(?:\s+(?P<rest>.*))?$" % "|".join(regex.escape(t) for t in types), regex.I)


@datafiles.built_once
def _locality_rx():
    """A locality word standing alone among the words of a header ("… TỈNH …")."""
    return regex.compile(r"\s(?:%s)\s" % "|".join(regex.escape(w) for w in _data()["locality_words"]))


@datafiles.built_once
def _locality_start_rx():
    return regex.compile(r"(?:%s)\s" % "|".join(regex.escape(w) for w in _data()["locality_words"]))


_SPACES = regex.compile(r"\s+")
_ATTACHED_TO = regex.compile(r"\s*\(\s*(?:Ban hành\s+)?(?i:kèm theo)[^()]*\)\s*$")
_NUMBER_LABEL = regex.compile(r"^Số\s*:?$")
_BODY_OPENING = regex.compile(r"^(?:Căn cứ|Thực hiện|Kính gửi|I\.|1\.|Điều 1)")
_NUMBER = regex.compile(r"^Số\s*:?\s*(?P<num>.*?)\s*$")
_PLACE_DATE = patterns.compile(
    r"^(?P<place>[\p{Lu}][\p{L}\d\s.'\-]{0,40}?)\s*,\s*(?i:ngày)\s*(?:(?P<d>$day)?\s*(?i:tháng)\s*(?P<m>$month)?\s*(?i:năm)"
    r"\s*(?P<y>\d{4,5})?|(?P<d2>$day)\s*[/.-]\s*(?P<m2>$month)\s*[/.-]\s*(?P<y2>\d{4}))")   # "ngày 5/3/2025"
_VV = regex.compile(r"^V/v\s*:?\s*(?P<title>.+)$", regex.I)
_YEAR_IN_TITLE = regex.compile(r"(?i:năm)\s+(?P<y>(?:19|20)\d\d)(?!\s*[-–]\s*\d)")
_PERIOD_IN_TITLE = regex.compile(r"(?i:giai đoạn|đến năm|tầm nhìn|năm học|niên khóa|\d{4}\s*[-–]\s*\d{4})")
# a personal name, its words capitalised; a name of the Central Highlands may hold an apostrophe
# ("Ksor H'Bă Na")
_ONE_WORD_NAME = regex.compile(r"^\p{Lu}'\p{Lu}\p{Ll}+$")
# (a name of the Central Highlands: "H'Lan Niê", also written "H' Lan Niê")
_PERSON = regex.compile(r"^(?:\p{Lu}(?:' ?\p{Lu})?\p{Ll}*\s+){1,4}\p{Lu}(?:' ?\p{Lu})?\p{Ll}*$")


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


_DOC_NUMBER = patterns.compile(r"$doc_number")
_PLACE_DATE_ANYWHERE = patterns.compile(r"(?<=\s)[\p{Lu}][\p{L}.'\-]*(?:\s(?:[\p{Lu}][\p{L}.'\-]*|\d{1,2}(?=\s*,))){0,4}\s*,\s*(?i:ngày)\b")


_DROPPED_OK = regex.compile(r"(?m)^[-_=*.~—–\s|:]*$")
_TAG = regex.compile(r"<[^<>\n]*>")


def _joined_in_raw(doc: Document, lines, i: int) -> bool:
    """Were lines i - 1 and i of the normalized text neighbours in the input, with at most rules or
    blank lines between them? Not when the lines a web page puts before a document were dropped
    between them (its menu, its attributes box under the site's name in capitals)."""
    a = lines[i - 1][0] + len(lines[i - 1][1])          # (the last character of the line above: a > 0)
    b = lines[i][0]
    if not lines[i - 1][1] or b >= len(doc.offsets):
        return True
    gap = _TAG.sub("", doc.raw.text[doc.offsets[a - 1] + 1:doc.offsets[b]])     # ("<br>" in a table cell)
    return bool(_DROPPED_OK.fullmatch(gap))


def _header_start(lines, doc: Document | None = None) -> int:
    """Where the header begins: a page captured from a website puts its own banner and a summary
    box before it. The header is the block of capitals right above the national motto, in one
    piece in the input."""
    def above(i: int) -> bool:
        return doc is None or _joined_in_raw(doc, lines, i)

    motto = next((i for i, (_, line) in enumerate(lines[:200])
                  if line.strip().startswith(_data()["header_skip"][0])), None)
    if motto is None:
        # no motto: the block of capitals right above the number line ("UBND TỈNH HÀ NAM" / "SỞ …" /
        # "Số: 1789/TB-SNN"), after whatever a web page put before it
        number = next((i for i, (_, line) in enumerate(lines[:60]) if _NUMBER.match(line.strip())
                       and _DOC_NUMBER.search(line)), None)
        if number is None or number == 0:
            return 0
        start = number
        while start > 0 and _is_caps_line(lines[start - 1][1]) and above(start):
            start -= 1
        return start if start < number else 0
    start = motto
    # the left column may come first, whole, above the motto: "UBND TỈNH X" / "SỞ …" / "Số: …" / "V/v …"
    number = next((i for i in range(motto - 1, max(-1, motto - 7), -1)
                   if _NUMBER.match(lines[i][1].strip()) and _DOC_NUMBER.search(lines[i][1])), None)
    if number is not None and number > 0 and _caps_or_rule(lines[number - 1][1]):
        start = number
    while start > 0 and (_caps_or_rule(lines[start - 1][1]) or _NUMBER.match(lines[start - 1][1].strip())) \
            and above(start):
        start -= 1
    if start == motto:
        return max(0, motto - 1) if motto > 3 else 0
    return start


def _caps_or_rule(line: str) -> bool:
    """A line of the header's left column: in capitals, or the rule under it ("-----o0o-----")."""
    return _is_caps_line(line) or bool(_RULE.fullmatch(line.strip()))


def _is_caps_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _header_lines(lines):
    """Header lines with the number line repaired: "Số:" with the number on the next line is one
    line; "Số: 335/KH-UBND Phú Thọ, ngày 10 tháng 02 năm 2023" (columns run together) is two."""
    out = []
    skip = False
    for k, (pos, line) in enumerate(lines):
        if skip:
            skip = False
            continue
        s = line.strip()
        if _NUMBER_LABEL.match(s) and k + 1 < len(lines):
            nxt = lines[k + 1][1].strip()
            m = _DOC_NUMBER.match(nxt)
            if m and m.end() == len(nxt):
                out.append((pos, f"Số: {nxt}"))
                skip = True
                continue
        if s.startswith("Số") and _NUMBER.match(s):
            m = _PLACE_DATE_ANYWHERE.search(s)
            if m:
                out.append((pos, s[:m.start()].rstrip()))
                out.append((pos + m.start(), s[m.start():]))
                continue
        m = _motto_rx().search(line)
        if m and line[:m.start()].strip():
            # "UBND TỈNH X CỘNG HÒA XÃ HỘI …", "SỞ Y TẾ Độc lập - Tự do - Hạnh phúc": the two
            # columns of the header run into one line, the body's name on the left
            out.append((pos, line[:m.start()].rstrip()))
            out.append((pos + m.start(), line[m.start():]))
            continue
        out.append((pos, line))
    return out


_SPACED = regex.compile(r"^(?:\p{Lu}\s+){3,}\p{Lu}$")


def _spaced_type(line: str) -> str | None:
    """The document type of a line of capitals spaced out letter by letter, if it is one."""
    if not _SPACED.match(line):
        return None
    letters = "".join(line.split())
    return next((t for t in _doc_types() if "".join(t.upper().split()) == letters), None)


def _drop_organisation_motto(header: list[str]) -> list[str]:
    """A mass organisation's header writes its national name where others write the national motto
    ("BCH ĐOÀN TỈNH X" / "ĐOÀN TNCS HỒ CHÍ MINH", "HND TỈNH X" / "HỘI NÔNG DÂN VIỆT NAM"): that name
    is dropped when the other lines name a body of the organisation already ("TỈNH ĐOÀN", "BCH
    HỘI NÔNG DÂN HUYỆN Y"); "BAN CHẤP HÀNH TRUNG ƯƠNG" needs it."""
    mottos = _data().get("organisation_mottos", {})

    def names_body(text: str, motto: str) -> bool:
        return any(regex.search(r"(?<![\p{L}])%s(?![\p{L}])" % regex.escape(w), text) for w in mottos[motto])

    out = []
    for h in header:
        cut = None
        for m in mottos:
            if f" {m} " in h:                # between the lines it stood between, all run into one
                before, after = (x.strip() for x in h.split(f" {m} ", 1))
                if names_body(before, m) and names_body(after, m):
                    out += [before, after]
                    cut = ""
                break
            if h.endswith(" " + m):
                cut = h[:-len(m)].rstrip()
            elif h.startswith(m + " "):       # the right column's line run in before the next line
                cut = h[len(m):].lstrip()
            if cut is not None:
                cut = cut if names_body(cut, m) else None
                break
        if cut != "":
            out.append(cut or h)
    rest = [h for h in out if h not in mottos]
    kept = [m for m in mottos if m in out]
    return rest if kept and all(any(names_body(h, m) for h in rest) for m in kept) else out


@datafiles.built_once
def _mottos() -> list[str]:
    return sorted(_data()["header_skip"], key=len, reverse=True)


@datafiles.built_once
def _motto_rx():
    """The right column of the header (national name and motto), met inside a line."""
    return regex.compile(r"(?<=\s)(?:%s)" % "|".join(regex.escape(m) for m in _mottos()))


def _sentence_case_issuer(text: str) -> str:
    data = _data()
    t = _SPACES.sub(" ", text).strip()
    for caps, nice in data["sentence_case"].items():
        if t.upper().startswith(caps):
            rest = t[len(caps):].strip()
            words = rest.split()
            locs = {w.upper() for w in data["locality_words"]}
            if rest.isupper() and words[0] not in locs and " ".join(words[:2]) not in locs \
                    and any(w in locs for w in words[1:]):
                # not a place ("HUYỆN ỦY CAM LỘ") but the rest of a name that ends in its locality:
                # "ĐẢNG ỦY CÁC CƠ QUAN TỈNH"
                return (nice + " " + gazetteer.full_name(rest)).strip()
            return (nice + " " + _locality_case(rest)).strip()
    if t.isupper():
        return gazetteer.full_name(t)
    return t


def _locality_case(text: str, first_cap: bool = False) -> str:
    """'TỈNH HÀ TĨNH' -> 'tỉnh Hà Tĩnh'; 'SỞ Y TẾ' -> 'Sở y tế' (first_cap)."""
    if not text:
        return text
    if not text.isupper():
        return text
    words = text.split()
    locs = {w.upper() for w in _data()["locality_words"]}
    out, i = [], 0
    # locality word(s) in lower case, the place name in title case
    if first_cap:
        return " ".join([words[0].capitalize()] + [w.lower() for w in words[1:]])
    for n in (2, 1):
        head = " ".join(words[:n])
        if head in locs:
            out = [_data()["locality_abbreviations"].get(head, head.lower())]
            i = n
            break
    out += [w.capitalize() if not w.startswith("-") else w for w in words[i:]]
    return " ".join(out)


def find(doc: Document) -> tuple[Metadata, list[tuple[str, str]]]:
    text = doc.text
    data = _data()
    warnings: list[tuple[str, str]] = []
    md = Metadata()
    lines = list(_lines(text))
    type_rx = _type_line_rx()
    header: list[str] = []
    body_start = len(lines)
    type_idx = place_idx = None
    top = lines[_header_start(lines, doc):]
    head = _header_lines(top[:40])
    for i, (pos, line) in enumerate(head):
        s = line.strip()
        if _BODY_OPENING.match(s) and not (
                type_idx is not None and i == type_idx + 1 and md.title is None):
            body_start = i
            break
        m = _NUMBER.match(s)
        if m and md.number is None and "number_seen" not in header:
            num = _SPACES.sub("", m.group("num"))
            num = regex.split(r"(?<=[\p{L}\d])(?=V/v)", num)[0]
            header.append("number_seen")
            md.number = None if not num or num.startswith("/") else num.replace("Ð", "Đ")
            continue
        m = _PLACE_DATE.match(s)
        if m and md.place is None:
            place_idx = i
            md.place = m.group("place").strip()
            y, mo, d = m.group("y") or m.group("y2"), m.group("m") or m.group("m2"), m.group("d") or m.group("d2")
            if y and len(y) == 5:
                warnings.append(("bad_year", f"issue date year '{y}' is mistyped"))
            md.issue_date = patterns.iso(int(y) if y and len(y) == 4 else None,
                                         int(mo) if mo else None, int(d) if d else None)
            if md.issue_date is None:
                warnings.append(("blank_issue_date", f"issue date is incomplete: '{s[:60]}'"))
            continue
        m = _VV.match(s)
        if m and md.title is None:
            md.title = m.group("title").strip().rstrip(".")
            md.doc_type = md.doc_type or "Công văn"
            continue
        spaced = _spaced_type(s) if type_idx is None else None
        if spaced:
            md.doc_type, type_idx = spaced, i           # "K Ế H O Ạ C H": a type spaced out letter by letter
            continue
        m = type_rx.match(s)
        # (also the type in capitals and the title after it on one line: "KẾ HOẠCH Triển khai …")
        run_on = m and m.group("t").isupper() and regex.match(r"\s*\p{Lu}\p{Ll}", m.group("rest") or "")
        if m and type_idx is None and (s.isupper() or not m.group("rest") or run_on):
            md.doc_type = next(t for t in _doc_types() if t.casefold() == m.group("t").casefold())
            type_idx = i
            rest = (m.group("rest") or "").strip()
            if rest and (s.isupper() or run_on) and rest not in _data()["type_qualifiers"]:
                md.title = rest.rstrip(".")      # ("KẾ HOẠCH HÀNH ĐỘNG": the title is the next line)
            continue
        if type_idx is not None and i == type_idx + 1 and md.title is None:
            md.title = s.rstrip(".")
            continue
        if md.number is None and md.place is None and type_idx is None:
            # a line that begins with the motto ("ĐẢNG CỘNG SẢN VIỆT NAM TỈNH ỦY THANH HÓA" when the
            # columns ran together the other way round) keeps the body after it
            while (motto := next((h for h in _mottos() if s.startswith(h)), None)):
                s = s[len(motto):].strip()
            if s:
                header.append(s)
    if md.title is None and type_idx is None and place_idx is not None:
        # no type line: the title is the first line under the place and date
        for _, line in head[place_idx + 1:min(body_start, place_idx + 4)]:
            s = line.strip()
            if regex.match(r"^(?:Phần|PHẦN|Chương|CHƯƠNG)\b", s):
                break
            if s and s not in data["header_skip"] and not _NUMBER.match(s) and not _VV.match(s):
                # a title in capitals, or a short line; a paragraph of prose is the body
                if _is_caps_line(s) or (len(s) <= 160 and not regex.search(r"[.;:]\s", s)):
                    md.title = s.rstrip(".")
                break
    if md.title:
        # "(Kèm theo Quyết định số … ngày …)" under the title names the decision that issued it
        md.title = _ATTACHED_TO.sub("", md.title).rstrip(" .") or md.title
    if md.number is None or md.issue_date is None:
        # a document portal that lost the header lists them in its attributes ("Số ký hiệu | 96/KH-UBND")
        number, issued = _portal_attributes(doc.raw.text)
        md.number = md.number or number
        md.issue_date = md.issue_date or issued
    header = _drop_organisation_motto([h for h in header if h != "number_seen"])
    portal = _portal_issuer(doc.raw.text) if not any(_is_caps_line(h) for h in header) else None
    if portal:
        # the copy lost the header (what stands above the type is the portal's own title): the
        # portal's attributes say who issued it
        md.issuer = portal
    else:
        md.issuer = _issuer(header, text, top[:body_start + 1], md.place) or _issuer_from_number(md.number)
    if md.issuer in ("Ủy ban nhân dân", "Hội đồng nhân dân") and md.place:
        # the header lost its locality line: the text names the place with its level
        m = regex.search(r"(?i:(tỉnh|thành phố|huyện|thị xã|quận|thị trấn|phường|xã))\s+%s(?![\p{L}])"
                         % regex.escape(md.place), text)
        if m:
            md.issuer = f"{md.issuer} {m.group(1).lower()} {md.place}"
    md.issuer = _cased_as_written(_written_out(md.issuer), text)
    md.plan_year = _plan_year(md)
    md.signer, md.recipients = _signature(lines)
    if md.doc_type is None and md.number:
        code = regex.search(r"/(?:\d{4}/)?([\p{Lu}Đ][\p{L}]*)", md.number)
        if code:
            for t in datafiles.load("doc_types"):
                if code.group(1) in t["codes"]:
                    md.doc_type = t["name"]
                    break
    if md.doc_type is None and any(regex.match(data["letter_marker"], line.strip())
                                   for _, line in top[:body_start + 1]):
        md.doc_type = "Công văn"          # an addressed letter with no type word
    return md, warnings


@datafiles.built_once
def _two_level_rxs() -> list:
    """For each kind of two-level header, the parent and the words before the lower body, and the
    words of the lower bodies."""
    data = _data()
    locs = "|".join(regex.escape(w) for w in data["locality_words"])
    # (a lower "BAN" is no part of the "ỦY BAN" of a second committee on the line)
    return [(regex.compile(r"^(?:%s)\s+(?:.*?\s)?(?<!(?:ỦY|UỶ)\s)(?=(?:%s)(?:\s|$))" % (
        pair["parent"].replace("$localities", locs),
        "|".join(regex.escape(b) for b in sorted(pair["lower"], key=len, reverse=True)))), frozenset(pair["lower"]))
        for pair in data["two_level_headers"]]


_PORTAL_NUMBER = regex.compile(r"(?m)^[ \t*]*(?:Số ký hiệu|Số hiệu|Ký hiệu)[ \t*]*[|:][ \t*]*(?P<v>[^\s|*]*\d[^\s|*]*/[^\s|*]+)")
_PORTAL_DATE = regex.compile(r"(?m)(?:^|\|)[ \t*]*Ngày ban hành[ \t*]*[|:][ \t*]*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})")


_PORTAL_ISSUER = regex.compile(r"(?m)^[ \t*]*(?:Cơ quan ban hành|Nơi ban hành)[ \t*]*[|:][ \t*]*"
                               r"(?P<v>[^|\n]*?\S)(?=[ \t]{2,}|[ \t*]*\||[ \t*]*$)")


def _portal_issuer(raw: str) -> str | None:
    """The issuing body a document portal lists before the document ("Cơ quan ban hành | UBND huyện
    Krông Bông"), written out."""
    m = _PORTAL_ISSUER.search(raw[:4000])
    return gazetteer.full_name(m.group("v")) if m else None


def _portal_attributes(raw: str) -> tuple[str | None, str | None]:
    """(number, ISO issue date) from the attributes a document portal lists before the document."""
    head = raw[:4000]
    n, d = _PORTAL_NUMBER.search(head), _PORTAL_DATE.search(head)
    issued = patterns.iso(int(d.group("y")), int(d.group("m")), int(d.group("d"))) if d else None
    return (n.group("v").replace("Ð", "Đ") if n else None), issued


def _ends_a_place(header: list[str], at: int, kinds) -> bool:
    """Is the lower body word found at `at` (in the header lines joined by spaces) only the last
    word of a place's name on the parent's line ("THÀNH PHỐ HẢI PHÒNG")?"""
    pos = 0
    for h in header:
        if pos < at < pos + len(h):
            if h[at - pos:].strip() not in kinds:
                return False
            place = _locality_rx().split(" " + h + " ")[-1].strip().casefold()
            return place in gazetteer.province_names()
        pos += len(h) + 1
    return False


def _lower_body(header: list[str]):
    """(the match of a two-level header's parent, up to where its lower body begins, and the
    lower bodies' words), or (None, ())."""
    joined = " ".join(header)
    # (on a header of several lines the lower body begins a line: "HĐND XÃ NAM BAN" holds none)
    starts = {sum(len(h) + 1 for h in header[:i]) for i in range(len(header))}
    return next(((m, kinds) for rx, kinds in _two_level_rxs()
                 if (m := rx.match(joined)) and not _ends_a_place(header, m.end(), kinds)
                 and (len(header) == 1 or m.end() in starts)), (None, ()))


def _first_of_two_columns(joined: str) -> list[str] | None:
    """Two two-level headers side by side, their lines run into one ("UBND TỈNH BẾN TRE HỘI LHPN
    TỈNH BẾN TRE SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI BAN THƯỜNG VỤ": two parents, then a body under
    each): the first column's two lines, or None."""
    words = joined.split()
    firsts = {k.split()[0] for rx, kinds in _two_level_rxs() for k in kinds}
    has_place = [bool(_locality_rx().search(" " + " ".join(words[:i]) + " ")) for i in range(len(words) + 1)]
    for i in range(2, len(words) - 2):
        if not has_place[i]:
            continue
        for j in range(i + 2, len(words) - 1):
            parent, other = " ".join(words[:i]), " ".join(words[i:j])
            if not _locality_rx().search(" " + other + " ") or words[j] not in firsts:
                continue
            for k in range(j + 1, len(words)):
                if words[k] in firsts and _lower_body([parent, " ".join(words[j:k])])[0] \
                        and _lower_body([other, " ".join(words[k:])])[0]:
                    return [parent, " ".join(words[j:k])]
    return None


def _line_at(header: list[str], pos: int) -> int:
    """The index of the header line that begins at `pos` of the lines joined by spaces."""
    return next(i for i in range(len(header)) if sum(len(h) + 1 for h in header[:i]) == pos)


# a rule under a column, as typed or as OCR reads it ("------...........", "-----o0o-----", run into
# the name above it: "SỞ Y TẾ-------"), and a speck of OCR standing alone ("ˆ", "`", "_")
_RULE = regex.compile(r"(?:^|\s+|(?<=\p{L}))(?:[-—–_=~*]{3,}(?:[oO0]{3}[-—–_=~*]{3,})?[.…·]*"
                      r"|[ˆ^`´¨~°'’‘_]{1,2})(?=\s|$)")
# a dash left at the end of the header's last line ("SỞ DÂN TỘC VÀ TÔN GIÁO -")
_TRAILING_DASH = regex.compile(r"(?:\s+[-–])+$")


def _issuer(header: list[str], text: str, head_lines, place: str | None) -> str | None:
    data = _data()
    # (the rules under the header's columns run into its line: "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ --------")
    header = [h for h in (_RULE.sub("", h).strip() for h in header) if h]
    header = [h for h in header if not regex.fullmatch(r"[-–]+", h)]
    if header:
        header[-1] = _TRAILING_DASH.sub("", header[-1])
    if (len(header) == 4 and all(_locality_start_rx().match(h) for h in header[2:])
            and not any(_locality_start_rx().match(h) for h in header[:2]) and " ".join(header).isupper()):
        # two bodies side by side over their places ("TÒA ÁN NHÂN DÂN   VIỆN KIỂM SÁT NHÂN DÂN" /
        # "HUYỆN MƯỜNG ẢNG   HUYỆN MƯỜNG ẢNG"): a joint plan, issued first by the first
        return _sentence_case_issuer(header[0] + " " + header[2])
    if (len(header) == 4 and " ".join(header).isupper() and _lower_body([header[0], header[2]])[0]
            and _lower_body([header[1], header[3]])[0]):
        # two two-level headers side by side ("UBND HUYỆN X   CÔNG AN TỈNH Y" / "PHÒNG GIÁO DỤC VÀ
        # ĐÀO TẠO   CÔNG AN HUYỆN X"): a joint plan, issued first by the first column's lower body
        return _issuer([header[0], header[2]], text, head_lines, place)
    if len(header) <= 2 and " ".join(header).isupper() and len(_locality_rx().findall(" " + " ".join(header) + " ")) > 1:
        first = _first_of_two_columns(" ".join(header))
        if first:
            return _issuer(first, text, head_lines, place)
    if header:
        joined = " ".join(header)
        # a two-level header: the lower body issues
        lower, kinds = _lower_body(header)
        if not lower and not joined.isupper():
            # a header written in sentence case ("Hội Chữ thập đỏ Việt Nam" / "Hội Chữ thập đỏ tỉnh
            # Quảng Trị", its lines joined as a wrapped sentence): the lower body as written
            lower_up, _ = _lower_body([h.upper() for h in header])
            if lower_up and len(joined.upper()) == len(joined):
                return joined[lower_up.end():].strip()
        if lower and joined.isupper():
            parent, joined = joined[:lower.end()].strip(), joined[lower.end():]
            # three levels ("UBND TỈNH" / "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" / "CHI CỤC KIỂM LÂM"): the lowest
            rest = header[_line_at(header, lower.end()):] if len(header) > 1 else [joined]
            while True:
                deeper, deeper_kinds = _lower_body(rest)
                whole = " ".join(rest)
                # (a kind of one word alone at the end of a line is the last word of a place: "UBND XÃ
                # THẠCH ĐÀI"; "HUYỆN ỦY HẢI HẬU ỦY BAN KIỂM TRA" is two bodies)
                tail = whole[deeper.end():].strip() if deeper else ""
                starts = {sum(len(h) + 1 for h in rest[:i]) for i in range(len(rest))}
                if not tail or (tail in deeper_kinds and " " not in tail and deeper.end() not in starts):
                    break
                parent, joined, kinds = whole[:deeper.end()].strip(), whole[deeper.end():], deeper_kinds
                rest = rest[_line_at(rest, deeper.end()):] if len(rest) > 1 else [joined]
            if joined in kinds:
                # the lower line names only a kind of body: that body of the parent
                # ("UBND TỈNH QUẢNG NAM" / "VĂN PHÒNG": the office of the provincial committee)
                return _sentence_case_issuer(joined) + " " + _sentence_case_issuer(parent)
        if (not lower and len(header) == 2 and all(_locality_rx().search(" " + h + " ") for h in header)
                and not _locality_start_rx().match(header[1]) and joined.isupper()):
            # two bodies, each with its locality: the same body at two levels ("HỘI LHPN TỈNH QUẢNG NAM" /
            # "HỘI LHPN HUYỆN THĂNG BÌNH"), the lower issues; two others ("CÔNG AN TỈNH LÀO CAI" / "HỘI
            # LHPN TỈNH LÀO CAI"), a joint plan, issued first by the first
            kinds = _kinds_of(header)
            return _sentence_case_issuer(header[1] if kinds[0] == kinds[1] else header[0])
        if not lower and len(header) == 1 and joined.isupper():
            # the same body at two levels run into one line: "HỘI NÔNG DÂN TỈNH THANH LÂM HỘI NÔNG DÂN
            # HUYỆN HÀ LỘC", the lower issues
            kind = _locality_rx().split(" " + joined + " ", 1)[0].strip()
            again = joined.find(" " + kind + " ", len(kind)) if kind and kind != joined else -1
            if again > 0 and _locality_rx().search(" " + joined[:again] + " "):
                return _sentence_case_issuer(joined[again + 1:])
        first = _first_of_joint(rest if lower else header, joined) if joined.isupper() else None
        if first:
            return _sentence_case_issuer(first)
        if joined.isupper() and not _locality_rx().search(joined):
            # "ỦY BAN NHÂN DÂN" alone: a Quyết định repeats its authority in full before "Căn cứ"
            for _, line in head_lines:
                t = _drop_organisation_motto([line.strip()])[0]
                if t.isupper() and t.startswith(joined) and len(t) > len(joined):
                    joined = t
                    break
        return _sentence_case_issuer(joined)
    # a Quyết định names its authority on its own line before "Căn cứ"
    m = regex.search(patterns.expand(data["issuer_in_body"]), text[:6000])
    if m:
        body = regex.sub(r"^(?:Ủy ban|Uỷ ban|UBND)\s+(?i:nhân dân)?\s*", "Ủy ban nhân dân ", m.group("body"))
        if not m.group("name").strip():
            named = regex.search(r"\b%s\s+((?:[\p{Lu}][\p{Ll}]*\s?){1,4})" % m.group("level"), text[:6000])
            if named:
                body = body.rstrip() + " " + named.group(1).strip()
            elif place:
                body = body.rstrip() + " " + place
        return regex.sub(r"\s+", " ", body).strip()
    m = regex.search(patterns.expand(data["issuer_body_makes"]), text[:6000])
    if m:
        return regex.sub(r"\s+", " ", m.group("body")).strip()
    return None


@datafiles.built_once
def _issuer_abbreviation_rx():
    # (in any case: a header's abbreviation may have been sentence-cased with it, "Ban Qlda")
    return regex.compile(r"(?<![\p{L}])(?i:%s)(?![\p{L}])" % patterns.alternation(_data()["issuer_abbreviations"]))


_ALIAS = regex.compile(r"\s*\((?:[\p{Lu}\d]+[\s-]*)+\)$")


def _cased_as_written(issuer: str | None, text: str) -> str | None:
    """An issuer read from a header in capitals, with the letters' case of the same name where the
    text writes it in small letters ("ĐỒN BIÊN PHÒNG CỬA KHẨU QUỐC TẾ VĨNH XƯƠNG" -> "Đồn Biên phòng
    Cửa khẩu quốc tế Vĩnh Xương" as the title names it): the guessed case of a name the tables do
    not know gives way to the document's own."""
    if not issuer or issuer in text:
        return issuer
    key = issuer.casefold()
    if len(key) != len(issuer):
        return issuer
    folded = text.casefold() if len(text.casefold()) == len(text) else None
    if folded is None:
        return issuer
    at = folded.find(key)
    while at >= 0:
        found = text[at:at + len(issuer)]
        edges = (at == 0 or not text[at - 1].isalpha()) and not text[at + len(issuer):at + len(issuer) + 1].isalpha()
        if edges and not found.isupper() and found[:1].isupper():
            # (the words of its level stay in small letters: "Thành phố Hồ Chí Minh" in a text)
            levels = {w.casefold() for w in _data()["locality_words"] for w in w.split()}
            return " ".join(ours if ours.casefold() in levels else theirs
                            for ours, theirs in zip(issuer.split(" "), found.split(" ")))
        at = folded.find(key, at + 1)
    return issuer


def _written_out(issuer: str | None) -> str | None:
    """The issuer with the abbreviations its name still holds written out, without the short name in
    brackets after it ("Ban Chỉ đạo quốc gia … (BCĐ 389)")."""
    if not issuer:
        return issuer
    words = _data()["issuer_abbreviations"]
    full = {k.upper(): v for k, v in words.items()}
    return _issuer_abbreviation_rx().sub(lambda m: full[m.group().upper()], _ALIAS.sub("", issuer)) or issuer


@datafiles.built_once
def _joint_rx():
    """A second body after a dash in a joint plan's header ("SỞ Y TẾ - SỞ GIÁO DỤC VÀ ĐÀO TẠO")."""
    return regex.compile(r"\s+[-–]\s+(?=(?:%s)(?![\p{L}]))"
                         % patterns.alternation(_data()["joint_plans"]["second_after_dash"]))


def _first_of_joint(header: list[str], joined: str) -> str | None:
    """The first body of a joint plan's header: bodies parted by a dash, or two lines that begin with
    the same type ("SỞ Y TẾ" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO"); None when the header names one body."""
    m = _joint_rx().search(joined)
    if m:
        return joined[:m.start()]
    same_type = _data()["joint_plans"]["same_type_lines"]
    if len(header) == 2 and header[0].split()[0] == header[1].split()[0] and header[0].split()[0] in same_type:
        return header[0]
    if len(header) == 2 and all(_locality_rx().search(" " + h + " ") for h in header) and _joint_start_rx().match(header[1]):
        # two bodies of one place under their parents ("BẢO HIỂM XÃ HỘI TỈNH SƠN LA" / "HỘI LHPN TỈNH SƠN LA")
        kinds = _kinds_of(header)
        return header[0] if kinds[0] != kinds[1] else None
    return None


def _kinds_of(header: list[str]) -> list[str]:
    """The kind of body each header line names, the words before its locality ("HỘI LHPN" of "HỘI
    LHPN TỈNH SƠN LA")."""
    return [_locality_rx().split(" " + h + " ", 1)[0].strip() for h in header]


@datafiles.built_once
def _joint_start_rx():
    return regex.compile(r"(?:%s)(?![\p{L}])" % patterns.alternation(_data()["joint_plans"]["second_after_dash"]))


def _issuer_from_number(number: str | None) -> str | None:
    """The issuing body read from the number's code when the header lost it: 23/QĐ-TTg -> Thủ tướng
    Chính phủ. Codes naming a local body (UBND, SYT) say too little and give nothing."""
    if not number:
        return None
    code = regex.search(r"-([\p{Lu}Đ][\p{L}Đ]*)$", number)
    return _data()["issuer_codes"].get(code.group(1)) if code else None


def _plan_year(md: Metadata) -> int | None:
    title = md.title or ""
    if title:
        if _PERIOD_IN_TITLE.search(title):
            return None
        years = {int(m.group("y")) for m in _YEAR_IN_TITLE.finditer(title)}
        if len(years) == 1:
            return years.pop()
        if years:
            return None
    if md.issue_date:
        return int(md.issue_date[:4])
    return None


def _position_case(pos: str) -> str:
    """'PHÓ CHỦ TỊCH' -> 'Phó Chủ tịch'; 'GIÁM ĐỐC' -> 'Giám đốc'."""
    words = pos.lower().split()
    if words and words[0] == "phó" and len(words) > 1:
        return " ".join(["Phó", words[1].capitalize()] + words[2:])
    return " ".join([words[0].capitalize()] + words[1:]) if words else pos


_RECIPIENTS = regex.compile(r"Nơi nhận\b")
_LIST_LABEL = regex.compile(r"(?:Nơi nhận|Kính gửi)\s*:")
_FILED = regex.compile(r"-?\s*Lưu\b")
# who signs for whom: "KT.", "TM.", "TL.", "Q.", "TUQ.", and the party's "T/M", "K/T", "T/L"
_AUTH = r"(?:(?:KT|TM|TL|Q|TUQ)\.|(?:T/M|K/T|T/L)\.?)"
_AUTH_ANY_STOP = r"(?:(?:KT|TM|TL|Q|TUQ)\.?|T/M|K/T|T/L)"      # before a position on its line: "TM ỦY BAN …"
_AUTHORITY = regex.compile(_AUTH)
# "Lưu: VT, KGVX", "Lưu VT" (filed), but not a signer of the family Lưu ("Lưu Thị Kim Phượng")
_FILED_LINE = regex.compile(r"Lưu(?!(?:\s+\p{Lu}\p{Ll}+){2,4}$)")


def _signature_windows(lines) -> list[list]:
    """Where the signature block can be, most likely first: around each recipients list ("Nơi
    nhận:"), which ends the body even when an appendix follows; then the end of the document."""
    windows = [lines[max(0, i - 30):i + 40] for i, (_, line) in enumerate(lines)
               if _RECIPIENTS.match(line.strip())]
    return windows + [lines[-60:]]


@datafiles.built_once
def _before_name_rx():
    data = _data()
    return regex.compile(r"^(?:(?:%s)\s*)+" % patterns.alternation(data["signature_marks"] + data["name_titles"]))


def _is_name(s: str, pos_rx, auth_rx) -> str | None:
    """A signer's name written on its own line, in title case or capitals, after a mark of the
    signature or a title ("(Đã ký) Nguyễn Văn An", "TS. Phạm Minh Đức"); None if it is not one."""
    s = _before_name_rx().sub("", s.strip()).rstrip(".")
    if _ONE_WORD_NAME.match(s):
        return s            # a name of one word, with an apostrophe ("K'Brếu")
    if s.startswith(("Nơi", "-", "+")) or _FILED_LINE.match(s) or len(s.split()) < 2:
        return None
    if _PERSON.match(s) and not s.isupper():
        return s
    if s.isupper() and len(s.split()) <= 5 and _PERSON.match(s.title()) and not _position_start_rx().match(s) \
            and not auth_rx.match(s) and not regex.match(r"^(?:PHỤ LỤC|DANH MỤC|QUY ĐỊNH)\b", s):
        return s.title()
    return None


@datafiles.built_once
def _position_start_rx():
    """A line that begins with a position ("GIÁM ĐỐC CÔNG AN TỈNH" under "PHÓ TRƯỞNG BAN") is no name."""
    return regex.compile(r"^(?:%s)(?![\p{L}])" % patterns.alternation(_data()["positions"]))


@datafiles.built_once
def _signature_rx():
    positions = sorted(_data()["positions"], key=len, reverse=True)
    of = r"(?:\s+(?P<of>(?:%s)(?:\s+[\p{Lu}]+(?![\p{L}])){0,5}))?" % patterns.alternation(_data()["position_bodies"])
    pos_rx = regex.compile(r"^(?:(?P<auth>%s\s*[\p{Lu} ]+?)\s+)?(?P<pos>%s)%s$" %
                           (_AUTH_ANY_STOP, "|".join(regex.escape(p) for p in positions), of))
    auth_rx = regex.compile(r"^(?P<auth>%s\s*[\p{Lu}\p{Ll} ]+)$" % _AUTH)
    # the block run into one line: "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Văn An", "TM. ỦY BAN NHÂN DÂN KT.
    # CHỦ TỊCH PHÓ CHỦ TỊCH Trịnh Quốc Hưng" (the last authority speaks for the signer)
    pos_name_rx = regex.compile(r"^(?:(?:(?:TM|TL|Q|TUQ)\.|T/M|T/L)\s*[\p{Lu} ]+?\s+(?=%s))?" % _AUTH
                                + pos_rx.pattern.removeprefix("^").removesuffix("$")
                                + r"\s+(?P<name>(?!(?:%s)(?![\p{L}]))\S.*)$" % patterns.alternation(positions))
    return pos_rx, auth_rx, pos_name_rx


@datafiles.built_once
def _run_on_rx():
    """The signature column run onto a line of the recipients' column with one space between:
    "Nơi nhận: TM. ỦY BAN NHÂN DÂN", "- Sở Y tế; KT. CHỦ TỊCH", "- Lưu: VT, YT. Trần Hữu Hòa"."""
    data = _data()
    right = r"(?:%s\s*[\p{Lu} ]+|%s|%s)" % (_AUTH,
        patterns.alternation(data["positions"]), patterns.alternation(data["signature_marks"]))
    column = regex.compile(r"^(?P<left>Nơi nhận\s*:|[-+•]\s.*?[;:.,)])\s+(?P<right>%s)$" % right)
    # (the whole recipients' list may stand on the line before "Lưu: …", and the authority and the
    # post before the name: "Nơi nhận: - UBND tỉnh; - Lưu: VT. KT. CHỦ TỊCH PHÓ CHỦ TỊCH Hoàng Thị Mai Anh")
    filed = regex.compile(r"^(?P<left>(?:.*?[;,]\s*)?[-+•]?\s*Lưu\b[^.]*\.)\s+(?P<right>(?:" + _AUTH + r"\s*[\p{Lu} ]+?\s+)?"
                          r"(?:(?:%s)\s+)?(?:(?:%s)\s*)?%s)$"
                          % (patterns.alternation(data["positions"]), patterns.alternation(data["name_titles"]),
                             _PERSON.pattern.strip("^$")))
    return column, filed


def _columns_apart(lines) -> list[tuple[int, str]]:
    """The lines with a signature column run onto the recipients' lines split off on lines of their own."""
    out = []
    column, filed = _run_on_rx()
    for off, line in lines:
        s = line.rstrip()
        m = column.match(s) or filed.match(s) if " " in s and (s[:1] in "-+•N") else None
        if m:
            out += [(off, m.group("left")), (off + m.start("right"), m.group("right"))]
        else:
            out.append((off, line))
    return out


def _signature(lines) -> tuple[Signer, list[str]]:
    pos_rx, auth_rx, pos_name_rx = _signature_rx()
    signer = Signer()
    recipients: list[str] = []
    lines = _columns_apart(lines)
    for window in _signature_windows(lines):
        kt = tm = None
        last = None          # index in the window of the last authority or position line
        for i, (_, line) in enumerate(window):
            s = line.strip()
            if last is not None and signer.name is None and not s.isupper() and _is_name(s, pos_rx, auth_rx):
                break       # the first signature is whole: a joint plan's second one is its co-issuer's
            m = auth_rx.match(s)
            # (not "KT. TRƯỞNG BAN PHÓ TRƯỞNG BAN THƯỜNG TRỰC": authority and position on one line)
            if m and s.isupper() and not ((both := pos_rx.match(s)) and both.group("auth")):
                a = m.group("auth")
                if a.startswith(("TM", "T/M")):
                    tm = a
                else:
                    kt = a
                last = i
                continue
            m = pos_rx.match(s) or pos_name_rx.match(s)
            if m and m.group("of") and signer.position is not None:
                continue    # the office the signer holds, under the position signed in ("GIÁM ĐỐC CÔNG AN TỈNH")
            if m and m.groupdict().get("name"):
                name = None if m.group("name").isupper() else _is_name(m.group("name"), pos_rx, auth_rx)
                if name is None:
                    m = None
                else:
                    signer.name = name
            if m:
                signer.position = _position_case(m.group("pos"))
                if m.group("of"):
                    signer.position += " " + gazetteer.full_name(m.group("of"))
                last = i
                if m.group("auth"):
                    kt = m.group("auth")
        if last is not None:
            break
        # no position written: a name right under the recipients list ("- Lưu: VT.")
        for i, (_, line) in enumerate(window):
            if _FILED.match(line.strip()):
                last = i
                break
        if last is not None:
            break
    if last is not None:
        auth = kt or tm
        if auth:
            head, _, rest = auth.partition(".")
            signer.on_behalf = f"{head}. {_position_case(rest.strip())}" if rest.strip() else head + "."
        # the name stands a few lines under the position, recipients' lines may come between
        others = 0
        for _, line in window[last + 1:] if signer.name is None else ():
            s = line.strip()
            if s.startswith(("-", "+", "•")) or _RECIPIENTS.match(s):
                continue
            name = _is_name(s, pos_rx, auth_rx)
            if name:
                signer.name = name
                break
            others += 1
            if others > 4:
                break
    # recipients
    in_list = False
    for _, line in lines:
        s = line.strip()
        if _LIST_LABEL.match(s):
            in_list = True
            rest = s.split(":", 1)[1].strip()
            if rest and not rest.startswith("-"):
                recipients.append(rest.rstrip(";.,"))
            continue
        if in_list:
            if s in _data()["signature_marks"] or _is_name(s, pos_rx, auth_rx):
                continue           # the signature column beside the list
            if s.startswith(("-", "+", "•")):
                recipients.append(s.lstrip("-+• ").rstrip(";.,").strip())
            elif s and not (_is_caps_line(s) or _AUTHORITY.match(s)):
                in_list = False     # the signature column, split into lines, may run beside the list
    return signer, [r for r in recipients if r]
