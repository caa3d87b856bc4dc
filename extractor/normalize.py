"""Normalize: raw text -> Document, one paragraph a line, with a map back to the raw offsets.

NFC, one tone-mark placement (hòa, thủy, khỏe), Ð -> Đ, markdown residue removed, columns of a
converted two-column header split apart, hard-wrapped lines joined, signature trailers dropped.
"""
from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass

import regex

from . import datafiles, ocr_repair, patterns
from .ingest import RawDocument


@dataclass(frozen=True)
class Document:
    text: str                 # normalized text, one paragraph a line
    offsets: array            # offsets[i] = offset in raw.text of text[i]; one extra entry at the end
    raw: RawDocument

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            return self.offsets[start], self.offsets[start]
        stop = self.offsets[end - 1] + 1
        raw = self.raw.text
        while stop < len(raw) and unicodedata.combining(raw[stop]):
            stop += 1
        return self.offsets[start], stop


# --- character level -------------------------------------------------------------------------

_CHAR_FIXES_BASE = {"\u00d0": "\u0110", "\u00f0": "\u0111", "\u00a0": " ", "\u2007": " ",
                    "\u202f": " ", "\u200b": None, "\ufeff": None, "\u2028": "\n",
                    "\u2029": "\n", "\r": None, "\u2010": "-", "\u2011": "-"}


@datafiles.built_once
def char_fixes() -> dict:
    """Characters replaced one for one before anything else: the fixed table above and the
    broken glyphs of normalize.yaml."""
    return str.maketrans({**_CHAR_FIXES_BASE, **datafiles.load("normalize")["broken_glyphs"]})


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# old-style placement "hoà, thuỷ, khoẻ" -> "hòa, thủy, khỏe": tone moves to the first vowel of a
# final oa/oe/uy with no consonant after it (not after "q": "quý" is the same in both styles)
_OLD_TONE = regex.compile(
    r"(?<![qQ])([oO](?=[aAeE])|[uU](?=[yY]))([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\p{L}\p{M}])")


def fix_tone_placement(text: str) -> str:
    if not any(ch in text for ch in "àáãảạèéẽẻẹỳýỹỷỵÀÁÃẢẠÈÉẼẺẸỲÝỸỶỴ"):
        return text
    nfd = unicodedata.normalize("NFD", text)
    fixed = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), nfd)
    return unicodedata.normalize("NFC", fixed)


def _nfc_with_map(text: str) -> tuple[str, array | None]:
    """NFC text, and for every output char its offset in `text` (None when nothing changed)."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out, offs = [], array("q")
    for m in regex.finditer(r"\X", text):
        piece = unicodedata.normalize("NFC", m.group())
        out.append(piece)
        offs.extend([m.start()] * len(piece))
    return "".join(out), offs


# --- line level ------------------------------------------------------------------------------

@dataclass
class _Line:
    text: str
    offs: list[int]
    blank_before: int
    column: bool = False      # split from the line before it at a column gap: never joined
    hard: bool = False        # a table or column rule stood before it: never joined
    emphasis: bool = False    # inside a *…* / **…** run opened on the line before: always joined
    split: bool = False       # the first of the columns its physical line was split into
    cell: bool = False        # in a table written a cell a line between "|" lines


_MARKUP = regex.compile(r"\*+|(?<=^\s*)\|\s*|\s*\|\s*$|^#+\s+|\\(?=[-_.*()\[\]])"
                        r"|</?(?:span|strong|b|i|em|u|sup|sub|font|a)(?:\s[^<>]*)?>")     # inline HTML tags
_SPACES = regex.compile(r"[ \t]+")


@datafiles.built_once
def _web_rx():
    """The drop rules of a web page's own lines, tried on a whole line before its cells are split."""
    rules = [d["regex"] for d in datafiles.load("normalize")["drop_lines"] if d["id"].startswith("web.")]
    return regex.compile("|".join("(?:%s)" % r for r in rules)) if rules else None


