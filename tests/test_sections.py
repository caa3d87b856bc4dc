import os
import pytest

from extractor import ingest, normalize, sections

from corpus_paths import TEXTS


def _outline(text):
    return sections.split(normalize.run(ingest.read_bytes(text.encode())))


def test_tree_levels_parents_and_kinds(seed_results):
    s = {x.number + "@" + str(x.level): x for x in seed_results["seed001"].sections}
    secs = seed_results["seed001"].sections
    assert [x.number for x in secs[:3]] == ["I", "1", "a"]
    assert [x.level for x in secs[:3]] == [1, 2, 3]
    deep = next(x for x in secs if x.number == "2.3.1")
    assert deep.level == 4
    assert next(x for x in secs if x.id == deep.parent).number == "2.3"
    kinds = {x.title: x.kind for x in secs if x.level == 1}
    assert kinds["TỔ CHỨC THỰC HIỆN"] == "organization"
    assert kinds["KINH PHÍ THỰC HIỆN"] == "budget"
    assert kinds["CHẾ ĐỘ THÔNG TIN, BÁO CÁO"] == "reporting"


def test_vietnamese_letters_d_bar_and_i():
    o = _outline("I. Nhiệm vụ\n1. Việc chung\na) Một\nb) Hai\nc) Ba\nd) Bốn\nđ) Năm\ne) Sáu\ng) Bảy\nh) Tám\ni) Chín\nII. Tổ chức thực hiện\n")
    nums = [(h.number, h.level) for h in o.headings]
    assert ("đ", 3) in nums and ("i", 3) in nums
    assert nums[-1] == ("II", 1)
    assert not o.warnings


def test_numbers_followed_by_a_slash():
    o = _outline("I - MỤC ĐÍCH, YÊU CẦU\n1/ Mục đích\nNâng cao nhận thức.\n2/ Yêu cầu\nThiết thực.\n"
                 "II/ NHIỆM VỤ\n1/ Tuyên truyền\na/ Tổ chức hội nghị\nb/ Phát tờ rơi\n")
    assert [(h.number, h.level, h.title) for h in o.headings] == [
        ("I", 1, "MỤC ĐÍCH, YÊU CẦU"), ("1", 2, "Mục đích"), ("2", 2, "Yêu cầu"), ("II", 1, "NHIỆM VỤ"),
        ("1", 2, "Tuyên truyền"), ("a", 3, "Tổ chức hội nghị"), ("b", 3, "Phát tờ rơi")]


def test_numbering_gap_is_warned():
    o = _outline("I. Mục tiêu\n1. Một\n3. Ba\n")
    assert any(code == "heading_numbering_gap" for code, _ in o.warnings)


def test_spans_cover_up_to_next_sibling(seed_results):
    r = seed_results["seed003"]
    first, second = r.sections[0], r.sections[1]
    assert first.span[1] == second.span[0]
    assert r.text[first.span[0]:].startswith("1. Phòng Lao động")


def test_appendix_after_signature_has_no_sections():
    # d005: a decision whose attached "DANH MỤC" (tables and procedures) follows the recipients
    doc = normalize.run(ingest.read_path(os.path.join(TEXTS, "d005.txt")))
    outline = sections.split(doc)
    assert outline.appendix_start is not None
    assert doc.text[outline.appendix_start:].startswith("DANH MỤC")
    assert [h.number for h in outline.headings] == ["Điều 1", "Điều 2", "Điều 3"]


def test_lowercase_wrapped_word_is_not_a_document_type_line():
    # d006: "4.2. Về luật sư và tư vấn pháp / luật" — "luật" continues the heading
    doc = normalize.run(ingest.read_path(os.path.join(TEXTS, "d006.txt")))
    outline = sections.split(doc)
    h = next(h for h in outline.headings if h.number == "4.2")
    assert h.title == "Về luật sư và tư vấn pháp luật"
    after = outline.headings[outline.headings.index(h) + 1]
    assert (after.number, after.level, after.parent) == ("a", h.level + 1, h.id)


def test_heading_wrapped_inside_emphasis_is_joined():
    # d002: "*3.1.\nThương mại*" and "**5. Chuyển đổi\nAI**"
    doc = normalize.run(ingest.read_path(os.path.join(TEXTS, "d002.txt")))
    titles = {(h.number, h.title) for h in sections.split(doc).headings}
    assert ("3.1", "Thương mại") in titles
    assert ("5", "Chuyển đổi AI") in titles


