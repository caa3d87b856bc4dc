#!/usr/bin/env python3
"""Render corpus texts as realistic scanned PDFs: A4 at 300 dpi, DejaVu Serif (Debian's
fonts-dejavu-core, which has the Vietnamese glyphs), each page slightly rotated, blurred, with
paper noise and specks, stored as a JPEG image per page like a scanner's PDF. No text layer.

Deterministic: the noise of a document is seeded from its name, so a run renders the same bytes.

    python scripts/render_scans.py corpora --split test -o scans/      # scans/<id>.pdf
    python scripts/render_scans.py corpora/texts/seed002.txt -o scans/

What is printed is what the text shows: the markup residue of converted pages ("**", "*", "#")
is not drawn, bold spans are drawn bold, two columns of a header ("ỦY BAN NHÂN DÂN      CỘNG
HÒA ...") are drawn as two columns, long lines wrap at the margin. Tables (cells between "|"
rules, or three rows or more written "a | b | c" or with tabs, as converters write a DOCX table)
are printed as ruled grids, as documents print them: thin rules round every cell, column
widths from the content, text wrapped inside its cell, smaller type, rows carried over or split
at the foot of a page. The borderless layout tables of converted pages (the header's two columns,
the signature block) are printed as plain lines, their "|" rules not drawn.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import math
import os
import re
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
A4_IN = (8.27, 11.69)


def _font(bold: bool, px: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    return ImageFont.truetype(os.path.join(FONT_DIR, name), px)


def _clean(line: str) -> tuple[str, bool]:
    """The printed words of a source line and whether it is bold."""
    bold = "**" in line
    s = line.replace("*", "").replace("\\", "").strip()
    if s.startswith("#"):
        s = s.lstrip("#").strip()
    return " ".join(s.split()), bold


_COLUMN_GAP = re.compile(r"\s+\|\s+|\s*\|\s*$|^\s*\|\s*|(?<=\S)\s{4,}(?=\S)")


# --- tables ------------------------------------------------------------------------------------
# Texts converted from web pages write a table cell by cell, each "|" rule on a line of its own:
# "|", cell, "|", cell, "|" for a row, the next row opening right after ("|" "|"), so an empty
# cell and the end of a row look alike and the number of columns is nowhere written; a merged
# cell makes its row shorter. Markdown rows ("| a | b |", with "|---|---|" under the header)
# are read too. Borderless layout tables (the two columns of a header, the signature block, a
# web page's frame round the whole document) come out of this as one or two rows of two cells,
# or hold the national motto, the recipients or the signer's authority: those are printed as
# before, as lines, not as grids.

_BAR = re.compile(r"^\s*\|\s*$")
_MD_ROW = re.compile(r"^\s*\|.*\S.*\|\s*$")
_MD_RULE = re.compile(r"^\s*:?-{3,}:?\s*$")
_CELL_BREAK = re.compile(r"^(?:[-+•–]\s|\(?\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|Bước\s+\d)")
MAX_COLUMNS = 30
# what frames a document (the national motto, the list of recipients, the signature's
# authority): never inside a data table, so cells holding it make a layout table
_FRAME = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA|Độc lập\s*[-–]\s*Tự do|^Nơi nhận|^(?:TM|KT|TL)\.\s", re.I)


class Table:
    """A grid to print: rows of cells, a cell a list of (paragraph, bold); a row with fewer
    cells than `ncols` has its last cell spanning the columns left."""

    def __init__(self, rows: list[list[list[tuple[str, bool]]]], ncols: int):
        self.rows, self.ncols = rows, ncols


def _cell(lines: list[str]) -> list[tuple[str, bool]]:
    """The paragraphs of a cell: its source lines joined, a list item or a line after a full
    stop or a colon starting a new one."""
    paras: list[tuple[str, bool]] = []
    for raw in lines:
        text, bold = _clean(raw)
        if not text:
            continue
        if paras and not _CELL_BREAK.match(text) and not paras[-1][0].endswith((".", ":")):
            paras[-1] = (paras[-1][0] + " " + text, paras[-1][1] or bold)
        else:
            paras.append((text, bold))
    return paras


def _split_rows(slots: list[list[str]], n: int) -> tuple[int, list[list[list[str]]]] | None:
    """The rows of a bar-written table of mostly `n` cells a row: the slots between rules are
    cells, with an empty slot after each row. A shorter row (merged cells) costs 1, a longer one
    (a column the other rows lack) 3; the split of least cost, None if there is none."""
    m = len(slots)
    inf = 1 << 30
    best, back = [inf] * (m + 1), [(-1, 0)] * (m + 1)
    best[0] = 0
    for i in range(m):
        if best[i] == inf:
            continue
        for k in range(1, n + 3):
            j = i + k
            if j > m:
                break
            if j < m and slots[j]:
                continue                          # a row ends on an empty slot or at the end
            nxt = min(j + 1, m)
            cost = best[i] + (0 if k == n else 1 if k < n else 3)
            if cost < best[nxt]:
                best[nxt], back[nxt] = cost, (i, k)
    if best[m] == inf:
        return None
    rows, j = [], m
    while j > 0:
        i, k = back[j]
        rows.append(slots[i:i + k])
        j = i
    rows.reverse()
    return best[m], rows


def _bar_table(slots: list[list[str]]) -> Table | None:
    run = longest = 0
    for s in slots:
        run = run + 1 if s else 0
        longest = max(longest, run)
    best = None
    # a header of bold cells, the widest of the first rows, says how many columns the table has
    head = next((k for k, s in enumerate(slots) if not s), len(slots))
    first_rows = [len(list(run)) for full, run in itertools.groupby(slots[:60], key=bool) if full][:3]
    if head >= 3 and head == max(first_rows) and all("**" in "".join(s) for s in slots[:head]):
        # (a run of cells longer than a row is rows whose ends the converter lost: cut every row)
        cut: list[list[str]] = []
        for full, run in itertools.groupby(slots, key=bool):
            run = list(run)
            if full and len(run) > head + 2:
                for k in range(0, len(run), head):
                    cut += run[k:k + head] + ([[]] if k + head < len(run) else [])
            else:
                cut += run
        best = _split_rows(cut, head)
        if best:
            # a printed table has its header's columns: cells a row has too many go in its last
            best = (best[0], [row if len(row) <= head else row[:head - 1] + [sum(row[head - 1:], [])]
                              for row in best[1]])
    for n in range(2, min(longest + 2, MAX_COLUMNS) + 1) if best is None else ():
        found = _split_rows(slots, n)
        if found and (best is None or found[0] < best[0]):
            best = found
    if best is None:
        return None
    rows = best[1]
    ncols = max(len(r) for r in rows)
    if len(rows) < 2 or (ncols < 3 and len(rows) < 3) or ncols > MAX_COLUMNS:
        return None                              # a layout table
    cells = [[_cell(c) for c in row] for row in rows]
    if any(_FRAME.search(text) for row in cells for cell in row for text, _ in cell):
        return None                              # the header, the signature, or a web page round the document
    return Table(cells, ncols)


# the header of a data table's first column: the row number
_ROW_NUMBER_HEAD = re.compile(r"^(?:S[ốô]\s*)?(?:STT|TT|Stt)$")


def _inner_tables(slots: list[list[str]], bars: list[int]) -> dict[int, tuple[int, Table]]:
    """Data tables inside a layout table: a page saved from a website may hold the whole document,
    header and signature, in one frame, its appendix's task table a run of cells inside it. A
    data table starts at a row-number header ("TT", "STT") and ends before the next one or before
    the frame's own text; it is printed as a grid, the rest as lines."""
    starts = [k for k, slot in enumerate(slots)
              if (paras := _cell(slot)) and len(paras) == 1 and _ROW_NUMBER_HEAD.match(paras[0][0])]
    out = {}
    for n, a in enumerate(starts):
        b = starts[n + 1] if n + 1 < len(starts) else len(slots)
        b = next((k for k in range(a, b) if any(_FRAME.search(t) for t, _ in _cell(slots[k]))), b)
        table = _bar_table(slots[a:b]) if b - a >= 4 else None
        if table:
            out[bars[a]] = (bars[b] + 1 if b < len(bars) else bars[-1] + 1, table)
    return out


