"""OCR of one page image with Tesseract (`vie`): preprocessing, then words with boxes and confidences.

Preprocessing: grayscale (alpha flattened on white, EXIF rotation applied); resolution normalised
to about 300 dpi (Tesseract's LSTM model reads capital heights of 20-40 px best); deskew by the
angle that makes the row profile of the Otsu-binarised page sharpest. Tesseract runs through
pytesseract, as a process with OMP_THREAD_LIMIT=1 (pages are run in parallel instead) and a time
limit per page.

The page text is built from the word boxes: a blank line where the gap between two lines is well
above the page's usual line spacing (a paragraph) or where reading goes back up (a new column),
and a wide gap inside a line kept as spaces so that the normalizer splits header columns.

Ruled tables (table_grid.py) are found on the prepared page before Tesseract runs and their rules
painted out (Tesseract reads cell text better without them); each row then becomes one line
"| cell | cell |" of the page text, where the table stands, its words in reading order inside
their cell, closed by a lone "|" as in text files converted from tables. Cells that Tesseract's
page layout left empty or read with low confidence are read once more, cut out together.
"""
from __future__ import annotations

import os
import statistics
import time
from functools import lru_cache

import numpy as np
import pytesseract
import regex
from PIL import Image, ImageOps

from . import table_grid
from .model import IngestError, PageResult, Word

LANG = "vie"
TARGET_DPI = 300
MIN_DESKEW = 2.0            # degrees: below it, resampling the page costs more accents than the skew does
INK_LEVEL = 160             # gray below it is ink; above it, on a page with almost no ink, paper
PARAGRAPH_GAP = 0.5        # white space between lines this many text heights above the usual: a paragraph
COLUMN_GAP = 3.0            # a gap between words wider than this many word heights parts two columns
COLUMN_SEP = "      "       # how such a gap is written in the page text (normalize splits columns on it)
A4_WIDTH_IN = 8.27
REREAD_BELOW = 60.0         # a table cell with a word of lower confidence than this is read again
NUMBER_REREAD_BELOW = 50.0  # a line of at most three words at the margin, less sure than this, is read again
RULE_CLEARANCE = 8          # px kept clear of a table rule when a cell is cut out to be read again


@lru_cache(maxsize=1)
def engine_version() -> str:
    """"tesseract 5.3.0"; a clear error when Tesseract or its Vietnamese model is not installed."""
    try:
        version = pytesseract.get_tesseract_version()
        langs = pytesseract.get_languages()
    except (pytesseract.TesseractNotFoundError, OSError, RuntimeError, SystemExit):
        # pytesseract raises SystemExit for a version line it cannot parse
        raise IngestError("ocr_unavailable", "Tesseract is not installed (apt-get install tesseract-ocr "
                                             "tesseract-ocr-vie, or run scripts/setup.sh)") from None
    if LANG not in langs:
        raise IngestError("ocr_unavailable", "Tesseract has no Vietnamese model (apt-get install "
                                             "tesseract-ocr-vie, or run scripts/setup.sh)")
    return f"tesseract {version}"


# --- preprocessing -----------------------------------------------------------------------------

def _estimate_dpi(img: Image.Image, dpi: float | None) -> float:
    if dpi and 50 <= dpi <= 1200:
        return dpi
    # a photo or an image without resolution: assume the page is about A4 wide (portrait or landscape)
    return max(img.width, 1) / (A4_WIDTH_IN if img.width <= img.height else 11.69)


def _otsu(gray: np.ndarray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mt = m0[-1]
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 / total - m0) ** 2 / (w0 * w1)
    between[(w0 == 0) | (w1 == 0)] = 0.0
    between = np.nan_to_num(between, posinf=0.0, neginf=0.0)
    return int(np.argmax(between))


def _skew_angle(binary: np.ndarray, limit: float = 4.0, step: float = 0.25) -> float:
    """Angle (degrees) that makes the rows of ink sharpest (black = ink)."""
    small = (binary == 0)
    ys, xs = np.nonzero(small)
    if len(ys) < 200:
        return 0.0
    if len(ys) > 60000:
        pick = np.random.default_rng(0).choice(len(ys), 60000, replace=False)
        ys, xs = ys[pick], xs[pick]
    xs = xs - small.shape[1] / 2.0
    best, best_score = 0.0, -1.0
    for a in np.arange(-limit, limit + step / 2, step):
        t = np.tan(np.radians(a))
        rows = np.round(ys + xs * t).astype(np.int64)
        rows -= rows.min()
        counts = np.bincount(rows)
        score = float((counts.astype(np.float64) ** 2).sum())
        if score > best_score:
            best, best_score = float(a), score
    return best