def test_a_part_titled_trien_khai_thuc_hien_organizes_but_a_task_so_titled_does_not():
    o = _outline("II. NỘI DUNG\n1. Tuyên truyền\nd) Triển khai thực hiện các đề án\n- Tổ chức hội nghị.\n"
                 "III. TRIỂN KHAI THỰC HIỆN\n1. Sở Y tế\nChủ trì.\n")
    kinds = {h.title: h.kind for h in o.headings}
    assert kinds["Triển khai thực hiện các đề án"] == "tasks"
    assert kinds["TRIỂN KHAI THỰC HIỆN"] == "organization" and kinds["Sở Y tế"] == "organization"


def test_parts_lettered_in_capitals_hold_the_roman_parts():
    o = _outline("A. MỤC ĐÍCH, YÊU CẦU\nI. MỤC ĐÍCH\nBảo vệ trẻ em.\nB. NỘI DUNG\nI. NHIỆM VỤ\n1. Tuyên truyền\n"
                 "C. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\nChủ trì.\nB. Nguyễn Văn An\n")
    got = [(h.number, h.level, h.parent, h.kind) for h in o.headings]
    assert got == [("A", 1, None, "purpose"), ("I", 2, "s1", "purpose"), ("B", 1, None, "tasks"),
                   ("I", 2, "s3", "tasks"), ("1", 3, "s4", "tasks"), ("C", 1, None, "organization"),
                   ("1", 2, "s6", "organization")]


def test_roman_numbers_set_off_by_a_dash_or_slash_and_other_organization_titles():
    o = _outline("I/ MỤC ĐÍCH\nBảo vệ trẻ em.\nII - NHIỆM VỤ\n1. Tuyên truyền\nIII - CÁC CƠ QUAN, ĐƠN VỊ THỰC HIỆN\n"
                 "1. Phòng Y tế\nChủ trì.\nV/v tăng cường\n")
    assert [(h.number, h.level, h.kind) for h in o.headings] == [
        ("I", 1, "purpose"), ("II", 1, "tasks"), ("1", 2, "tasks"), ("III", 1, "organization"), ("1", 2, "organization")]


def test_a_lone_capital_letter_is_no_part():
    # "H." is "II." misread by OCR, not the eighth lettered part
    o = _outline("I. MỤC ĐÍCH\nBảo vệ trẻ em.\nH. THỜI GIAN VÀ PHẠM VI\n1. Thời gian\nNăm 2025.\n")
    assert [(h.number, h.level) for h in o.headings] == [("I", 1), ("1", 2)]


def test_a_document_type_word_wrapped_out_of_a_sentence_starts_no_attached_document():
    # a scan's line ends before "Luật": the items after it stay under their article
    o = _outline("Điều 2. Nhiệm vụ và quyền hạn\n1. Trình Ủy ban nhân dân tỉnh dự thảo quyết định.\n"
                 "2. Cấp giấy chứng nhận theo quy định tại khoản 1 Điều 53\nLuật\nLưu trữ năm 2024.\n"
                 "3. Thực hiện nhiệm vụ khác.\nQUY ĐỊNH\nChức năng, nhiệm vụ\nĐiều 1. Vị trí\n")
    assert [(h.number, h.level) for h in o.headings] == [("Điều 2", 1), ("1", 2), ("2", 2), ("3", 2), ("Điều 1", 1)]


@pytest.mark.parametrize("title", ["TO CHUC THUC HIEN", "TỔ CHỨC THỰỤC HIỆN", "PHÂN CỘNG THỰC HIỆN"])
def test_a_part_title_without_accents_or_with_a_letter_wrong_keeps_its_kind(title):
    text = f"I. MỤC ĐÍCH\nTăng cường.\nII. {title}\n1. Phòng Y tế\n- Chủ trì.\n"
    outline = sections.split(normalize.run(ingest.read_bytes(text.encode())))
    assert [h.kind for h in outline.headings] == ["purpose", "organization", "organization"]


def test_a_title_one_letter_from_a_kind_word_but_another_word_keeps_none():
    text = "I. MỤC ĐÍCH\nTăng cường.\nII. KẾT QUẢ ĐẠT ĐƯỢC\n1. Phòng Y tế\n"
    outline = sections.split(normalize.run(ingest.read_bytes(text.encode())))
    assert outline.headings[1].kind in ("other", None)
