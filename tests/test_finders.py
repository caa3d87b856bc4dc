"""Each finder alone, on sentences taken from the seed documents."""
import pytest

from extractor import gazetteer, ingest, normalize, sections
from extractor.finders import deadlines, legal_refs, percentages, targets, units


def _prep(text):
    d = normalize.run(ingest.read_bytes(text.encode()))
    return d, sections.split(d)


def _unit_names(text, doc_type="Kế hoạch"):
    d, o = _prep(text)
    return [u.name for u in units.find(d, o, doc_type)]


@pytest.mark.parametrize("text,expect", [
    ("Thực hiện Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ phê duyệt Chương trình",
     [("Quyết định", "23/QĐ-TTg", "2021-01-07", "Thủ tướng Chính phủ")]),
    ("theo Nghị định số 56/2017/NĐ-CP quy định chi tiết", [("Nghị định", "56/2017/NĐ-CP", None, None)]),
    ("Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị", [("Chỉ thị", "28-CT/TW", "2023-12-25", "Bộ Chính trị")]),
    ("Căn cứ Công văn số 259/SLĐT BXH-BVCSTE ngày 04/3/2020 của Sở Lao động",
     [("Công văn", "259/SLĐTBXH-BVCSTE", "2020-03-04", "Sở Lao động")]),
    ("Quyết định số 06/QĐ-TTg ngày 03/01/20219 của Thủ tướng", [("Quyết định", "06/QĐ-TTg", None, "Thủ tướng")]),
    ("tuyên truyền Luật Trẻ em năm 2016 và", [("Luật", None, None, None)]),
    ("ngày 15/02/2020 không phải văn bản", []),
    ("Căn cứ Luật Sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều ngày 17 tháng 6 năm 2020;",
     [("Luật", None, "2020-06-17", None)]),
    ("Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26/11/2003;", [("Luật", None, "2003-11-26", None)]),
    ("phê duyệt tại các Quyết định: số 36/QĐ-TTg ngày 11/01/2024 về quy hoạch; số 1569/QĐ-TTg ngày 12/12/2024",
     [("Quyết định", "36/QĐ-TTg", "2024-01-11", None), ("Quyết định", "1569/QĐ-TTg", "2024-12-12", None)]),
    ("tổ chức hành nghề luật sư cung cấp thông tin", []),
    ("thực hiện Nghị quyết số 48/NQ-CP.\nII. TỔ CHỨC THỰC HIỆN", [("Nghị quyết", "48/NQ-CP", None, None)]),
])
def test_legal_refs(text, expect):
    d, o = _prep(text)
    got = [(r.type, r.number, r.date, r.issuer) for r in legal_refs.find(d, o)]
    assert got == expect


def test_same_document_cited_twice_is_one_ref():
    d, o = _prep("Căn cứ Quyết định số 06/QĐ-TTg ngày 03/01/2019 của Thủ tướng Chính phủ;\n"
                 "I. Nhiệm vụ\n1. Theo các tiêu chí tại Quyết định số 06/QĐ-TTg.")
    refs = legal_refs.find(d, o)
    assert len(refs) == 1 and len(refs[0].mentions) == 2 and refs[0].role == "basis"


def test_a_law_cited_by_number_and_by_name_is_one_ref():
    d, o = _prep("Căn cứ Luật Trẻ em số 102/2016/QH13 ngày 05/4/2016;\n"
                 "Căn cứ Nghị định số 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em;\nI. Nhiệm vụ\n")
    refs = legal_refs.find(d, o)
    assert [(r.id, r.type, r.number, r.name) for r in refs] == [
        ("r1", "Luật", "102/2016/QH13", "Luật Trẻ em"), ("r2", "Nghị định", "56/2017/NĐ-CP", None)]
    assert [m.text for m in refs[0].mentions] == ["Luật Trẻ em số 102/2016/QH13 ngày 05/4/2016", "Luật Trẻ em"]


def test_numbers_listed_after_one_type_word():
    d, o = _prep("II. NỘI DUNG\nThực hiện Quyết định số 2158/QĐ-BYT, 2159/QĐ-BYT ngày 1/8/2024 của Bộ Y tế; "
                 "Quyết định số 5/QĐ-UBND, 6/KH-UBND; Kế hoạch số 7/KH-UBND, 8/KH-UBND và 9/KH-UBND.\n")
    assert [(r.type, r.number, r.date) for r in legal_refs.find(d, o)] == [
        ("Quyết định", "2158/QĐ-BYT", None), ("Quyết định", "2159/QĐ-BYT", "2024-08-01"),
        ("Quyết định", "5/QĐ-UBND", None), ("Kế hoạch", "7/KH-UBND", None), ("Kế hoạch", "8/KH-UBND", None),
        ("Kế hoạch", "9/KH-UBND", None)]


def test_percentages_comma_decimal_and_ranges():
    d, o = _prep("giảm xuống còn 7,3%; dưới 10% (nội thành), 5% (ngoại thành); từ 1%-1,5%")
    assert [p.value for p in percentages.find(d, o)] == [7.3, 10.0, 5.0, 1.0, 1.5]


@pytest.mark.parametrize("text,year,expect", [
    ("Báo cáo trước ngày 16/5/2025 về UBND", None, [("deadline", None, "2025-05-16", False)]),
    ("gửi chậm nhất vào 25/5 và 20/11 năm 2020 để", None,
     [("deadline", None, "2020-05-25", False), ("deadline", None, "2020-11-20", False)]),
    ("Tháng hành động (từ ngày 01/6 đến ngày 30/6)", 2024, [("period", "2024-06-01", "2024-06-30", True)]),
    ("từ ngày 1 đến 30-6", 2024, [("period", "2024-06-01", "2024-06-30", True)]),
    ("trong Quý IV/2024", None, [("period", "2024-10-01", "2024-12-31", False)]),
    ("- Thời gian thực hiện: Thường xuyên trong năm.", 2025, [("recurring", None, None, False)]),
    ("báo cáo định kỳ 6 tháng, hằng năm", 2025, [("recurring", None, None, False)]),
    ("trước ngày 25/5", None, [("deadline", None, None, False)]),
    # "kǶ" is a broken "kỳ": read back, it is the report's own recurring time
    ("Định kǶ gửi báo cáo kết quả thực hiện trước ngày 15/11 hằng năm và", 2025,
     [("recurring", None, None, False), ("recurring", None, None, False)]),
    ("trước ngày 15/11/2025, hằng năm", 2025,
     [("deadline", None, "2025-11-15", False), ("recurring", None, None, False)]),
    ("nhân dịp Ngày Quốc tế Thiếu nhi 1/6 và Tết Trung thu", 2024, [("date", "2024-06-01", "2024-06-01", True)]),
    ("Tuần lễ Biển và Hải đảo Việt Nam (01 - 08/6)", 2025, [("period", "2025-06-01", "2025-06-08", True)]),
    ("thực hiện từ tháng 10 năm 2025 đến hết tháng 3 năm 2026;", None, [("period", "2025-10-01", "2026-03-31", False)]),
    ("Quý IV/2025- Quý II/2026", None, [("period", "2025-10-01", "2026-06-30", False)]),
    ("kiểm tra ở các khu vực từ nay đến năm 2030", None, [("period", None, "2030-12-31", False)]),
    ("Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15 ngày 27/6/2025;", 2025, []),
    ("Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;", 2025, []),
    ("lập kế hoạch dài hạn và hằng năm; tổng hợp báo cáo hằng năm", 2025, [("recurring", None, None, False)]),
    ("Thời gian thực hiện: Thường xuyên trong năm, cao điểm vào tháng 5, tháng 6 (Tháng Hành động)", 2025,
     [("recurring", None, None, False), ("period", "2025-05-01", "2025-05-31", True),
      ("period", "2025-06-01", "2025-06-30", True)]),
    ("a. Thời gian thực hiện: Từ tháng 3 đến tháng 11 hằng năm.", 2025, [("recurring", None, None, False)]),
    ("Thời gian: tháng 5 - 6/2025.", None, [("period", "2025-05-01", "2025-06-30", False)]),
    ("gửi báo cáo đến hết ngày 31/12/2025", None, [("deadline", None, "2025-12-31", False)]),
    ("Thời gian: đến hết năm 2025.", None, [("deadline", None, "2025-12-31", False)]),
    ("I. NỘI DUNG\n1. Giai đoạn 2025 - 2030\n- Rà soát chính sách.", None,
     [("period", "2025-01-01", "2030-12-31", False)]),
    ("I. NỘI DUNG\n- Tổ chức hoạt động nhân Ngày Quốc tế thiếu nhi 1-6.", 2020,
     [("date", "2020-06-01", "2020-06-01", True)]),
    ("Gửi về Văn phòng trước 17 giờ ngày 20/5/2024.", None, [("deadline", None, "2024-05-20", False)]),
    ("gửi báo cáo chậm nhất 16 giờ 30, ngày 25/5.", 2024, [("deadline", None, "2024-05-25", True)]),
    ("- Thời hạn hoàn thành: 30/9/2024.", None, [("deadline", None, "2024-09-30", False)]),
    ("- Thời gian thực hiện: 30/9/2024.", None, [("date", "2024-09-30", "2024-09-30", False)]),
    ("I. NỘI DUNG\n3. Thăm, tặng quà cho trẻ em nhân dịp Tết Trung thu (15/8 âm lịch).", 2024, []),
    ("9. Hạn chót nộp hồ sơ là ngày 30/9/2025.", None, [("deadline", None, "2025-09-30", False)]),
    ("- Thời gian: các ngày 01/6 và 02/6/2024 (uống bổ sung tại các điểm).", 2023,
     [("date", "2024-06-01", "2024-06-01", False), ("date", "2024-06-02", "2024-06-02", False)]),
    # a fact of every year is no time of a task
    ("I. MỤC ĐÍCH\nHằng năm, toàn huyện có khoảng 200 trẻ em bị tai nạn thương tích.\n"
     "II. NHIỆM VỤ\n1. Tổ chức Diễn đàn trẻ em hằng năm.", 2025, [("recurring", None, None, False)]),
])
def test_deadlines(text, year, expect):
    d, o = _prep(text)
    got = [(x.kind, x.start, x.end, x.year_inferred) for x in deadlines.find(d, o, year, [])]
    assert got == expect


@pytest.mark.parametrize("text,words", [
    ("gửi báo cáo trước ngày 01/6 và 15/11 hằng năm.", ["trước ngày 01/6", "15/11 hằng năm"]),
    ("chậm nhất vào 25/5 và 20/11 năm 2020", ["chậm nhất vào 25/5", "20/11 năm 2020"]),
    ("các ngày 01/6 và 02/6/2024", ["ngày 01/6", "02/6/2024"]),
])
def test_each_listed_day_keeps_its_own_words(text, words):
    d, o = _prep(text)
    assert [x.text for x in deadlines.find(d, o, 2025, [])] == words


def test_a_benefit_paid_every_month_is_named_not_timed():
    d, o = _prep("rà soát danh sách người cao tuổi được hưởng trợ cấp xã hội hằng tháng, báo cáo UBND huyện hằng tháng.")
    assert [x.text for x in deadlines.find(d, o, 2025, [])] == ["hằng tháng"]
    assert [x.span[0] for x in deadlines.find(d, o, 2025, [])] == [d.text.rindex("hằng tháng")]


_TASK_TABLE = """PHỤ LỤC
DANH MỤC NHIỆM VỤ
| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Thời gian thực hiện | Ghi chú |
|---|---|---|---|---|
| 1 | Tập huấn giám sát dịch tễ | Trung tâm Y tế huyện | Tháng 4 - tháng 10/2024 | Năm 2023 đã làm |
| 2 | Sơ kết | Trung tâm Y tế huyện | Quý II - III/2024 | |
| 3 | Kiểm tra liên ngành | Phòng Y tế | Quý I, II/2024 | |
| 4 | Truyền thông | Phòng Văn hóa và Thông tin | Tháng 5 và tháng 11/2024 | |
| 5 | Chiến dịch tiêm chủng | Trung tâm Y tế huyện | Năm 2024 | |
| 6 | Giám sát thường xuyên | Trung tâm Y tế huyện | Cả năm | |
| 7 | Diễn tập | Ban Chỉ huy Quân sự huyện | 01/4 - 30/4/2024 | |
| 8 | Tổng kết | Trung tâm Y tế huyện | Tháng 10/2024 - 3/2025 | |
| 9 | Theo dõi mùa dịch | Trung tâm Y tế huyện | Tháng 6 - 7 hằng năm | |
| 10 | Báo cáo | Trung tâm Y tế huyện | 30/9/2024 | 15/10/2024 |

DỰ TOÁN KINH PHÍ
| STT | Nội dung | Số lượng | Thành tiền |
|---|---|---|---|
| 1 | Năm 2024 | 02 đợt/tháng | 20.000.000 |
"""


def test_time_cells_of_a_task_table():
    """Each cell of the time column is read as it is written in such tables: spans of months and
    quarters (one entry), lists of months and quarters (one entry each), a year, the whole year.
    The same words in another column or another table are not a time."""
    d, o = _prep(_TASK_TABLE)
    got = [(x.text, x.kind, x.start, x.end) for x in deadlines.find(d, o, 2024, [])]
    assert got == [
        ("Tháng 4 - tháng 10/2024", "period", "2024-04-01", "2024-10-31"),
        ("Quý II - III/2024", "period", "2024-04-01", "2024-09-30"),
        ("Quý I", "period", "2024-01-01", "2024-03-31"), ("II/2024", "period", "2024-04-01", "2024-06-30"),
        ("Tháng 5", "period", "2024-05-01", "2024-05-31"), ("tháng 11/2024", "period", "2024-11-01", "2024-11-30"),
        ("Năm 2024", "period", "2024-01-01", "2024-12-31"),
        ("Cả năm", "period", "2024-01-01", "2024-12-31"),
        ("01/4 - 30/4/2024", "period", "2024-04-01", "2024-04-30"),
        ("Tháng 10/2024 - 3/2025", "period", "2024-10-01", "2025-03-31"),
        ("Tháng 6 - 7 hằng năm", "recurring", None, None),
        ("30/9/2024", "date", "2024-09-30", "2024-09-30"),
    ]