def preprocess(img: Image.Image, dpi: float | None = None) -> tuple[Image.Image, float]:
    """The page as Tesseract should see it (grayscale, upright, ~300 dpi) and the scale applied.

    Measured on rendered scans (benchmarks/ocr.py): resampling a photo or a low-resolution scan to
    ~300 dpi and straightening a page skewed by two degrees or more lower the character error rate (under that,
    the resampling costs more accents than Tesseract loses to the skew);
    our own binarisation did not beat Tesseract's (it thins accents), so the page stays grayscale and
    Otsu is used only to find the skew."""
    gray = ImageOps.exif_transpose(img) if img.format == "JPEG" else img
    if gray.mode not in ("L", "1"):
        if gray.mode in ("RGBA", "LA", "P"):
            gray = gray.convert("RGBA")
            bg = Image.new("RGBA", gray.size, (255, 255, 255, 255))
            gray = Image.alpha_composite(bg, gray)
        gray = gray.convert("L")
    elif gray.mode == "1":
        gray = gray.convert("L")
    scale = 1.0
    src_dpi = _estimate_dpi(gray, dpi)
    if src_dpi < 240 or src_dpi > 400:
        scale = TARGET_DPI / src_dpi
        size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
        gray = gray.resize(size, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)
    arr = np.asarray(gray)
    factor = max(1, int(max(arr.shape) / 1200))          # the skew is found on a reduced copy
    small = arr[::factor, ::factor]
    binary = np.where(small > _otsu(small), 255, 0).astype(np.uint8)
    angle = _skew_angle(binary)
    if abs(angle) >= MIN_DESKEW:
        gray = gray.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return gray, scale


# --- Tesseract ---------------------------------------------------------------------------------

def run_tesseract(image: Image.Image, timeout: int, psm: int = 3) -> str:
    """Tesseract's TSV (words, boxes, confidences) for a page image, through pytesseract.

    The image is handed over as an uncompressed PGM file (PNG, pytesseract's default, costs 0.1 s
    a page to write). pytesseract runs Tesseract with this process's environment, which gets
    OMP_THREAD_LIMIT=1: pages run in parallel instead, and Tesseract's own threads only slow that."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    gray = image if image.mode == "L" else image.convert("L")
    if gray is image:
        gray = image.copy()
    gray.format = "PPM"
    try:
        return pytesseract.image_to_data(gray, lang=LANG, config=f"--psm {psm}", timeout=timeout)
    except pytesseract.TesseractNotFoundError:
        engine_version()            # raises the "not installed" error
        raise
    except pytesseract.TesseractError as err:
        raise RuntimeError(err.message or "tesseract failed") from None
    except RuntimeError as err:
        if "timeout" in str(err):
            raise TimeoutError(f"OCR took longer than {timeout} s") from None
        raise


_BAR = regex.compile(r"[|¦]+")


def _tsv_lines(tsv: str) -> list[list[tuple[str, float, tuple[int, int, int, int]]]]:
    """Tesseract's words, line by line in its reading order: (word, confidence, box)."""
    lines: list[list[tuple[str, float, tuple[int, int, int, int]]]] = []
    last_key = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        if not word:
            continue
        try:
            conf = max(0.0, float(cols[10]))
            box = (int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]))
        except ValueError:
            conf, box = 0.0, (0, 0, 0, 0)
        key = (cols[2], cols[3], cols[4])
        if key != last_key:
            lines.append([])
            last_key = key
        lines[-1].append((word, conf, box))
    # a bar at either end of a line is a speck or the edge of a rule, not text: "giấy      |" would
    # otherwise read as two columns (table rows get their bars from the grid, see page_text)
    for line in lines:
        while line and _BAR.fullmatch(line[-1][0]):
            line.pop()
        while line and _BAR.fullmatch(line[0][0]):
            line.pop(0)
    return [line for line in lines if line]


def _cell_word(item: tuple) -> tuple:
    """A word read inside a table cell, cleaned of what the rules leave in Tesseract's reading:
    an underscore added to a figure standing alone ("2_") is dropped, and a bar, which cannot be
    a rule there (they were painted out), is the capital I of a Roman number ("|" for "I", "||"
    for "II" in an STT column), so that the cell does not split in two."""
    word = item[0].strip("_") or item[0]
    if set(word) == {"|"}:
        word = "I" * len(word)
    return (word, item[1], item[2]) if word != item[0] else item