@datafiles.built_once
def _rules():
    data = datafiles.load("normalize")
    drops = [(d["id"], regex.compile(d["regex"]), d.get("only_after"), d.get("top_lines")) for d in data["drop_lines"]]
    blank = "|".join(r"(?<![\p{L}])" + regex.escape(w) for w in data["blank_after"])
    columns = r"(?<=\S)(?<!%s)[ \t]{%d,}(?=\S)|\s+\|\s+" % (blank, data["column_gap"])
    gap = regex.compile(columns)
    # the same, on a line that holds one of HEADER_RUN_MARKS, and: the subject of a letter run onto
    # its number's line ("Số: 3120/UBND-CAH V/v tăng cường …"), the national motto and the number run
    # onto the issuer's line with single spaces, a line break inside an HTML table cell
    header_gap = regex.compile(
        columns + r"|[ \t]+(?=V/v(?![\p{L}]))(?<=(?:^|[ \t])[ \t|*]*Số[ \t]*:?[ \t]*\S+[ \t]+)"
        # a header run into one line with its rules: "… SỞ Y TẾ ------- CỘNG HÒA …", "… Hạnh phúc
        # ------- Số: …", and its place and date after the subject: "V/v … Thanh Hóa, ngày 04 …"
        r"|[ \t]+[-_=]{3,}[ \t]+|(?<!(?<![\p{L}])(?:\p{Lu}\p{Ll}+|phố|xã|huyện|tỉnh|quận|trấn))[ \t]+"
        r"(?=\p{Lu}\p{Ll}+(?:[ \t]+(?:\p{Lu}\p{Ll}+|phố|xã)){0,4},[ \t]*ngày[ \t]+\d)"
        r"|[ \t]+(?=\**(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập - Tự do - Hạnh phúc|ĐỘC LẬP - TỰ DO - HẠNH PHÚC"
        r"|ĐẢNG CỘNG SẢN VIỆT NAM))(?<=\S[ \t]+)|[ \t]+(?=\**Số\b)(?<=(?:Hạnh phúc|HẠNH PHÚC)\**[ \t]+)"
        # the party's header: "ĐẢNG ỦY ĐẶC KHU VÂN ĐỒN * Số 21-KH/ĐU", "ĐẢNG CỘNG SẢN VIỆT NAM Vân Đồn, ngày …"
        r"|[ \t]+(?=\**Số[ \t]*:?[ \t]*\d)(?<=\p{Lu}\**(?:[ \t]+\*)?[ \t]+)|(?<=ĐẢNG CỘNG SẢN VIỆT NAM\**)[ \t]+(?=\S)"
        r"|[ \t]*<br[ \t]*/?>[ \t]*"
        # a header whose cells a page glued together with nothing between them: "UBND TỈNH BÌNH
        # ĐỊNHSỞ VĂN HÓA VÀ THỂ THAOCỘNG HÒA … Hạnh phúcSố: 1820/KH-SVHTTBình Định, ngày … năm 2022KẾ HOẠCH"
        r"|(?<=\p{L})(?=CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập - Tự do - Hạnh phúc)"
        r"|(?<=Hạnh phúc|HẠNH PHÚC)(?=Số\b)|(?<=Số[ \t]*:?[ \t]*\d+/[\p{Lu}Đ\d-]*\p{Lu})(?=\p{Lu}\p{Ll}[^\n,]{0,30},[ \t]*ngày)"
        r"|(?<=năm[ \t]+\d{4})(?=\p{Lu}{2})|(?<=\p{Lu}{2})(?=(?:SỞ|PHÒNG|UBND|ỦY BAN|TRUNG TÂM|CHI CỤC)[ \t])"
        # the type after the date with a space: "… ngày 11 tháng 8 năm 2025 KẾ HOẠCH Triển khai …"
        r"|(?<=năm[ \t]+\d{4}\**)[ \t]+(?=\**(?:KẾ HOẠCH|QUYẾT ĐỊNH|CÔNG VĂN|CHỈ THỊ|THÔNG BÁO|BÁO CÁO|HƯỚNG DẪN"
        r"|CHƯƠNG TRÌNH)(?![\p{L}]))"
        r"|(?<=(?:^|[\d \t*])(?:KẾ HOẠCH|CÔNG VĂN|QUYẾT ĐỊNH|CHỈ THỊ|THÔNG BÁO|BÁO CÁO|HƯỚNG DẪN))(?=\p{Lu}\p{Ll})"
        # an HTML table or block in a converted text: its cells and blocks are lines of their own
        r"|[ \t]*</?(?:td|th|tr|table|tbody|thead|tfoot|p|div|li|ul|ol)(?:\s[^<>]*)?>[ \t]*")
    return drops, gap, header_gap


WEB_TOP_LINES = 80       # a web page's or a portal's own lines stand within the first lines of the text
HEADER_RUN_MARKS = ("V/v", "CỘNG HÒA", "Độc lập", "ĐỘC LẬP", "ĐẢNG CỘNG SẢN", "<")