def test_time_cells_of_a_table_written_a_cell_a_line():
    rows = [["**STT**", "**Nội dung**", "**Thời gian thực hiện**"], ["1", "Tổ chức truyền thông\ntrên báo", "Năm 2024"],
            ["2", "Kiểm tra", "Cả năm"], ["3", "Tổng kết", "15/12/2024"], ["4", "Họp", "Năm 2025", "thừa"]]
    table = "".join("|\n" + "".join(cell + "\n|\n" for cell in row) for row in rows)
    d, o = _prep("KẾ HOẠCH\nThực hiện công tác trẻ em năm 2024\n\nPHỤ LỤC\n" + table)
    # the last row has a cell too many: its cells are not taken for the header's columns
    assert [(x.text, x.kind, x.end) for x in deadlines.find(d, o, 2024, [])] == [
        ("Năm 2024", "period", "2024-12-31"), ("Cả năm", "period", "2024-12-31"), ("15/12/2024", "date", "2024-12-15")]


_WRAPPED_ROWS = """III. NỘI DUNG, THỜI GIAN THỰC HIỆN
| TT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian |
|----|----------|----------------|-----------------|-----------|
| 1 | Tuyên truyền, hướng dẫn phân loại rác tại | Phòng Văn hóa - | Ủy ban MTTQ Việt Nam | Từ ngày 15/9 |
|   | nguồn đến từng hộ dân, hộ kinh doanh      | Xã hội           | phường; các tổ dân phố | đến ngày 15/10/2025 |
| 2 | Rà soát, bố trí điểm tập kết, thùng chứa  | Phòng Kinh tế,   | Công ty TNHH MTV Môi | Quý IV/2025 |
|   | rác phân loại                              | Hạ tầng và Đô thị | trường đô thị Hà Nội |  |
|   |                                            |                  | Công an phường |  |
|   | Kiểm tra việc phân loại rác               | Trung tâm Y tế | Trạm Y tế phường | Tháng 12/2025 |
"""


def test_a_table_row_whose_cells_wrap_onto_rows_under_it():
    # the rows under a row that carry its cells' rest (no number, a cell going on in small letters
    # or after "-", ",") are joined to its cells; a row without a number that begins anew is a row
    d, o = _prep(_WRAPPED_ROWS)
    assert "Phòng Văn hóa - Xã hội\nỦy ban MTTQ Việt Nam phường; các tổ dân phố\n" in d.text
    assert "rác phân loại\nPhòng Kinh tế, Hạ tầng và Đô thị\nCông ty TNHH MTV Môi trường đô thị Hà Nội\nCông an phường\n" in d.text
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [
        ("Phòng Văn hóa - Xã hội", "lead"), ("Ủy ban MTTQ Việt Nam phường", "cooperate"),
        ("Phòng Kinh tế, Hạ tầng và Đô thị", "lead"), ("Công ty TNHH MTV Môi trường đô thị Hà Nội", "cooperate"),
        ("Công an phường", "cooperate"), ("Trung tâm Y tế", "lead"), ("Trạm Y tế phường", "cooperate")]
    assert [x.text for x in deadlines.find(d, o, 2025, [])] == [
        "Từ ngày 15/9 đến ngày 15/10/2025", "Quý IV/2025", "Tháng 12/2025"]


def test_a_table_copied_with_tabs_whose_cells_hold_several_lines():
    # the cells' further lines come as rows of their own, their first cells empty; the rows after
    # them are still rows of the table
    text = ("II. NHIỆM VỤ\nSTT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n"
            "1\tRà soát danh sách hộ nghèo\tCông chức LĐ-TB&XH xã\tTrưởng các bản;\tTừ 01/9 - 30/11/2023\n"
            "\t\t\tHội Nông dân xã\t\n"
            "2\tHỗ trợ phát triển sản xuất\tUBND xã\tHội Nông dân xã;\tQuý II - III/2023\n"
            "\t\t\tHội LHPN xã;\t\n\t\t\tNgân hàng CSXH huyện\t\n"
            "3\tTuyên truyền về giảm nghèo\tCông chức Văn hóa - Xã hội xã\tĐoàn Thanh niên xã\tThường xuyên\n")
    d, o = _prep(text)
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [
        ("Công chức LĐ-TB&XH xã", "lead"), ("Hội Nông dân xã", "cooperate"), ("UBND xã", "lead"),
        ("Hội Nông dân xã", "cooperate"), ("Hội LHPN xã", "cooperate"), ("Ngân hàng CSXH huyện", "cooperate"),
        ("Công chức Văn hóa - Xã hội xã", "lead"), ("Đoàn Thanh niên xã", "cooperate")]


@pytest.mark.parametrize("cell,names", [
    # a dash parts two bodies of one kind, or a body and a level's
    ("Sở Nội vụ - Sở Tài chính", ["Sở Nội vụ", "Sở Tài chính"]),
    ("- Phòng Y tế - UBND các xã, thị trấn", ["Phòng Y tế", "UBND các xã, thị trấn"]),
    ("Bệnh viện Nhi Thanh Hóa - Bệnh viện Đa khoa khu vực Ngọc Lặc",
     ["Bệnh viện Nhi Thanh Hóa", "Bệnh viện Đa khoa khu vực Ngọc Lặc"]),
    # … not a name's parts: a branch, a pair's office, a division before its department
    ("Ngân hàng Nhà nước Việt Nam - Chi nhánh tỉnh Hà Tĩnh", ["Ngân hàng Nhà nước Việt Nam - Chi nhánh tỉnh Hà Tĩnh"]),
    ("Văn phòng HĐND - UBND thị trấn", ["Văn phòng HĐND - UBND thị trấn"]),
    ("Phòng Bảo vệ, chăm sóc trẻ em - Sở Lao động - Thương binh và Xã hội",
     ["Phòng Bảo vệ, chăm sóc trẻ em - Sở Lao động - Thương binh và Xã hội"]),
    ("Phòng Văn hóa - Xã hội", ["Phòng Văn hóa - Xã hội"]),
    # … a complete name with its locality before another body, or a body that is nobody's parent
    ("Cục Thuế tỉnh - Bảo hiểm xã hội tỉnh", ["Cục Thuế tỉnh", "Bảo hiểm xã hội tỉnh"]),
    ("Thanh tra tỉnh - Công an tỉnh", ["Thanh tra tỉnh", "Công an tỉnh"]),
    ("Sở Kế hoạch và Đầu tư - Trung tâm Xúc tiến đầu tư tỉnh", ["Sở Kế hoạch và Đầu tư", "Trung tâm Xúc tiến đầu tư tỉnh"]),
    # … but not a body word alone, or a division before its police or hospital
    ("Trung tâm Thông tin - Thư viện", ["Trung tâm Thông tin - Thư viện"]),
    ("Đội Cảnh sát giao thông - Công an huyện", ["Đội Cảnh sát giao thông - Công an huyện"]),
])
def test_bodies_parted_by_a_dash_in_a_cooperate_field(cell, names):
    assert _unit_names("II. NHIỆM VỤ\n- Đơn vị phối hợp: " + cell + ".\n") == names


def test_bold_labels_of_unit_paragraphs():
    # the standing body of a steering committee named in full before "chủ trì"; a label listing
    # units with semicolons; names that end where "chia sẻ", "tạo điều kiện" begin
    text = ("IV. TỔ CHỨC THỰC HIỆN\n**Sở Y tế:** Là cơ quan thường trực Ban Chỉ đạo liên ngành về an toàn thực phẩm tỉnh, "
            "chủ trì triển khai Kế hoạch.\n"
            "**Các LĐLĐ huyện, thành phố, thị xã; Công đoàn ngành; Công đoàn các Khu kinh tế:** chủ trì xây dựng kế hoạch.\n"
            "c) Trường THPT Chuyên Hùng Vương: Chủ trì xây dựng mô hình, phối hợp với Trường Đại học Hùng Vương chia sẻ học liệu.\n"
            "**Đề nghị Ban Quản lý Khu kinh tế Đông Nam** tạo điều kiện để công đoàn tiếp cận doanh nghiệp.\n")
    assert _unit_names(text) == ["Sở Y tế", "Các LĐLĐ huyện, thành phố, thị xã", "Công đoàn ngành",
                                 "Công đoàn các Khu kinh tế", "Trường THPT Chuyên Hùng Vương", "Trường Đại học Hùng Vương",
                                 "Ban Quản lý Khu kinh tế Đông Nam"]


def test_a_cooperating_list_goes_on_past_a_vague_group_to_the_bodies_named_after_it():
    text = ("II. NHIỆM VỤ\n- Sở Lao động chủ trì, phối hợp với Sở Y tế, Tỉnh đoàn, các cơ quan, đơn vị liên quan và "
            "Ủy ban nhân dân các huyện, thị xã, thành phố tổ chức Tháng hành động vì trẻ em.\n"
            "- Công an huyện chủ trì, phối hợp với Trung tâm Y tế huyện, các ngành, đoàn thể và UBND các xã, thị trấn "
            "tham mưu triển khai Kế hoạch.\n")
    assert _unit_names(text) == ["Sở Lao động", "Sở Y tế", "Tỉnh đoàn", "Ủy ban nhân dân các huyện, thị xã, thành phố",
                                 "Công an huyện", "Trung tâm Y tế huyện", "UBND các xã, thị trấn"]


def test_a_heading_naming_two_groups_of_bodies():
    text = ("IV. TỔ CHỨC THỰC HIỆN\n1. Đối với Phòng Giáo dục\nChủ trì triển khai.\n"
            "2. Đối với các trường trung học phổ thông và các trung tâm giáo dục nghề nghiệp\n"
            "Tổ chức cho học sinh tham gia.\n")
    assert _unit_names(text) == ["Phòng Giáo dục", "các trường trung học phổ thông", "các trung tâm giáo dục nghề nghiệp"]


def test_a_name_with_a_comma_and_and_ends_before_another_body():
    text = ("II. NHIỆM VỤ\n- Công an phường chủ trì, phối hợp với Phòng Văn hóa - Xã hội và Trung tâm Phục vụ hành "
            "chính công phường triển khai; phối hợp với Phòng Kinh tế, Hạ tầng và Đô thị kiểm tra.\n")
    assert _unit_names(text) == ["Công an phường", "Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công phường",
                                 "Phòng Kinh tế, Hạ tầng và Đô thị"]


def test_the_rows_of_a_merged_cell_as_a_scan_grid_gives_them_keep_their_own_times():
    # a row without a number or task, under a row whose cells end complete: its body and its time
    # are items of their own in the row's cells, not words of the cells above
    d, o = _prep("II. NHIỆM VỤ\n| TT | Nội dung | Đơn vị chủ trì | Thời gian |\n"
                 "| 1 | Kiểm tra an toàn thực phẩm | Phòng Y tế | Thường xuyên |\n"
                 "|   |   | Trạm Y tế xã | Quý I/2024 |\n| 2 | Tổng kết | Phòng Y tế | Tháng 12/2024 |\n")
    assert [u.name for u in units.find(d, o, "Kế hoạch")] == ["Phòng Y tế", "Trạm Y tế xã", "Phòng Y tế"]
    assert [x.text for x in deadlines.find(d, o, 2024, [])] == ["Thường xuyên", "Quý I/2024", "Tháng 12/2024"]


def test_a_task_table_carried_over_to_the_next_page_keeps_its_time_column():
    # a scan's grid read page by page: the second page's part has no header row; another table
    # further on, as wide but not right after it, has no time column
    d, o = _prep("PHỤ LỤC\n| TT | Nội dung | Thời gian thực hiện |\n| 1 | Truyền thông | Cả năm |\n|\n\n"
                 "| 2 | Kiểm tra | Năm 2024 |\n| 3 | Tổng kết | Cả năm |\n|\n\nDỰ TOÁN\n\n"
                 "| 1 | Năm 2024 | Cả năm |\n")
    assert [(x.text, x.end) for x in deadlines.find(d, o, 2024, [])] == [
        ("Cả năm", "2024-12-31"), ("Năm 2024", "2024-12-31"), ("Cả năm", "2024-12-31")]