def _take_tables(lines: list[list], grids: list) -> tuple[list[list], list[tuple[int, list]]]:
    """Words inside ruled tables taken out of Tesseract's lines: the lines left, and each table
    as (index in the lines left before which it stands, its rows: lists of cells: lists of words)."""
    flat = [(i, item) for i, line in enumerate(lines) for item in line]
    where = table_grid.assign(grids, [item[2] for _, item in flat])
    cells: dict[tuple[int, int], list] = {}
    kept: list[list] = [[] for _ in lines]
    for (i, item), at in zip(flat, where):
        if at is None:
            kept[i].append(item)
        else:
            cells.setdefault(at, []).append(item)
    rest = [line for line in kept if line]
    tables = []
    for g_i, g in enumerate(grids):
        rows: dict[int, list] = {}
        for c_i, cell in enumerate(g.cells):
            items = cells.get((g_i, c_i), [])
            order = table_grid.reading_order(g, [it[2] for it in items])
            rows.setdefault(cell.row, []).append([_cell_word(items[k]) for k in order])
        rows_out = [row for _, row in sorted(rows.items()) if any(row)]
        if not rows_out:
            continue
        # before the first line left whose middle lies below the top of the table
        at = len(rest)
        for k, line in enumerate(rest):
            mid_x = statistics.median(b[0] + b[2] / 2 for _, _, b in line)
            mid_y = statistics.median(b[1] + b[3] / 2 for _, _, b in line)
            if g.straighten(mid_x, mid_y)[1] > g.top:
                at = k
                break
        tables.append((at, rows_out))
    tables.sort(key=lambda t: t[0])
    return rest, tables


def parse_tsv(tsv: str, grids: list | tuple = ()) -> tuple[str, list[Word]]:
    """Page text (a line a line, a blank line between paragraphs and columns) and its words.

    With the ruled tables of the page (table_grid.find_grids), the words inside them are read
    cell by cell: each row of a table is one line "| cell | cell |" where the table stands, and
    a lone "|" closes the table (as in text files converted from tables)."""
    return page_text(_tsv_lines(tsv), grids)