# a row of a table copied with tabs: three cells or more, or a group's row ("II\tQUẢN TRỊ\t\t\t")
_TAB_ROW = regex.compile(r"[^\t]*\S\t+[^\t]*\S\t+(?:[^\t]*\S|\t*$)")
_TOKEN = regex.compile(r"[ \t]+|[^ \t]+")


def _clean(text: str, start: int) -> tuple[str, list[int]]:
    """Remove markup and collapse spaces in one physical line; keep each kept char's offset."""
    pieces: list[str] = []
    offs: list[int] = []
    space_last = True            # drops leading spaces, and a space after a space
    pos = 0
    removals = [(m.start(), m.end()) for m in _MARKUP.finditer(text)] if ("*" in text or "|" in text or "#" in text
                                                                        or "\\" in text or "<" in text) else []
    for a, b in removals + [(len(text), len(text))]:
        seg = text[pos:a]
        if "\t" not in seg and "  " not in seg:
            # the common case: single spaces, kept as they are
            skip = 1 if space_last and seg.startswith(" ") else 0
            if skip < len(seg):
                pieces.append(seg[skip:])
                offs.extend(range(start + pos + skip, start + a))
                space_last = seg.endswith(" ")
            pos = max(pos, b)
            continue
        for m in _TOKEN.finditer(text, pos, a):
            if m.group()[0] in " \t":
                if not space_last:
                    pieces.append(" ")
                    offs.append(start + m.start())
                    space_last = True
            else:
                pieces.append(m.group())
                offs.extend(range(start + m.start(), start + m.end()))
                space_last = False
        pos = max(pos, b)
    out = "".join(pieces)
    if out.endswith(" "):
        out = out[:-1]
        offs.pop()
    return out, offs


_EMPH_OPEN = regex.compile(r"(?:^|(?<=\s))\*+(?=\S)")
_EMPH_CLOSE = regex.compile(r"(?<=\S)\*+(?=\s|$|[.,:;])")


def _emphasis_left_open(line: str) -> bool:
    """Does an emphasis run open on this line without closing on it (a heading wrapped in **…**)?"""
    opens = [m.end() for m in _EMPH_OPEN.finditer(line)]
    if not opens:
        return False
    return not any(m.start() >= opens[-1] for m in _EMPH_CLOSE.finditer(line))


# a physical line and its break; a break escaped into the text ("\\r\\n" written out as four
# characters, left by some web pages' converters) is a break too
_LINE = regex.compile(r"(?P<line>[^\n\\]*+(?:\\(?!r\\n)[^\n\\]*+)*+)(?P<sep>\n|\\r\\n|$)")


# a row of a table written "| cell | cell |"
PIPE_ROW = regex.compile(r"^[ \t]*\|.*\|[ \t]*$")
_CELL_OPEN_END = regex.compile(r"(?:[-–,;]|(?<![\p{L}])(?:và|của|với))$")


def pipe_cells(line: str) -> list[tuple[int, int]]:
    """The cells of a "| cell | cell |" row, as spans in `line` between its bars."""
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    return list(zip([b + 1 for b in bars], bars[1:]))


def continues_row(line: str, above: str) -> bool:
    """Is the table row `line` the rest of the row `above`, its cells wrapped onto a row of their
    own ("|   | nguồn đến từng hộ dân | Xã hội | … |" under "| 1 | Tuyên truyền … tại | Phòng Văn hóa
    - | … |")? Its first cell (the item's number) is empty, it is as many cells wide, and it has no
    task of its own (its second cell is empty) or a cell of it goes on from the cell above: it
    begins in small letters or the cell above ends open ("-", ",", ";", "và")."""
    cells, upper = pipe_cells(line), pipe_cells(above)
    if len(cells) < 3 or len(cells) != len(upper) or line[slice(*cells[0])].strip(" *"):
        return False
    if all(set(above[x:y].strip(" *")) <= set("-:") for x, y in upper):
        return False       # under the header's rule: a second header row ("| | | Chủ trì | Phối hợp |")
    if not line[slice(*cells[1])].strip(" *") and line[cells[2][0]:].strip(" *|"):
        return True        # no task of its own: more names or times of the row above
    for (a, b), (x, y) in zip(cells[1:], upper[1:]):
        low, high = line[a:b].strip(" *"), above[x:y].strip(" *")
        if low and high and not set(high) <= set("-:") and (low[0].islower() or _CELL_OPEN_END.search(high)):
            return True
    return False


