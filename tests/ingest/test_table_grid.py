"""Ruled tables on scans: scripts/render_scans.py prints the tables of a corpus text as ruled grids,
extractor/ingest/table_grid.py finds the grid again on the scanned page, and ocr.py writes each
table row as one line "| cell | cell |" with every word's offsets right.

Small and quick: the top of one page (a real table of a dev document, d012), rules drawn with PIL
for the grid alone, and the top of a page of prose."""
import difflib
import os

import numpy as np
import pytest
from PIL import Image, ImageDraw

import make_files as mf
from extractor.ingest import ocr, table_grid

render_scans = mf.render_scans
TEXTS = os.path.join(mf.ROOT, "corpora", "texts")


def _source(doc_id: str) -> list[str]:
    with open(os.path.join(TEXTS, doc_id + ".txt"), encoding="utf-8") as fh:
        return fh.read().replace("\r", "").split("\n")


def _first_rows(lines: list[str], rows: int) -> list[str]:
    """The source lines of the first `rows` rows of the first grid table of a text (a row ends
    where two '|' rules follow each other)."""
    start = min(render_scans._tables(lines))
    out, seen = [], 0
    for i in range(start, len(lines)):
        out.append(lines[i])
        if render_scans._BAR.match(lines[i]) and i > start and render_scans._BAR.match(lines[i - 1]):
            seen += 1
            if seen == rows:
                out.pop()           # the rule opening the next row
                break
    return out


def _cells(line: str) -> list[str]:
    assert line.startswith("| ") and line.endswith(" |"), line
    return [" ".join(c.split()) for c in line[2:-2].split(" | ")]


def _top(img: Image.Image) -> Image.Image:
    """The page down to a little below its last ink (Tesseract's time grows with the paper)."""
    rows = np.nonzero((np.asarray(img) < 128).any(axis=1))[0]
    return img.crop((0, 0, img.width, min(img.height, int(rows[-1]) + 80)))


@pytest.fixture(scope="module")
def table_page():
    """The header row and the first two rows of the appendix table of d012, printed and scanned
    (the top of the page only, to keep Tesseract quick), and what the text says its cells are."""
    excerpt = _first_rows(_source("d012"), 3)
    (table,) = [t for _, t in render_scans._tables(excerpt).values()]
    expected = [[" ".join(p for p, _ in cell) for cell in row] for row in table.rows]
    page = render_scans.render_pages("\n".join(excerpt), 0)[0]
    rng = np.random.default_rng(render_scans.seed_of("d012"))
    scanned = render_scans.scan(_top(page), rng)
    return expected, ocr.ocr_image(scanned, 0, 300, 120)


def test_renderer_reads_tables_written_rule_by_rule():
    lines = _source("d002")
    grids = list(render_scans._tables(lines).values())
    assert len(grids) == 1                       # the appendix; the header and signature are layout
    _, table = grids[0]
    assert table.ncols == 3 and len(table.rows) == 22
    assert [p for p, _ in table.rows[0][1]] == ["Chỉ tiêu"]
    assert all(len(row) == 3 for row in table.rows)
    assert not render_scans._tables(_source("d003"))       # header and signature tables only


