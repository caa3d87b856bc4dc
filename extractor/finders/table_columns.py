"""The cells of a table's columns chosen by their header ("Thời gian thực hiện", "Đơn vị chủ trì"),
as spans of the normalized text. Tables are read in the raw text as they came: a run of lines
written "| cell | cell |" (text files, OCR'd ruled grids) or "cell | cell" (DOCX rows), a table
written a cell a line between "|" lines (web converters) or without them (a PDF viewer's copy), or
an HTML table ("<tr><td>…</td></tr>")."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Callable

import regex

from ..normalize import PIPE_ROW, Document, continues_row

# a table row: "| cell | cell |" (markdown, OCR'd grids), "cell | cell | cell" (DOCX) or cells
# between tabs (a Word table copied as text)
# (the look-ahead for a "|" or a tab on the line spares trying the forms at every line)
# (and the rest of a row between tabs, its first cells empty: "\t\t\tHội Nông dân xã\t", a cell
# that held several lines in the table)
_TABLE_ROW = regex.compile(r"(?m)^(?=[^\n]*[|\t])(?:[ \t]*\|.*$|[^\n|]*\S \| [^\n]*\S \| .*$"
                           r"|(?P<tabs>[^\n|\t]*\S\t+[^\n|\t]*\S\t+[^\n|]*\S)[ \t]*$|(?P<rest>\t+[^\n|]*\S)\t*$"
                           # a group's row across a table written with tabs: "II\tQUẢN TRỊ VÀ DẠY HỌC\t\t\t\t"
                           r"|(?P<group>[^\n|\t]*\S\t+[^\n|\t]*\S\t{2,})$)")
_TAB_RUN = regex.compile(r"\t+")
_BAR_LINE = regex.compile(r"(?m)^[ \t]*\|[ \t]*$")
_BAR = regex.compile(r"\|")


MAX_CELL_LINES = 15      # a cell holds a few lines; more between two bars is text, not a cell
# nor does a cell hold a part's heading or the recipients: the text after a table's last bar
_NOT_A_CELL = regex.compile(r"(?m)^(?:[IVX]{1,5}\.[ \t]+\p{Lu}{2}|Nơi nhận:)")


@lru_cache(maxsize=4)
def _bar_tables(raw: str) -> tuple:
    """Tables written a cell a line between "|" lines: "|", cell, "|", cell, "|" for a row, the next
    row opening right after ("|" "|"); each a tuple of rows of raw cell spans."""
    tables = []
    bars = [m for m in _BAR_LINE.finditer(raw)]
    i = 0
    while i < len(bars):
        # a table: bar lines with nothing but cell text between them and no blank line (nor, in a
        # text without blank lines, a stretch of prose between a header's bars and the table's)
        j = i
        while j + 1 < len(bars) and "\n\n" not in raw[bars[j].end():bars[j + 1].start()] \
                and raw.count("\n", bars[j].end(), bars[j + 1].start()) <= MAX_CELL_LINES \
                and not _NOT_A_CELL.search(raw, bars[j].end(), bars[j + 1].start()):
            j += 1
        slots = [(bars[k].end() + 1, bars[k + 1].start()) for k in range(i, j)]
        rows, row = [], []
        for a, b in slots:
            if raw[a:b].strip():
                row.append((a, b))
            elif row:
                rows.append(tuple(row))
                row = []
        if row:
            rows.append(tuple(row))
        if len(rows) >= 2:
            tables.append(tuple(rows))
        i = j + 1
    return tuple(tables)


_LINE = regex.compile(r"(?m)^[^\n]*")
_TT_LINE = regex.compile(r"(?m)^[ \t]*S?TT[ \t]*$")
_ROMAN = regex.compile(r"[IVX]{1,5}\.?")
MAX_HEADER_CELL = 60     # a header's cell is a few words: "Đơn vị phối hợp thực hiện"


@lru_cache(maxsize=4)
def _line_tables(raw: str) -> tuple:
    """Tables written a cell a line without bars, as a PDF viewer copies them: "TT" on its line,
    the header's cells a line each, then each row: its number alone on a line ("1"), its cells a
    line each, up to the next number. A group's row (a Roman numeral on its line and its title)
    is passed over; the table ends at a blank line, a part's heading or the recipients. A row with
    another number of lines than the header's (an empty cell, a cell of two lines) is a row all the
    same: column_cells leaves it out rather than guess."""
    tables = []
    for head in _TT_LINE.finditer(raw):
        lines = []
        for m in _LINE.finditer(raw, head.end() + 1):
            if not m.group().strip() or _NOT_A_CELL.match(m.group()):
                break
            lines.append(m.span())
            if len(lines) > 400:
                break
        text = [raw[a:b].strip() for a, b in lines]
        i = 0
        while i < len(text) and text[i] != "1" and len(text[i]) <= MAX_HEADER_CELL and not text[i].endswith("."):
            i += 1
        if i < 3 or i == len(text) or text[i] != "1":
            continue
        rows = [(head.span(),) + tuple(lines[:i])]
        number = 1
        while i < len(text) and text[i] == str(number):
            j = i + 1
            while j < len(text) and text[j] != str(number + 1) and not (
                    _ROMAN.fullmatch(text[j]) and j + 2 < len(text) and text[j + 2] == str(number + 1)):
                j += 1
            rows.append(tuple(lines[i:j]))
            if j < len(text) and _ROMAN.fullmatch(text[j]):
                j += 2                      # a group's row: "II" and its title
            number, i = number + 1, j
        if len(rows) >= 3:
            tables.append(tuple(rows))
    return tuple(tables)


_HTML_TABLE = regex.compile(r"(?is)<table\b[^<>]*>(.*?)</table\s*>")
_HTML_ROW = regex.compile(r"(?is)<tr\b[^<>]*>(.*?)</tr\s*>")
_HTML_CELL = regex.compile(r"(?is)<t([dh])\b[^<>]*>(.*?)</t\1\s*>")
_TAG = regex.compile(r"<[^<>]*>")


@lru_cache(maxsize=4)
def _html_tables(raw: str) -> tuple:
    """Tables written in HTML (converters write a table with merged cells so): each a tuple of rows
    of raw cell spans, the spans of what stands between a cell's tags."""
    tables = []
    for t in _HTML_TABLE.finditer(raw):
        rows = tuple(tuple(c.span(2) for c in _HTML_CELL.finditer(raw, r.start(1), r.end(1)))
                     for r in _HTML_ROW.finditer(raw, t.start(1), t.end(1)))
        rows = tuple(r for r in rows if r)
        if len(rows) >= 2:
            tables.append(rows)
    return tuple(tables)