def _continue_row(lines: list[_Line], row: dict, raw_line: str, line_start: int) -> None:
    """Add the cells of a wrapped row's continuation to the lines of the row's cells above (a cell
    empty above gets a line of its own, after the cells before it)."""
    for k, (a, b) in enumerate(pipe_cells(raw_line)):
        cleaned, offs = _clean(raw_line[a:b], line_start + a)
        if not cleaned:
            continue
        line = row["cells"].get(k)
        # (a name goes on after a word in small letters: "Chi nhánh Văn phòng" / "Đăng ký đất đai")
        last = line.text.split()[-1] if line is not None else ""
        anew = line is not None and not _CELL_OPEN_END.search(line.text) and (
            bool(_cell_item_rx().match(cleaned)) or (not cleaned[0].islower() and not last.islower())
            or cleaned[0].isdigit())
        if line is not None and not anew:
            line.text += " " + cleaned
            line.offs.extend([offs[0] - 1] + offs)
            continue
        # a cell empty above, or one that begins anew: another body of the cell's list ("Công an
        # phường" under "Công ty … Hà Nội"), another time ("Quý II/2024" under "Quý I/2024", as a
        # grid read from a scan gives the rows of a merged cell): a line of its own, after the
        # cell's lines or those of the cells before it
        before = [row["cells"][j] for j in sorted(row["cells"]) if j <= k]
        at = next(i for i, x in enumerate(lines) if x is before[-1]) + 1 if before else row["first"]
        line = _Line(cleaned, offs, 0, column=True, hard=True)
        lines.insert(at, line)
        row["cells"][k] = line


def _split_lines(text: str) -> list[_Line]:
    drops, plain_gap, header_gap = _rules()
    gap_spaces = " " * datafiles.load("normalize")["column_gap"]
    row_no = 0              # the raw line's number: a web page's own lines come before the document
    web_rx = _web_rx()
    lines: list[_Line] = []
    blank = 0
    hard = False
    last_drop = None
    pos = 0
    in_emphasis = 0       # lines left to close an emphasis run opened above
    row = None            # the last "| cell | cell |" row: its last raw line, its first line, a line per cell
    in_cell = False       # after a "|" alone on its line, up to a blank line: a table written a cell a line
    for m_line in _LINE.finditer(text):
        raw_line = m_line.group("line")
        line_start = pos
        pos = m_line.end()
        if not raw_line and not m_line.group("sep") and line_start == len(text) and text:
            break
        row_no += 1
        pipe = "|" in raw_line and PIPE_ROW.match(raw_line)
        if pipe and row is not None and row["end"] == line_start and continues_row(raw_line, row["line"]):
            _continue_row(lines, row, raw_line, line_start)
            row["end"], row["line"] = pos, raw_line
            continue
        row = {"line": raw_line, "first": len(lines), "cells": {}, "end": pos} if pipe else None
        if web_rx is not None and row_no < WEB_TOP_LINES and "|" in raw_line and web_rx.search(raw_line.strip(" *")):
            blank += 1          # a portal's attribute row or menu, "Số ký hiệu | 96/KH-UBND": the whole line
            continue
        parts, p = [], 0
        header_line = any(k in raw_line for k in HEADER_RUN_MARKS)
        gap = header_gap if header_line else plain_gap
        # (a line with no tab, bar or run of spaces has no column gap: most lines of a text)
        plain = not header_line and "|" not in raw_line and "\t" not in raw_line and gap_spaces not in raw_line
        for m in () if plain else gap.finditer(raw_line):
            parts.append((raw_line[p:m.start()], line_start + p))
            p = m.end()
        parts.append((raw_line[p:], line_start + p))
        for k, (part, part_start) in enumerate(parts):
            cleaned, offs = _clean(part, part_start)
            if not cleaned:
                blank += 1
                hard = hard or "|" in part
                in_cell = "|" in part
                continue
            if k and not any(c.isalnum() for c in cleaned):
                continue        # a speck read as a mark across a gap ("I. MỤC      :"), no column
            dropped = None
            for rule_id, rx, only_after, top in drops:
                if top is not None and row_no >= top:
                    continue
                if rx.search(cleaned) and (only_after is None or only_after == last_drop):
                    dropped = rule_id
                    break
            if dropped:
                last_drop = dropped
                blank += 1
                hard = hard or dropped == "rule.line"
                continue
            last_drop = None
            # a table row starts its own line: "| a | b |", "a | b" as DOCX rows are written, or
            # "a<tab>b<tab>c" as a table copied from a word processor
            row_line = "|" in raw_line[:2] or (k == 0 and " | " in raw_line
                                                and sum(1 for part, _ in parts if part.strip()) > 1) \
                or (k == 0 and "\t" in raw_line and bool(_TAB_ROW.match(raw_line)))
            lines.append(_Line(cleaned, offs, blank, column=k > 0, hard=hard or row_line,
                               emphasis=bool(in_emphasis) and k == 0 and not blank,
                               split=k == 0 and sum(1 for part, _ in parts[1:] if part.strip()) > 0,
                               cell=in_cell))
            if pipe:
                cell = raw_line.count("|", 0, offs[0] - line_start) - 1
                row["cells"].setdefault(cell, lines[-1])
            blank = 0
            hard = False
        if in_emphasis:
            in_emphasis = 0 if _EMPH_CLOSE.search(raw_line) else in_emphasis - 1
        elif "*" in raw_line and _emphasis_left_open(raw_line):
            in_emphasis = 2
    return lines