def test_renderer_prints_a_table_written_without_outer_rules_as_a_grid():
    # a DOCX table as converters write it, a row a line ("TT | Nhiệm vụ | …"), and one copied with
    # tabs: grids, as the printed plan shows them; a header's two columns are no table
    with open(os.path.join(mf.ROOT, "corpora", "synthetic", "texts", "am-p07.txt"), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    (start, (end, table)), = render_scans._tables(lines).items()
    assert lines[start].startswith("TT | Nhiệm vụ | Chủ trì") and table.ncols == 5 and len(table.rows) == 7
    assert [p for p, _ in table.rows[1][2]] == ["Phòng Kinh tế"]
    tabbed = ["TT\tNhiệm vụ\tChủ trì\tThời gian", "1\tRà soát\tPhòng Nội vụ\tQuý I", "\t\tPhòng Tài chính\t",
              "2\tKiểm tra\tPhòng Y tế\tQuý II"]
    (_, (_, table)), = render_scans._tables(tabbed).items()
    assert table.ncols == 4 and len(table.rows) == 4 and [p for p, _ in table.rows[3][2]] == ["Phòng Y tế"]
    assert [p for p, _ in table.rows[2][2]] == ["Phòng Tài chính"]       # a row whose first cells are empty
    assert not render_scans._tables(["ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM | x"] * 3)


def test_renderer_leaves_a_page_layout_table_alone_but_prints_the_tables_inside():
    # d008 is a web page whose whole document (header, body, signature) sits in the cells of
    # layout tables: printed as lines, not as one grid; the appendix's two lists of procedures
    # inside that frame are grids, from their "TT" header on
    lines = _source("d008")
    grids = render_scans._tables(lines)
    # the header row of bold cells gives the columns: 7 for the new procedures, 5 for those repealed
    assert [len(table.rows[0]) for _, table in grids.values()] == [7, 5]
    # and no more: a row written with a cell too many prints it in its last column
    assert [table.ncols for _, table in grids.values()] == [7, 5]
    for start, (end, table) in grids.items():
        assert render_scans._BAR.match(lines[start]) and lines[start + 1].strip("* ") == "TT"
        assert not any("Nơi nhận" in line or "CHỦ TỊCH" in line for line in lines[start:end])


@pytest.mark.parametrize("rows", [
    [["a", "b", "c"], ["d", "", "f"], ["g", "h", ""]],                      # empty cells, one last
    [["TT", "Nội dung", "Thời gian"], ["I", "Mục lớn"], ["1", "x", "2025"], ["2", "", ""]],   # merged
    [["", "x", "y"], ["1", "2", "3"], ["4", "5", "6"]],                      # an empty first cell
])
def test_renderer_splits_rule_written_rows(rows):
    lines = []
    for row in rows:
        lines.append("|")
        for cell in row:
            lines += [cell, "|"] if cell else ["|"]
    ((end, table),) = render_scans._tables(lines).values()
    assert end == len(lines)
    assert [[" ".join(p for p, _ in c) for c in row] for row in table.rows] == rows


def test_renderer_reads_markdown_tables():
    text = "| TT | Nhiệm vụ | Thời gian |\n|---|---|---|\n| 1 | Rà soát | Quý III/2025 |\n| 2 |  | 2026 |"
    (end, table), = render_scans._tables(text.split("\n")).values()
    assert end == 4 and table.ncols == 3
    assert [[" ".join(p for p, _ in c) for c in row] for row in table.rows] == [
        ["TT", "Nhiệm vụ", "Thời gian"], ["1", "Rà soát", "Quý III/2025"], ["2", "", "2026"]]


def test_table_rows_come_back_as_rows(table_page):
    expected, page = table_page
    rows = [line for line in page.text.split("\n") if line.startswith("| ")]
    assert len(rows) == len(expected) == 3
    for line, want in zip(rows, expected):
        got = _cells(line)
        assert len(got) == len(want) == 5, line
        for g, w in zip(got, want):
            # spacing aside (OCR may split a short word: "T T")
            assert difflib.SequenceMatcher(None, g.replace(" ", ""), w.replace(" ", "")).ratio() > 0.9, (g, w)
    assert _cells(rows[1])[0] == "1" and _cells(rows[2])[0] == "2"     # the lone numbers of the TT column
    lead = _cells(rows[1])[2].split()
    assert all(w in lead for w in "Ban Quản lý các khu công nghệ cao và khu công nghiệp".split()), lead
    assert page.text.rstrip().endswith("\n|")                           # the table is closed


def test_table_words_keep_their_offsets(table_page):
    _, page = table_page
    assert page.words
    ends = [0]
    for w in page.words:
        token = page.text[w.start:w.end]
        assert token and not any(ch.isspace() for ch in token) and token != "|", (w, token)
        assert w.start >= ends[-1]                                      # in text order
        ends.append(w.end)
    covered = {i for w in page.words for i in range(w.start, w.end)}
    assert all(i in covered for i, ch in enumerate(page.text) if not ch.isspace() and ch != "|")


def _grid_image(merge: bool, angle: float) -> Image.Image:
    """Three rows of three cells ruled with thin lines, the two right cells of the middle row
    merged if `merge`, rotated by `angle` degrees, with paper grain."""
    img = Image.new("L", (1800, 900), 255)
    d = ImageDraw.Draw(img)
    xs, ys = [200, 500, 1100, 1600], [150, 350, 550, 750]
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for i, x in enumerate(xs):
        for r in range(3):
            if merge and i == 2 and r == 1:
                continue
            d.line([(x, ys[r]), (x, ys[r + 1])], fill=0, width=3)
    d.text((230, 180), "chữ trong ô", fill=0, font=render_scans._font(False, 40))
    img = img.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    rng = np.random.default_rng(1)
    arr = np.asarray(img, dtype=np.float32) * 0.85 + 25 + rng.standard_normal(img.size[::-1]) * 6
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


@pytest.mark.parametrize("angle", [0.0, 1.1, -1.2])
def test_grid_found_through_skew_with_merged_cell(angle):
    (grid,) = table_grid.find_grids(np.asarray(_grid_image(True, angle)))
    assert len(grid.ys) == 4 and len(grid.xs) == 4
    spans = [(c.row, c.col, c.row_end, c.col_end) for c in grid.cells]
    assert len(spans) == 8 and (1, 1, 2, 3) in spans        # the merged cell spans two columns
    assert abs(np.degrees(np.arctan(grid.slope)) + angle) < 0.3 or abs(np.degrees(np.arctan(grid.slope)) - angle) < 0.3
    # word boxes go to the cell holding their centre
    c = np.radians(angle)
    centre = (1800 / 2, 900 / 2)

    def turned(x, y):           # where a point of the unrotated drawing lies on the rotated image
        dx, dy = x - centre[0], y - centre[1]
        return centre[0] + dx * np.cos(c) + dy * np.sin(c), centre[1] - dx * np.sin(c) + dy * np.cos(c)

    boxes = [(int(x) - 20, int(y) - 15, 40, 30) for x, y in (turned(350, 250), turned(1300, 450), turned(800, 450),
                                                             turned(100, 100))]
    got = table_grid.assign([grid], boxes)
    assert got[0] == (0, grid.index[0][0]) and got[1] == got[2] == (0, grid.index[1][1]) and got[3] is None


def test_two_tables_whose_outer_rules_line_up_stay_two():
    # a header table (two columns) over text, then a table of tasks (four columns) with the same
    # left and right borders: the borders' line runs through both, their ink does not
    img = Image.new("L", (1800, 1500), 255)
    d = ImageDraw.Draw(img)
    left, right = 200, 1600
    for ys, xs in (([150, 300, 420], [left, 900, right]), ([1000, 1150, 1300], [left, 500, 900, 1200, right])):
        for y in ys:
            d.line([(left, y), (right, y)], fill=0, width=3)
        for x in xs:
            d.line([(x, ys[0]), (x, ys[-1])], fill=0, width=3)
    for k in range(6):
        d.text((260, 500 + 70 * k), "Căn cứ Quyết định số 118/QĐ-TTg", fill=0, font=render_scans._font(False, 40))
    rng = np.random.default_rng(2)
    arr = np.asarray(img, dtype=np.float32) * 0.85 + 25 + rng.standard_normal(img.size[::-1]) * 6
    grids = table_grid.find_grids(np.clip(arr, 0, 255).astype(np.uint8))
    assert [(len(g.ys), len(g.xs)) for g in grids] == [(3, 3), (3, 5)]
    # the text between them is in no cell
    assert table_grid.assign(grids, [(260, 600, 400, 40)]) == [None]


def test_page_without_rules_has_no_grid_and_the_same_text():
    lines = [ln for ln in _source("d012")[20:45] if not render_scans._BAR.match(ln)]
    page = render_scans.render_pages("\n".join(lines), 0)[0]
    scanned = render_scans.scan(_top(page), np.random.default_rng(3))
    prepared = ocr.preprocess(scanned, 300)[0]
    assert table_grid.find_grids(np.asarray(prepared)) == []
    result = ocr.ocr_image(scanned, 0, 300, 120)
    assert result.text == ocr.parse_tsv(ocr.run_tesseract(prepared, 120))[0]
    assert "|" not in result.text and len(result.text) > 200


def test_a_bar_at_the_end_of_a_line_is_not_a_column():
    # Tesseract reads a speck at the right margin as "|": the line is text, not two columns
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [("d)", 100), ("Cấp", 140), ("lại", 200), ("giấy", 250), ("|", 900)]
    tsv = "\n".join([head] + [f"5\t1\t1\t1\t1\t{i}\t{x}\t50\t40\t30\t95\t{w}" for i, (w, x) in enumerate(rows, 1)])
    text, words = ocr.parse_tsv(tsv)
    assert "|" not in text and text.startswith("d) Cấp lại giấy")
    assert [text[w.start:w.end] for w in words] == ["d)", "Cấp", "lại", "giấy"]
