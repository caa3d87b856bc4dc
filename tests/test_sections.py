from extractor import ingest, normalize, sections


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


def test_numbering_gap_is_warned():
    o = _outline("I. Mục tiêu\n1. Một\n3. Ba\n")
    assert any(code == "heading_numbering_gap" for code, _ in o.warnings)


def test_spans_cover_up_to_next_sibling(seed_results):
    r = seed_results["seed003"]
    first, second = r.sections[0], r.sections[1]
    assert first.span[1] == second.span[0]
    assert r.text[first.span[0]:].startswith("1. Phòng Lao động")