def _tables(lines: list[str]) -> dict[int, tuple[int, Table]]:
    """The grids of a text: {first line: (line after the table, table)}."""
    out: dict[int, tuple[int, Table]] = {}
    i = 0
    while i < len(lines):
        if _BAR.match(lines[i]):
            bars, j = [i], i + 1
            while j < len(lines) and lines[j].strip():          # a blank line ends the table
                if _BAR.match(lines[j]):
                    bars.append(j)
                j += 1
            # after the last rule comes text outside the table
            slots = [lines[a + 1:b] for a, b in zip(bars, bars[1:])]
            table = _bar_table(slots) if len(bars) > 2 else None
            if table:
                out[i] = (bars[-1] + 1, table)
            else:
                out.update(_inner_tables(slots, bars))
            i = bars[-1] + 1
        elif _MD_ROW.match(lines[i]) and lines[i].count("|") >= 3:
            j = i
            while j < len(lines) and _MD_ROW.match(lines[j]):
                j += 1
            rows, ruled = [], False
            for line in lines[i:j]:
                cells = [c.strip() for c in line.strip()[1:-1].split("|")]
                if all(_MD_RULE.match(c) for c in cells):
                    ruled = True
                    continue
                rows.append([_cell([c]) for c in cells][:MAX_COLUMNS])
            n = max((len(r) for r in rows), default=0)
            if n >= 2 and len(rows) >= 2 and (ruled or n >= 3 or len(rows) >= 3):
                out[i] = (j, Table(rows, n))
            i = j
        elif _bare_row_cells(lines[i]) >= 3 and not _FRAME.search(lines[i]):
            # a table written without outer rules, a row a line: "TT | Nhiệm vụ | Chủ trì", as
            # converters write a DOCX table, or its cells between tabs
            n = _bare_row_cells(lines[i])
            j = i
            while j < len(lines) and _bare_row_cells(lines[j]) == n and not _FRAME.search(lines[j]):
                j += 1
            if j - i >= 3:
                sep = "\t" if "\t" in lines[i] else "|"
                rows = [[_cell([c.strip()]) for c in line.strip(" \r").split(sep)][:MAX_COLUMNS] for line in lines[i:j]]
                out[i] = (j, Table(rows, min(n, MAX_COLUMNS)))
            i = j
        else:
            i += 1
    return out


