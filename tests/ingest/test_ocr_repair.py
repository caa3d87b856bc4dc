"""OCR repair: every example of extractor/data/ocr_repair.yaml is repaired, no counter-example is
touched, the offset map points back into the OCR text, and clean corpus text is left alone."""
import difflib
import os

import pytest

import make_files as mf
from extractor import datafiles, normalize
from extractor.ingest import RawDocument
from extractor.ocr_repair import repair

CONF = datafiles.load("ocr_repair")


@pytest.mark.parametrize("ex", CONF["examples"], ids=[e["ocr"][:30] for e in CONF["examples"]])
def test_examples(ex):
    fixed, offsets = repair(ex["ocr"])
    assert fixed == ex["repaired"]
    assert len(offsets) == len(fixed) + 1 and offsets[-1] == len(ex["ocr"])
    assert list(offsets) == sorted(offsets)
    # only repaired characters map to a different character of the OCR text
    sm = difflib.SequenceMatcher(None, ex["ocr"], fixed, autojunk=False)
    edited = sum(j2 - j1 for tag, _, _, j1, j2 in sm.get_opcodes() if tag != "equal")
    moved = sum(1 for i, ch in enumerate(fixed) if ex["ocr"][offsets[i]] != ch)
    # (a repair that only drops or adds characters may leave every kept one on its own)
    no_replace = all(tag != "replace" for tag, *_ in sm.get_opcodes())
    assert moved <= edited and (moved > 0 or no_replace)


@pytest.mark.parametrize("text", CONF["counter_examples"])
def test_counter_examples(text):
    assert repair(text) == (text, None)


