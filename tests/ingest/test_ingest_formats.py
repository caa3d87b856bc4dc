"""Every input format through ingest and the pipeline: type from the bytes, text per page, OCR where
there is no usable text layer, legacy encodings converted, the page-level interface."""
import io
import os
import pickle

import pytest

import make_files as mf
from extractor import datafiles
from extractor.ingest import (IngestError, assemble_pages, legacy, ocr, plan_pages, read_bytes, run_page)
from extractor.pipeline import extract, extract_bytes

TEXTS = os.path.join(mf.ROOT, "corpora", "texts")
SEED002 = open(os.path.join(TEXTS, "seed002.txt"), encoding="utf-8").read()
PAGE1 = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND        Ia Hla, ngày 19 tháng 4 năm 2021",
         "KẾ HOẠCH", "Triển khai thực hiện công tác trẻ em năm 2022",
         "Thực hiện Kế hoạch số 111/KH-UBND ngày 15/4/2021 của UBND huyện về việc triển khai"]
PAGE2 = ["II. NHIỆM VỤ", "Phòng Văn hóa - Xã hội chủ trì, phối hợp với các đơn vị liên quan",
         "báo cáo kết quả trước ngày 30/6/2022."]


@pytest.fixture
def no_tesseract(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("Tesseract was run")
    monkeypatch.setattr(ocr, "run_tesseract", refuse)


def test_pdf_text_layer_is_read_per_page_without_ocr(no_tesseract):
    data = mf.text_pdf([PAGE1, PAGE2])
    raw = read_bytes(data, "kh.pdf")
    assert raw.media_type == "application/pdf" and raw.pages == 2 and not raw.ocr_used
    assert raw.text[raw.page_starts[1]:].startswith("II. NHIỆM VỤ")
    assert raw.page_at(raw.page_starts[1] + 3) == 2
    result = extract(raw)
    assert result.metadata.number == "12/KH-UBND"
    assert result.source.pages == 2 and result.source.ocr.used is False
    assert "30/6/2022" in result.text


def test_pdf_text_layer_decomposed_and_line_end_hyphen_are_normalised(no_tesseract):
    import unicodedata
    nfd = [unicodedata.normalize("NFD", line) for line in PAGE1]
    raw = read_bytes(mf.text_pdf([nfd + ["Quyết định số 23/QĐ", "TTg của Thủ tướng Chính phủ"]]))
    assert "Triển khai thực hiện công tác trẻ em" in raw.text          # composed again
    assert "23/QĐ-TTg" in raw.text                                       # number joined across the line end


def test_pdf_text_layer_in_tcvn3_is_converted_with_a_warning(no_tesseract):
    lines = ["KÕ ho¹ch thùc hiÖn c«ng t¸c trÎ em n¨m 2022 cña ñy ban nh©n d©n x·",
             "Thùc hiÖn KÕ ho¹ch sè 111/KH-UBND ngµy 15/4/2021 cña UBND huyÖn vÒ viÖc triÓn khai"]
    raw = read_bytes(mf.text_pdf([lines]))
    assert "Kế hoạch thực hiện công tác trẻ em năm 2022" in raw.text
    assert any(w[0] == "legacy_encoding" and w[2] == 1 for w in raw.warnings)


def test_scanned_pdf_page_is_ocred_and_garbage_text_layer_replaced():
    text = "\n".join(PAGE1 + [""] + PAGE2)
    pages = mf.scanned_pages(text, "garbage")
    garbage = ["Kª ho¹ch thøc hiªn cßng t¸c trÎ em nšm 2022 cña ñy ban nh©n d©n x· Ia Hla",
               "Th¦c hi¦n K¦ ho¹ch s¦ 111/KH-UBND ng¦y 15/4/2021 c¦a UBND huy¦n v¦ vi¦c tri¦n khai"]
    assert [j.reason for j in plan_pages(mf.text_pdf([garbage[:1]], background=pages))] == ["scanned_page"]
    data = mf.text_pdf([garbage * 4], background=pages)      # a whole page of broken text layer
    jobs = plan_pages(data)
    assert [j.kind for j in jobs] == ["ocr"] and jobs[0].reason == "garbage_text_layer"
    raw = read_bytes(data, "scan.pdf")
    assert raw.ocr_used and raw.ocr_mean_confidence > 80
    assert any(w[0] == "garbage_text_layer" for w in raw.warnings)
    result = extract(raw)
    assert result.metadata.number == "12/KH-UBND"
    assert result.source.ocr.used and result.source.ocr.lang == "vie" and "tesseract" in result.source.ocr.engine
    # items from OCR'd text carry the confidence of their words
    assert result.deadlines and all(0 < d.confidence <= 1 for d in result.deadlines)
    assert "confidence" in result.model_dump_json()


def test_multipage_tiff_png_and_jpeg_are_ocred():
    pages = mf.scanned_pages("\n".join(PAGE1), "tiff") + mf.scanned_pages("\n".join(PAGE2), "tiff2")
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], dpi=(300, 300), compression="tiff_deflate")
    raw = read_bytes(buf.getvalue(), "archive.tif")
    assert raw.media_type == "image/tiff" and raw.pages == 2 and raw.ocr_pages == (0, 1)
    assert "12/KH-UBND" in raw.text and "NHIỆM VỤ" in raw.text[raw.page_starts[1]:]
    # a phone photo: a JPEG without resolution, half the resolution of a scan
    small = pages[0].resize((pages[0].width // 2, pages[0].height // 2))
    jpg = io.BytesIO()
    small.save(jpg, "JPEG", quality=80)
    raw = read_bytes(jpg.getvalue(), "photo.jpg")
    assert raw.media_type == "image/jpeg" and "Triển khai thực hiện công tác trẻ em" in raw.text


def test_docx_paragraphs_tables_and_list_numbers(no_tesseract):
    raw = read_bytes(mf.docx_with_numbering(), "kh.docx")
    assert raw.media_type.endswith("wordprocessingml.document")
    assert "1. Mục đích, yêu cầu\n2. Nhiệm vụ và giải pháp\n3. Tổ chức thực hiện" in raw.text
    assert raw.text.index("Tổ chức thực hiện") < raw.text.index("Phòng Văn hóa - Xã hội | Trước ngày 30/6/2022")


def test_rtf_is_read(no_tesseract):
    raw = read_bytes(mf.RTF.encode("ascii"), "kh.rtf")
    assert raw.media_type == "application/rtf"
    assert raw.text.startswith("Kế hoạch số 12/KH-UBND") and "I. MỤC ĐÍCH" in raw.text


def test_legacy_encodings_table_examples():
    conf = datafiles.load("legacy_encodings")
    for ex in conf["examples"]:
        assert legacy.CONVERTERS[ex["encoding"]](ex["legacy"]) == ex["unicode"]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_text_files_are_converted_with_a_warning(encoding):
    conf = datafiles.load("legacy_encodings")
    tcvn3 = "KÕ ho¹ch thùc hiÖn c«ng t¸c trÎ em n¨m 2022\nThùc hiÖn KÕ ho¹ch sè 111/KH-UBND ngµy 15/4/2021 cña UBND huyÖn"
    vni = "Keá hoaïch thöïc hieän coâng taùc treû em naêm 2022\nThöïc hieän Keá hoaïch soá 111/KH-UBND ngaøy 15/4/2021 cuûa UBND huyeän"
    text = tcvn3 if encoding == "tcvn3" else vni
    for data in (text.encode("cp1252"), text.encode("utf-8")):      # 8-bit file, or font letters in Unicode
        raw = read_bytes(data, "old.txt")
        assert raw.text.startswith("Kế hoạch thực hiện công tác trẻ em năm 2022"), raw.text
        assert "Thực hiện Kế hoạch số 111/KH-UBND ngày 15/4/2021 của UBND huyện" in raw.text
        assert [w[0] for w in raw.warnings] == ["legacy_encoding"]
        assert legacy.NAMES[encoding] in raw.warnings[0][1]
    assert conf["tcvn3"]


def test_unicode_corpus_is_never_taken_for_a_legacy_encoding():
    for name in sorted(os.listdir(TEXTS)):
        with open(os.path.join(TEXTS, name), encoding="utf-8") as fh:
            assert legacy.detect_and_convert(fh.read())[0] is None, name


def test_page_interface_matches_read_bytes_and_pickles():
    data = mf.text_pdf([PAGE1, PAGE2])
    jobs = plan_pages(data)
    jobs = pickle.loads(pickle.dumps(jobs))
    results = [pickle.loads(pickle.dumps(run_page(j))) for j in reversed(jobs)]      # any order
    assembled = assemble_pages(data, results, "kh.pdf")
    direct = read_bytes(data, "kh.pdf")
    assert assembled == direct


def test_type_is_told_from_bytes_not_name(no_tesseract):
    r = extract_bytes(mf.text_pdf([PAGE1]), "misnamed.txt")
    assert r.source.media_type == "application/pdf" and r.source.filename == "misnamed.txt"
    r = extract_bytes(SEED002.encode("utf-8"), "misnamed.pdf")
    assert r.source.media_type == "text/plain" and r.metadata.number == "12/KH-UBND"
    assert '"confidence"' not in r.model_dump_json()        # text inputs: no OCR confidence on items


def test_unreadable_doc_gives_a_clear_error():
    with pytest.raises(IngestError) as err:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "old.doc")
    assert "Word .doc" in str(err.value)


def test_docx_task_table_rows_keep_their_cells_and_time_column(no_tesseract):
    """DOCX rows come as "cell | cell | cell": each row starts a line of its own, and the cells of
    its "Thời gian thực hiện" column are read as times ("Năm 2022", "Cả năm")."""
    import docx
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện công tác trẻ em năm 2022")
    d.add_paragraph("PHỤ LỤC")
    rows = [("STT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"),
            ("1", "Tổ chức truyền thông", "Phòng Văn hóa và Thông tin", "Năm 2022"),
            ("2", "Kiểm tra liên ngành", "Phòng Y tế", "Cả năm")]
    t = d.add_table(rows=3, cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    buf = io.BytesIO()
    d.save(buf)
    result = extract(read_bytes(buf.getvalue(), "kh.docx"))
    assert [(x.text, x.start, x.end) for x in result.deadlines] == [
        ("Năm 2022", "2022-01-01", "2022-12-31"), ("Cả năm", "2022-01-01", "2022-12-31")]


def test_a_sentence_broken_by_a_page_break_is_one_paragraph(no_tesseract):
    # the first page stops inside a unit's name, the second goes on with it (d001 and seed001 as
    # printed): the pages meet at a line break, and the normalizer joins the name
    first = ["III. TỔ CHỨC THỰC HIỆN", "1. Phòng Y tế thị xã chủ trì.", "2. Giao Văn phòng HĐND và UBND thị xã, Đoàn Thanh niên"]
    second = ["Cộng sản Hồ Chí Minh thị xã chủ trì tổ chức Đêm hội trăng rằm.", "3. Ngân hàng Nhà nước Việt"]
    third = ["Nam - Chi nhánh Khu vực II: Chủ trì triển khai.", "IV. KINH PHÍ"]
    r = extract_bytes(mf.text_pdf([first, second, third]), "kh.pdf")
    assert "Đoàn Thanh niên Cộng sản Hồ Chí Minh thị xã chủ trì" in r.text
    assert "Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực II" in r.text
    # a page that ends its sentence keeps the paragraph break; the page number printed at the
    # head of a page is no text of the plan
    r = extract_bytes(mf.text_pdf([["1. Phòng Y tế chủ trì."], ["2", "2. Phòng Giáo dục"], ["- 3 -", "và Đào tạo phối hợp."]]),
                      "kh.pdf")
    assert r.text.endswith("chủ trì.\n2. Phòng Giáo dục và Đào tạo phối hợp."), r.text


def test_a_dropped_page_number_takes_its_word_box_with_it():
    from extractor.ingest import PageResult, Word
    from extractor.ingest.pages import _without_page_number
    text = "3\nvà Đào tạo phối hợp."
    words = (Word(0, 1, 90.0, (1200, 80, 20, 30)), Word(2, 4, 88.0, (200, 160, 40, 30)))
    page, kept = _without_page_number(PageResult(index=2, text=text, ocr=True, words=words))
    assert page == "và Đào tạo phối hợp."
    assert [(w.start, w.end, w.conf) for w in kept] == [(0, 2, 88.0)] and page[0:2] == "và"
    # a number that is not the page's own stays: "12" alone at the head of page 3
    assert _without_page_number(PageResult(index=2, text="12\nvà", ocr=True))[0] == "12\nvà"
