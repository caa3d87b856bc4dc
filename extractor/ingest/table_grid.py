"""Ruled tables on a page image: the grid of rules, the cells (merged where an inner rule is
missing), which cell each word box falls in, and the page with its rules whitened.

Plain data in and out: a grayscale page as a numpy array (ink dark), word boxes as
(left, top, width, height). Used by ocr.py, which writes each table row as one line
"| cell | cell |" of the page text.

How: the page is halved (the darkest of each 2x2 block, so a thin rule survives) and binarised
(Otsu); ink running straight for MIN_RUN pixels along a row is a piece of a horizontal rule,
down a column a piece of a vertical one (letters are shorter). The slight skew a page keeps
(under the 2 degrees that preprocessing straightens) is the slope that lines those pieces up
best; along it the pieces are projected, and a peak of the projection is a rule, with the
stretch of the page it covers. Rules that cross each other form a table; between two
consecutive horizontal rules lies a row, between two vertical ones a column, and two neighbouring
cells are one where the rule between them is missing. All vectorised numpy; a page without rules
costs a few tens of milliseconds.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

MIN_RUN = 90            # px at 300 dpi (0.3 in): a straight run of ink this long across is a rule
MIN_RUN_DOWN = 70       # px at 300 dpi: the same down the page (letters are at most 60 px tall)
MIN_RULE = 300          # px at 300 dpi: a horizontal rule covers at least this much of the page
MAX_SLOPE = 0.035       # the largest skew looked for (tan of 2 degrees)
TOUCH = 10              # px at 300 dpi: a rule ending this close to another still meets it
PRESENT = 0.6           # share of a cell side a rule must cover to part two cells


@dataclass(frozen=True)
class Cell:
    """A cell of a grid: rows row..row_end-1 and columns col..col_end-1 of it."""
    row: int
    col: int
    row_end: int
    col_end: int


@dataclass(frozen=True)
class Grid:
    """A ruled table. Coordinates are those of the page image, straightened by the skew
    `slope`: a horizontal rule is y' = y - slope * x, a vertical one x' = x + slope * y."""
    slope: float
    ys: tuple[float, ...]            # horizontal rules, top to bottom (straightened y)
    xs: tuple[float, ...]            # vertical rules, left to right (straightened x)
    cells: tuple[Cell, ...]          # reading order: by first row, then by first column
    index: tuple[tuple[int, ...], ...]   # index[r][c]: the cell holding row r, column c
    h_ink: tuple[tuple[tuple[float, float], ...], ...] = ()   # stretches of each horizontal rule (x')
    v_ink: tuple[tuple[tuple[float, float], ...], ...] = ()   # stretches of each vertical rule (y')
    thickness: float = 3.0                                     # of the thickest rule, px

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def straighten(self, x: float, y: float) -> tuple[float, float]:
        return x + self.slope * y, y - self.slope * x

    def cell_at(self, x: float, y: float) -> int | None:
        """The cell holding the point (page coordinates), None outside the grid."""
        sx, sy = self.straighten(x, y)
        if not (self.xs[0] < sx < self.xs[-1] and self.ys[0] < sy < self.ys[-1]):
            return None
        r = bisect.bisect_left(self.ys, sy) - 1
        c = bisect.bisect_left(self.xs, sx) - 1
        return self.index[r][c]


@dataclass(frozen=True)
class _Rule:
    pos: float                  # straightened y (horizontal) or x (vertical), full resolution
    cover: np.ndarray           # bool along the rule, on the halved page: where there is ink
    lo: int                     # first and last covered position (halved page)
    hi: int
    width: float                # thickness, full resolution


def _halve(gray: np.ndarray) -> tuple[np.ndarray, int]:
    """The page at half size or less, each pixel the darkest of its block (a thin rule stays)."""
    factor = max(1, int(round(max(gray.shape) / 1800)))
    if factor == 1:
        return gray, 1
    h, w = (gray.shape[0] // factor) * factor, (gray.shape[1] // factor) * factor
    out = gray[0:h:factor, 0:w:factor].copy()
    for dy in range(factor):
        for dx in range(factor):
            if dy or dx:
                np.minimum(out, gray[dy:h:factor, dx:w:factor], out=out)
    return out, factor


def _otsu(gray: np.ndarray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = w0[-1] - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (m0[-1] * w0 / w0[-1] - m0) ** 2 / (w0 * w1)
    between = np.nan_to_num(between, nan=0.0, posinf=0.0, neginf=0.0)
    return int(np.argmax(between))


def _run_starts(ink: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) where a run of `length` ink pixels starts along axis 1 of `ink`."""
    c = np.zeros((ink.shape[0], ink.shape[1] + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, dtype=np.int32, out=c[:, 1:])
    full = (c[:, length:] - c[:, :-length]) == length
    return np.nonzero(full)


def _slope(ys: np.ndarray, xs: np.ndarray) -> float:
    """The slope that lines the pieces of horizontal rules up sharpest."""
    if len(ys) > 40000:
        pick = np.random.default_rng(0).choice(len(ys), 40000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - xs.mean()
    best, best_score = 0.0, -1.0
    for t in np.linspace(-MAX_SLOPE, MAX_SLOPE, 71):
        rows = np.round(ys - xs * t).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        score = float((counts.astype(np.float64) ** 2).sum())
        if score > best_score:
            best, best_score = float(t), score
    return best


def _rules(pos: np.ndarray, along: np.ndarray, size: int, run: int, min_cover: int,
           factor: int) -> list[_Rule]:
    """Rules from run starts: `pos` their straightened position across the rule, `along` along it."""
    if len(pos) == 0:
        return []
    pos_i = np.round(pos).astype(np.int64)
    shift = pos_i.min() - 2
    counts = np.bincount(pos_i - shift)
    smooth = counts + np.concatenate(([0], counts[:-1])) + np.concatenate((counts[1:], [0]))
    peaks = np.nonzero((smooth >= min_cover // 2) & (smooth >= np.concatenate(([0], smooth[:-1])))
                       & (smooth > np.concatenate((smooth[1:], [0]))))[0]
    out: list[_Rule] = []
    for p in peaks:
        near = np.abs(pos_i - shift - p) <= 2
        starts = np.clip(np.round(along[near]).astype(np.int64), 0, size - 1)
        cover = np.zeros(size + run + 1, dtype=np.int32)
        np.add.at(cover, starts, 1)
        np.subtract.at(cover, np.minimum(starts + run, size + run), 1)
        covered = np.cumsum(cover)[:size] > 0
        total = int(covered.sum())
        if total < min_cover:
            continue
        idx = np.nonzero(covered)[0]
        centre = float(np.average(pos[near])) * factor + (factor - 1) / 2.0
        profile = counts[max(p - 4, 0):p + 5]
        width = float(np.count_nonzero(profile >= 0.3 * profile.max()) * factor)
        if out and abs(centre - out[-1].pos) < 4 * factor:
            if total <= int(out[-1].cover.sum()):
                continue
            out.pop()
        out.append(_Rule(centre, covered, int(idx[0]), int(idx[-1]), width))
    return out


def _share(cover: np.ndarray, a: float, b: float, factor: int) -> float:
    lo, hi = int(round(a / factor)), int(round(b / factor))
    lo, hi = max(lo, 0), min(hi, len(cover))
    if hi <= lo:
        return 0.0
    return float(cover[lo:hi].mean())


def _grid(hs: list[_Rule], vs: list[_Rule], slope: float, factor: int) -> Grid | None:
    ys = [h.pos for h in hs]
    xs = [v.pos for v in vs]
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    m = 3 * factor                                   # keep clear of the crossing rules
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and _share(vs[c + 1].cover, ys[r] + m, ys[r + 1] - m, factor) < PRESENT:
                parent[find(r * nc + c + 1)] = find(r * nc + c)
            if r + 1 < nr and _share(hs[r + 1].cover, xs[c] + m, xs[c + 1] - m, factor) < PRESENT:
                parent[find((r + 1) * nc + c)] = find(r * nc + c)
    groups: dict[int, list[int]] = {}
    for k in range(nr * nc):
        groups.setdefault(find(k), []).append(k)
    if len(groups) < 2:
        return None                                  # a frame round the page or a text box
    spans = []
    for members in groups.values():
        rows = [k // nc for k in members]
        cols = [k % nc for k in members]
        spans.append((min(rows), min(cols), max(rows) + 1, max(cols) + 1, members))
    spans.sort(key=lambda s: (s[0], s[1]))
    index = [[0] * nc for _ in range(nr)]
    cells = []
    for i, (r0, c0, r1, c1, members) in enumerate(spans):
        cells.append(Cell(r0, c0, r1, c1))
        for k in members:
            index[k // nc][k % nc] = i
    return Grid(slope, tuple(ys), tuple(xs), tuple(cells), tuple(tuple(r) for r in index),
                tuple(_stretches(h.cover, factor) for h in hs), tuple(_stretches(v.cover, factor) for v in vs),
                max(r.width for r in hs + vs))


def _stacked(group_h: list[int], group_v: list[int], hs: list[_Rule], vs: list[_Rule],
              factor: int) -> list[list[int]]:
    """The horizontal rules of a group parted into tables where no vertical rule crosses the
    space between two of them: tables one above the other whose outer rules line up (a header
    table, text, then a table of tasks) are joined by those rules' line, not by their ink."""
    parts = [[group_h[0]]]
    m = 3 * factor
    for a, b in zip(group_h, group_h[1:]):
        crossed = any(_share(vs[j].cover, hs[a].pos + m, hs[b].pos - m, factor) >= PRESENT for j in group_v)
        if crossed:
            parts[-1].append(b)
        else:
            parts.append([b])
    return parts


def _stretches(cover: np.ndarray, factor: int) -> tuple[tuple[float, float], ...]:
    edges = np.diff(np.concatenate(([0], cover.astype(np.int8), [0])))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    return tuple((float(a * factor), float(b * factor)) for a, b in zip(starts, ends))


def find_grids(gray: np.ndarray, dpi: float = 300.0) -> list[Grid]:
    """The ruled tables of a page (grayscale, ink dark), top to bottom."""
    small, factor = _halve(np.asarray(gray))
    if small.size == 0:
        return []
    scale = dpi / 300.0 / factor
    run, run_down = max(8, int(MIN_RUN * scale)), max(6, int(MIN_RUN_DOWN * scale))
    ink = small < min(_otsu(small[::3, ::3]), 200)
    hy, hx = _run_starts(ink, run)
    if len(hy) < MIN_RULE * scale:
        return []
    vx, vy = _run_starts(ink.T, run_down)
    if len(vx) == 0:
        return []
    t = _slope(hy, hx)
    height, width = small.shape
    hs = _rules(hy - t * hx, hx + t * hy, width, run, int(MIN_RULE * scale), factor)
    vs = _rules(vx + t * vy, vy - t * vx, height, run_down, run_down, factor)
    if len(hs) < 2 or len(vs) < 2:
        return []
    # rules that meet: a vertical rule reaching a horizontal one, within TOUCH of its ends
    touch = max(2, int(TOUCH * scale))
    meets = np.zeros((len(hs), len(vs)), dtype=bool)
    for i, h in enumerate(hs):
        y = h.pos / factor
        for j, v in enumerate(vs):
            x = v.pos / factor
            meets[i, j] = (h.lo - touch <= x <= h.hi + touch and v.lo - touch <= y <= v.hi + touch)
    # tables: groups of rules joined by meeting
    seen_h: set[int] = set()
    grids: list[Grid] = []
    for start in range(len(hs)):
        if start in seen_h or not meets[start].any():
            continue
        todo, group_h, group_v = [start], {start}, set()
        while todo:
            i = todo.pop()
            for j in np.nonzero(meets[i])[0]:
                if j not in group_v:
                    group_v.add(int(j))
                    for k in np.nonzero(meets[:, j])[0]:
                        if k not in group_h:
                            group_h.add(int(k))
                            todo.append(int(k))
        seen_h |= group_h
        for part in _stacked(sorted(group_h), sorted(group_v), hs, vs, factor):
            part_v = [j for j in sorted(group_v) if meets[part, j].any()]
            if len(part) < 2 or len(part_v) < 2:
                continue
            g = _grid([hs[i] for i in part], [vs[j] for j in part_v], t, factor)
            if g:
                grids.append(g)
    grids.sort(key=lambda g: g.top)
    return grids


def assign(grids: list[Grid], boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int] | None]:
    """For each word box (left, top, width, height): (grid, cell) holding its centre, or None."""
    out: list[tuple[int, int] | None] = []
    for left, top, w, h in boxes:
        cx, cy = left + w / 2.0, top + h / 2.0
        found = None
        for g_i, g in enumerate(grids):
            c = g.cell_at(cx, cy)
            if c is not None:
                found = (g_i, c)
                break
        out.append(found)
    return out


def reading_order(grid: Grid, boxes: list[tuple[int, int, int, int]]) -> list[int]:
    """The order to read the words of one cell: by visual line (straightened), then left to
    right by their left edges (Tesseract's box of a word split at a hyphen may span the rest)."""
    if not boxes:
        return []
    pts = []
    for k, (left, top, w, h) in enumerate(boxes):
        sy = grid.straighten(left + w / 2.0, top + h / 2.0)[1]
        sx = grid.straighten(left, top + h / 2.0)[0]
        pts.append((sy, sx, h, k))
    pts.sort()
    lines: list[list[tuple]] = []
    for p in pts:
        if lines:
            line = lines[-1]
            mean_y = sum(q[0] for q in line) / len(line)
            height = sorted(q[2] for q in line)[len(line) // 2]
            if p[0] - mean_y < 0.5 * max(height, p[2]):
                line.append(p)
                continue
        lines.append([p])
    return [q[3] for line in lines for q in sorted(line, key=lambda q: q[1])]


def erase_rules(gray: np.ndarray, grids: list[Grid]) -> np.ndarray:
    """A copy of the page with the rules of `grids` painted over in the paper's shade, where
    they were found (not across a merged cell, whose text would be cut), with the blur round
    them."""
    out = np.array(gray, copy=True)
    h, w = out.shape
    hist = np.bincount(out[::4, ::4].ravel(), minlength=256)
    paper = int(np.argmax(hist[128:]) + 128)
    for g in grids:
        t = g.slope
        thickness = int(np.ceil(g.thickness / 2)) + 2
        band = np.arange(-thickness, thickness + 1)
        for y, stretches in zip(g.ys, g.h_ink):
            for a, b in stretches:
                # straightened x' = x + t y along the rule y = y' + t x: x = (x' - t y') / (1 + t^2)
                xs = np.arange(int((a - t * y) / (1 + t * t)) - thickness, int((b - t * y) / (1 + t * t)) + thickness + 1)
                xs = xs[(xs >= 0) & (xs < w)]
                rows = np.round(y + t * xs).astype(np.int64)[:, None] + band
                cols = np.broadcast_to(xs[:, None], rows.shape)
                ok = (rows >= 0) & (rows < h)
                out[rows[ok], cols[ok]] = np.maximum(out[rows[ok], cols[ok]], paper)
        for x, stretches in zip(g.xs, g.v_ink):
            for a, b in stretches:
                ys = np.arange(int((a + t * x) / (1 + t * t)) - thickness, int((b + t * x) / (1 + t * t)) + thickness + 1)
                ys = ys[(ys >= 0) & (ys < h)]
                cols = np.round(x - t * ys).astype(np.int64)[:, None] + band
                rows = np.broadcast_to(ys[:, None], cols.shape)
                ok = (cols >= 0) & (cols < w)
                out[rows[ok], cols[ok]] = np.maximum(out[rows[ok], cols[ok]], paper)
    return out


def cut_cell(gray: np.ndarray, grid: Grid, cell: int, margin: float
             ) -> tuple[np.ndarray, tuple[int, int]] | None:
    """The inside of a cell, `margin` px clear of its rules, cut out of the page: the box round
    it with what lies outside the (slightly skewed) cell made white, and the box's top left
    corner on the page. None when nothing is left."""
    c = grid.cells[cell]
    x0, x1 = grid.xs[c.col] + margin, grid.xs[c.col_end] - margin
    y0, y1 = grid.ys[c.row] + margin, grid.ys[c.row_end] - margin
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    g = np.asarray(gray)
    t = grid.slope
    k = 1.0 + t * t
    corners = [((sx - t * sy) / k, (sy + t * sx) / k) for sx in (x0, x1) for sy in (y0, y1)]
    left = max(0, int(min(x for x, _ in corners)))
    right = min(g.shape[1], int(np.ceil(max(x for x, _ in corners))) + 1)
    top = max(0, int(min(y for _, y in corners)))
    bottom = min(g.shape[0], int(np.ceil(max(y for _, y in corners))) + 1)
    if right - left < 4 or bottom - top < 4:
        return None
    crop = g[top:bottom, left:right].copy()
    xs = np.arange(left, right, dtype=np.float64)[None, :]
    ys = np.arange(top, bottom, dtype=np.float64)[:, None]
    sx, sy = xs + t * ys, ys - t * xs
    crop[(sx < x0) | (sx > x1) | (sy < y0) | (sy > y1)] = 255
    return crop, (left, top)


def inked(crop: np.ndarray, threshold: int = 128, least: int = 15) -> bool:
    """Is there a mark in the cut-out: at least `least` 2x2 blocks of dark pixels (dust specks
    are single pixels)?"""
    a = np.asarray(crop) < threshold
    if a.shape[0] < 2 or a.shape[1] < 2:
        return False
    solid = a[:-1, :-1] & a[1:, :-1] & a[:-1, 1:] & a[1:, 1:]
    return int(np.count_nonzero(solid)) >= least


def stack(crops: list[np.ndarray], shelves: list[int] | None = None, gap: int = 40
          ) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Cut-outs set on white `gap` px apart: those of the same shelf (a table row) side by side
    in the order given, shelves one under the other; the paper made white, the ink kept. The
    image, and where each cut-out's top left corner went (x, y)."""
    shelves = shelves if shelves is not None else list(range(len(crops)))
    places: list[tuple[int, int]] = [(0, 0)] * len(crops)
    y, width = gap, 0
    order = sorted(range(len(crops)), key=lambda k: shelves[k])
    k = 0
    while k < len(order):
        shelf = [order[k]]
        while k + len(shelf) < len(order) and shelves[order[k + len(shelf)]] == shelves[order[k]]:
            shelf.append(order[k + len(shelf)])
        x = gap
        for i in shelf:
            places[i] = (x, y)
            x += crops[i].shape[1] + gap
        width = max(width, x)
        y += max(crops[i].shape[0] for i in shelf) + gap
        k += len(shelf)
    # the paper's grain made white: on a strip of small cut-outs Tesseract would read it as letters
    level = _otsu(np.concatenate([c.ravel() for c in crops])) if any(c.size for c in crops) else 128
    out = np.full((y, max(width, 1)), 255, dtype=np.uint8)
    for c, (x0, y0) in zip(crops, places):
        out[y0:y0 + c.shape[0], x0:x0 + c.shape[1]] = np.where(c >= level, 255, c)
    return out, places