def _bare_row_cells(line: str) -> int:
    """The cells of a table row written without outer rules ("a | b | c", "a<tab>b<tab>c"), 0 for
    any other line."""
    if _MD_ROW.match(line) or _BAR.match(line):
        return 0
    if " | " in line:
        return line.count(" | ") + 1
    stripped = line.strip(" \r")       # (a row's empty first cells are tabs at its head)
    if stripped.count("\t") >= 2 and stripped.strip():
        return stripped.count("\t") + 1
    return 0


def _layout(text: str, width_px: int, font_px: int) -> list:
    """Printed lines: (left, right column or "", bold, font size in px); an empty line is a gap;
    a Table is a grid. The two columns of a header are set smaller until they fit half the
    width, as printed headers are."""
    regular, bold_font = _font(False, font_px), _font(True, font_px)
    gap = ("", "", False, font_px)
    out: list = []
    # a line break a web page's converter wrote out as the four characters "\r\n" is a break on paper
    source = text.replace("\\r\\n", "\n").replace("\r", "").split("\n")
    tables = _tables(source)
    skip_to = 0
    for k, raw in enumerate(source):
        if k < skip_to:
            continue
        if k in tables:
            skip_to, table = tables[k]
            if out and out[-1] != gap:
                out.append(gap)
            out.append(table)
            out.append(gap)
            continue
        stripped = raw.strip()
        if not stripped or set(stripped) <= set("|-_=* "):
            if out and out[-1] != gap:
                out.append(gap)
            continue
        columns = [c for c in _COLUMN_GAP.split(raw.strip().strip("|")) if c.strip()]
        if len(columns) == 2:
            (left, b1), (right, b2) = _clean(columns[0]), _clean(columns[1])
            size = font_px
            col = width_px // 2 - font_px // 2
            while size > font_px * 0.55:
                font = _font(b1 or b2, size)
                if font.getlength(left) <= col and font.getlength(right) <= col:
                    break
                size -= 2
            font = _font(b1 or b2, size)
            for a, b in itertools.zip_longest(_wrap(left, font, col), _wrap(right, font, col), fillvalue=""):
                out.append((a, b, b1 or b2, size))
            continue
        line, bold = _clean("   ".join(columns))
        out.extend((piece, "", bold, font_px) for piece in _wrap(line, bold_font if bold else regular, width_px))
    return out


def _wrap(line: str, font: ImageFont.FreeTypeFont, width_px: int) -> list[str]:
    out, cur = [], ""
    for w in line.split():
        cand = f"{cur} {w}" if cur else w
        if cur and font.getlength(cand) > width_px:
            out.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        out.append(cur)
    return out


def _wrap_cell(text: str, font: ImageFont.FreeTypeFont, width_px: int) -> list[str]:
    """`_wrap`, with a word wider than the cell broken where it reaches the border."""
    out = []
    for piece in _wrap(text, font, width_px):
        while font.getlength(piece) > width_px and len(piece) > 1:
            cut = len(piece) - 1
            while cut > 1 and font.getlength(piece[:cut]) > width_px:
                cut -= 1
            out.append(piece[:cut])
            piece = piece[cut:]
        out.append(piece)
    return out