# a line that starts a new paragraph whatever comes before it
_STARTS_BLOCK = regex.compile(
    r"""^(?:[-+•–]\s|\(?\d{1,2}(?:\.\d{1,2})*(?:[.)]|/(?=\s))(?:\s|$)|\(?[IVXLC]{1,6}(?:[.)]|/(?=\s))(?:\s|$)|[a-zđ](?:[).]|/(?=\s))\s
        |(?:Căn\ cứ|Thực\ hiện|Nơi\ nhận|Kính\ gửi|Số:|V/v|TM\.|KT\.|TL\.|Q\.|Điều\ \d|Phần\ thứ|PHẦN|Chương|CHƯƠNG
           |Để\ |Nhằm\ |Hưởng\ ứng\ |Trên\ cơ\ sở\ |Ngày\ \d{1,2}/\d{1,2}/\d{4},)
        )""", regex.X)
# the place and date of the header ("Bình Sơn, ngày 20 tháng 5 năm 2024"): a line of its own
_PLACE_DATE_LINE = regex.compile(r"^\p{Lu}[\p{L}\d\s.'\-]{0,40}?,\s*(?i:ngày)(?:\s|\d|[.…]|$)")   # "Quận 3, ngày"
_FULL_DATE_END = regex.compile(r"(?i:năm)\s+\d{4}[*_]*$")
_SENTENCE_CASE = regex.compile(r"^\p{Lu}\p{Ll}*\s+\p{Ll}")
_NAME_PIECE_END = regex.compile(r"(?:^|\s)\p{Lu}\p{Ll}*$")
# a proper name of two words after a common word ends the line: "… huyện Thanh Oai", "… nông nghiệp Quảng Phú"
_PROPER_NAME_END = regex.compile(r"(?<![\p{L}])\p{Ll}+\s+\p{Lu}\p{Ll}*\s+\p{Lu}\p{Ll}*$")
_BARE_NUMBER = regex.compile(r"\(?(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,6}|[a-zđ])[.)]")
# a numbered heading of at most four words: too short to have been wrapped
_SHORT_HEADING = regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,6}|[a-zđ])(?:[.)]|/(?=\s))\s+\S+(?:\s+\S+){0,3}$")
_NUMBERED = regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,6}|[a-zđ])(?:[.)]|/(?=\s))\s")   # "1/ Mục đích" too
_ENDS_SENTENCE = regex.compile(r"[.:;!?]$|\./\.$")
_OPEN_DASH_END = regex.compile(r"\p{L}\s+[-–]$")      # a dash between words, the line broken after it
_LOWER_START = regex.compile(r"^[\p{Ll}\d(“\"'«,]")
_LONE_ABBREVIATION = regex.compile(r"\p{Lu}[\p{Lu}\d&]{1,5}")


