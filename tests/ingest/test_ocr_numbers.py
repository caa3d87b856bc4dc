"""A heading's number alone on its line: Tesseract's page layout often reads it as a few letters of
no confidence ("3.2." as "⁄ Ất Ai", "1." as "Ắ„"; seen on the dev part's scans). ocr.py reads such
lines again, binarised and alone, and keeps the new reading only when it is a heading number."""
import numpy as np

import make_files as mf
from extractor.ingest import ocr

render_scans = mf.render_scans

SNIPPET = """k) Đẩy mạnh tiêu dùng xanh, thương mại bền vững trên môi trường số.

3.2.
Công nghiệp chế biến, chế tạo

Lĩnh vực công nghiệp chế biến, chế tạo chuyển đổi số toàn diện.

Ít
"""


def _page_and_lines():
    page = render_scans.render_pages(SNIPPET, 0)[0]
    scanned = render_scans.scan(page.crop((0, 0, page.width, 1400)), np.random.default_rng(5))
    prepared = np.asarray(ocr.preprocess(scanned, 300)[0])
    from PIL import Image
    return prepared, ocr._tsv_lines(ocr.run_tesseract(Image.fromarray(prepared), 120))


def test_a_misread_heading_number_is_read_again():
    page, lines = _page_and_lines()
    k = next(i for i, line in enumerate(lines) if line[0][0].startswith("Công"))
    num = k - 1
    (_, _, (x, y, w, h)), = [lines[num][0]]
    # what Tesseract's layout made of it on a dev document's scan
    lines[num] = [("⁄", 0.0, (x, y, w // 3, h)), ("Ất", 5.9, (x + w // 3, y, w // 3, h)),
                  ("Ai", 62.6, (x + 2 * w // 3, y, w // 3, h))]
    again = ocr._reread_numbers(page, lines, [], 60)
    assert [word for word, _, _ in again[num]] == ["3.2."]
    assert again[:num] == lines[:num] and again[num + 1:] == lines[num + 1:]


def test_an_unsure_short_line_that_is_no_number_is_kept():
    page, lines = _page_and_lines()
    k = next(i for i, line in enumerate(lines) if line[0][0] == "Ít")
    lines[k] = [("Ít", 20.0, lines[k][0][2])]
    assert ocr._reread_numbers(page, lines, [], 60)[k] == lines[k]


def test_a_sure_mark_that_no_number_reads_as_is_read_again():
    # "A." for "4.", "T%" for "7.": Tesseract may be sure of a wrong mark
    page, lines = _page_and_lines()
    num = next(i for i, line in enumerate(lines) if line[0][0].startswith("Công")) - 1
    lines[num] = [("A.", 78.7, lines[num][0][2])]
    assert [word for word, _, _ in ocr._reread_numbers(page, lines, [], 60)[num]] == ["3.2."]


def test_a_page_with_one_line_of_ink_is_read():
    # the signer's name carried over alone to the last page: on the grain of an all but empty
    # page Tesseract reads nothing, on white paper it reads the name
    page = render_scans.render_pages("Nguyễn Văn An", 0)[0]
    scanned = render_scans.scan(page, np.random.default_rng(render_scans.seed_of("p10.txt") + 1))
    result = ocr.ocr_image(scanned, 0, 300, 120)
    assert result.text.strip() == "Nguyễn Văn An"