def page_text(lines: list[list], grids: list | tuple = ()) -> tuple[str, list[Word]]:
    """parse_tsv from Tesseract's lines of words."""
    if not lines:
        return "", []
    tables: list[tuple[int, list]] = []
    if grids:
        lines, tables = _take_tables(lines, list(grids))
    parts: list[str] = []
    words: list[Word] = []
    pos = 0

    def put(text: str, item=None) -> None:
        nonlocal pos
        if item is not None:
            words.append(Word(pos, pos + len(text), item[1], item[2]))
        parts.append(text)
        pos += len(text)

    def put_table(rows: list) -> None:
        for r, row in enumerate(rows):
            if parts:
                put("\n" if r else "\n\n")
            put("|")
            for cell in row:
                put(" ")
                for k, item in enumerate(cell):
                    if k:
                        put(" ")
                    put(item[0], item)
                put(" |")
        put("\n|")

    if lines:
        tops = [statistics.median(b[1] for _, _, b in line) for line in lines]
        bottoms = [statistics.median(b[1] + b[3] for _, _, b in line) for line in lines]
        typical_h = statistics.median(statistics.median(b[3] for _, _, b in line) for line in lines) or 1
        # white space between consecutive lines; its usual size is a low quantile, since on a page of
        # table cells most lines are apart, and a header set smaller has closer lines
        spaces = [tops[i] - bottoms[i - 1] for i in range(1, len(lines))]
        usual = sorted(x for x in spaces if -typical_h < x < 3 * typical_h)
        usual_space = usual[len(usual) // 4] if usual else 0.5 * typical_h
    next_table = 0
    for i, line in enumerate(lines):
        after_table = False
        while next_table < len(tables) and tables[next_table][0] == i:
            put_table(tables[next_table][1])
            next_table += 1
            after_table = True
        if i or after_table:
            back_up = i > 0 and bottoms[i] <= bottoms[i - 1]        # reading went back up: a new column
            wide = i > 0 and spaces[i - 1] > usual_space + PARAGRAPH_GAP * typical_h
            put("\n\n" if back_up or wide or after_table else "\n")
        last_right = None
        for item in line:
            word, conf, box = item
            if last_right is not None:
                # a gap of several letter heights inside a line parts two columns (a header's
                # "Số: 12/KH-UBND" and "Ia Hla, ngày ..."): keep it wide, as a text layout does
                put(COLUMN_SEP if box[0] - last_right > COLUMN_GAP * typical_h else " ")
            put(word, item)
            last_right = box[0] + box[2]
    for _, rows in tables[next_table:]:
        put_table(rows)
    return "".join(parts), words


def _strip_words(strip: np.ndarray, places: list[tuple[int, int]], shapes: list[tuple[int, int]],
                 timeout: int) -> list[tuple[int, str, float, tuple]] | None:
    """Tesseract's words on a strip of stacked cut-outs (table_grid.stack), read as one block:
    (cut-out, word, confidence, box within the cut-out), a word going to the first cut-out whose
    area holds its middle. None when Tesseract failed or ran out of time."""
    try:
        tsv = run_tesseract(Image.fromarray(strip), timeout, psm=6)
    except (TimeoutError, RuntimeError):
        return None
    out = []
    for line in _tsv_lines(tsv):
        for word, conf, (left, top, w, h) in line:
            cx, cy = left + w / 2, top + h / 2
            for i, ((px, py), (height, width)) in enumerate(zip(places, shapes)):
                if py <= cy < py + height and px <= cx < px + width:
                    out.append((i, word, conf, (left - px, top - py, w, h)))
                    break
    return out


def _reread_cells(page: np.ndarray, grids: list, lines: list[list], timeout: int) -> list[list]:
    """Tesseract's layout analysis drops what stands alone in a narrow column (the numbers of an
    "STT" column, a lone figure) and misreads some narrow cells: the cells that got no word but
    carry ink, or only words of low confidence, are cut out and read again together, each table
    row a line (the figures of a row give each other context). A cell's new words replace its
    old ones when Tesseract is surer of them. Returns the lines with the boxes on the page."""
    where = table_grid.assign(grids, [item[2] for line in lines for item in line])
    found: dict[tuple[int, int], list] = {}
    for item, at in zip((item for line in lines for item in line), where):
        if at is not None:
            found.setdefault(at, []).append(item[1])
    todo = []
    for g_i, g in enumerate(grids):
        for c_i in range(len(g.cells)):
            confs = found.get((g_i, c_i))
            if confs and min(confs) >= REREAD_BELOW:
                continue
            cut = table_grid.cut_cell(page, g, c_i, RULE_CLEARANCE)
            if cut and (confs or table_grid.inked(cut[0])):
                todo.append((g_i, c_i, cut))
    if not todo:
        return lines
    shelves = [grids[g_i].cells[c_i].row + 10000 * g_i for g_i, c_i, _ in todo]
    strip, places = table_grid.stack([crop for _, _, (crop, _) in todo], shelves)
    words = _strip_words(strip, places, [crop.shape for _, _, (crop, _) in todo], timeout)
    if words is None:
        return lines
    again: dict[int, list] = {}
    for k, word, conf, (left, top, w, h) in words:
        g_i, c_i, (_, (x0, y0)) = todo[k]
        moved = (left + x0, top + y0, w, h)
        if table_grid.assign([grids[g_i]], [moved])[0] == (0, c_i):
            again.setdefault(k, []).append((word, conf, moved))
    replaced: set[tuple[int, int]] = set()
    added: list[list] = []
    for k, items in again.items():
        g_i, c_i, _ = todo[k]
        old = found.get((g_i, c_i))
        if old and sum(c for _, c, _ in items) / len(items) <= sum(old) / len(old):
            continue
        replaced.add((g_i, c_i))
        added.append(items)
    if not replaced:
        return lines
    flat = iter(where)
    kept = [[item for item in line if next(flat) not in replaced] for line in lines]
    return [line for line in kept if line] + added


_HEADING_NUMBER = regex.compile(r"(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,6}\.|[a-zđ]\))")


def _reread_numbers(page: np.ndarray, lines: list[list], grids, timeout: int) -> list[list]:
    """A heading's number alone on its line ("3.2.", "1.") is often misread by Tesseract's page
    layout as a few letters of low confidence ("⁄ Ất Ai"): such short, unsure lines at the left
    margin are cut out, binarised and read again together, each on its own line; the new reading
    replaces the old only when it is a heading number."""
    body = [line for line in lines if len(line) >= 4]
    if not body:
        return lines
    margin = statistics.median(line[0][2][0] for line in body)
    height = statistics.median(b[3] for line in body for _, _, b in line)
    inside = set()
    if grids:
        where = table_grid.assign(grids, [line[0][2] for line in lines])
        inside = {k for k, at in enumerate(where) if at is not None}
    todo = []
    for k, line in enumerate(lines):
        unsure = sum(c for _, c, _ in line) / len(line) < NUMBER_REREAD_BELOW
        # a mark alone that no heading number reads as ("A." for "4.", "T%" for "7.")
        odd = len(line) == 1 and len(line[0][0]) <= 3 and not _HEADING_NUMBER.fullmatch(line[0][0]) \
            and bool(regex.search(r"[.%)]$", line[0][0]))
        if len(line) > 3 or k in inside or not (unsure or odd) or abs(line[0][2][0] - margin) > 0.75 * height:
            continue
        x0 = max(0, min(b[0] for _, _, b in line) - 20)
        y0 = max(0, min(b[1] for _, _, b in line) - 15)
        x1 = max(b[0] + b[2] for _, _, b in line) + 20
        y1 = max(b[1] + b[3] for _, _, b in line) + 15
        crop = page[y0:y1, x0:x1]
        if crop.size:
            todo.append((k, (x0, y0, x1, y1), crop))
    if not todo:
        return lines
    strip, places = table_grid.stack([c for _, _, c in todo])
    level = _otsu(np.concatenate([c.ravel() for _, _, c in todo]))
    strip = np.where(strip > level, 255, 0).astype(np.uint8)       # black on white: the digits read
    words = _strip_words(strip, places, [crop.shape for _, _, crop in todo], timeout)
    if words is None:
        return lines
    read: dict[int, list] = {}
    for i, word, conf, _ in words:
        read.setdefault(i, []).append((word, conf))
    out = list(lines)
    for i, (k, (x0, y0, x1, y1), _) in enumerate(todo):
        words = read.get(i, [])
        text = regex.sub(r"(?<=^\d{1,2}),$", ".", "".join(w for w, _ in words))      # "7," is "7."
        if words and _HEADING_NUMBER.fullmatch(text):
            conf = min(c for _, c in words)
            out[k] = [(text, conf, (x0 + 20, y0 + 15, x1 - x0 - 40, y1 - y0 - 30))]
    return out


def ocr_image(img: Image.Image, index: int, dpi: float | None, timeout: int,
              preprocessing: bool = True) -> PageResult:
    t0 = time.perf_counter()
    prepared = preprocess(img, dpi)[0] if preprocessing else img.convert("L")
    page = np.asarray(prepared if prepared.mode == "L" else prepared.convert("L"))
    grids = table_grid.find_grids(page)
    if grids:
        page = table_grid.erase_rules(page, grids)
        prepared = Image.fromarray(page)
    try:
        tsv = run_tesseract(prepared, timeout)
        lines = _tsv_lines(tsv)
        if not lines and (page < INK_LEVEL).any():
            # a page all but empty (the signature's last lines alone): Tesseract's threshold falls
            # inside the paper's grain and it reads nothing; on white paper it reads the ink
            page = np.where(page < INK_LEVEL, page, 255).astype(np.uint8)
            tsv = run_tesseract(Image.fromarray(page), max(1, round(timeout - (time.perf_counter() - t0))))
            lines = _tsv_lines(tsv)
        if grids:
            lines = _reread_cells(page, grids, lines, max(1, round(timeout - (time.perf_counter() - t0))))
        lines = _reread_numbers(page, lines, grids, max(1, round(timeout - (time.perf_counter() - t0))))
    except TimeoutError as err:
        return PageResult(index=index, text="", ocr=True, engine=engine_version(), lang=LANG,
                          seconds=time.perf_counter() - t0,
                          warnings=(("ocr_timeout", f"page {index + 1}: {err}; page left empty "
                                                    "(VNPLAN_OCR_PAGE_TIMEOUT)", index + 1),))
    except RuntimeError as err:
        return PageResult(index=index, text="", ocr=True, engine=engine_version(), lang=LANG,
                          seconds=time.perf_counter() - t0,
                          warnings=(("ocr_failed", f"page {index + 1}: Tesseract failed: {err}", index + 1),))
    text, words = page_text(lines, grids)
    mean = round(sum(w.conf for w in words) / len(words), 1) if words else None
    return PageResult(index=index, text=text, ocr=True, words=tuple(words), mean_confidence=mean,
                      engine=engine_version(), lang=LANG, seconds=time.perf_counter() - t0)