def test_units_lead_and_cooperate():
    d, o = _prep("IV. TỔ CHỨC THỰC HIỆN\n1. Phòng Lao động - Thương binh và Xã hội\n"
                 "- Chủ trì, phối hợp với Phòng Y tế, Phòng GD&ĐT và Công an huyện tổ chức triển khai.\n"
                 "- Đơn vị chủ trì: Văn phòng HĐND và UBND thị xã.\n")
    got = [(u.role, u.name, u.canonical) for u in units.find(d, o, "Kế hoạch")]
    assert ("lead", "Phòng Lao động - Thương binh và Xã hội", "Phòng Lao động - Thương binh và Xã hội") in got
    assert ("cooperate", "Phòng Y tế", "Phòng Y tế") in got
    assert ("cooperate", "Phòng GD&ĐT", "Phòng Giáo dục và Đào tạo") in got
    assert ("cooperate", "Công an huyện", "Công an") in got
    assert ("lead", "Văn phòng HĐND và UBND thị xã",
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân") in got


def test_the_body_a_unit_serves_as_standing_office_does_not_lead():
    d, o = _prep("III. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\n- Là cơ quan thường trực Ban Chỉ đạo liên ngành về an toàn "
                 "thực phẩm tỉnh, chủ trì tham mưu UBND tỉnh triển khai Kế hoạch.\n")
    assert [(u.role, u.name) for u in units.find(d, o, "Kế hoạch")] == [("lead", "Sở Y tế")]


def test_a_unit_heading_with_its_role_after_a_dash():
    d, o = _prep("III. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế - Cơ quan thường trực\nChủ trì triển khai Kế hoạch.\n"
                 "2. Phòng Lao động - Thương binh và Xã hội\nPhối hợp thực hiện.\n")
    assert [u.name for u in units.find(d, o, "Kế hoạch")] == ["Sở Y tế", "Phòng Lao động - Thương binh và Xã hội"]


def test_targets_values_and_comparators():
    d, o = _prep("II. MỤC TIÊU, CHỈ TIÊU\n1. Phần đầu 80% các hộ gia đình có trẻ em đạt tiêu chí.\n"
                 "2. Giảm trẻ em bị tai nạn thương tích so với năm 2021.\n"
                 "3. Tăng cường sự lãnh đạo của cấp ủy.\nIII. NHIỆM VỤ\n1. Tuyên truyền 100% thôn.\n")
    got = [[(v.value, v.unit, v.comparator) for v in t.values] for t in targets.find(d, o)]
    assert got == [[(80.0, "%", ">=")], [(None, None, "reduce")]]


def test_a_goal_verb_leading_its_own_clause_beside_the_numbers():
    d, o = _prep("II. MỤC TIÊU\n- Phấn đấu 90% các trường đạt chuẩn; duy trì không có trẻ em lao động trái quy định.\n"
                 "- Duy trì tỷ lệ trẻ sơ sinh nhẹ cân dưới 5%.\n"
                 "- 100% hộ gia đình được cung cấp kiến thức về phòng ngừa, giảm thiểu lao động trẻ em.\n"
                 "- Xã phấn đấu duy trì đạt tiêu chí phù hợp với trẻ em.\n"
                 "- Tỉnh thuộc top 03 vùng có 40% doanh nghiệp số.\n")
    got = [[(v.value, v.unit, v.comparator) for v in t.values] for t in targets.find(d, o)]
    assert got == [[(90.0, "%", ">="), (None, None, "maintain")], [(5.0, "%", "<")], [(100.0, "%", "=")],
                   [(None, None, "maintain")], [(40.0, "%", "=")]]


def test_target_counts_with_grouped_thousands_and_more_nouns():
    d, o = _prep("II. MỤC TIÊU CỤ THỂ\n- Tổ chức đào tạo, bồi dưỡng 3.000 lượt nhân lực về ứng dụng công nghệ;\n"
                 "- Hình thành ít nhất 01 trung tâm logistics tại các vùng nguyên liệu;\n")
    got = [[(v.value, v.unit, v.comparator) for v in t.values] for t in targets.find(d, o)]
    assert got == [[(3000.0, "lượt", "=")], [(1.0, "trung tâm", ">=")]]


def test_a_rate_per_so_many_is_a_value():
    d, o = _prep("II. MỤC TIÊU\n- Giảm tỷ suất tử vong trẻ em do tai nạn xuống dưới 15/100.000 trẻ em.\n"
                 "- Tỷ suất tử vong trẻ em dưới 1 tuổi còn 12,5/1.000 trẻ đẻ sống.\n")
    got = [[(v.value, v.unit, v.comparator) for v in t.values] for t in targets.find(d, o)]
    assert got == [[(15.0, "/100.000 trẻ em", "<")], [(12.5, "/1.000 trẻ đẻ sống", "<=")]]


def test_times_before_the_issue_date_are_background_not_deadlines():
    d, o = _prep("I. TÌNH HÌNH\nNgày 23/12/2019, Thủ tướng đã tổ chức vào ngày 15/5/2020 hội nghị.\n"
                 "II. NHIỆM VỤ\n1. Tổ chức vào ngày 15/5/2024 và báo cáo trước ngày 20/5.\n")
    got = [(x.kind, x.end) for x in deadlines.find(d, o, 2024, [], issued="2024-03-01")]
    assert got == [("date", "2024-05-15"), ("deadline", "2024-05-20")]


def test_unit_headings_listed_under_a_tasks_section():
    # d004's "IV. NHIỆM VỤ CỤ THỂ": numbered headings that are mostly names of bodies
    d, o = _prep("IV. NHIỆM VỤ CỤ THỂ\n1. Sở Nông nghiệp và Môi trường\n- Chủ trì tham mưu.\n"
                 "2. Sở Văn hóa, Thể thao và Du lịch\n- Chủ trì, phối hợp với các sở, ban, ngành tham mưu.\n"
                 "3. Các tổ chức chính trị - xã hội tỉnh\n- Tuyên truyền.\n")
    got = [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")]
    assert got == [("Sở Nông nghiệp và Môi trường", "lead"), ("Sở Văn hóa, Thể thao và Du lịch", "lead"),
                   ("các sở, ban, ngành", "cooperate"), ("Các tổ chức chính trị - xã hội tỉnh", "lead")]


def test_committees_of_several_levels_are_one_group():
    d, o = _prep("III. TỔ CHỨC THỰC HIỆN\n1. Giao UBND các phường, xã, đặc khu chủ trì thực hiện.\n")
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [("UBND các phường, xã, đặc khu", "lead")]


def test_cooperation_without_a_preposition():
    d, o = _prep("III. TỔ CHỨC THỰC HIỆN\n1. Giao Sở Y tế chủ trì, phối hợp Ủy ban nhân dân các xã, phường triển khai.\n")
    got = [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")]
    assert got == [("Sở Y tế", "lead"), ("Ủy ban nhân dân các xã, phường", "cooperate")]


def test_goal_verbs_are_whole_words():
    # underthesea's words: "hạ tầng", "tăng cường", "tăng trưởng" are words of their own, not the goals
    # "hạ", "tăng"; "giảm thiểu" is one
    d, o = _prep("II. MỤC TIÊU CỤ THỂ\n- Hoàn thiện hạ tầng viễn thông cho các khu công nghiệp;\n"
                 "- Tăng cường năng lực quản lý;\n- Tăng trưởng kinh tế ổn định;\n"
                 "- Triển khai các giải pháp nhằm giảm thiểu tình trạng trẻ em bỏ học;\n")
    got = [(t.text[:20], [v.comparator for v in t.values]) for t in targets.find(d, o)]
    assert got == [("Triển khai các giải ", ["reduce"])]


def test_comparators_from_symbols_and_the_longest_phrase():
    d, o = _prep("II. MỤC TIÊU CỤ THỂ\n- Đạt ≥ 30% doanh nghiệp ứng dụng nền tảng số;\n"
                 "- Tỷ lệ tiêm chủng đạt không thấp hơn 95%;\n- Tỷ lệ hộ nghèo giảm xuống dưới 3%;\n")
    got = [[(v.value, v.comparator) for v in t.values] for t in targets.find(d, o)]
    # "xuống dưới" is below, as "dưới"; "xuống còn" comes down to
    assert got == [[(30.0, ">=")], [(95.0, ">=")], [(3.0, "<")]]


def test_a_day_without_a_year_recurs_in_a_plan_over_several_years():
    d, o = _prep("Các đơn vị báo cáo kết quả trước ngày 30/11; tổ chức Ngày Môi trường thế giới (05/6).")
    several = [(x.kind, x.start, x.end) for x in deadlines.find(d, o, 2025, [], every_year=True)]
    one = [(x.kind, x.start, x.end) for x in deadlines.find(d, o, 2025, [])]
    assert several == [("recurring", None, None), ("recurring", None, None)]
    assert one == [("deadline", None, "2025-11-30"), ("date", "2025-06-05", "2025-06-05")]


def test_a_day_after_hang_nam_recurs():
    d, o = _prep("Định kỳ hằng năm (trước ngày 30 tháng 11) báo cáo kết quả thực hiện về Sở Xây dựng.")
    assert [x.kind for x in deadlines.find(d, o, 2025, [])] == ["recurring", "recurring"]


def test_unit_heading_with_de_nghi_and_a_colon():
    text = ("KẾ HOẠCH\nI. MỤC ĐÍCH\nNội dung.\nIV. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\nChủ trì.\n"
            "2. Đề nghị: Hội Liên hiệp Phụ nữ tỉnh, Tỉnh đoàn.\nPhối hợp tuyên truyền.\n")
    d, o = _prep(text)
    assert [u.name for u in units.find(d, o, "Kế hoạch")] == ["Sở Y tế", "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn"]


def test_forms_after_the_signature_hold_no_deadlines():
    text = ("KẾ HOẠCH\nI. NHIỆM VỤ\n1. Báo cáo kết quả trước ngày 15/11/2025.\n"
            + "2. Tuyên truyền, phổ biến pháp luật về trẻ em trong các trường học trên địa bàn.\n" * 3 +
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn A\n\n"
            "Mẫu số 01\n\nBÁO CÁO KẾT QUẢ\n\nKỳ báo cáo: Quý IV/2025.\n\nNgày 15/12/2025.\n\n"
            "PHỤ LỤC\n\nDANH MỤC NHIỆM VỤ\n\nThời gian thực hiện: Quý I/2026.\n")
    d, o = _prep(text)
    got = [(x.kind, x.start, x.end) for x in deadlines.find(d, o, 2025, [])]
    assert got == [("deadline", None, "2025-11-15"), ("period", "2026-01-01", "2026-03-31")]


@pytest.mark.parametrize("text,expect", [
    ("I. NỘI DUNG\nĐợt thi đua được thực hiện từ ngày ban hành Kế hoạch đến khi tổng kết.",
     [("period", "2025-11-19", None)]),
    ("I. NỘI DUNG\nThời gian: từ ngày ký đến hết năm 2026.", [("period", "2025-11-19", "2026-12-31")]),
    ("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.", []),
])
def test_periods_from_the_issue_date(text, expect):
    d, o = _prep(text)
    got = [(x.kind, x.start, x.end) for x in deadlines.find(d, o, None, [], issued="2025-11-19")]
    assert got == expect


@pytest.mark.parametrize("text,name", [
    ("IV. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\n- Chủ trì, phối hợp với UBND tỉnh xem xét hồ sơ.", "UBND tỉnh"),
    ("IV. TỔ CHỨC THỰC HIỆN\n- Ban Chỉ huy cấp xã phối hợp với Ủy ban nhân dân cấp xã nơi xảy ra sự cố xác minh.",
     "Ủy ban nhân dân cấp xã"),
    ("IV. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Sở Y tế tỉnh Gia Lai tổ chức.", "Sở Y tế tỉnh Gia Lai"),
    ("IV. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Bảo hiểm xã hội tỉnh tổ chức.", "Bảo hiểm xã hội tỉnh"),
    # the Youth Union of the province after its department; "Công đoàn" is a body
    ("IV. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Văn phòng Tỉnh đoàn chuẩn bị kinh phí.", "Văn phòng Tỉnh đoàn"),
    ("IV. TỔ CHỨC THỰC HIỆN\n6. Đề nghị Công đoàn bệnh viện và Đoàn Thanh niên bệnh viện phát động phong trào.",
     "Công đoàn bệnh viện"),
])
def test_unit_name_ends_at_a_verb_after_its_locality(text, name):
    d, o = _prep(text)
    assert name in [u.name for u in units.find(d, o, "Kế hoạch")]


@pytest.mark.parametrize("text,leads", [
    ("II. NỘI DUNG\n- Sở Y tế, Công an tỉnh chủ trì kiểm tra.", ["Sở Y tế", "Công an tỉnh"]),
    ("II. NỘI DUNG\n- Sở Y tế tiếp tục chủ trì kiểm tra.", ["Sở Y tế"]),
    ("II. NỘI DUNG\n- Bước 1: Ủy ban nhân dân tỉnh giao đơn vị chủ trì xây dựng Kế hoạch.", []),
    ("II. NỘI DUNG\n- Sau khi họp Hội đồng thẩm định cấp tỉnh, cơ quan, đơn vị chủ trì hoàn thiện kế hoạch.", []),
    # a dash item that names its unit before a colon
    ("III. TỔ CHỨC THỰC HIỆN\n- Phòng Tư pháp: chủ trì, phối hợp với Phòng Nội vụ tuyên truyền.\n"
     "- Phòng Y tế: Là cơ quan thường trực, chủ trì tham mưu UBND huyện.\n"
     "- Phòng Giáo dục và Đào tạo: Chỉ đạo các trường học.", ["Phòng Tư pháp", "Phòng Y tế"]),
])
def test_chu_tri_names_the_unit_right_before_it(text, leads):
    d, o = _prep(text)
    assert [u.name for u in units.find(d, o, "Kế hoạch") if u.rule == "unit.chu_tri"] == leads


@pytest.mark.parametrize("text,coop", [
    ("II. NỘI DUNG\n- Sở Nội vụ phối hợp với các cơ quan, đơn vị có liên quan báo cáo Hội đồng Thi đua - "
     "Khen thưởng tỉnh, UBND tỉnh xem xét.", []),
    ("II. NỘI DUNG\n- Phối hợp với các cơ quan, đơn vị liên quan và UBND các xã tổ chức tuyên truyền.", ["UBND các xã"]),
    # a body of every commune, the communes listed by level
    ("II. NỘI DUNG\n- Phối hợp: Trạm Y tế các xã, thị trấn; Phòng Văn hóa Thông tin và UBND các xã, thị trấn.",
     ["Trạm Y tế các xã, thị trấn", "Phòng Văn hóa Thông tin", "UBND các xã, thị trấn"]),
    ("II. NỘI DUNG\n- Phối hợp với Phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố; các trường THPT tổ chức.",
     ["Phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố", "các trường THPT"]),
    ("II. NỘI DUNG\n- Phối hợp với Ủy ban nhân dân các quận, huyện, thị xã và các cơ sở giáo dục trực thuộc Sở "
     "thực hiện.", ["Ủy ban nhân dân các quận, huyện, thị xã", "các cơ sở giáo dục trực thuộc Sở"]),
    ("II. NỘI DUNG\n- Chủ trì, phối hợp với các bộ, ngành và tổ chức liên quan triển khai.", ["các bộ, ngành"]),
    # the same after an office title
    ("II. NỘI DUNG\n- Phối hợp với Chủ tịch UBND các huyện, thị xã, thành phố chỉ đạo.",
     ["Chủ tịch UBND các huyện, thị xã, thành phố"]),
])
def test_a_named_unit_after_a_vague_group_comes_before_the_verb(text, coop):
    d, o = _prep(text)
    assert [u.name for u in units.find(d, o, "Kế hoạch") if u.role == "cooperate"] == coop


def test_a_field_list_runs_over_semicolons_and_keeps_names_with_commas():
    d, o = _prep("II. NỘI DUNG\n1. Tuyên truyền\n- Cơ quan phối hợp: Trung tâm Văn hóa, Thông tin và Thể thao huyện; "
                 "Đài Truyền thanh huyện; thời gian: tháng 6.\n- Đơn vị chủ trì: Phòng Kinh tế, Hạ tầng và Đô thị.\n")
    got = [(u.role, u.name) for u in units.find(d, o, "Kế hoạch")]
    assert got == [("cooperate", "Trung tâm Văn hóa, Thông tin và Thể thao huyện"),
                   ("cooperate", "Đài Truyền thanh huyện"), ("lead", "Phòng Kinh tế, Hạ tầng và Đô thị")]


def test_office_holders_name_their_body():
    d, o = _prep("II. TỔ CHỨC THỰC HIỆN\n1. Giám đốc Sở Y tế:\n"
                 "Chủ trì, phối hợp với Thủ trưởng các cơ quan liên quan và Chủ tịch UBND các xã tổ chức.\n"
                 "2. Thủ trưởng các sở, ban, ngành:\nTổ chức thực hiện.\n")
    got = [(u.role, u.name, u.canonical) for u in units.find(d, o, "Kế hoạch")]
    assert ("lead", "Giám đốc Sở Y tế", "Sở Y tế") in got
    assert ("cooperate", "Chủ tịch UBND các xã", "Ủy ban nhân dân") in got      # the vague group before it is skipped
    assert ("lead", "Thủ trưởng các sở, ban, ngành") in [g[:2] for g in got]
    assert gazetteer.canonical("Giám đốc Sở Y tế") == "Sở Y tế"


def test_a_number_misread_by_one_letter_of_its_issuer_is_the_same_reference():
    d, o = _prep("Căn cứ Nghị quyết số 48/NQ-CP ngày 03/4/2023 của Chính phủ;\nI. NỘI DUNG\n"
                 "1. Triển khai Nghị quyết số 48/NQ-CE và Nghị định số 48/NĐ-CP.")
    refs = legal_refs.find(d, o)
    assert [(r.type, r.number, len(r.mentions)) for r in refs] == [("Nghị quyết", "48/NQ-CP", 2),
                                                                    ("Nghị định", "48/NĐ-CP", 1)]


def test_a_heading_of_responsibilities_names_its_unit_unless_headings_are_under_it():
    d, o = _prep("IV. TỔ CHỨC THỰC HIỆN\n1. Trách nhiệm của các sở, ngành cấp tỉnh\na) Sở Y tế\n"
                 "- Chủ trì hướng dẫn các địa phương.\nb) Công an tỉnh, Sở Tư pháp\n- Tăng cường kiểm tra.\n"
                 "2. Trách nhiệm của Ủy ban nhân dân các huyện, thành phố\n- Xây dựng kế hoạch tại địa phương.\n")
    assert [(u.role, u.name) for u in units.find(d, o, "Kế hoạch")] == [
        ("lead", "Sở Y tế"), ("lead", "Công an tỉnh"), ("lead", "Sở Tư pháp"),
        ("lead", "Ủy ban nhân dân các huyện, thành phố")]


def test_a_heading_for_a_unit_with_its_tasks_lettered_under_it():
    d, o = _prep("Kính gửi: Các sở, ngành.\nChủ tịch UBND tỉnh yêu cầu:\n1. Đối với Sở Giáo dục và Đào tạo:\n"
                 "Chỉ đạo các trường học.\n2. Đối với UBND các huyện, thị xã, thành phố:\n"
                 "a) Rà soát các điểm có nguy cơ đuối nước.\nb) Tổ chức dạy bơi.\n")
    assert [(u.role, u.name) for u in units.find(d, o, "Công văn")] == [
        ("lead", "Sở Giáo dục và Đào tạo"), ("lead", "UBND các huyện, thị xã, thành phố")]


def test_the_standing_committee_of_a_council_is_a_body():
    d, o = _prep("III. TỔ CHỨC THỰC HIỆN\n1. Đề nghị Thường trực HĐND huyện, Ban Pháp chế HĐND huyện giám sát.\n"
                 "2. Sở Y tế là cơ quan thường trực Ban Chỉ đạo, chủ trì tham mưu.\n")
    assert [(u.role, u.name) for u in units.find(d, o, "Kế hoạch")] == [
        ("lead", "Thường trực HĐND huyện"), ("lead", "Ban Pháp chế HĐND huyện"), ("lead", "Sở Y tế")]


def test_a_part_that_ends_with_the_organization_names_units_in_its_headings():
    d, o = _prep("IV. KINH PHÍ VÀ TỔ CHỨC THỰC HIỆN\n1. Kinh phí\nTừ ngân sách huyện.\n2. Phòng Nội vụ\n"
                 "Tham mưu khen thưởng.\n3. Trung tâm Y tế huyện\nKhám sàng lọc.\n")
    assert [h.kind for h in o.headings] == ["organization", "budget", "organization", "organization"]
    assert [(u.role, u.name) for u in units.find(d, o, "Kế hoạch")] == [
        ("lead", "Phòng Nội vụ"), ("lead", "Trung tâm Y tế huyện")]


def test_abbreviated_bodies_of_the_gazetteer_head_units():
    d, o = _prep("II. NỘI DUNG\n- UBMTTQVN huyện chủ trì tuyên truyền.\n"
                 "- Phối hợp với LĐLĐ huyện, HLHPN huyện, VKSND huyện tổ chức.\n- Giao TTYT huyện khám sàng lọc.\n")
    assert [(u.role, u.name, u.canonical) for u in units.find(d, o, "Kế hoạch")] == [
        ("lead", "UBMTTQVN huyện", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
        ("cooperate", "LĐLĐ huyện", "Liên đoàn Lao động"),
        ("cooperate", "HLHPN huyện", "Hội Liên hiệp Phụ nữ"),
        ("cooperate", "VKSND huyện", "Viện Kiểm sát nhân dân"),
        ("lead", "TTYT huyện", "Trung tâm Y tế")]


def test_a_unit_named_after_a_group_heading_and_whose_group_it_is():
    d, o = _prep("IV. TỔ CHỨC THỰC HIỆN\n1. Các Sở, ban, ngành của Thành phố, UBND phường, xã\n- Triển khai.\n"
                 "2. Các doanh nghiệp phối hợp với các bộ, ngành, các trường đại học, cao đẳng xây dựng chương trình\n")
    assert [(u.role, u.name) for u in units.find(d, o, "Kế hoạch")] == [
        ("lead", "Các Sở, ban, ngành"), ("lead", "UBND phường, xã"), ("lead", "Các doanh nghiệp"),
        ("cooperate", "các bộ, ngành"), ("cooperate", "các trường đại học, cao đẳng")]


def test_the_youth_union_of_a_province_is_read_in_either_spelling():
    d, o = _prep("II. NỘI DUNG\n3. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Tỉnh Đoàn tổ chức các hoạt động hè.\n"
                 "4. Giao Huyện đoàn tổ chức.\n")
    got = [(u.role, u.name, u.canonical) for u in units.find(d, o, "Kế hoạch")]
    assert ("cooperate", "Tỉnh Đoàn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh") in got
    assert ("lead", "Huyện đoàn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh") in got


@pytest.mark.parametrize("name", ["Ban Dân vận Huyện ủy", "Đảng ủy xã", "Ban Thường vụ Huyện ủy",
                                  "Văn phòng Điều phối nông thôn mới", "Ban quản lý rừng phòng hộ", "BCH Quân sự huyện"])
def test_party_committees_and_lower_case_names_are_read_whole(name):
    d, o = _prep(f"II. NỘI DUNG\n1. Tuyên truyền\n- Phòng Tư pháp chủ trì, phối hợp với {name} tổ chức tuyên truyền.\n")
    assert [u.name for u in units.find(d, o, "Kế hoạch") if u.role == "cooperate"] == [name]


@pytest.mark.parametrize("sentence,expect", [
    ("UBND huyện giao nhiệm vụ cho Phòng Y tế huyện theo dõi, đôn đốc.", [("lead", "Phòng Y tế huyện")]),
    ("Giao trách nhiệm cho Phòng Y tế huyện theo dõi.", [("lead", "Phòng Y tế huyện")]),
    ("Phòng Y tế huyện là cơ quan thường trực, chủ trì theo dõi.", [("lead", "Phòng Y tế huyện")]),
    ("Phòng Y tế huyện (chủ trì), Phòng Giáo dục và Đào tạo huyện, Công an huyện (phối hợp) theo dõi.",
     [("lead", "Phòng Y tế huyện"), ("cooperate", "Phòng Giáo dục và Đào tạo huyện"), ("cooperate", "Công an huyện")]),
])
def test_more_ways_of_giving_a_task(sentence, expect):
    d, o = _prep(f"II. NỘI DUNG\n1. Chăm sóc sức khỏe\n- {sentence}\n")
    assert [(u.role, u.name) for u in units.find(d, o, "Kế hoạch")] == expect


@pytest.mark.parametrize("text,names", [
    # a stop word inside the words of a name (units.yaml name_phrases) does not end it
    ("III. TỔ CHỨC THỰC HIỆN\n- Giao Phòng Người có công chủ trì rà soát hồ sơ.", ["Phòng Người có công"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Trung tâm Công nghệ thông tin và Truyền thông xây dựng phần mềm.",
     ["Trung tâm Công nghệ thông tin và Truyền thông"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phòng Kế hoạch tổng hợp chủ trì, phối hợp với Khoa Khám bệnh triển khai.",
     ["Phòng Kế hoạch tổng hợp", "Khoa Khám bệnh"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện tổ chức.",
     ["Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện"]),
    # … but the same word as the verb after a name still ends it
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Sở Y tế hỗ trợ phát triển mạng lưới.", ["Sở Y tế"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Khoa Kiểm soát nhiễm khuẩn đào tạo nhân viên.",
     ["Khoa Kiểm soát nhiễm khuẩn"]),
    # the merged provincial newspaper and broadcaster; a commune body listed by level after "các"
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Báo và Phát thanh, Truyền hình Quảng Trị đưa tin.",
     ["Báo và Phát thanh, Truyền hình Quảng Trị"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với các Trạm Y tế xã, phường rà soát.", ["các Trạm Y tế xã, phường"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Phòng Cảnh sát phòng, chống tội phạm về môi trường Công an tỉnh kiểm tra.",
     ["Phòng Cảnh sát phòng, chống tội phạm về môi trường Công an tỉnh"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Ban Quản lý dự án các công trình xây dựng thị xã rà soát.",
     ["Ban Quản lý dự án các công trình xây dựng thị xã"]),
    # the levels of local government or of schools listed after a name
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Công an xã, phường, thị trấn tuần tra.", ["Công an xã, phường, thị trấn"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Ban Giám hiệu các trường mầm non, tiểu học sắp xếp thời gian.",
     ["Ban Giám hiệu các trường mầm non, tiểu học"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với UBND các huyện ven biển tổ chức.", ["UBND các huyện ven biển"]),
    # what was given to a body is no task
    ("III. KINH PHÍ\nTừ nguồn kinh phí đã giao cho Sở và nguồn tài trợ.", []),
    # "Khoa học" heads no unit
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Khoa học kỹ thuật tỉnh tổ chức hội thảo.", []),
])
def test_names_that_hold_a_stop_word_or_a_comma(text, names):
    assert _unit_names(text) == names


def test_posts_head_unit_headings_under_an_organization_section_without_accents():
    text = ("IV. TO CHUC THUC HIEN\n1. Hiệu trưởng\n- Chỉ đạo chung.\n2. Giáo viên chủ nhiệm\n- Nhắc nhở học sinh.\n"
            "3. Đề nghị Ủy ban MTTQ Việt Nam huyện và các đoàn thể chính trị - xã hội huyện\n- Vận động nhân dân.\n"
            "4. Tổng phụ trách Đội, Bí thư Chi đoàn: Tổ chức các hoạt động tập thể.\n"
            "5. Nhân viên y tế trường học phối hợp với Trạm Y tế phường sơ cứu, chăm sóc học sinh bị thương tích.\n")
    d, o = _prep(text)
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [
        ("Hiệu trưởng", "lead"), ("Giáo viên chủ nhiệm", "lead"), ("Ủy ban MTTQ Việt Nam huyện", "lead"),
        ("các đoàn thể chính trị - xã hội huyện", "lead"), ("Tổng phụ trách Đội", "lead"), ("Bí thư Chi đoàn", "lead"),
        ("Nhân viên y tế trường học", "lead"), ("Trạm Y tế phường", "cooperate")]
    # … but a post in the body is no unit
    d, o = _prep("II. NHIỆM VỤ\n- Giáo viên chủ nhiệm chủ trì, phối hợp với Nhân viên y tế kiểm tra.")
    assert units.find(d, o, "Kế hoạch") == []


@pytest.mark.parametrize("table", [
    # a markdown table in a text file
    "| TT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian |\n|---|---|---|---|---|\n"
    "| 1 | Ra quân tổng vệ sinh | Chi cục Thủy sản và Biển đảo | Đoàn Thanh niên Sở; UBND xã Lộc Hà | Ngày 20/9/2025 |\n"
    "| 2 | Kiểm tra thu gom | Thanh tra Sở | Phòng Môi trường; UBND các xã, phường | Quý IV/2025 |\n"
    "| 3 | Nâng cấp đường thôn | Phòng Kinh tế | Ban phát triển các thôn | Quý III/2025 |\n",
    # rows of a DOCX table
    "TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian\n"
    "1 | Ra quân tổng vệ sinh | Chi cục Thủy sản và Biển đảo | Đoàn Thanh niên Sở; UBND xã Lộc Hà | Ngày 20/9/2025\n"
    "2 | Kiểm tra thu gom | Thanh tra Sở | Phòng Môi trường; UBND các xã, phường | Quý IV/2025\n"
    "3 | Nâng cấp đường thôn | Phòng Kinh tế | Ban phát triển các thôn | Quý III/2025\n",
])
def test_units_in_the_lead_and_cooperate_columns_of_a_task_table(table):
    d, o = _prep("III. NỘI DUNG VÀ PHÂN CÔNG THỰC HIỆN\n" + table + "IV. KINH PHÍ\nNgân sách tỉnh.\n")
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [
        ("Chi cục Thủy sản và Biển đảo", "lead"), ("Đoàn Thanh niên Sở", "cooperate"), ("UBND xã Lộc Hà", "cooperate"),
        ("Thanh tra Sở", "lead"), ("Phòng Môi trường", "cooperate"), ("UBND các xã, phường", "cooperate"),
        # a cell holds a name whole, a stop word inside it or not
        ("Phòng Kinh tế", "lead"), ("Ban phát triển các thôn", "cooperate")]


def test_a_group_heading_keeps_a_name_phrase_with_a_stop_word_in_it():
    d, o = _prep("IV. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế\n- Chủ trì.\n2. Các cơ sở đào tạo đại học, sau đại học\n- Mở ngành.\n"
                 "3. Sở Tài chính\n- Bố trí kinh phí.\n")
    assert [u.name for u in units.find(d, o, "Kế hoạch")] == ["Sở Y tế", "Các cơ sở đào tạo đại học, sau đại học",
                                                            "Sở Tài chính"]


def test_bodies_of_forests_and_telecoms_and_the_verbs_after_them():
    d, o = _prep("III. TỔ CHỨC THỰC HIỆN\n- Công an huyện chủ trì, phối hợp với Hạt Kiểm lâm Bảo Lâm, Điện lực Thạch Hà và "
                 "Viễn thông Thạch Hà di dời đường dây.\n")
    assert [u.name for u in units.find(d, o, "Kế hoạch")] == ["Công an huyện", "Hạt Kiểm lâm Bảo Lâm", "Điện lực Thạch Hà",
                                                            "Viễn thông Thạch Hà"]


@pytest.mark.parametrize("text,names", [
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Hội LHPN cùng cấp tổ chức tuyên truyền.", ["Hội LHPN cùng cấp"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Ban Công tác Mặt trận các thôn, bon vận động nhân dân.",
     ["Ban Công tác Mặt trận các thôn, bon"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Chi hội Phụ nữ, Chi đoàn Thanh niên thôn tham gia.",
     ["Chi hội Phụ nữ", "Chi đoàn Thanh niên thôn"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Tổ tư vấn tâm lý học đường chủ trì tổ chức ngoại khóa.", ["Tổ tư vấn tâm lý học đường"]),
    # "Tổ chức" heads no unit
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Tổ chức Đoàn các cấp tuyên truyền.", []),
])
def test_bodies_of_villages_branches_and_teams(text, names):
    assert _unit_names(text) == names


@pytest.mark.parametrize("text,names", [
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Văn phòng Điều phối Chương trình xây dựng nông thôn mới huyện rà soát.",
     ["Văn phòng Điều phối Chương trình xây dựng nông thôn mới huyện"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với UBND các huyện, thị xã và thành phố Huế triển khai.",
     ["UBND các huyện, thị xã và thành phố Huế"]),
    ("III. TỔ CHỨC THỰC HIỆN\n- Phối hợp với Trung tâm Y tế huyện Yên Thành kiểm soát chi phí khám bệnh.",
     ["Trung tâm Y tế huyện Yên Thành"]),
])
def test_names_with_a_programme_or_a_last_level_after_va(text, names):
    assert _unit_names(text) == names


def test_a_report_named_by_its_quarter_is_no_period():
    d, o = _prep("II. NHIỆM VỤ\n- Báo cáo quý I trước ngày 10/3/2025, báo cáo quý III trước ngày 10/9/2025.")
    assert [x.text for x in deadlines.find(d, o, 2025, [], issued="2025-01-02")] == [
        "trước ngày 10/3/2025", "trước ngày 10/9/2025"]


def test_the_numbered_items_of_a_directive_name_their_units_and_a_name_cut_off_is_none():
    text = ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM\nSố: 05/CT-UBND\nQuảng Nam, ngày 28 tháng 3 năm 2022\nCHỈ THỊ\n"
            "Về công tác phòng, chống thiên tai năm 2022\nĐể chủ động ứng phó, Chủ tịch UBND tỉnh yêu cầu:\n"
            "1. Các sở, ban, ngành, UBND các huyện, thị xã, thành phố\n- Kiện toàn Ban Chỉ huy.\n"
            "2. Sở Nông nghiệp và Phát triển nông thôn (Cơ quan thường trực Ban Chỉ huy tỉnh): chủ trì, phối hợp "
            "với Đài Khí tượng Thủy văn tỉnh theo dõi thời tiết.\n3. Bộ Chỉ huy Quân sự tỉnh chủ trì, phối hợp với Công an tỉ")
    d, o = _prep(text)
    assert [(u.name, u.role) for u in units.find(d, o, "Chỉ thị")] == [
        ("Các sở, ban, ngành", "lead"), ("UBND các huyện, thị xã, thành phố", "lead"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "lead"), ("Đài Khí tượng Thủy văn tỉnh", "cooperate"),
        ("Bộ Chỉ huy Quân sự tỉnh", "lead")]


def test_a_heading_names_a_group_after_va_as_written():
    d, o = _prep("III. TỔ CHỨC THỰC HIỆN\n6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã và các đoàn thể: Tuyên "
                 "truyền, vận động đoàn viên.\n")
    assert [u.name for u in units.find(d, o, "Kế hoạch")] == ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "các đoàn thể"]


def test_the_closing_paragraph_runs_to_its_end_mark():
    d, o = _prep("II. NHIỆM VỤ\n- Báo cáo kết quả về Phòng Tư pháp.\nTrên đây là một số nội dung về công tác hộ tịch.\n"
                 "Đề nghị UBND các xã, thị trấn quan tâm, chỉ đạo triển khai thực hiện./.\nNơi nhận:\n- Như trên;\n"
                 "- Lưu: VT.\n")
    assert [(u.name, u.role) for u in units.find(d, o, "Công văn")] == [("UBND các xã, thị trấn", "lead")]


@pytest.mark.parametrize("text,names", [
    ("II. NỘI DUNG\n- Công chức Văn phòng - Thống kê xã chủ trì, phối hợp với Công an xã rà soát địa bàn.",
     ["Công chức Văn phòng - Thống kê xã", "Công an xã"]),
    ("II. NỘI DUNG\n- Tổ chức vào ngày 18/10. Thường trực Hội LHPN huyện chủ trì, phối hợp với Trung tâm Văn hóa huyện.",
     ["Thường trực Hội LHPN huyện", "Trung tâm Văn hóa huyện"]),
    # … but not the words in prose
    ("II. NỘI DUNG\n- Cán bộ, công chức, viên chức chủ trì các buổi sinh hoạt.", []),
])
def test_posts_before_a_capitalised_name_are_bodies(text, names):
    assert _unit_names(text) == names


def test_a_cell_a_line_table_whose_cells_list_bodies_a_line_each():
    # a name wrapped after its comma goes on; a body on the cell's next line is one of its own
    table = ("|\nTT\n|\nHoạt động\n|\nĐơn vị chủ trì\n|\nĐơn vị phối hợp\n|\n|\n1\n|\nGiám sát ca bệnh\n|\n"
             "Trung tâm Kiểm soát bệnh tật tỉnh\n|\nTrung tâm Y tế các huyện,\nthành phố\nCác bệnh viện tuyến tỉnh\n"
             "Báo Bắc Giang\n|\n|\n")
    assert _unit_names("II. CÁC HOẠT ĐỘNG\n" + table + "\nIII. KINH PHÍ\nNgân sách tỉnh.\n") == [
        "Trung tâm Kiểm soát bệnh tật tỉnh", "Trung tâm Y tế các huyện, thành phố", "Các bệnh viện tuyến tỉnh",
        "Báo Bắc Giang"]


def test_a_cell_a_line_table_in_a_text_without_blank_lines_after_a_header_with_bars():
    # the header's bars are no table with the body's prose as its cell, and the table's last row
    # ends before the next part's heading
    text = ("UBND TỈNH THÁI BÌNH\nSỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\n"
            "Số: 742/KH-STNMT\n|\nKẾ HOẠCH\nThu gom chất thải rắn năm 2024\nI. MỤC ĐÍCH\n"
            + "".join(f"{i}. Nội dung thứ {i} của kế hoạch.\n" for i in range(1, 18))
            + "II. NHIỆM VỤ\n|\nTT\n|\nNhiệm vụ\n|\nChủ trì\n|\nPhối hợp\n|\n|\n1\n|\nHướng dẫn phân loại\n|\n"
            "Chi cục Bảo vệ môi trường\n|\nUBND các xã, phường, thị trấn\n|\n|\n2\n|\nTổng hợp, báo cáo\n|\n"
            "Văn phòng Sở\n|\nThanh tra Sở\n|\nIII. TỔ CHỨC THỰC HIỆN\nCác phòng triển khai.\nNơi nhận:\n- Lưu: VT.\n|\n")
    d, o = _prep(text)
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [
        ("Chi cục Bảo vệ môi trường", "lead"), ("UBND các xã, phường, thị trấn", "cooperate"),
        ("Văn phòng Sở", "lead"), ("Thanh tra Sở", "cooperate")]


def test_a_task_table_whose_header_names_the_roles_on_a_second_row_under_its_rule():
    table = ("| TT | Nội dung | Đơn vị thực hiện | | Thời gian |\n|---|---|---|---|---|\n"
             "| | | Chủ trì | Phối hợp | |\n"
             "| 1 | Xây dựng bảng kiểm | Phòng Quản lý chất lượng | Văn phòng Cục | Tháng 8/2024 |\n"
             "| 2 | Kiểm tra tại các bệnh viện | Phòng Nghiệp vụ | Bệnh viện Bạch Mai; Sở Y tế Hà Nội | Tháng 9/2024 |\n")
    d, o = _prep("III. NỘI DUNG VÀ PHÂN CÔNG\n" + table + "\nIV. KINH PHÍ\nNgân sách nhà nước.\n")
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [
        ("Phòng Quản lý chất lượng", "lead"), ("Văn phòng Cục", "cooperate"), ("Phòng Nghiệp vụ", "lead"),
        ("Bệnh viện Bạch Mai", "cooperate"), ("Sở Y tế Hà Nội", "cooperate")]


def test_a_table_copied_a_cell_a_line_without_bars():
    # as a PDF viewer copies a table: "TT", the header's cells, then each row from its number; a
    # group's row is passed over, and a row with an empty cell (one line fewer) is left out
    table = ("TT\nNội dung\nCơ quan chủ trì\nĐơn vị phối hợp thực hiện\nThời gian hoàn thành\n"
             "1\nRà soát đối tượng bảo trợ xã hội\nPhòng Bảo trợ xã hội\nPhòng Lao động - Thương binh và Xã hội các huyện\n"
             "Tháng 3/2024\nII\nCHĂM SÓC NGƯỜI CAO TUỔI\n"
             "2\nKhám sức khỏe định kỳ\nPhòng Kế hoạch - Tài chính\nSở Y tế; Bảo hiểm xã hội tỉnh\nQuý II/2024\n"
             "3\nChúc thọ người cao tuổi\nHội Người cao tuổi tỉnh\nTháng 10/2024\n")
    d, o = _prep("II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN\n" + table + "\nIII. KINH PHÍ\nNgân sách tỉnh.\n")
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [
        ("Phòng Bảo trợ xã hội", "lead"), ("Phòng Lao động - Thương binh và Xã hội các huyện", "cooperate"),
        ("Phòng Kế hoạch - Tài chính", "lead"), ("Sở Y tế", "cooperate"), ("Bảo hiểm xã hội tỉnh", "cooperate")]


def test_a_table_copied_with_tabs_goes_on_under_its_group_rows_and_names_its_lead_column_otherwise():
    table = ("TT\tNội dung công việc\tĐơn vị thực hiện chính\tĐơn vị phối hợp\tThời gian\n"
             "I\tHẠ TẦNG VÀ DỮ LIỆU\t\t\t\n"
             "1\tRà soát hạ tầng mạng\tVăn phòng Sở\tPhòng Kế hoạch - Tài chính\tTháng 6/2024\n"
             "II\tQUẢN TRỊ\t\t\t\n"
             "2\tTriển khai học bạ số\tPhòng Giáo dục Trung học\tCác trường THPT trực thuộc\tNăm học 2024-2025\n")
    d, o = _prep("III. NHIỆM VỤ CỤ THỂ\n" + table + "IV. TỔ CHỨC THỰC HIỆN\nCác phòng triển khai.\n")
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [
        ("Văn phòng Sở", "lead"), ("Phòng Kế hoạch - Tài chính", "cooperate"),
        ("Phòng Giáo dục Trung học", "lead"), ("Các trường THPT trực thuộc", "cooperate")]
    # each row is a line of its own in the normalized text
    assert "\n2 Triển khai học bạ số Phòng Giáo dục Trung học" in d.text


def test_units_and_times_in_a_table_copied_from_word_with_tabs():
    table = ("TT\tHoạt động\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian\n"
             "1\tTập huấn kỹ năng phát hiện tội phạm\tPhòng Cảnh sát hình sự\tBan Gia đình - Xã hội Hội LHPN tỉnh\tQuý II/2025\n"
             "2\tSơ kết 01 năm thực hiện Kế hoạch\tPhòng Tham mưu Công an tỉnh\tVăn phòng Hội LHPN tỉnh\tTháng 12/2025\n")
    d, o = _prep("II. NỘI DUNG\n" + table + "III. KINH PHÍ\nNgân sách tỉnh.\n")
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [
        ("Phòng Cảnh sát hình sự", "lead"), ("Ban Gia đình - Xã hội Hội LHPN tỉnh", "cooperate"),
        ("Phòng Tham mưu Công an tỉnh", "lead"), ("Văn phòng Hội LHPN tỉnh", "cooperate")]


def test_no_time_in_annual_crops_or_in_a_year_cut_off():
    d, o = _prep("II. NHIỆM VỤ\n1. Chuyển sang trồng cây hằng năm 430 ha.\n2. Báo cáo kết quả trước ngày 20/8/2")
    assert deadlines.find(d, o, 2018, [], issued="2018-05-02") == []


def test_names_end_where_their_task_begins():
    text = ("III. TỔ CHỨC THỰC HIỆN\n1. Phòng Kinh tế\n- Chủ trì, phối hợp với Ban Nhân dân các ấp xác định địa bàn điều tra.\n"
            "- Phối hợp với Sở Tài chính nâng cấp trung tâm dữ liệu tỉnh; phối hợp với Tỉnh đoàn giải ngân vốn vay.\n"
            "- Phối hợp với Khoa Xét nghiệm lấy mẫu; phối hợp với Phòng Tài chính kế toán bố trí kinh phí.\n"
            "- Phối hợp với các trường Tiểu học, THCS trên địa bàn xã lập danh sách học sinh.\n"
            "2. Trưởng các thôn thông báo lịch tiêm phòng đến từng hộ gia đình.\n"
            "3. Phòng Phổ biến, giáo dục pháp luật (chủ trì), Văn phòng Sở (phối hợp) biên soạn đề cương.\n"
            "4. Khoa Phòng, chống bệnh truyền nhiễm\nChủ trì lấy mẫu.\n"
            "5. Đề nghị Công đoàn các sở, ngành và Công đoàn các khu công nghiệp vận động đoàn viên.\n")
    assert _unit_names(text) == [
        "Phòng Kinh tế", "Ban Nhân dân các ấp", "Sở Tài chính", "Tỉnh đoàn", "Khoa Xét nghiệm",
        "Phòng Tài chính kế toán", "các trường Tiểu học, THCS trên địa bàn xã", "Trưởng các thôn",
        "Phòng Phổ biến, giáo dục pháp luật", "Văn phòng Sở", "Khoa Phòng, chống bệnh truyền nhiễm",
        "Công đoàn các sở, ngành", "Công đoàn các khu công nghiệp"]


def test_a_heading_unit_and_its_body_on_the_next_line_and_a_person_chairing():
    text = ("III. TỔ CHỨC THỰC HIỆN\n5. Văn phòng Sở\nTiếp nhận thông tin, phối hợp với Trung tâm Kiểm soát bệnh tật.\n"
            "6. Các cơ sở giáo dục phổ thông\nHiệu trưởng chịu trách nhiệm về hồ sơ.\n")
    assert _unit_names(text) == ["Văn phòng Sở", "Trung tâm Kiểm soát bệnh tật", "Các cơ sở giáo dục phổ thông"]
    text = ("I. TÌNH HÌNH\nNgày 12/3/2024, đồng chí Hoàng Văn Tuấn, Phó Chủ tịch UBND huyện, Trưởng Ban Chỉ đạo phòng, "
            "chống dịch bệnh động vật huyện chủ trì cuộc họp triển khai các biện pháp.\nII. TỔ CHỨC THỰC HIỆN\n"
            "1. Phòng Nông nghiệp huyện chủ trì triển khai.\n")
    assert _unit_names(text) == ["Phòng Nông nghiệp huyện"]


def test_a_span_over_before_the_issue_date_leaves_no_day_to_read_again():
    d, o = _prep("I. TÌNH HÌNH\nNăm 2025, đợt mưa lũ lịch sử từ ngày 26/10 đến ngày 01/11/2025 làm 09 người chết.\n"
                 "II. NHIỆM VỤ\n1. Báo cáo trước ngày 20/5.\n")
    got = [(x.kind, x.end) for x in deadlines.find(d, o, 2026, [], issued="2026-03-01")]
    assert got == [("deadline", "2026-05-20")]


def test_a_name_the_excerpt_cut_off_and_a_festival_are_no_units():
    text = ("II. NHIỆM VỤ\n1. Hội thao, giải chạy việt dã chủ trì bởi Đoàn xã.\n"
            "2. Giao UBND xã Đồng Tâm hoàn thành việc chi trả.\n"
            "3. Phòng Giáo dục và Đào tạo thành phố chủ trì, phối hợp với Trung tâm Y tế thà")
    assert _unit_names(text) == ["UBND xã Đồng Tâm", "Phòng Giáo dục và Đào tạo thành phố"]


def test_a_name_of_fields_whose_first_field_has_two_capitalised_words():
    text = ("III. TỔ CHỨC THỰC HIỆN\n1. Sở Kế hoạch và Đầu tư\nChủ trì.\n"
            "2. Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh\nThực hiện các hoạt động xúc tiến.\n")
    assert _unit_names(text) == ["Sở Kế hoạch và Đầu tư", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"]


@pytest.mark.parametrize("table", [
    # names a line each in a markdown cell, written with <br> and dashes
    "| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n|---|---|---|---|---|\n"
    "| 1 | Xây dựng kế hoạch | Sở Y tế | Sở Tài chính<br>- Sở Nội vụ | Quý I/2025 |\n"
    "| 2 | Tổ chức tập huấn | Sở Giáo dục và Đào tạo | - Tỉnh đoàn | Tháng 6/2025 |\n",
    # an HTML table, as converters write a table with merged cells, its header cells in paragraphs
    "<table><thead><tr><th><strong>TT</strong></th><th>Nội dung</th><th><p><strong>Cơ quan</strong></p><p><strong>chủ "
    "trì</strong></p></th><th>Cơ quan phối hợp</th><th>Thời gian</th></tr></thead><tbody>\n<tr><td>1</td><td>Xây dựng "
    "kế hoạch</td><td>Sở Y tế</td><td><p>Sở Tài chính;</p><p>Sở Nội vụ</p></td><td>Quý I/2025</td></tr>\n<tr><td>2</td>"
    "<td>Tổ chức tập huấn</td><td>Sở Giáo dục và Đào tạo</td><td>Tỉnh đoàn</td><td>Tháng 6/2025</td></tr></tbody></table>\n",
])
def test_units_in_task_tables_with_lines_in_their_cells_or_written_in_html(table):
    d, o = _prep("II. NHIỆM VỤ CỤ THỂ\n" + table + "III. TỔ CHỨC THỰC HIỆN\nCác cơ quan triển khai.\n")
    assert [(u.name, u.role) for u in units.find(d, o, "Kế hoạch")] == [
        ("Sở Y tế", "lead"), ("Sở Tài chính", "cooperate"), ("Sở Nội vụ", "cooperate"),
        ("Sở Giáo dục và Đào tạo", "lead"), ("Tỉnh đoàn", "cooperate")]
    assert "<" not in d.text and "\nXây dựng kế hoạch\n" in d.text


def test_times_in_a_part_that_tells_what_was_done_are_facts():
    d, o = _prep("I. KẾT QUẢ THỰC HIỆN NĂM 2024\n1. Tình hình chung\nNăm 2024, toàn tỉnh tổ chức 15 lớp tập huấn; "
                 "trong tháng 12/2024 đã kiểm tra 30 cơ sở.\nII. NHIỆM VỤ, GIẢI PHÁP NĂM 2025\n"
                 "1. Tổ chức tập huấn trong Quý I/2025, báo cáo trước ngày 20/12/2025.\n")
    got = [(x.kind, x.text) for x in deadlines.find(d, o, 2025, [], issued="2024-12-10")]
    assert got == [("period", "Quý I/2025"), ("deadline", "trước ngày 20/12/2025")]
    # a part that tells the results and the tasks to come keeps its times
    d, o = _prep("I. KẾT QUẢ VÀ NHIỆM VỤ NĂM 2025\n1. Tổ chức tập huấn trong Quý I/2025.\n")
    assert [x.text for x in deadlines.find(d, o, 2025, [], issued="2024-12-10")] == ["Quý I/2025"]


def test_a_request_to_the_holders_of_posts():
    text = ("Chủ tịch UBND huyện đề nghị các đồng chí Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các xã, thị trấn "
            "thực hiện tốt các nội dung sau:\n1. Phòng Văn hóa - Xã hội huyện: Tham mưu UBND huyện chỉ đạo.\n")
    assert _unit_names(text, "Công văn") == ["Chủ tịch UBND các xã, thị trấn", "Phòng Văn hóa - Xã hội huyện"]


def test_names_with_a_verb_inside_and_task_headings_under_the_organization_part():
    text = ("III. TỔ CHỨC THỰC HIỆN\n1. Công an xã\n- Phối hợp với Ban bảo vệ trẻ em xã xử lý kịp thời các vụ việc; "
            "phối hợp với Trạm Y tế xã An Lạc tập huấn sơ cứu; phối hợp với Phòng Văn hóa - Xã hội bảo vệ an toàn cho "
            "trẻ em.\n2. Đề nghị Trung tâm Dịch vụ tổng hợp xã hỗ trợ âm thanh.\n")
    assert _unit_names(text) == ["Công an xã", "Ban bảo vệ trẻ em xã", "Trạm Y tế xã An Lạc", "Phòng Văn hóa - Xã hội",
                                 "Trung tâm Dịch vụ tổng hợp xã"]


def test_a_comma_without_its_space_and_a_heading_whose_body_names_its_unit_again():
    text = ("IV. TỔ CHỨC THỰC HIỆN\n1. Hội Chữ thập đỏ huyện\nChủ trì, phối hợp với Trung tâm Y tế huyện,Bệnh viện Đa khoa "
            "huyện tổ chức Ngày hội.\n4. Phòng Lao động - Thương binh và Xã hội, Phòng Tài chính - Kế hoạch\n"
            "Phòng Lao động - Thương binh và Xã hội hướng dẫn thực hiện chính sách.\n")
    assert _unit_names(text) == ["Hội Chữ thập đỏ huyện", "Trung tâm Y tế huyện", "Bệnh viện Đa khoa huyện",
                                 "Phòng Lao động - Thương binh và Xã hội", "Phòng Tài chính - Kế hoạch"]


def test_a_name_ends_at_a_lower_case_word_after_its_place():
    text = ("II. NHIỆM VỤ\n1. Sở Giao thông vận tải chủ trì, phối hợp với Ủy ban nhân dân huyện Tương Dương khẩn trương "
            "khắc phục các điểm sạt lở trên quốc lộ 7.\n")
    assert _unit_names(text) == ["Sở Giao thông vận tải", "Ủy ban nhân dân huyện Tương Dương"]


def test_a_letters_lettered_items_under_an_item_for_a_group_name_their_units():
    text = ("Để chủ động phòng chống dịch, UBND tỉnh yêu cầu:\n1. Đối với các sở, ban, ngành:\n"
            "a) Sở Y tế: Chỉ đạo các đơn vị y tế giám sát chặt chẽ.\nb) Sở Giáo dục và Đào tạo chỉ đạo các trường học.\n"
            "2. Công tác tuyên truyền\na) Tổ chức hội nghị.\n")
    assert _unit_names(text, "Công văn") == ["Sở Y tế", "Sở Giáo dục và Đào tạo"]


def test_a_heading_lists_names_without_a_body_word_and_cultural_bodies():
    text = ("IV. TỔ CHỨC THỰC HIỆN\n7. Đề nghị Viễn thông Quảng Trị, Viettel Quảng Trị, Bưu điện tỉnh\nBảo đảm hạ tầng.\n"
            "8. Đài Phát thanh và Truyền hình tỉnh, Báo Phú Yên, Cổng thông tin điện tử tỉnh\nTuyên truyền.\n"
            "9. Bảo tàng tỉnh\nTrưng bày.\n")
    assert _unit_names(text) == ["Viễn thông Quảng Trị", "Viettel Quảng Trị", "Bưu điện tỉnh",
                                 "Đài Phát thanh và Truyền hình tỉnh", "Báo Phú Yên", "Cổng thông tin điện tử tỉnh",
                                 "Bảo tàng tỉnh"]


def test_units_of_a_ministry_plan_named_for_every_province_and_with_commas_in_their_names():
    text = ("III. TỔ CHỨC THỰC HIỆN\n"
            "1. Cục Y tế dự phòng\n- Là đơn vị đầu mối, chủ trì, phối hợp với Cục Quản lý Khám, chữa bệnh, Vụ Truyền thông "
            "và Thi đua, khen thưởng tổ chức triển khai Kế hoạch.\n"
            "2. Đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo triển khai Kế hoạch.\n"
            "3. Công an các tỉnh, thành phố trực thuộc Trung ương chủ trì, phối hợp với Công an các quận, huyện, thị xã, "
            "thành phố thuộc tỉnh kiểm tra.\n"
            "4. Cục Phát thanh, truyền hình và Thông tin điện tử chủ trì, phối hợp với Cục Văn hóa cơ sở, Gia đình và Thư "
            "viện, Sở Văn hóa, Thể thao và Du lịch các tỉnh, thành phố tổ chức tuyên truyền.\n"
            "5. Ban Quản lý Làng Văn hóa - Du lịch các dân tộc Việt Nam chủ trì tổ chức Ngày hội.\n"
            "6. Trung ương Hội Sinh viên Việt Nam\nPhối hợp với Tạp chí Phụ nữ Việt Nam, Liên đoàn Điền kinh Việt Nam "
            "tổ chức giải chạy.\n"
            "7. Sở Y tế chủ trì, phối hợp với UBND các phường Minh Xuân, Nông Tiến và Mỹ Lâm, Công an tỉnh kiểm tra.\n")
    assert _unit_names(text) == [
        "Cục Y tế dự phòng", "Cục Quản lý Khám, chữa bệnh", "Vụ Truyền thông và Thi đua, khen thưởng",
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        "Công an các tỉnh, thành phố trực thuộc Trung ương", "Công an các quận, huyện, thị xã, thành phố thuộc tỉnh",
        "Cục Phát thanh, truyền hình và Thông tin điện tử", "Cục Văn hóa cơ sở, Gia đình và Thư viện",
        "Sở Văn hóa, Thể thao và Du lịch các tỉnh, thành phố",
        "Ban Quản lý Làng Văn hóa - Du lịch các dân tộc Việt Nam",
        "Trung ương Hội Sinh viên Việt Nam", "Tạp chí Phụ nữ Việt Nam", "Liên đoàn Điền kinh Việt Nam",
        "Sở Y tế", "UBND các phường Minh Xuân, Nông Tiến và Mỹ Lâm", "Công an tỉnh"]


def test_units_described_in_brackets_named_with_commas_and_dashes_or_ended_after_their_tail():
    text = ("II. NHIỆM VỤ\n"
            "1. Sở Y tế (cơ quan thường trực Ban Chỉ đạo liên ngành về an toàn thực phẩm tỉnh) chủ trì, phối hợp với "
            "Trung tâm Văn hóa, Thông tin - Thể thao và Du lịch huyện tổ chức lễ phát động.\n"
            "2. Đội Chỉ huy, điều khiển giao thông chủ trì, phối hợp với Đội Tham mưu, tổng hợp, Cục Phát thanh, "
            "truyền hình và thông tin điện tử tổ chức phân luồng giao thông.\n"
            "3. Đề nghị Giám đốc các bệnh viện trực thuộc Bộ Y tế, Giám đốc Sở Y tế các tỉnh, thành phố trực thuộc "
            "Trung ương khẩn trương rà soát.\n"
            "4. Đề nghị Hội LHPN cùng cấp, Ban Vì sự tiến bộ phụ nữ các bộ, ngành hướng dẫn.\n")
    assert _unit_names(text) == [
        "Sở Y tế", "Trung tâm Văn hóa, Thông tin - Thể thao và Du lịch huyện",
        "Đội Chỉ huy, điều khiển giao thông", "Đội Tham mưu, tổng hợp",
        "Cục Phát thanh, truyền hình và thông tin điện tử",
        "Giám đốc các bệnh viện trực thuộc Bộ Y tế", "Giám đốc Sở Y tế các tỉnh, thành phố trực thuộc Trung ương",
        "Hội LHPN cùng cấp", "Ban Vì sự tiến bộ phụ nữ các bộ, ngành"]


def test_units_of_schools_hospitals_and_communes_in_prose_and_in_a_table():
    text = ("II. NHIỆM VỤ\n"
            "| TT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian |\n|---|---|---|---|---|\n"
            "| 1 | Bàn giao danh sách học sinh | Các trường học | Đoàn xã, thị trấn; Trạm Y tế xã, phường | Tháng 5/2024 |\n"
            "- Chủ tịch UBND xã giao Phòng Kinh tế (đối với xã) hoặc Phòng Kinh tế, Hạ tầng và Đô thị (đối với phường) "
            "chủ trì thực hiện.\n"
            "- Giao Tổ Văn phòng chủ trì kiểm tra; Tổ nuôi dưỡng chủ trì xây dựng thực đơn.\n"
            "- Phối hợp với Khoa Bệnh nhiệt đới - Nhi tổng hợp, Công an phường sở tại thực hiện.\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Liên đội và Chi đoàn giáo viên\nTổ chức sinh hoạt hè.\n")
    assert _unit_names(text) == [
        "Các trường học", "Đoàn xã, thị trấn", "Trạm Y tế xã, phường", "Phòng Kinh tế",
        "Phòng Kinh tế, Hạ tầng và Đô thị", "Tổ Văn phòng", "Tổ nuôi dưỡng", "Khoa Bệnh nhiệt đới - Nhi tổng hợp",
        "Công an phường sở tại", "Liên đội", "Chi đoàn giáo viên"]


def test_units_with_commas_dashes_or_a_code_in_their_names_and_names_ended_by_a_verb():
    text = ("II. NHIỆM VỤ\n"
            "- Giao Phòng Tham mưu (PV01) là đơn vị thường trực; Phòng Cảnh sát hình sự (PC02) chủ trì xác minh.\n"
            "- Giao Phòng Quản lý vận tải, phương tiện và người lái chủ trì, phối hợp với Trung tâm Giám sát, điều hành "
            "đô thị thông minh, Ban vì sự tiến bộ của phụ nữ phường, Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân "
            "dân tỉnh thực hiện.\n"
            "- Công chức văn hóa - xã hội xã chủ trì, phối hợp với Công chức địa chính - xây dựng xã, phường thực hiện.\n"
            "- Giao Phòng Giáo dục Trung học chủ trì, phối hợp với Phòng Khảo thí và Quản lý chất lượng giáo dục ra đề "
            "thi; phối hợp với Phòng Kinh tế thanh, quyết toán kinh phí.\n")
    assert _unit_names(text) == [
        "Phòng Tham mưu (PV01)", "Phòng Cảnh sát hình sự (PC02)", "Phòng Quản lý vận tải, phương tiện và người lái",
        "Trung tâm Giám sát, điều hành đô thị thông minh", "Ban vì sự tiến bộ của phụ nữ phường",
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "Công chức văn hóa - xã hội xã",
        "Công chức địa chính - xây dựng xã, phường", "Phòng Giáo dục Trung học",
        "Phòng Khảo thí và Quản lý chất lượng giáo dục", "Phòng Kinh tế"]


def test_units_of_agriculture_and_construction_with_commas_in_their_names_and_a_name_cut_after_a_dash():
    text = ("II. NHIỆM VỤ\n"
            "- Giao Chi cục Quản lý chất lượng nông, lâm sản và thủy sản chủ trì, phối hợp với Hội đồng bồi thường, "
            "hỗ trợ và tái định cư huyện, Ban Quản lý dự án xây dựng giao thông tỉnh Bắc Ninh, Phòng Cảnh sát phòng "
            "cháy, chữa cháy và cứu nạn, cứu hộ thực hiện; phối hợp với Phòng Y tế đối chiếu số liệu.\n"
            "- Phối hợp với Trung tâm Giáo dục nghề nghiệp - Giáo")
    assert _unit_names(text) == [
        "Chi cục Quản lý chất lượng nông, lâm sản và thủy sản", "Hội đồng bồi thường, hỗ trợ và tái định cư huyện",
        "Ban Quản lý dự án xây dựng giao thông tỉnh Bắc Ninh",
        "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ", "Phòng Y tế"]


def test_the_members_listed_after_a_vague_group_and_names_ended_by_their_task():
    text = ("II. NHIỆM VỤ\n- Phòng Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các đơn vị: Ban Chỉ huy Quân "
            "sự huyện, Công an huyện rà soát các khu dân cư.\n"
            "- Phối hợp với các đơn vị liên quan (Trung tâm Y tế huyện, Phòng Kinh tế và Hạ tầng) kiểm tra.\n"
            "- Phối hợp với các cơ quan liên quan (nếu có) kiểm tra.\n"
            "- Công an huyện chủ trì, phối hợp với Đồn Biên phòng Môn Sơn nắm chắc tình hình; phối hợp với Hạt Quản lý "
            "đường bộ bảo đảm giao thông thông suốt.\n")
    assert _unit_names(text) == [
        "Phòng Nông nghiệp và Phát triển nông thôn", "Ban Chỉ huy Quân sự huyện", "Công an huyện",
        "Trung tâm Y tế huyện", "Phòng Kinh tế và Hạ tầng", "Công an huyện", "Đồn Biên phòng Môn Sơn",
        "Hạt Quản lý đường bộ"]


def test_party_levels_a_group_of_a_body_brackets_that_give_roles_and_a_name_cut_after_its_and():
    text = ("IV. TỔ CHỨC THỰC HIỆN\n"
            "1. Ban Tuyên giáo các huyện ủy, thành ủy, thị ủy, đảng ủy trực thuộc: tham mưu cấp ủy chỉ đạo tuyên truyền.\n"
            "2. Đề nghị các tổ chức thành viên của Ủy ban MTTQ Việt Nam huyện\nVận động hội viên tham gia.\n"
            "3. Đảng đoàn Hội đồng nhân dân huyện lãnh đạo ban hành nghị quyết.\n"
            "4. Phòng Tư pháp\n"
            "- Tổ chức tập huấn (Phòng Lao động - TB&XH chủ trì; Phòng Nội vụ, Công an huyện phối hợp); phối hợp với "
            "Cơ quan Cảnh sát điều tra Công an huyện trao đổi thông tin; phối hợp với Trung tâm Công nghệ thông tin "
            "và Truyền")
    assert _unit_names(text) == [
        "Ban Tuyên giáo các huyện ủy, thành ủy, thị ủy, đảng ủy trực thuộc",
        "các tổ chức thành viên của Ủy ban MTTQ Việt Nam huyện", "Đảng đoàn Hội đồng nhân dân huyện", "Phòng Tư pháp",
        "Phòng Lao động - TB&XH", "Phòng Nội vụ", "Công an huyện", "Cơ quan Cảnh sát điều tra Công an huyện"]


def test_a_letters_item_for_a_group_in_small_letters_and_names_ended_by_more_verbs():
    text = ("Sở Giáo dục và Đào tạo hướng dẫn các đơn vị thực hiện một số nội dung sau:\n"
            "1. Đối với Phòng GD&ĐT các huyện\n- Chỉ đạo các trường khám sức khỏe cho học sinh.\n"
            "2. Đối với các đơn vị trực thuộc Sở\n"
            "- Phối hợp với Đồn Biên phòng Lũng Cú nắm tình hình học sinh; phối hợp chặt chẽ với Hạt Kiểm lâm và chính "
            "quyền địa phương sở tại tuần tra; đề nghị Đài Phát thanh - Truyền hình Quảng Ngãi tăng thời lượng phát sóng.\n"
            "- Giao Vườn quốc gia Bạch Mã chủ trì, phối hợp với Bộ phận Một cửa huyện thực hiện.\n")
    assert _unit_names(text, "Công văn") == [
        "Phòng GD&ĐT các huyện", "các đơn vị trực thuộc Sở", "Đồn Biên phòng Lũng Cú", "Hạt Kiểm lâm",
        "Đài Phát thanh - Truyền hình Quảng Ngãi", "Vườn quốc gia Bạch Mã", "Bộ phận Một cửa huyện"]


def test_office_holders_of_groups_in_a_heading_and_names_holding_a_role_word_or_commas():
    text = ("IV. TỔ CHỨC THỰC HIỆN\n"
            "1. Trưởng các phòng, Thủ trưởng các đơn vị thuộc Sở\nTổ chức thực hiện Kế hoạch.\n"
            "2. Thủ trưởng các cơ quan, đơn vị; Chủ tịch UBND các xã, thị trấn:\nTriển khai thực hiện.\n"
            "3. Văn phòng Sở\n- Cơ quan chủ trì: Hội đồng phối hợp PBGDPL tỉnh.\n"
            "- Đơn vị chủ trì: Phòng Chính trị, tư tưởng; đơn vị phối hợp: Phòng Tổ chức, biên chế và tổ chức phi "
            "chính phủ; thời gian: tháng 4/2018.\n")
    assert _unit_names(text) == [
        "Trưởng các phòng", "Thủ trưởng các đơn vị thuộc Sở", "Thủ trưởng các cơ quan, đơn vị",
        "Chủ tịch UBND các xã, thị trấn", "Văn phòng Sở", "Hội đồng phối hợp PBGDPL tỉnh", "Phòng Chính trị, tư tưởng",
        "Phòng Tổ chức, biên chế và tổ chức phi chính phủ"]


def test_which_places_of_a_plural_level_stay_with_the_name():
    text = ("II. NHIỆM VỤ\n- Giao Ban Quản lý dự án chủ trì, phối hợp với UBND các xã, phường có dự án đi qua tổ chức "
            "bàn giao mặt bằng; phối hợp với UBND các xã có đê, Công an huyện kiểm tra.\n")
    assert _unit_names(text) == ["Ban Quản lý dự án", "UBND các xã, phường có dự án đi qua", "UBND các xã có đê",
                                 "Công an huyện"]


def test_which_places_of_a_plural_level_by_their_kind_of_area():
    text = ("II. NHIỆM VỤ\n- Phòng Dân tộc chủ trì, phối hợp với UBND các xã đặc biệt khó khăn báo cáo kết quả; "
            "phối hợp với UBND các xã, thị trấn vùng đồng bào dân tộc thiểu số tổ chức tuyên truyền.\n")
    assert _unit_names(text) == ["Phòng Dân tộc", "UBND các xã đặc biệt khó khăn",
                                 "UBND các xã, thị trấn vùng đồng bào dân tộc thiểu số"]


def test_the_places_a_body_serves_listed_after_its_field():
    text = ("II. TỔ CHỨC THỰC HIỆN\n1. Phòng Quản lý bảo trì: theo dõi.\n"
            "2. Đề nghị Sở Giao thông vận tải các tỉnh Thanh Hóa, Nghệ An, Hà Tĩnh, Quảng Bình\nPhối hợp kiểm tra.\n"
            "3. Sở Y tế phối hợp với UBND các xã Tân An, Tân Lập tổ chức tuyên truyền.\n")
    assert _unit_names(text) == ["Phòng Quản lý bảo trì", "Sở Giao thông vận tải các tỉnh Thanh Hóa, Nghệ An, Hà Tĩnh, Quảng Bình",
                                 "Sở Y tế", "UBND các xã Tân An, Tân Lập"]


def test_a_commune_official_named_by_an_abbreviated_field():
    text = "II. NHIỆM VỤ\n- Trạm Y tế xã chủ trì, phối hợp với Công chức LĐ-TB&XH xã, Tổ ATTP xã rà soát danh sách.\n"
    assert _unit_names(text) == ["Trạm Y tế xã", "Công chức LĐ-TB&XH xã", "Tổ ATTP xã"]


def test_the_chief_inspector_of_a_level_and_a_verb_that_ends_a_name():
    text = ("II. TỔ CHỨC THỰC HIỆN\n1. Chánh Thanh tra các sở: Tổ chức thực hiện.\n"
            "2. Chánh Thanh tra các huyện, thị xã, thành phố: Tham mưu.\n"
            "3. Phòng Y tế phối hợp với Phòng Kinh tế cắm biển cảnh báo; phối hợp với Chánh Thanh tra tỉnh kiểm tra.\n")
    assert _unit_names(text) == ["Chánh Thanh tra các sở", "Chánh Thanh tra các huyện, thị xã, thành phố", "Phòng Y tế",
                                 "Phòng Kinh tế", "Chánh Thanh tra tỉnh"]


def test_names_holding_a_field_with_a_task_word_or_places_after_their_field():
    text = ("II. NHIỆM VỤ\n- Sở Tài chính chủ trì, phối hợp với Trung tâm Phát triển quỹ đất tỉnh, Hội đồng thẩm định giá "
            "đất tỉnh và Hội đồng bồi thường, hỗ trợ và tái định cư các huyện Thọ Xuân, Triệu Sơn, Như Thanh tổ chức.\n")
    assert _unit_names(text) == ["Sở Tài chính", "Trung tâm Phát triển quỹ đất tỉnh", "Hội đồng thẩm định giá đất tỉnh",
                                 "Hội đồng bồi thường, hỗ trợ và tái định cư các huyện Thọ Xuân, Triệu Sơn, Như Thanh"]


_DECISION_WITH_PLAN = """QUYẾT ĐỊNH
Ban hành Kế hoạch kiểm tra chuyên ngành năm học 2021 - 2022
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm tra chuyên ngành.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 3;
- Lưu: VT, TTr.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Hoàng Minh Lương
KẾ HOẠCH
KIỂM TRA CHUYÊN NGÀNH NĂM HỌC 2021 - 2022
(Kèm theo Quyết định số 1456/QĐ-SGD&ĐT ngày 20/9/2021 của Giám đốc Sở Giáo dục và Đào tạo)
I. NỘI DUNG
1. Kiểm tra công tác tuyển sinh
- Đơn vị chủ trì: Phòng Giáo dục Trung học; đơn vị phối hợp: Thanh tra Sở.
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng Sở
Bố trí kinh phí.
PHỤ LỤC
(Kèm theo Kế hoạch ban hành tại Quyết định số 1456/QĐ-SGD&ĐT)
- Đơn vị chủ trì: Phòng Nội vụ.
"""


def test_a_plan_a_decision_issues_after_its_signature_assigns_tasks():
    # the plan attached after the decision's recipients and signature is read; its appendix is not
    assert _unit_names(_DECISION_WITH_PLAN, "Quyết định") == ["Phòng Giáo dục Trung học", "Thanh tra Sở", "Văn phòng Sở"]


def test_a_group_of_bodies_of_several_kinds_is_one_unit():
    text = ("II. NHIỆM VỤ\n- Sở Y tế chủ trì, phối hợp với các phòng, đơn vị trực thuộc Sở, Công an tỉnh tổ chức; "
            "phối hợp với các sở, ban, ngành, UBND các huyện kiểm tra.\n"
            "- Đơn vị phối hợp: Các phòng, ban, ngành, đoàn thể thành phố; các phòng, ban chuyên môn.\n")
    assert _unit_names(text) == ["Sở Y tế", "các phòng, đơn vị trực thuộc Sở", "Công an tỉnh", "các sở, ban, ngành",
                                 "UBND các huyện", "Các phòng, ban, ngành, đoàn thể thành phố", "các phòng, ban chuyên môn"]


def test_two_lettered_items_that_name_bodies_under_the_tasks_of_a_letter():
    text = ("Kính gửi: Các đơn vị.\n1. Chủ đề, thời gian\n- Thời gian: từ ngày 01/10/2018.\n2. Nhiệm vụ cụ thể\n"
            "a) Phòng GDĐT các huyện, thị xã, thành phố\n- Tham mưu UBND cấp huyện ban hành kế hoạch.\n"
            "b) Các trường trung học phổ thông, Trung tâm GDNN-GDTX các huyện\n- Tổ chức cho học sinh tham gia.\n")
    assert _unit_names(text, "Công văn") == ["Phòng GDĐT các huyện, thị xã, thành phố", "Các trường trung học phổ thông",
                                             "Trung tâm GDNN-GDTX các huyện"]


@pytest.mark.parametrize("tail,names", [
    # a level's list cut after its comma: the name was cut too
    ("phối hợp: Sở Y tế, Sở Tài chính, Ủy ban nhân dân các xã, ph", ["Sở Nội vụ", "Sở Y tế", "Sở Tài chính"]),
    # … not a name followed by the first word of the next body
    ("phối hợp với Sở Y tế, Sở", ["Sở Nội vụ", "Sở Y tế"]),
    # a vague group before a named unit
    ("phối hợp với chính quyền địa phương, Trung tâm Y tế các huyện bảo đảm an ninh.", ["Sở Nội vụ", "Trung tâm Y tế các huyện"]),
])
def test_the_end_of_an_excerpt_and_a_group_before_a_unit(tail, names):
    assert _unit_names("KẾ HOẠCH\nThực hiện năm 2025\nI. NHIỆM VỤ\n1. Tuyên truyền\nSở Nội vụ chủ trì, " + tail) == names


def test_a_bullet_that_gives_its_body_a_cooperating_part():
    text = ("II. NHIỆM VỤ\n- Phòng Văn hóa và Thông tin: phối hợp đăng tải thông tin trên Trang thông tin điện tử.\n"
            "- Phòng Y tế: phối hợp với Trạm Y tế xã kiểm tra.\n- Phòng Nội vụ: chủ trì tổng hợp.\n")
    assert [(u.name, u.role) for u in units.find(*_prep(text), "Kế hoạch")] == [
        ("Phòng Văn hóa và Thông tin", "cooperate"), ("Trạm Y tế xã", "cooperate"), ("Phòng Nội vụ", "lead")]


def test_a_heading_that_asks_a_body_to_act_names_it():
    text = ("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nBảo đảm an toàn.\n2. Yêu cầu\nPhòng Y tế nắm chắc tình hình.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Yêu cầu Chủ tịch UBND các xã, thị trấn: Chịu trách nhiệm trước Chủ tịch UBND huyện.\n"
            "2. Phòng Nông nghiệp và Môi trường: Theo dõi, tổng hợp.\n")
    assert _unit_names(text) == ["Chủ tịch UBND các xã, thị trấn", "Phòng Nông nghiệp và Môi trường"]


def test_which_schools_by_their_pupils_stay_with_the_name():
    text = ("III. TỔ CHỨC THỰC HIỆN\n1. Hiệu trưởng các trường có học sinh bán trú, nội trú: không cho học sinh tự ý "
            "rời trường.\n2. Phòng Giáo dục và Đào tạo chủ trì, phối hợp với Ban Giám hiệu các trường có học sinh "
            "bán trú, Trung tâm Y tế huyện kiểm tra.\n3. Giao Phòng Chính trị, tư tưởng và Công tác học sinh, sinh "
            "viên chủ trì tổng hợp.\n")
    assert _unit_names(text) == ["Hiệu trưởng các trường có học sinh bán trú, nội trú", "Phòng Giáo dục và Đào tạo",
                                 "Ban Giám hiệu các trường có học sinh bán trú", "Trung tâm Y tế huyện",
                                 "Phòng Chính trị, tư tưởng và Công tác học sinh, sinh viên"]


def test_a_handing_over_gives_no_task():
    text = ("II. NHIỆM VỤ\n1. Cấp phát gạo\nPhòng Lao động - Thương binh và Xã hội tiếp nhận gạo, vận chuyển đến "
            "các xã; bàn giao cho các trường theo danh sách; chuyển giao cho Trung tâm Y tế huyện hồ sơ. Giao Phòng "
            "Dân tộc kiểm tra.\n")
    assert _unit_names(text) == ["Phòng Dân tộc"]


def test_a_numbered_field_of_cooperating_bodies_is_no_unit_heading():
    text = ("III. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội huyện chủ trì tham mưu.\n"
            "2. Cơ quan phối hợp: Công an huyện, Trung tâm Y tế huyện.\n3. Đơn vị chủ trì: Huyện đoàn.\n")
    assert _unit_names(text) == ["Phòng Văn hóa - Xã hội huyện", "Công an huyện", "Trung tâm Y tế huyện", "Huyện đoàn"]


def test_people_and_households_in_a_list_of_partners_are_passed_over():
    text = ("II. NHIỆM VỤ\n- Phòng Y tế phối hợp với gia đình, nhà trường, Trạm Y tế xã theo dõi sức khỏe.\n"
            "- Phối hợp chặt chẽ với cha mẹ học sinh, Ban đại diện cha mẹ học sinh để quản lý học sinh.\n"
            "- Phối hợp với gia đình và nhà trường giáo dục trẻ.\n")
    assert _unit_names(text) == ["Trạm Y tế xã", "Ban đại diện cha mẹ học sinh"]


def test_names_holding_a_field_or_the_levels_of_a_union():
    text = ("III. TỔ CHỨC THỰC HIỆN\n1. Đề nghị Ban Thường vụ các huyện, thị, thành đoàn căn cứ Kế hoạch xây dựng "
            "chương trình.\n2. Sở Nội vụ chủ trì, phối hợp với Phòng Lao động - Việc làm, Liên đoàn Lao động tỉnh tổ "
            "chức.\n3. Ban Tuyên giáo các huyện, thị, thành ủy phối hợp tuyên truyền.\n")
    assert _unit_names(text) == ["Ban Thường vụ các huyện, thị, thành đoàn", "Sở Nội vụ", "Phòng Lao động - Việc làm",
                                 "Liên đoàn Lao động tỉnh", "Ban Tuyên giáo các huyện, thị, thành ủy"]


def test_a_branch_named_after_a_field_ending_in_a_level_word():
    text = ("II. NHIỆM VỤ\n- Đơn vị phối hợp: Phòng Giao dịch Ngân hàng Chính sách xã hội huyện; Ngân hàng Nông "
            "nghiệp và Phát triển nông thôn chi nhánh huyện Châu Thành.\n")
    assert _unit_names(text) == ["Phòng Giao dịch Ngân hàng Chính sách xã hội huyện",
                                 "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh huyện Châu Thành"]


def test_a_cited_documents_subject_gives_no_task():
    text = ("Thực hiện Công văn số 1652/UBND-KGVX ngày 08/5/2025 của Ủy ban nhân dân tỉnh về việc giao Sở Y tế tham "
            "mưu tổ chức Tháng hành động vì trẻ em năm 2025; Sở Y tế xây dựng kế hoạch.\nI. MỤC ĐÍCH\nGiao Phòng "
            "Nghiệp vụ kiểm tra.\n")
    assert _unit_names(text) == ["Phòng Nghiệp vụ"]


def test_an_office_title_before_a_body_in_a_heading_and_a_list_of_places_after_several_levels():
    text = ("III. TỔ CHỨC THỰC HIỆN\n4. Ủy ban nhân dân các huyện, thành phố Đà Lạt, Bảo Lộc\nTriển khai.\n"
            "7. UBND các huyện, thành phố Long Khánh, thành phố Biên Hòa\nTriển khai.\n"
            "5. Tổng Biên tập Trung tâm Truyền thông tỉnh\nTăng thời lượng.\n"
            "6. Giao Viện trưởng Viện Kiểm sát nhân dân tỉnh chủ trì kiểm sát.\n")
    assert _unit_names(text) == ["Ủy ban nhân dân các huyện, thành phố Đà Lạt, Bảo Lộc",
                                 "UBND các huyện, thành phố Long Khánh, thành phố Biên Hòa", "Tổng Biên tập Trung tâm Truyền thông tỉnh", "Viện trưởng Viện Kiểm sát nhân dân tỉnh"]


def test_a_name_ends_before_the_verb_of_its_task():
    text = ("II. NHIỆM VỤ\n- Phối hợp với Phòng Kế hoạch - Nghiệp vụ dự trù nhu cầu bổ sung.\n"
            "- Phòng Tài chính kế toán (chủ trì): phối hợp với Ngân hàng TMCP Đầu tư và Phát triển Việt Nam - Chi nhánh "
            "Thái Bình lắp đặt thiết bị thanh toán.\n")
    assert _unit_names(text) == ["Phòng Kế hoạch - Nghiệp vụ", "Phòng Tài chính kế toán",
                                 "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam - Chi nhánh Thái Bình"]


def test_unit_headings_under_an_organization_title_without_a_number():
    text = ("I. MỤC ĐÍCH\nNâng cao nhận thức.\nII. NỘI DUNG\n1. Tuyên truyền\nPhòng Văn hóa thực hiện.\n"
            "2. Kiểm tra, giám sát\nĐịnh kỳ.\n3. Tập huấn\nHằng năm.\n4. Sơ kết, tổng kết\nCuối năm.\n"
            "TỔ CHỨC THỰC HIỆN\n1. Phòng Y tế\nTheo dõi.\n2. Công an huyện\nĐiều tra.\n")
    assert _unit_names(text) == ["Phòng Y tế", "Công an huyện"]


def test_a_cooperative_a_census_committee_and_a_group_of_socio_political_bodies():
    text = ("III. TỔ CHỨC THỰC HIỆN\n5. Hợp tác xã nông nghiệp Quảng Phú\nCung ứng giống.\n"
            "6. Ban Chỉ đạo Tổng điều tra dân số và nhà ở năm 2019 huyện\nChỉ đạo.\n"
            "7. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội huyện\nTuyên truyền.\n"
            "8. Phòng Kinh tế chủ trì, phối hợp với HTX dịch vụ nông nghiệp Thạch Đài kiểm tra.\n")
    assert _unit_names(text) == ["Hợp tác xã nông nghiệp Quảng Phú", "Ban Chỉ đạo Tổng điều tra dân số và nhà ở năm 2019 huyện",
                                 "Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "các tổ chức chính trị - xã hội huyện",
                                 "Phòng Kinh tế", "HTX dịch vụ nông nghiệp Thạch Đài"]