@lru_cache(maxsize=4)
def _row_tables(raw: str) -> tuple:
    """Rows written "| cell | cell |", "cell | cell" or between tabs: (row number in its table, raw
    cell spans between bars, whether the table may go on from the one right above it, whether the
    row's cells go on in the rows under it, whether it is written with tabs). The rows that carry a
    row's wrapped cells (normalize joins them to the row's cells) are no rows of their own; the
    rest of a row written with tabs keeps the row's number."""
    out = []
    row, last_end, width = 0, -2, 0
    above = None
    for m in _TABLE_ROW.finditer(raw):
        adjacent = m.start() == last_end + 1
        if adjacent and above is not None and continues_row(m.group(), above):
            if out[-1][3] is False:
                out[-1] = out[-1][:3] + (True,) + out[-1][4:]
            last_end, above = m.end(), m.group()
            continue
        if m.group("group"):
            if adjacent and out and out[-1][4]:
                last_end = m.end()          # the table goes on under it
            continue
        if m.group("rest"):
            if adjacent and out and out[-1][4] and width:
                # the rest of the row above: cells between single tabs, as many as the row's
                bounds = [m.start() - 1] + [i for i in range(m.start(), m.end()) if raw[i] == "\t"] + [m.end()]
                cells = tuple(zip(bounds, bounds[1:]))[:width]
                out.append((row, cells, False, False, True))
                last_end = m.end()
            continue
        above = m.group() if PIPE_ROW.match(m.group()) else None
        row = row + 1 if adjacent else 1
        gap = raw[max(0, last_end):m.start()]
        last_end = m.end()
        if m.group("tabs"):
            runs = list(_TAB_RUN.finditer(raw, m.start(), m.end("tabs")))
            bounds = [m.start() - 1] + [r.start() for r in runs] + [m.end("tabs")]
            starts = [m.start()] + [r.end() for r in runs]
            cells = tuple((a - 1, b) for a, b in zip(starts, bounds[1:]))   # (the char before a cell, its end)
            carried = row == 1 and len(cells) == width and not gap.strip(" \t\n|")
            width = len(cells)
            out.append((row, cells, carried, False, True))
            continue
        bars = [b.start() for b in _BAR.finditer(raw, m.start(), m.end())]
        if raw[m.start():bars[0]].strip():
            bars.insert(0, m.start() - 1)           # no rule before the first cell (DOCX)
        if raw[bars[-1] + 1:m.end()].strip():
            bars.append(m.end())
        cells = tuple(zip(bars, bars[1:]))
        if not cells:
            continue                                # a rule alone ("|" closing a page's grid)
        # a table carried over to the next page goes on right after the last one, as many cells
        # wide, without its header row
        carried = row == 1 and len(cells) == width and not gap.strip(" \t\n|")
        width = len(cells)
        out.append((row, cells, carried, False, False))
    return tuple(out)