def _no_letters(text: str) -> bool:
    return not any(c.isalpha() for c in text)


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@datafiles.built_once
def _standalone_rx():
    """A line that stands alone: a document type in any case, the motto, "Nơi nhận:", and a
    position in capitals ("THỦ TƯỚNG"; "Thủ tướng" alone on a line is a sentence wrapped)."""
    lines = datafiles.load("normalize")["standalone_lines"]
    words = [t["name"] for t in datafiles.load("doc_types")] + [w for w in lines if not w.isupper()]
    caps = [w for w in lines if w.isupper()] + datafiles.load("metadata")["positions"]
    return regex.compile(r"^(?:(?-i:(?=\p{Lu}))(?i:%s)|%s)\.?$" % (patterns.alternation(words), patterns.alternation(caps)))


@datafiles.built_once
def _header_start_rx():
    words = datafiles.load("normalize")["header_starts"]
    return regex.compile(r"^(?:%s)\b" % "|".join(regex.escape(w) for w in words))


def _ending_in(words) -> regex.Pattern:
    """A line that ends with one of the words, a whole word."""
    return regex.compile(r"(?<![\p{L}])(?:%s)$" % patterns.alternation(words))


@datafiles.built_once
def _open_name_end_rx():
    return _ending_in(datafiles.load("normalize")["open_name_ends"])


@datafiles.built_once
def _closed_name_end_rx():
    return _ending_in(datafiles.load("normalize")["closed_name_ends"])


@datafiles.built_once
def _open_word_end_rx():
    words = datafiles.load("normalize")["open_word_ends"]
    return _ending_in(words + [w.capitalize() for w in words])


@datafiles.built_once
def _locality_end_rx():
    return _ending_in(datafiles.load("units")["localities"])


@datafiles.built_once
def _doc_type_line_rx():
    return regex.compile(r"^(?:%s)$" % patterns.alternation(t["name"].upper() for t in datafiles.load("doc_types")))


@datafiles.built_once
def _body_start_rx():
    """A line that begins with the name of a body and goes on: "Phòng Y tế huyện tham mưu …"."""
    words = [w for w in datafiles.load("units")["body_words"] if w[:1].isupper()]
    return regex.compile(r"^(?:%s)\s+\S+\s+\S+" % patterns.alternation(words))


@datafiles.built_once
def _cell_item_rx():
    """A text that begins the name of a body or a time: "Công an phường", "UBND xã", "Quý II/2024"."""
    words = [w for w in datafiles.load("units")["body_words"] if w[:1].isupper()]
    return regex.compile(r"^(?:%s)(?![\p{L}])" % patterns.alternation(words + datafiles.load("normalize")["cell_item_starts"]))


@datafiles.built_once
def _sentence_start_rx():
    return regex.compile(r"^(?:%s)(?![\p{L}])" % patterns.alternation(datafiles.load("normalize")["sentence_starts"]))


def _open_heading(text: str) -> bool:
    """A short numbered line that cannot end there: "1. Sở", "13. Báo và"."""
    return bool(_SHORT_HEADING.match(text)) and not _is_upper(text) and bool(
        _open_name_end_rx().search(text) and not _closed_name_end_rx().search(text)
        or _open_word_end_rx().search(text))


def _standalone(text: str) -> bool:
    return bool(_standalone_rx().match(text))


def _wrap_width(lines: list[_Line]) -> int | None:
    """The width the text was wrapped at (the 90th percentile of line lengths), when it has
    enough lines to tell; for a text with one paragraph a line it is a paragraph's length."""
    if len(lines) < 10:
        return None
    lengths = sorted(len(line.text) for line in lines)
    return lengths[int(len(lengths) * 0.9)]


def _unwrapped(prev: _Line, width: int | None) -> bool:
    """Was `prev` ended by its writer, not by a wrap? In a text of one paragraph a line (web pages,
    documents saved as text) a line much shorter than a paragraph was. Texts wrapped at a page's
    width are left alone: converted PDFs wrap their lines at widths that vary too much to judge."""
    return bool(width) and width >= UNWRAPPED_WIDTH and len(prev.text) < WRAP_SLACK * width


UNWRAPPED_WIDTH = 150      # wider than any page's line: the text was not wrapped
WRAP_SLACK = 0.5
FULL_LINE = 0.85           # a line this share of the width long was ended by the wrap


def _list_wrapped_at_semicolon(prev: _Line, nxt: _Line, width: int | None, para: str | None) -> bool:
    """A list of bodies in a sentence wrapped right after one of its semicolons: "… phối hợp với
    Phòng Tài chính - Kế hoạch;" / "Phòng Nông nghiệp và Môi trường; Văn phòng …" (a page's width
    of text, its next line a body's name; a list a body a line has short lines)."""
    return (prev.text.endswith(";") and bool(width) and width < UNWRAPPED_WIDTH
            and len(prev.text) >= FULL_LINE * width and _body_start_rx().match(nxt.text) is not None)