def test_clean_corpus_text_is_not_changed():
    # the only repair clean text gets is the space some web pages lost between two words
    # ("CụcQuản lý môi trường y tế", "Hộiđồng Đội Trung ương")
    texts = os.path.join(mf.ROOT, "corpora", "texts")
    for name in sorted(os.listdir(texts)):
        with open(os.path.join(texts, name), encoding="utf-8") as fh:
            text = fh.read()
        fixed = repair(text)[0]
        if fixed == text:
            continue
        sm = difflib.SequenceMatcher(None, text, fixed, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag != "equal":
                assert (tag, fixed[j1:j2]) == ("insert", " ") and text[i1 - 1].isalpha() and text[i1].isalpha(), \
                    (name, text[i1 - 20:i2 + 20])


def test_a_space_lost_between_two_words_comes_back():
    assert repair("1. SởY tế\nPhòngGiáo dục và Đào tạo")[0] == "1. Sở Y tế\nPhòng Giáo dục và Đào tạo"
    # two syllables of one word of underthesea's list
    assert repair("| Cơ quan phốihợp | Thờigian hoàn thành |")[0] == "| Cơ quan phối hợp | Thời gian hoàn thành |"
    for kept in ("McDonald", "iPhone", "TTr", "Sở GDĐT"):
        assert repair(kept)[0] == kept


def test_normalize_repairs_only_ocr_text_and_maps_spans_back():
    ocr_text = "KE HOACH\nThực hiện Quyết định số 23/QD-TTg ngày 07/01/2O21 của Thủ tướng\nvà Nghị định 56/2017/NDCP."
    plain = RawDocument(text=ocr_text, sha256="x", media_type="text/plain")
    assert normalize.run(plain).text.startswith("KE HOACH")          # text inputs: untouched
    scanned = RawDocument(text=ocr_text, sha256="x", media_type="image/png", ocr_pages=(0,))
    doc = normalize.run(scanned)
    assert doc.text.startswith("KẾ HOẠCH\n") and "23/QĐ-TTg ngày 07/01/2021" in doc.text
    i = doc.text.index("56/2017/NĐ-CP")
    a, b = doc.original_span(i, i + len("56/2017/NĐ-CP"))
    assert ocr_text[a:b] == "56/2017/NDCP"


def test_a_roman_heading_that_lost_an_i_follows_the_sequence():
    text = "I. MỤC ĐÍCH\nTăng cường.\nII. NỘI DUNG\nA.\nII. PHÁT TRIỂN NỀN MÓNG\nB.\nIV. TỔ CHỨC THỰC HIỆN\nC."
    assert "\nIII. PHÁT TRIỂN NỀN MÓNG\n" in repair(text)[0]
    # a jump in the numbering of an excerpt stays as written
    text = "I. MỤC ĐÍCH\nA.\nIII. TỔ CHỨC THỰC HIỆN\nB."
    assert repair(text)[0] == text


def test_sentence_case_roman_headings_follow_the_sequence():
    # seed002 as scanned: "I. Mục tiêu" read "IL.", "III. Tổ chức thực hiện" read "II."
    text = ("IL. Mục tiêu\n1. Mục tiêu chung\nBảo đảm.\nII. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Tuyên truyền.\n"
            "II. Tổ chức thực hiện\n1. Công chức Lao động-Thương binh và Xã hội\n")
    out = repair(text)[0]
    assert out.startswith("I. Mục tiêu\n") and "\nIII. Tổ chức thực hiện\n" in out
    # a sentence that starts with a numeral-like word is no heading
    text = "I. MỤC TIÊU\nA.\nII. NHIỆM VỤ\nB.\nII. Các đơn vị đã thực hiện tốt nhiệm vụ năm trước và được khen thưởng.\n"
    assert repair(text)[0] == text


def test_a_letter_in_a_ring_is_the_letter_its_list_wants():
    # "c)" and "e)" read as "©)" (d001, d002, d003 as scanned)
    text = "a) Một.\nb) Hai.\n_©) Phát huy vai trò dẫn dắt\nd) Bốn.\nđ) Năm.\n©) Xây dựng Nền tảng\n"
    out = repair(text)[0]
    assert "\nc) Phát huy vai trò" in out and "\ne) Xây dựng Nền tảng" in out
    assert "©" not in out


def test_misread_numerals_follow_the_sequence():
    text = ("I. MỤC ĐÍCH\nA.\nII. NỘI DUNG\n7. Điều tra cơ bản\nB.\n6. Khoa học, công nghệ\nC.\n9. Đẩy mạnh\n"
            "HT.\nNHIỆM VỤ VÀ GIẢI PHÁP\nIV. TỔ CHỨC THỰC HIỆN")
    out = repair(text)[0]
    assert "\n8. Khoa học, công nghệ\n" in out          # an 8 read as 6 between 7 and 9
    assert "\nIII.\nNHIỆM VỤ VÀ GIẢI PHÁP\n" in out     # "III." read as "HT."


def test_an_item_after_the_last_letter_of_a_closed_list_stays_a_number():
    text = "2. Chỉ tiêu\ng) Duy trì tỷ lệ.\nh) 100% các trường học.\nII. NHIỆM VỤ\n1. Tổ chức tuyên truyền."
    assert repair(text)[0] == text


def test_a_misread_full_stop_of_a_heading_number_follows_the_sequence():
    text = ("I. MỤC ĐÍCH\nA.\nII. NHIỆM VỤ\n1. Tổ chức tháng hành động\n2_ Tổ chức diễn đàn\n3. Kiểm tra\n"
            "IIL KẾ HOẠCH CHI TIẾT\nB.\nIV. TỔ CHỨC THỰC HIỆN")
    out = repair(text)[0]
    assert "\n2. Tổ chức diễn đàn\n" in out and "\nIII. KẾ HOẠCH CHI TIẾT\n" in out
    # a numeral that lost its full stop, and the next one an I
    out = repair("I. MỤC ĐÍCH\nA.\nII NHIỆM VỤ CỤ THỂ\nB.\nII. KẾ HOẠCH CHI TIẾT\nC.\nIV. TỔ CHỨC THỰC HIỆN")[0]
    assert "\nII. NHIỆM VỤ CỤ THỂ\n" in out and "\nIII. KẾ HOẠCH CHI TIẾT\n" in out
    # the first numeral misread, and a speck before a numeral
    out = repair("IL. MỤC TIÊU\nA.\nII. NHIỆM VỤ\nB.\n_IH. TỔ CHỨC THỰC HIỆN\nC.")[0]
    assert out.startswith("I. MỤC TIÊU\n") and "\nIII. TỔ CHỨC THỰC HIỆN\n" in out
    # out of the sequence, the marks stay as read
    text = "1. Tổ chức\n5_ Mức chi\n3. Kiểm tra\nIIL KẾ HOẠCH"
    assert repair(text)[0] == text


@pytest.mark.parametrize("ocr,fixed", [
    ("II. PHÁT\nTRIÊN NÊN MÓNG KINH TẾ SỐ VÀ XÃ HỘI SỐ", "II. PHÁT\nTRIỂN NỀN MÓNG KINH TẾ SỐ VÀ XÃ HỘI SỐ"),
    ("II. MỤC TIỂU\n", "II. MỤC TIÊU\n"),
    ("V. TỔ CHÚC THỤC HIỆN\n", "V. TỔ CHỨC THỰC HIỆN\n"),
    ("KHAI ĐỢT THỊ ĐUA LẬP THÀNH TÍCH", "KHAI ĐỢT THI ĐUA LẬP THÀNH TÍCH"),
])
def test_accents_of_capitals_come_back_from_the_word_list(ocr, fixed):
    assert repair(ocr)[0] == fixed


@pytest.mark.parametrize("text", [
    "KINH TẾ SỐ VÀ XÃ HỘI SỐ",                    # "hội sở" is a word, but "xã hội" holds "hội"
    "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH",               # a place name after a locality word
    "NÂNG CAO CHỈ SỐ XANH CẤP TỈNH (PGI)",         # a locality word is never changed
    "DỰA VÀO CỘNG ĐỒNG",                           # D is never made Đ
    "Tăng cường công tác bảo vệ trẻ em, đạt 80% trên địa bàn tỉnh",   # prose is left alone
])
def test_accent_repair_leaves_right_words_alone(text):
    assert repair(text)[0] == text


def test_one_d_written_twice_is_one():
    assert repair("Quyết định số 06/QĐÐ-TTg ngày 03/01/2019")[0] == "Quyết định số 06/QĐ-TTg ngày 03/01/2019"
    assert repair("Hội đồng Đội Trung ương (HĐĐTW)")[0] == "Hội đồng Đội Trung ương (HĐĐTW)"