def _cell_starts(doc: Document, rows: tuple, to_normalized: Callable[[int], int]) -> list[int]:
    """The positions in the normalized text where the cells of the rows that hold text begin."""
    out = []
    for _, cells, _, _, _ in rows:
        for x, y in cells:
            a = to_normalized(x + 1)
            a += doc.text.startswith("\n", a)
            if a < len(doc.text) and x < doc.offsets[a] < y:
                out.append(a)
    return out


def _to_normalized(doc: Document, reordered: bool) -> Callable[[int], int]:
    """The position in the normalized text of the first kept character at or after a raw offset.
    Where normalize joined a row's wrapped cells, the offsets go back and forth: search them
    sorted."""
    if not reordered:
        return lambda pos: bisect_left(doc.offsets, pos)
    order = sorted(range(len(doc.offsets)), key=doc.offsets.__getitem__)
    keys = [doc.offsets[i] for i in order]

    def position(pos: int) -> int:
        k = bisect_left(keys, pos)
        return order[k] if k < len(order) else len(doc.text)
    return position


def column_cells(doc: Document, is_header: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Spans (in the normalized text) of the cells of the columns whose header `is_header` picks:
    a short cell of the table's first three rows, or the column of a table that goes on from one
    right above it, as wide, without its header (a scan's next page). In a table written a cell a
    line, the header is the first row, and a row with another number of cells (a merged cell, an
    empty one) is left out rather than guessed."""
    raw = doc.raw.text
    html = "<t" in raw or "<T" in raw
    if "|" not in raw and "\t" not in raw and not html and "TT" not in raw:
        return []
    out: list[tuple[int, int]] = []
    for rows in _bar_tables(raw) + _line_tables(raw) + (_html_tables(raw) if html else ()):
        header = rows[0]
        col = next((c for c, (a, b) in enumerate(header) if is_header(" ".join(_TAG.sub(" ", raw[a:b]).split()).strip(" *_"))), None)
        if col is not None:
            for r in rows[1:]:
                if len(r) == len(header):
                    a, b = bisect_left(doc.offsets, r[col][0]), bisect_left(doc.offsets, r[col][1])
                    if a < b:
                        out.append((a, b))
    columns: set[int] = set()
    rows = _row_tables(raw)
    reordered = any(r[3] for r in rows)
    to_normalized = _to_normalized(doc, reordered)
    # where the cells of the rows begin in the normalized text: a wrapped row's cell (its lines
    # there, normalize joined or set under it) ends where the next cell begins
    cell_starts = sorted(_cell_starts(doc, rows, to_normalized)) if reordered else []
    for row, cells, carried, wrapped, _ in rows:
        if row == 1 and not (carried and columns):
            columns = set()
        if row <= 3:
            columns |= {i for i, (x, y) in enumerate(cells) if is_header(raw[x + 1:y].strip(" \t*_"))}
        for i in sorted(columns):
            if i < len(cells):
                x, y = cells[i]
                a = to_normalized(x + 1)
                if wrapped:
                    a += doc.text.startswith("\n", a)
                    if not (a < len(doc.text) and x < doc.offsets[a] < y):
                        continue          # (a cell empty on the row's first line is left out)
                    k = bisect_right(cell_starts, a)
                    b = cell_starts[k] - 1 if k < len(cell_starts) else doc.text.find("\n", a) % (len(doc.text) + 1)
                else:
                    b = to_normalized(y)
                if a < b:
                    out.append((a, b))
    return out