def _joins(prev: _Line, nxt: _Line, width: int | None = None, para: str | None = None) -> bool:
    """Does `nxt` continue the paragraph of `prev` (a hard-wrapped line)? `para` is the paragraph
    `prev` ends, as joined so far."""
    if nxt.emphasis and not (nxt.column or nxt.hard or _STARTS_BLOCK.match(nxt.text)):
        return True
    if nxt.column or nxt.hard or _STARTS_BLOCK.match(nxt.text) or prev.text.endswith(":"):
        return False
    if prev.column and nxt.split:
        return False      # the right column of a row, then the left of the next: "CÔNG AN TỈNH X" / "PHÒNG …"
    if prev.cell and nxt.cell and not _CELL_OPEN_END.search(prev.text) and _cell_item_rx().match(nxt.text):
        return False      # a cell's next body or time: "Trung tâm Y tế các huyện" / "Các bệnh viện tuyến tỉnh"
    if _PLACE_DATE_LINE.match(nxt.text) and not _NAME_PIECE_END.search(prev.text):
        return False      # but "Quảng" then "Ngãi, ngày …" is a place name wrapped
    if _PLACE_DATE_LINE.match(prev.text) and _FULL_DATE_END.search(prev.text):
        return False      # "Kỳ Anh, ngày 14 tháng 5 năm 2024" ends its line: "KẾ HOẠCH …" follows
    if _BARE_NUMBER.fullmatch(prev.text):
        return True       # "1." alone on its line (OCR set the number apart): its title follows
    if _open_heading(prev.text) and not _is_upper(nxt.text) and not (
            _sentence_start_rx().match(nxt.text) and len(prev.text.split()) > 2):
        # "1. Sở" then "Khoa học và Công nghệ", even across a blank line (but "5. Văn phòng Sở" then
        # "Tiếp nhận thông tin, …" is a heading and its body)
        return True
    if _NUMBERED.match(prev.text) and _is_upper(prev.text) and _doc_type_line_rx().match(nxt.text):
        return True       # "VII. CHẾ ĐỘ" then "BÁO CÁO": a heading in capitals, wrapped
    if _NUMBERED.match(prev.text) and _sentence_start_rx().match(nxt.text):
        return False      # "2. Sở Công Thương" then "Theo chức năng, …": a heading, then its body
    if (para and para != prev.text and _NUMBERED.match(para) and len(para.split()) <= 30
            and not _ENDS_SENTENCE.search(para) and _sentence_start_rx().match(nxt.text)):
        return False      # the same after a heading wrapped: "3. Ban Quản lý dự án … khu vực" / "Mường Khương"
    if _NUMBERED.match(prev.text) and _locality_end_rx().search(prev.text) and _SENTENCE_CASE.match(nxt.text):
        # "5. Hội Liên hiệp Phụ nữ tỉnh" then "Lồng ghép nội dung …": a name ends at its locality
        # word unless a place name follows, and a place name capitalises every word ("Bắc Ninh")
        return False
    if (_NUMBERED.match(prev.text) and _PROPER_NAME_END.search(prev.text) and _SENTENCE_CASE.match(nxt.text)
            and len(prev.text.split()) <= 16):
        return False      # "5. Hợp tác xã nông nghiệp Quảng Phú" then "Cung ứng giống …": the name is whole
    if _NUMBERED.match(prev.text) and _locality_end_rx().search(prev.text) and _body_start_rx().match(nxt.text):
        return False      # "6. Đề nghị Phòng Y tế huyện, …" then "Phòng Y tế huyện tham mưu …"
    if (_NUMBERED.match(prev.text) and _body_start_rx().match(nxt.text) and not prev.text.endswith((",", "-", "và"))
            and " ".join(nxt.text.split()[:3]) in prev.text):
        # "4. Phòng Lao động - Thương binh và Xã hội, Phòng Tài chính - Kế hoạch" then "Phòng Lao động
        # - Thương binh và Xã hội hướng dẫn …": the body's line names again a unit of the heading
        return False
    if _standalone(prev.text) or _standalone(nxt.text):
        return False
    if (nxt.blank_before and _is_upper(prev.text) and _is_upper(nxt.text) and len(prev.text) >= 30
            and len(nxt.text.split()) <= 3 and not _ENDS_SENTENCE.search(prev.text)
            and not _header_start_rx().match(nxt.text)):
        return True       # the last word or two of a title in capitals, a paragraph's space below it
    whole = para or prev.text
    if ("“" in whole and whole.count("“") > whole.count("”") and _is_upper(whole) and _is_upper(nxt.text)
            and not _header_start_rx().match(nxt.text)):
        return True       # a title in capitals with a quotation left open: "… CHƯƠNG TRÌNH “BẢO VỆ …" / "TƯƠNG TÁC …”"
    if _OPEN_DASH_END.search(prev.text) and nxt.text[:1].isalpha():
        return True       # "… phối hợp với Phòng Văn hóa -" then "Xã hội …", even across a blank line
    if _LOWER_START.match(nxt.text):
        return not _ENDS_SENTENCE.search(prev.text) or prev.text[-1] in ",;" or nxt.text[0].islower()
    if nxt.blank_before:
        return False
    if _list_wrapped_at_semicolon(prev, nxt, width, para):
        return True
    if _ENDS_SENTENCE.search(prev.text):
        return False
    if _LONE_ABBREVIATION.fullmatch(nxt.text) and not _is_upper(prev.text):
        return True       # "5. Chuyển đổi" then "AI": an abbreviation wrapped alone onto the next line
    if _SHORT_HEADING.match(prev.text) and not _is_upper(prev.text):
        # "1. Mục đích" then "Tiếp tục thực hiện…": a heading, then its body ("3. Bộ Tư lệnh" then
        # "Thành phố chủ trì, …", a unit's name wrapped after its head, is joined above)
        return False
    if _NUMBERED.match(prev.text) and not _is_upper(prev.text) and _unwrapped(prev, width):
        return False      # "1. Sở Lao động - Thương binh và Xã hội" then "Chủ trì theo dõi, …"
    if (_unwrapped(prev, width) and not _is_upper(prev.text)
            and (len(nxt.text) >= WRAP_SLACK * width or _ENDS_SENTENCE.search(nxt.text))):
        # a title then "Ngày 12/7/2022, Chủ tịch UBND huyện đã họp …": in a text of one paragraph a
        # line, a short line before a paragraph was ended by its writer (a subject wrapped on two
        # short lines, "V/v đẩy nhanh …" / "Dự án đường ven biển …", goes on)
        return False
    prev_upper, next_upper = _is_upper(prev.text), _is_upper(nxt.text)
    # a line without letters ("01/6/2021" wrapped out of a title in capitals) goes with either case
    if prev_upper != next_upper and not (_no_letters(prev.text) or _no_letters(nxt.text)):
        return False
    if next_upper and _header_start_rx().match(nxt.text):
        return False
    return True