TABLE_PT = (11, 10, 9)     # tables are set smaller than the body, as printed appendices are; a
                           # table of many columns smaller still, so that its longest words fit


SHORT_ENTRY = 16           # characters: a cell paragraph this short is kept on one line


def _column_widths(table: Table, width_px: int, font_px: int, pad: int) -> tuple[list[int], bool]:
    """Widths from the content, as a word processor fits a table to the page: each column
    between its longest word and its longest paragraph, the page width shared out in proportion;
    and whether the longest words fit (else they are broken)."""
    n = table.ncols
    least, most = [font_px + 2 * pad] * n, [font_px + 2 * pad] * n
    for row in table.rows:
        for j, cell in enumerate(row):
            if j == len(row) - 1 and len(row) < n:
                continue                                  # a merged cell: as wide as it gets
            for text, bold in cell:
                font = _font(bold, font_px)
                # a short entry ("2026 - 2030", "Thường xuyên") is not wrapped: tables are
                # laid out so that their dates and short values stay on one line
                short = len(text) <= SHORT_ENTRY
                least[j] = max(least[j], math.ceil(font.getlength(text) if short else
                                                   max(font.getlength(w) for w in text.split())) + 2 * pad)
                most[j] = max(most[j], math.ceil(font.getlength(text)) + 2 * pad)
    if sum(most) <= width_px:
        extra = width_px - sum(most)
        widths = [m + extra * m // sum(most) for m in most]
    elif sum(least) <= width_px:
        spare, flex = width_px - sum(least), sum(most) - sum(least)
        widths = [a + spare * (b - a) // max(flex, 1) for a, b in zip(least, most)]
    else:
        widths = [width_px * a // sum(least) for a in least]
    widths[-1] += width_px - sum(widths)
    return widths, sum(least) <= width_px


def _table_rows(table: Table, x0: int, widths: list[int], font_px: int, pad: int):
    """Each row as its cells: (left, right, [(printed line, bold, centred)])."""
    n = table.ncols
    edges = [x0]
    for wd in widths:
        edges.append(edges[-1] + wd)
    for r, row in enumerate(table.rows):
        cells = []
        for j, cell in enumerate(row):
            right = edges[n] if j == len(row) - 1 else edges[j + 1]
            lines = []
            for text, bold in cell:
                font = _font(bold, font_px)
                # the header row and short entries (numbers, codes) are centred
                centre = r == 0 or len(cell) == 1 and len(text) <= 12 and " " not in text
                lines.extend((piece, bold, centre) for piece in _wrap_cell(text, font, right - edges[j] - 2 * pad))
            cells.append((edges[j], right, lines))
        yield cells


def render_pages(text: str, seed: int, dpi: int = 300) -> list[Image.Image]:
    """Clean pages (grayscale) of `text` before scanning effects."""
    w, h = round(A4_IN[0] * dpi), round(A4_IN[1] * dpi)
    font_px = round(13 / 72 * dpi)                  # 13 pt, the size of administrative documents
    line_h = round(font_px * 1.4)
    margin_l, margin_r, margin_t = round(0.9 * dpi), round(0.6 * dpi), round(0.8 * dpi)
    lines = _layout(text, w - margin_l - margin_r, font_px)
    pages: list[Image.Image] = []
    page = draw = None
    y = h
    bottom = h - margin_t

    def new_page():
        nonlocal page, draw, y
        page = Image.new("L", (w, h), 255)
        draw = ImageDraw.Draw(page)
        pages.append(page)
        y = margin_t

    def table(t: Table) -> None:
        """Ruled grid: thin rules round every cell, the text wrapped inside; a row that does not
        fit the rest of the page moves to the next, or is split there when it is taller than a
        page or a third of the page is left."""
        nonlocal y
        pad, pad_v = round(0.05 * dpi), round(0.03 * dpi)
        rule = max(2, round(dpi / 100))
        for pt in TABLE_PT:
            t_px = round(pt / 72 * dpi)
            widths, roomy = _column_widths(t, w - margin_l - margin_r, t_px, pad)
            if roomy:
                break
        t_line = round(t_px * 1.3)
        full = bottom - margin_t
        for cells in _table_rows(t, margin_l, widths, t_px, pad):
            done = 0
            todo = max((len(c[2]) for c in cells), default=0)
            while True:
                left = todo - done
                need = max(left, 1) * t_line + 2 * pad_v
                room = bottom - y if page is not None else -1
                if need > room:
                    fit = (room - 2 * pad_v) // t_line
                    if fit < 1 or (need <= full and room < full / 3):
                        new_page()
                        continue
                    left = fit
                    need = left * t_line + 2 * pad_v
                top = y
                for x0, x1, cell_lines in cells:
                    ty = top + pad_v
                    for piece, bold, centre in cell_lines[done:done + left]:
                        font = _font(bold, t_px)
                        tx = x0 + pad
                        if centre:
                            tx = max(tx, x0 + (x1 - x0 - round(font.getlength(piece))) // 2)
                        draw.text((tx, ty), piece, font=font, fill=0)
                        ty += t_line
                    draw.line([(x0, top), (x0, top + need)], fill=0, width=rule)
                x_end = cells[-1][1]
                draw.line([(x_end, top), (x_end, top + need)], fill=0, width=rule)
                draw.line([(margin_l - rule // 2, top), (x_end + rule // 2, top)], fill=0, width=rule)
                draw.line([(margin_l - rule // 2, top + need), (x_end + rule // 2, top + need)], fill=0, width=rule)
                y = top + need
                done += left
                if done >= todo:
                    break
        y += line_h // 2

    for item in lines:
        if isinstance(item, Table):
            table(item)
            continue
        left, right, bold, size = item
        if y + line_h > bottom:
            if left == "" and right == "":
                continue
            new_page()
        if left == "" and right == "":
            y += line_h // 2
            continue
        font = _font(bold, size)
        draw.text((margin_l, y), left, font=font, fill=0)
        if right:
            draw.text((margin_l + (w - margin_l - margin_r) // 2, y), right, font=font, fill=0)
        y += line_h
    return pages or [Image.new("L", (w, h), 255)]


def scan(page: Image.Image, rng: np.random.Generator) -> Image.Image:
    """What a scanner makes of a printed page: a little rotation, blur, paper grain, sensor noise
    and specks."""
    angle = float(rng.uniform(-1.2, 1.2))
    img = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.6, 1.0))))
    arr = np.asarray(img, dtype=np.float32)
    arr *= float(rng.uniform(0.82, 0.92))                                       # grey ink
    arr += float(rng.uniform(12, 28))                                           # grey paper
    h, w = arr.shape
    grain = rng.standard_normal((h // 4 + 1, w // 4 + 1), dtype=np.float32) * 6.0
    arr += np.repeat(np.repeat(grain, 4, axis=0), 4, axis=1)[:h, :w]
    tile = rng.standard_normal((512, 512), dtype=np.float32) * 3.0            # sensor noise
    arr += np.tile(tile, (h // 512 + 1, w // 512 + 1))[:h, :w]
    n = int(h * w * 0.0003)
    arr[rng.integers(0, h, n), rng.integers(0, w, n)] = rng.uniform(0, 120, n)  # dust specks
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def seed_of(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big")


def render_pdf(text: str, name: str, dpi: int = 300) -> bytes:
    """A scanned-looking PDF of `text`, its noise seeded from `name`."""
    rng = np.random.default_rng(seed_of(name))
    pages = [scan(p, rng) for p in render_pages(text, seed_of(name), dpi)]
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=75)
    return buf.getvalue()


def _inputs(args) -> list[tuple[str, str]]:
    out = []
    for path in args.inputs:
        if os.path.isdir(path):
            split = {}
            tsv = os.path.join(path, "split.tsv")
            if os.path.exists(tsv):
                with open(tsv, encoding="utf-8") as fh:
                    next(fh)
                    split = dict(line.rstrip("\n").split("\t")[:2] for line in fh if "\t" in line)
            texts = os.path.join(path, "texts")
            for name in sorted(os.listdir(texts)):
                doc_id = name.rsplit(".", 1)[0]
                if args.split and split.get(doc_id) != args.split:
                    continue
                out.append((doc_id, os.path.join(texts, name)))
        else:
            out.append((os.path.basename(path).rsplit(".", 1)[0], path))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="text files, or a corpus folder (texts/, split.tsv)")
    p.add_argument("-o", "--output", required=True, help="folder for <id>.pdf")
    p.add_argument("--split", choices=["dev", "test"], help="only this part of a corpus folder")
    p.add_argument("--dpi", type=int, default=300)
    args = p.parse_args(argv)
    os.makedirs(args.output, exist_ok=True)
    for doc_id, path in _inputs(args):
        with open(path, encoding="utf-8") as fh:
            data = render_pdf(fh.read(), doc_id, args.dpi)
        with open(os.path.join(args.output, doc_id + ".pdf"), "wb") as fh:
            fh.write(data)
        print(f"{doc_id}.pdf  {len(data) / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