def run(raw: RawDocument) -> Document:
    # text read by OCR: document numbers, Đ, digits and Roman headings repaired first (own offset map)
    source, repair_map = ocr_repair.repair(raw.text) if raw.ocr_used else (raw.text, None)
    text = source.translate(char_fixes())
    # translate() removed characters: rebuild the map for those (rare) cases
    base_map = None
    if len(text) != len(source):
        base_map = array("q")
        for i, ch in enumerate(source):
            t = ch.translate(char_fixes())
            base_map.extend([i] * len(t))
    nfc, nfc_map = _nfc_with_map(text)
    nfc = fix_tone_placement(nfc)
    lines = _split_lines(nfc)
    width = _wrap_width(lines)

    out: list[str] = []
    offs = array("q")
    para = ""
    for i, line in enumerate(lines):
        if i:
            joined = _joins(lines[i - 1], line, width, para)
            if not joined:
                para = line.text
            elif len(para) < 300:          # only a heading's length matters: no quadratic paragraphs
                para = para + " " + line.text
            out.append(" " if joined else "\n")
            offs.append(line.offs[0] - 1 if line.offs[0] else 0)
        else:
            para = line.text
        out.append(line.text)
        offs.extend(line.offs)
    normalized = "".join(out)
    end = len(nfc)
    if nfc_map is not None:
        offs = array("q", (nfc_map[o] for o in offs))
        end = len(text)
    if base_map is not None:
        offs = array("q", (base_map[o] for o in offs))
        end = len(source)
    if repair_map is not None:
        offs = array("q", (repair_map[o] for o in offs))
        end = len(raw.text)
    offs.append(end)
    return Document(text=normalized, offsets=offs, raw=raw)
