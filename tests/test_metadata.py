"""Metadata from real headers and signature blocks of the corpus (development part)."""
import os

import pytest

from corpus_paths import TEXTS
from extractor import ingest, normalize
from extractor.finders import metadata


def _meta_of(text):
    return metadata.find(normalize.run(ingest.read_bytes(text.encode())))[0]


def _meta(name):
    return metadata.find(normalize.run(ingest.read_path(os.path.join(TEXTS, name + ".txt"))))[0]


def test_number_on_the_line_below_its_label():
    # c009: "Số:" then "25/KH-UBND" on the next line
    md = _meta("c009")
    assert md.number == "25/KH-UBND"
    assert md.issuer == "Ủy ban nhân dân tỉnh Quảng Ngãi"


def test_number_and_place_date_run_together():
    # c017: "Số: 335/KH-UBND Phú Thọ, ngày 10 tháng 02 năm 2023" on one line
    md = _meta("c017")
    assert (md.number, md.place, md.issue_date) == ("335/KH-UBND", "Phú Thọ", "2023-02-10")


@pytest.mark.parametrize("name,signer", [
    ("d005", ("Hồ Huy Thành", "Phó Chủ tịch", "KT. Chủ tịch")),   # a template with its own "Nơi nhận" follows
    ("d001", ("Võ Tấn Đức", "Chủ tịch", "TM. Ủy ban nhân dân")),  # an appendix follows the signature
    ("seed000", ("Lê Thành Nghị", "Chủ tịch", None)),            # the recipients between position and name
])
def test_signer_found_before_an_appendix(name, signer):
    s = _meta(name).signer
    assert (s.name, s.position, s.on_behalf) == signer


def test_addressed_letter_without_type_word_is_a_cong_van():
    assert _meta("c031").doc_type == "Công văn"


def test_issuer_from_a_central_code_when_the_header_lost_it():
    # c014: the header keeps "Số: 23/QĐ-TTg" but not "THỦ TƯỚNG CHÍNH PHỦ"; no type line either
    md = _meta("c014")
    assert md.issuer == "Thủ tướng Chính phủ"
    assert md.title.startswith("Phê duyệt Chương trình hành động quốc gia vì trẻ em")


def test_line_breaks_escaped_into_the_text_are_breaks():
    # c023: a web page wrote "\r\n" out as characters between the header's parts
    md = _meta("c023")
    assert (md.number, md.place, md.issue_date) == ("54/KH-UBND", "Lạng Sơn", "2020-03-27")
    assert md.issuer == "Ủy ban nhân dân tỉnh Lạng Sơn"


def test_header_after_a_website_banner_and_summary_box():
    # d008: a page saved from a law library, its banner and "Số hiệu: … Loại văn bản: …" box first
    md = _meta("d008")
    assert (md.number, md.doc_type, md.issue_date) == ("2817/QĐ-UBND", "Quyết định", "2025-11-19")
    assert md.issuer == "Ủy ban nhân dân thành phố Hồ Chí Minh"
    assert md.title.startswith("VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH")


_BODY = "\n\nKẾ HOẠCH\nTriển khai công tác trẻ em năm 2024\n\nI. MỤC ĐÍCH\nTăng cường.\n"


def test_a_short_banner_line_above_the_header_is_not_the_issuer():
    text = ("Trang chủ > Văn bản pháp luật > Kế hoạch\nLượt xem: 1250\n\nỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\n"
            "Số: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Bắc Giang, ngày 05 tháng 3 năm 2024" + _BODY)
    md = _meta_of(text)
    assert (md.issuer, md.number) == ("Ủy ban nhân dân tỉnh Bắc Giang", "12/KH-UBND")


def test_the_blanks_of_a_draft_are_not_column_gaps():
    # a draft leaves the number and the day blank: the gap is not between the header's columns
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố:      /KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nBắc Giang, ngày      tháng 3 năm 2024" + _BODY)
    doc = normalize.run(ingest.read_bytes(text.encode()))
    assert "Số: /KH-UBND\n" in doc.text and "Bắc Giang, ngày tháng 3 năm 2024\n" in doc.text
    md = metadata.find(doc)[0]
    assert (md.issuer, md.place, md.issue_date) == ("Ủy ban nhân dân tỉnh Bắc Giang", "Bắc Giang", None)


def test_recipients_beside_the_signature_column():
    # seed002: "Nơi nhận:" shares its lines with "TM. ỦY BAN NHÂN DÂN", "KT.CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    md = _meta("seed002")
    assert md.recipients == ["Chủ tịch, các PCT UBND xã", "08 thôn, làng", "Lưu: VT-XV"]
    assert (md.signer.name, md.signer.position) == ("Dương Đình Bình", "Phó Chủ tịch")


@pytest.mark.parametrize("header,issuer", [
    # a steering committee under a People's Committee or a party committee: the lower body issues
    ("UBND TỈNH GIA LAI\nBAN CHỈ ĐẠO CÔNG TÁC GIA ĐÌNH\nSố: 12/KH-BCĐ\n",
     "Ban Chỉ đạo Công tác gia đình"),
    ("TỈNH ỦY GIA LAI\nBAN CHỈ ĐẠO\nTHỰC HIỆN QUY CHẾ DÂN CHỦ\n*\nSố: 12-KH/BCĐ\nĐẢNG CỘNG SẢN VIỆT NAM\n",
     "Ban Chỉ đạo Thực hiện quy chế dân chủ"),
    # a party committee alone keeps its place name in capitals
    ("TỈNH ỦY CÀ MAU\n*\nSố: 12-KH/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n", "Tỉnh ủy Cà Mau"),
    # other parents with the bodies under them
    ("ĐẢNG BỘ TỈNH QUẢNG NGÃI\nHUYỆN ỦY BÌNH SƠN\n", "Huyện ủy Bình Sơn"),
    ("BỘ Y TẾ\nCỤC QUẢN LÝ KHÁM, CHỮA BỆNH\n", "Cục Quản lý khám, chữa bệnh"),
    ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nLIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN\n", "Liên đoàn Lao động tỉnh Nghệ An"),
    ("CÔNG AN TỈNH ĐỒNG NAI\nPHÒNG CẢNH SÁT GIAO THÔNG\n", "Phòng Cảnh sát giao thông"),
    ("SỞ GD&ĐT HẢI PHÒNG\nTRƯỜNG THPT LÊ QUÝ ĐÔN\n", "Trường Trung học phổ thông Lê Quý Đôn"),
    ("UBND TỈNH LÂM ĐỒNG\nBCĐ LIÊN NGÀNH VỆ SINH AN TOÀN THỰC PHẨM\n", "Ban Chỉ đạo Liên ngành vệ sinh an toàn thực phẩm"),
    ("UBND TỈNH QUẢNG NGÃI\nHỘI ĐỒNG PHỐI HỢP PHỔ BIẾN,\nGIÁO DỤC PHÁP LUẬT\n", "Hội đồng phối hợp phổ biến, giáo dục pháp luật"),
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỘI AN\n", "Ủy ban nhân dân thành phố Hội An"),
    ("HĐND - UBND XÃ IA HLA\n", "Hội đồng nhân dân - Ủy ban nhân dân xã Ia Hla"),
    ("SỞ Y TẾ TỈNH LÂM ĐỒNG\nTRUNG TÂM Y TẾ HUYỆN ĐẠ TẺH\n", "Trung tâm Y tế huyện Đạ Tẻh"),
    ("SỞ Y TẾ\nTRUNG TÂM KIỂM SOÁT BỆNH TẬT\n", "Trung tâm Kiểm soát bệnh tật"),
    ("BẢO HIỂM XÃ HỘI VIỆT NAM\nBẢO HIỂM XÃ HỘI TỈNH LONG AN\n", "Bảo hiểm xã hội tỉnh Long An"),
    # the party's motto first, run into the body's line
    ("ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY THANH HÓA\n", "Tỉnh ủy Thanh Hóa"),
    ("BAN CHẤP HÀNH TRUNG ƯƠNG\nĐOÀN TNCS HỒ CHÍ MINH\n", "Ban Chấp hành Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
    # the Youth Union's name where the state's motto would be, beside a body of the union
    ("BCH ĐOÀN TỈNH BÌNH THUẬN\n***\nĐOÀN TNCS HỒ CHÍ MINH\n", "Ban Chấp hành Đoàn tỉnh Bình Thuận"),
    ("TỈNH ĐOÀN BÌNH THUẬN ĐOÀN TNCS HỒ CHÍ MINH\n***\n", "Tỉnh Đoàn Bình Thuận"),
    # a school's or hospital's kind in sentence case, a name that ends in its locality
    ("SỞ Y TẾ TỈNH QUẢNG NGÃI\nBỆNH VIỆN ĐA KHOA TỈNH\n", "Bệnh viện Đa khoa tỉnh"),
    ("PHÒNG GD&ĐT HUYỆN CHƯ SÊ\nTRƯỜNG TIỂU HỌC KIM ĐỒNG\n", "Trường Tiểu học Kim Đồng"),
    ("ĐẢNG BỘ TỈNH QUẢNG NGÃI\nĐẢNG ỦY CÁC CƠ QUAN TỈNH\n", "Đảng ủy các cơ quan tỉnh"),
    ("UBND TỈNH LÂM ĐỒNG\nBAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MTQG\n", "Ban Chỉ đạo các chương trình MTQG"),
    # "TP." for thành phố
    ("ỦY BAN NHÂN DÂN TP. HỒ CHÍ MINH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n", "Sở Giáo dục và Đào tạo"),
    ("UBND TP. HUẾ\n", "Ủy ban nhân dân thành phố Huế"),
    # a place after a sector, abbreviated sectors and bodies, fields of a centre
    ("SỞ Y TẾ BÌNH ĐỊNH\n", "Sở Y tế Bình Định"),
    ("UBND HUYỆN CÀNG LONG\nPHÒNG LAO ĐỘNG - TB VÀ XH\n", "Phòng Lao động - Thương binh và Xã hội"),
    ("BCH QUÂN SỰ TỈNH BÌNH ĐỊNH\n", "Ban Chỉ huy Quân sự tỉnh Bình Định"),
    ("UBND HUYỆN PHÙ CÁT\nTRUNG TÂM VĂN HÓA - THÔNG TIN\nVÀ THỂ THAO\n", "Trung tâm Văn hóa - Thông tin và Thể thao"),
    ("BỘ Y TẾ\nCỤC BÀ MẸ VÀ TRẺ EM\n", "Cục Bà mẹ và Trẻ em"),
    # a word that begins bodies elsewhere, inside one body's name
    ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH GIA LAI\n", "Sở Tài nguyên và Môi trường tỉnh Gia Lai"),
    ("BỘ NỘI VỤ\n", "Bộ Nội vụ"),
    # a rule as a scan's OCR reads it, a speck beside the union's name
    ("| ỦY BAN NHÂN DÂN THÀNH PHỐ CÀ MAU ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
     "------........... |\n", "Ủy ban nhân dân thành phố Cà Mau"),
    ("BCH ĐOÀN TỈNH QUẢNG NGÃI ˆ ĐOÀN TNCS HỒ CHÍ MINH\n", "Ban Chấp hành Đoàn tỉnh Quảng Ngãi"),
    ("UBND TỈNH QUẢNG NGÃI\nBAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG _ CÁC CÔNG TRÌNH GIAO THÔNG TỈNH\n",
     "Ban Quản lý Dự án đầu tư xây dựng các công trình giao thông tỉnh"),
    # a board of the province's party committee under the party's provincial organisation
    ("ĐẢNG BỘ TỈNH QUẢNG NAM\nBAN TUYÊN GIÁO TỈNH ỦY\n*\nSố 214-KH/BTGTU\n", "Ban Tuyên giáo Tỉnh ủy"),
    # a fund under a department whose name wraps
    ("SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI HÀ TĨNH\nQUỸ BẢO TRỢ TRẺ EM\n-------\nSố: 27/QBTTE\n", "Quỹ bảo trợ trẻ em"),
    # a commune's committee under its province's name (after July 2025)
    ("TỈNH GIA LAI\nỦY BAN NHÂN DÂN XÃ IA HRÚ\n-------\nSố: 86/KH-UBND\n", "Ủy ban nhân dân xã Ia Hrú"),
    ("THÀNH PHỐ HÀ NỘI\nUBND PHƯỜNG HOÀN KIẾM\n", "Ủy ban nhân dân phường Hoàn Kiếm"),
    # two two-level headers side by side, a line each holding both columns: the first column's body
    ("UBND TỈNH BẾN TRE HỘI LHPN TỈNH BẾN TRE\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI BAN THƯỜNG VỤ\n",
     "Sở Lao động - Thương binh và Xã hội"),
    # rules and dashes a copy leaves: run into the name, "o0o" in a rule, a dash ending the column
    ("UBND TỈNH CẦN THƠ\nSỞ Y TẾ-------\nSố: 12/SYT-NVY\n", "Sở Y tế"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI\n-----o0o-----\n", "Ủy ban nhân dân thành phố Hà Nội"),
    ("UBND TỈNH LÀO CAI\nSỞ DÂN TỘC VÀ TÔN GIÁO -\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc -\n",
     "Sở Dân tộc và Tôn giáo"),
    # a header written in sentence case
    ("Hội Chữ thập đỏ Việt Nam\nHội Chữ thập đỏ tỉnh Quảng Trị\nSố: 41/KH-CTĐ\n", "Hội Chữ thập đỏ tỉnh Quảng Trị"),
])
def test_issuer_of_a_two_level_or_party_header(header, issuer):
    text = header + "Gia Lai, ngày 19 tháng 4 năm 2025\n\nKẾ HOẠCH\nThực hiện công tác năm 2025\n\nI. MỤC ĐÍCH\nTăng cường.\n"
    md = _meta_of(text)
    assert md.issuer == issuer


@pytest.mark.parametrize("header,issuer", [
    ("UBND TỈNH QUẢNG NAM\nSỞ Y TẾ\n", "Sở Y tế"),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\n", "Bộ Lao động - Thương binh và Xã hội"),
    ("CÔNG AN TỈNH QUẢNG NAM\n", "Công an tỉnh Quảng Nam"),
    ("TỈNH ĐOÀN QUẢNG NAM\n", "Tỉnh Đoàn Quảng Nam"),
    ("TRƯỜNG THCS LÊ LỢI\n", "Trường Trung học cơ sở Lê Lợi"),
    ("SỞ NGOẠI VỤ\n", "Sở Ngoại vụ"),
    # names of their own and known abbreviations keep their capitals
    ("VĂN PHÒNG CHÍNH PHỦ\n", "Văn phòng Chính phủ"),
    ("UBND TỈNH QUẢNG NAM\nVĂN PHÒNG\n", "Văn phòng Ủy ban nhân dân tỉnh Quảng Nam"),
    ("VĂN PHÒNG UBND TỈNH QUẢNG NAM\n", "Văn phòng UBND tỉnh Quảng Nam"),
])
def test_an_issuer_in_capitals_is_written_as_a_name(header, issuer):
    text = header + "Số: 12/KH-SYT\nQuảng Nam, ngày 19 tháng 4 năm 2025\n\nKẾ HOẠCH\nThực hiện công tác năm 2025\n\nI. MỤC ĐÍCH\nTăng cường.\n"
    md = _meta_of(text)
    assert md.issuer == issuer


def test_a_header_whose_two_columns_run_into_one_line():
    text = ("UBND TỈNH QUẢNG NAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ Y TẾ Độc lập - Tự do - Hạnh phúc\n"
            "Số: 12/KH-SYT Quảng Nam, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\nTriển khai công tác năm 2024\n\n"
            "I. MỤC ĐÍCH\nBảo vệ trẻ em.\n")
    md = _meta_of(text)
    assert (md.issuer, md.number, md.place, md.issue_date) == ("Sở Y tế", "12/KH-SYT", "Quảng Nam", "2024-03-05")


def test_a_place_with_a_number_on_the_date_line():
    text = ("UBND QUẬN 3\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 45/KH-GDĐT\nQuận 3, ngày 10 tháng 5 năm 2025\n\nKẾ HOẠCH\nThực hiện công tác năm 2025\n")
    md = _meta_of(text)
    assert (md.number, md.place, md.issue_date, md.issuer) == ("45/KH-GDĐT", "Quận 3", "2025-05-10",
                                                               "Phòng Giáo dục và Đào tạo")


@pytest.mark.parametrize("block,name", [
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nNguyễn Văn An\n", "Nguyễn Văn An"),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n[daky]\nTrần Thị Bích Ngọc\n", "Trần Thị Bích Ngọc"),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nTS. Phạm Minh Đức\n", "Phạm Minh Đức"),
    # the block run into one line
    ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Văn An\n", "Nguyễn Văn An"),
])
def test_the_signer_after_a_signature_mark_or_a_title(block, name):
    text = ("UBND TỈNH X\nSỞ Y TẾ\nSố: 1/KH-SYT\nX, ngày 2 tháng 1 năm 2025\n\nKẾ HOẠCH\nThực hiện công tác năm 2025\n\n"
            "I. MỤC ĐÍCH\nTăng cường.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n" + block)
    md = _meta_of(text)
    assert (md.signer.name, md.signer.position, md.signer.on_behalf) == (name, "Phó Giám đốc", "KT. Giám đốc")


@pytest.mark.parametrize("block,signer", [
    # a name of the Central Highlands, with an apostrophe, under a deputy secretary; one of one word
    ("KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\n\nK'Brếu\n", ("K'Brếu", "Phó Trưởng ban")),
    ("TM. BAN THƯỜNG VỤ TỈNH ĐOÀN\nPHÓ BÍ THƯ\n(đã ký)\nKsor H'Bă Na\n", ("Ksor H'Bă Na", "Phó Bí thư")),
    # authority and position run into one line, the office held under it, a military rank before the name
    ("KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC\nGIÁM ĐỐC CÔNG AN TỈNH\n\nĐại tá Trần Minh Đức\n",
     ("Trần Minh Đức", "Phó Trưởng ban thường trực")),
])
def test_the_signer_past_an_office_line_and_a_rank(block, signer):
    text = ("UBND TỈNH X\nBAN CHỈ ĐẠO\nSố: 1/KH-BCĐ\nX, ngày 2 tháng 1 năm 2025\n\nKẾ HOẠCH\nThực hiện công tác năm 2025"
            "\n\nI. MỤC ĐÍCH\nTăng cường.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n" + block)
    md = _meta_of(text)
    assert (md.signer.name, md.signer.position) == signer


def test_a_signature_column_run_onto_the_recipients_lines():
    text = ("UBND HUYỆN ĐỨC THỌ\nSố: 1/KH-UBND\nĐức Thọ, ngày 2 tháng 1 năm 2024\n\nKẾ HOẠCH\nPhòng, chống sốt xuất huyết"
            "\n\nI. MỤC ĐÍCH\nTăng cường.\nNơi nhận: TM. ỦY BAN NHÂN DÂN\n- Sở Y tế; KT. CHỦ TỊCH\n"
            "- TT Huyện ủy, TT HĐND huyện; PHÓ CHỦ TỊCH\n- Các cơ quan, đơn vị; (Đã ký)\n- UBND các xã, thị trấn;\n"
            "- Lưu: VT, YT. Trần Hữu Hòa\n")
    md = _meta_of(text)
    assert (md.signer.name, md.signer.position, md.signer.on_behalf) == ("Trần Hữu Hòa", "Phó Chủ tịch", "KT. Chủ tịch")
    assert md.recipients == ["Sở Y tế", "TT Huyện ủy, TT HĐND huyện", "Các cơ quan, đơn vị", "UBND các xã, thị trấn",
                             "Lưu: VT, YT"]


def test_an_issue_date_written_in_figures():
    text = "UBND TỈNH BÌNH ĐỊNH\nSỞ Y TẾ\nSố 123/KH-SYT\nBình Định, ngày 5/3/2025\n\nKẾ HOẠCH\nThực hiện công tác năm 2025\n"
    md = _meta_of(text)
    assert (md.number, md.place, md.issue_date) == ("123/KH-SYT", "Bình Định", "2025-03-05")


@pytest.mark.parametrize("lines,title", [
    ("KẾ HOẠCH HÀNH ĐỘNG\nThực hiện Nghị quyết số 12/NQ-CP", "Thực hiện Nghị quyết số 12/NQ-CP"),
    ("KẾ HOẠCH PHỐI HỢP\nThực hiện công tác trẻ em năm 2025", "Thực hiện công tác trẻ em năm 2025"),
    ("KẾ HOẠCH\nThực hiện công tác trẻ em năm 2025\n(Kèm theo Quyết định số 12/QĐ-UBND ngày 1/3/2025)",
     "Thực hiện công tác trẻ em năm 2025"),
    ("K Ế H O Ạ C H\nThực hiện công tác trẻ em năm 2025", "Thực hiện công tác trẻ em năm 2025"),
])
def test_the_title_without_a_qualifier_of_the_type_or_the_decision_it_is_attached_to(lines, title):
    text = "UBND TỈNH BÌNH ĐỊNH\nSỞ Y TẾ\nSố: 1/KH-SYT\nBình Định, ngày 05 tháng 3 năm 2025\n\n" + lines + "\n\nI. MỤC ĐÍCH\nA.\n"
    md = _meta_of(text)
    assert (md.doc_type, md.title) == ("Kế hoạch", title)


@pytest.mark.parametrize("left,issuer", [
    # the same body at two levels: the lower issues
    (("HỘI LHPN TỈNH QUẢNG NAM", "HỘI LHPN HUYỆN THĂNG BÌNH"), "Hội Liên hiệp Phụ nữ huyện Thăng Bình"),
    # two bodies side by side: a joint plan, the first issues
    (("CÔNG AN TỈNH LÀO CAI", "HỘI LHPN TỈNH LÀO CAI"), "Công an tỉnh Lào Cai"),
])
def test_two_bodies_each_with_its_locality_in_the_header(left, issuer):
    text = (f"{left[0]}        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{left[1]}        Độc lập - Tự do - Hạnh phúc\n"
            "Số: 27/KH-HPN        Thăng Bình, ngày 15 tháng 5 năm 2023\n\nKẾ HOẠCH\nTuyên truyền năm 2023\n")
    assert _meta_of(text).issuer == issuer


def test_a_province_named_with_a_body_word_is_no_lower_body():
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\n______\nSố: 107/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nHải Phòng, ngày 14 tháng 4 năm 2025\n\nKẾ HOẠCH\nChăm sóc người cao tuổi năm 2025\n")
    assert _meta_of(text).issuer == "Ủy ban nhân dân thành phố Hải Phòng"


def test_the_stamp_of_a_signing_tool_is_no_part_of_the_text():
    text = ("UBND HUYỆN KRÔNG PẮC\nSố: 1/KH-UBND\nKrông Pắc, ngày 2 tháng 9 năm 2024\n\nKẾ HOẠCH\nAn toàn trường học"
            "\n\nI. MỤC ĐÍCH\nTăng cường.\nNơi nhận:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nY Khu Niê\n\n"
            "Người ký: Y Khu Niê\nCơ quan: Huyện Krông Pắc, Tỉnh Đắk Lắk\nThời gian ký: 12.09.2024 16:45:21 +07:00\n")
    d = normalize.run(ingest.read_bytes(text.encode()))
    assert "Thời gian ký" not in d.text and "Cơ quan: Huyện" not in d.text and d.text.endswith("Y Khu Niê")


@pytest.mark.parametrize("page,issuer,title", [
    # the site's banner, menu, breadcrumb and counters before a header run into one line
    ("Cổng thông tin điện tử tỉnh Quảng Trị\nGiới thiệu | Tin tức - Sự kiện | Chính quyền | Văn bản | Liên hệ\n"
     "Trang chủ > Văn bản chỉ đạo điều hành\nNgày đăng: 15/05/2023 | Lượt xem: 1234\n"
     "Cỡ chữ: A- A A+   In trang   Chia sẻ: Facebook Zalo\n"
     "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
     "Số: 1187/KH-UBND Quảng Trị, ngày 12 tháng 5 năm 2023\nKẾ HOẠCH\nTriển khai Ngày Chuyển đổi số năm 2023\n"
     "Căn cứ Quyết định số 505/QĐ-TTg ngày 22/4/2022 của Thủ tướng Chính phủ;\n",
     "Ủy ban nhân dân tỉnh Quảng Trị", "Triển khai Ngày Chuyển đổi số năm 2023"),
    # … and before a header without the motto
    ("SỞ NÔNG NGHIỆP VÀ PTNT HÀ NAM\nTrang chủ | Giới thiệu | Tin tức | Văn bản\nTrang chủ > Thông báo\n"
     "Thông báo lịch thời vụ gieo cấy lúa vụ Xuân năm 2024\nNgày đăng: 20/12/2023 08:15 | Lượt xem: 876\n"
     "[Tải về] [In] [Chia sẻ]\n\nUBND TỈNH HÀ NAM\nSỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN\nSố: 1789/TB-SNN\n"
     "Hà Nam, ngày 18 tháng 12 năm 2023\n\nTHÔNG BÁO\nLịch thời vụ và cơ cấu giống lúa vụ Xuân năm 2024\n\n"
     "Thực hiện Kế hoạch số 3120/KH-UBND ngày 30/11/2023 của UBND tỉnh;\n",
     "Sở Nông nghiệp và Phát triển nông thôn", "Lịch thời vụ và cơ cấu giống lúa vụ Xuân năm 2024"),
])
def test_a_document_copied_from_a_web_page(page, issuer, title):
    md = _meta_of(page)
    assert (md.issuer, md.title) == (issuer, title)


def test_a_portal_page_that_lost_the_header_gives_its_number_and_date_from_its_attributes():
    page = ("CƠ SỞ DỮ LIỆU VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH\nTìm kiếm | Văn bản mới ban hành | Văn bản theo cơ quan\n"
            "Chi tiết văn bản\nSố ký hiệu | 96/KH-UBND\nNgày ban hành | 18/04/2025\nHình thức văn bản | Kế hoạch\n"
            "Cơ quan ban hành | UBND huyện Krông Pắc\nNgười ký | Y Khuê Niê\nTrích yếu: Kế hoạch tổ chức Tháng hành động\n"
            "Nội dung:\nKẾ HOẠCH\nTổ chức Tháng hành động vì trẻ em năm 2025 trên địa bàn huyện\n"
            "Thực hiện Kế hoạch số 62/KH-UBND ngày 04/4/2025 của UBND tỉnh Đắk Lắk; Ủy ban nhân dân huyện Krông Pắc "
            "ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n")
    md = _meta_of(page)
    assert (md.number, md.issue_date, md.issuer, md.title) == (
        "96/KH-UBND", "2025-04-18", "Ủy ban nhân dân huyện Krông Pắc",
        "Tổ chức Tháng hành động vì trẻ em năm 2025 trên địa bàn huyện")


@pytest.mark.parametrize("page,issuer", [
    # the left column whole above the motto
    ("Nội dung văn bản\nUBND TỈNH LÂM ĐỒNG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 1245/SGDĐT-GDTrH\nV/v tổ chức kỳ thi chọn học "
     "sinh giỏi\ncấp tỉnh lớp 12 THPT năm học 2019-2020\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
     "Lâm Đồng, ngày 28 tháng 10 năm 2019\nKính gửi: Hiệu trưởng các trường THPT\n", "Sở Giáo dục và Đào tạo"),
    # a header written as an HTML table with line breaks in its cells
    ("| ỦY BAN NHÂN DÂN<br>HUYỆN TAM NÔNG<br>------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh "
     "phúc<br>--------------- |\n|---|---|\n| Số: 215/KH-UBND | Tam Nông, ngày 20 tháng 01 năm 2021 |\n\n**KẾ HOẠCH**\n\n"
     "**Tuyên truyền, phổ biến, giáo dục pháp luật năm 2021**\n", "Ủy ban nhân dân huyện Tam Nông"),
])
def test_headers_as_portals_write_them(page, issuer):
    assert _meta_of(page).issuer == issuer


def test_an_urgent_dispatch_and_two_committees_in_the_header():
    md = _meta_of("UBND HUYỆN QUỐC OAI\nUBND XÃ PHÚ CÁT\nSố: 86/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\nPhú Cát, ngày 22 tháng 8 năm 2022\nKẾ HOẠCH\nTổ chức Tết Trung thu năm 2022\n")
    assert md.issuer == "Ủy ban nhân dân xã Phú Cát"
    md = _meta_of("ỦY BAN NHÂN DÂN\nHUYỆN QUỲNH PHỤ\nSố: 05/CĐ-UBND\nQuỳnh Phụ, ngày 3 tháng 6 năm 2019\n\n"
                  "CÔNG ĐIỆN KHẨN\nVề việc tập trung khống chế bệnh Dịch tả lợn châu Phi trên địa bàn huyện\n")
    assert md.title == "Về việc tập trung khống chế bệnh Dịch tả lợn châu Phi trên địa bàn huyện"


@pytest.mark.parametrize("header,issuer", [
    # a national body above its provincial one: the lower body issues
    ("BỘ CÔNG AN                                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "CÔNG AN TỈNH THANH HÓA                               Độc lập - Tự do - Hạnh phúc\n", "Công an tỉnh Thanh Hóa"),
    ("HỘI LHPN VIỆT NAM                                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "HỘI LHPN TỈNH ĐỒNG THÁP                              Độc lập - Tự do - Hạnh phúc\n", "Hội Liên hiệp Phụ nữ tỉnh Đồng Tháp"),
    ("QUÂN KHU 4 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBỘ CHỈ HUY QUÂN SỰ TỈNH HÀ TĨNH Độc lập - Tự do - Hạnh phúc\n",
     "Bộ Chỉ huy Quân sự tỉnh Hà Tĩnh"),
    ("TỔNG CỤC THUẾ                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCỤC THUẾ TỈNH HÀ NAM                    Độc lập - Tự do - Hạnh phúc\n",
     "Cục Thuế tỉnh Hà Nam"),
    ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nVIỆN KIỂM SÁT NHÂN DÂN TỈNH HÀ NAM\n",
     "Viện Kiểm sát nhân dân tỉnh Hà Nam"),
    # the standing committee and the committees of a People's Council, a party committee's boards,
    # the executive committee of a province's Youth Union
    ("HĐND TỈNH HÀ NAM                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHƯỜNG TRỰC                    Độc lập - Tự do - Hạnh phúc\n",
     "Thường trực Hội đồng nhân dân tỉnh Hà Nam"),
    ("HĐND TỈNH HÀ NAM                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBAN VĂN HÓA - XÃ HỘI                    Độc lập - Tự do - Hạnh phúc\n",
     "Ban Văn hóa - Xã hội"),
    ("BAN CHẤP HÀNH ĐẢNG BỘ TỈNH HÀ NAM     ĐẢNG CỘNG SẢN VIỆT NAM\nBAN TUYÊN GIÁO\n", "Ban Tuyên giáo"),
    ("ĐOÀN TNCS HỒ CHÍ MINH                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBCH TỈNH ĐOÀN HÀ NAM                    Độc lập - Tự do - Hạnh phúc\n",
     "Ban Chấp hành Tỉnh đoàn Hà Nam"),
    ("CỤC THUẾ TỈNH THANH HÓA                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCHI CỤC THUẾ KHU VỰC ĐÔNG SƠN - TRIỆU SƠN  "
     "Độc lập - Tự do - Hạnh phúc\n", "Chi cục Thuế khu vực Đông Sơn - Triệu Sơn"),
    ("UBMTTQVN TỈNH HÀ NAM           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBAN THƯỜNG TRỰC             Độc lập - Tự do - Hạnh "
     "phúc\n", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hà Nam"),
    # abbreviated locality words
    ("UBND TX. BA ĐỒN           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n                 Độc lập - Tự do - Hạnh phúc\n",
     "Ủy ban nhân dân thị xã Ba Đồn"),
    ("UBND H. ĐỨC TRỌNG           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n                 Độc lập - Tự do - Hạnh phúc\n",
     "Ủy ban nhân dân huyện Đức Trọng"),
    # two committees run into one line with single spaces: the second's "ỦY BAN" holds no lower "BAN"
    ("ỦY BAN NHÂN DÂN QUẬN NINH KIỀU ỦY BAN NHÂN DÂN PHƯỜNG AN KHÁNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
     "Hạnh phúc\n", "Ủy ban nhân dân phường An Khánh"),
])
def test_a_national_body_above_the_body_that_issues(header, issuer):
    md = _meta_of(header + "Số: 418/KH-CAT                              Thanh Hóa, ngày 05 tháng 01 năm 2026\n\n"
                  "KẾ HOẠCH\nCao điểm tấn công, trấn áp tội phạm năm 2026\n")
    assert md.issuer == issuer


def test_a_signer_of_the_family_lu_is_no_filing_note():
    md = _meta_of("ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 12/KH-UBND\nCà Mau, ngày 5 tháng 1 năm 2026\nKẾ HOẠCH\n"
                  "Đào tạo nghề năm 2026\nI. MỤC ĐÍCH\nNâng cao.\n\n**Nơi nhận:**\n- Như Điều 3;\n- Lưu: VT, KGVX (Th).\n\n"
                  "**TM. ỦY BAN NHÂN DÂN**\n\n**KT. CHỦ TỊCH**\n\n**PHÓ CHỦ TỊCH**\n\n**Lưu Thị Kim Phượng**\n")
    assert (md.signer.name, md.signer.position) == ("Lưu Thị Kim Phượng", "Phó Chủ tịch")


@pytest.mark.parametrize("text,issuer,title", [
    ("KẾ HOẠCH\nTổ chức Tháng hành động vì trẻ em năm 2024\nThực hiện Kế hoạch số 12/KH-UBND ngày 5/3/2024 của UBND tỉnh, "
     "Sở Y tế xây dựng Kế hoạch triển khai như sau:\nI. MỤC ĐÍCH\n", "Sở Y tế", "Tổ chức Tháng hành động vì trẻ em năm 2024"),
    ("KẾ HOẠCH\nTổ chức Tháng hành động\nĐể triển khai có hiệu quả, Ban Thường vụ Huyện đoàn Tân Phú xây dựng kế hoạch "
     "như sau:\n", "Ban Thường vụ Huyện đoàn Tân Phú", "Tổ chức Tháng hành động"),
])
def test_without_a_header_any_body_the_text_says_makes_the_plan_issues_it(text, issuer, title):
    md = _meta_of(text)
    assert (md.issuer, md.title) == (issuer, title)


@pytest.mark.parametrize("tail", [
    # the recipients and the signature run into one line
    "Nơi nhận: - UBND tỉnh (b/c); - CT, các PCT UBND huyện; - Lưu: VT, LĐTBXH. KT. CHỦ TỊCH PHÓ CHỦ TỊCH Hoàng Thị Mai Anh\n",
    # … or into the two cells of one table row
    "| **Nơi nhận:** - UBND tỉnh (b/c); - Lưu: VT, KGVX. | **TM. ỦY BAN NHÂN DÂN** **KT. CHỦ TỊCH** **PHÓ CHỦ TỊCH** "
    "**Hoàng Thị Mai Anh** |\n|---|---|\n",
])
def test_a_signature_run_into_the_recipients_line(tail):
    md = _meta_of("ỦY BAN NHÂN DÂN\nHUYỆN BẢO LÂM\nSố: 12/KH-UBND\nBảo Lâm, ngày 5 tháng 3 năm 2021\nKẾ HOẠCH\n"
                  "Tổ chức Diễn đàn trẻ em năm 2021\nI. MỤC ĐÍCH\nNâng cao.\nTrên đây là Kế hoạch./.\n" + tail)
    assert (md.signer.name, md.signer.position, md.signer.on_behalf) == ("Hoàng Thị Mai Anh", "Phó Chủ tịch", "KT. Chủ tịch")


@pytest.mark.parametrize("header,issuer", [
    # a joint plan: its first body issues
    ("SỞ Y TẾ - SỞ GIÁO DỤC VÀ ĐÀO TẠO           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "Sở Y tế"),
    ("SỞ Y TẾ           SỞ GIÁO DỤC VÀ ĐÀO TẠO          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "Sở Y tế"),
    ("UBND TỈNH HÀ NAM\nSỞ Y TẾ - SỞ GIÁO DỤC VÀ ĐÀO TẠO           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "Sở Y tế"),
    ("CÔNG AN TỈNH HÀ NAM - HỘI LIÊN HIỆP PHỤ NỮ TỈNH HÀ NAM           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
     "Công an tỉnh Hà Nam"),
    # … but a dash inside one body's name parts nothing
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
     "Sở Lao động - Thương binh và Xã hội"),
    # a place named "Nam Ban" holds no lower "BAN"
    ("ỦY BAN MTTQ VIỆT NAM           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ NAM BAN\n",
     "Ủy ban Mặt trận Tổ quốc Việt Nam xã Nam Ban"),
])
def test_joint_plans_and_bodies_named_like_a_lower_body(header, issuer):
    md = _meta_of(header + "                 Độc lập - Tự do - Hạnh phúc\nSố: 12/KHLT-SYT-SGDĐT         Hà Nam, ngày 5 "
                  "tháng 3 năm 2024\n\nKẾ HOẠCH LIÊN TỊCH\nTriển khai công tác y tế trường học năm 2024\n")
    assert md.issuer == issuer


def test_the_same_body_at_two_levels_run_into_one_line():
    md = _meta_of("HỘI NÔNG DÂN TỈNH THANH LÂM\nHỘI NÔNG DÂN HUYỆN HÀ LỘC\n*\nSố: 18-HD/HND\nHỘI NÔNG DÂN VIỆT NAM\n"
                  "Hà Lộc, ngày 06 tháng 3 năm 2017\nHƯỚNG DẪN\nHội Nông dân các cấp tham gia xây dựng nông thôn mới năm 2017\n")
    assert md.issuer == "Hội Nông dân huyện Hà Lộc"


@pytest.mark.parametrize("header,issuer", [
    # three levels: the lowest issues
    ("UBND TỈNH ĐẮK LẮK\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nCHI CỤC KIỂM LÂM\n--------\n", "Chi cục Kiểm lâm"),
    ("ĐẢNG BỘ TỈNH NAM ĐỊNH                          ĐẢNG CỘNG SẢN VIỆT NAM\nHUYỆN ỦY HẢI HẬU\nỦY BAN KIỂM TRA\n        *\n",
     "Ủy ban Kiểm tra Huyện ủy Hải Hậu"),
    # a mass organisation's national name in the right column, its lower body under the province's
    ("HND TỈNH THÁI BÌNH                                HỘI NÔNG DÂN VIỆT NAM\nBCH HỘI NÔNG DÂN HUYỆN KIẾN XƯƠNG\n",
     "Ban Chấp hành Hội Nông dân huyện Kiến Xương"),
    ("HỘI CCB VIỆT NAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHỘI CCB TỈNH LẠNG SƠN Độc lập - Tự do - Hạnh phúc\n",
     "Hội Cựu chiến binh tỉnh Lạng Sơn"),
    # the rules under the columns run into the header's line
    ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ -------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------\n",
     "Ủy ban nhân dân tỉnh Quảng Trị"),
    ("ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG\n———\n", "Ủy ban nhân dân tỉnh Tuyên Quang"),
    # the army's provincial command over a district's
    ("BỘ CHQS TỈNH NINH BÌNH\nBAN CHQS HUYỆN KIM SƠN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
     "Ban Chỉ huy Quân sự huyện Kim Sơn"),
    # the Red Cross and the Front under their higher level
    ("TRUNG ƯƠNG HỘI CHỮ THẬP ĐỎ VIỆT NAM\nHỘI CHỮ THẬP ĐỎ TỈNH CÀ MAU\n---------\n", "Hội Chữ thập đỏ tỉnh Cà Mau"),
    ("UBMTTQ VIỆT NAM TỈNH NGHỆ AN\nỦY BAN MTTQ VIỆT NAM PHƯỜNG TRƯỜNG VINH\n",
     "Ủy ban Mặt trận Tổ quốc Việt Nam phường Trường Vinh"),
    # lower bodies abbreviated: the industrial zones' board, the district's military command, a health centre
    ("UBND TỈNH BẮC NINH\nBQL CÁC KCN\n-----------\n", "Ban Quản lý các khu công nghiệp"),
    ("BỘ CHQS TỈNH QUẢNG NAM                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "BCH QUÂN SỰ HUYỆN DUY XUYÊN                     Độc lập - Tự do - Hạnh phúc\n", "Ban Chỉ huy Quân sự huyện Duy Xuyên"),
    ("SỞ Y TẾ LONG AN\nTT Y TẾ HUYỆN CẦN GIUỘC\n-------\n", "Trung tâm Y tế huyện Cần Giuộc"),
    # a district's Youth Union under the province's, "BCH" before each
    ("    BCH TỈNH ĐOÀN LÂM ĐỒNG           ĐOÀN TNCS HỒ CHÍ MINH\n  BCH ĐOÀN HUYỆN ĐỨC TRỌNG\n              ***\n",
     "Ban Chấp hành Đoàn huyện Đức Trọng"),
    # the national name on a line of its own between the two levels
    ("HỘI NÔNG DÂN HUYỆN YÊN DŨNG\n                                                HỘI NÔNG DÂN VIỆT NAM\n"
     "BCH HỘI NÔNG DÂN XÃ TIẾN PHONG\n        ***\n", "Ban Chấp hành Hội Nông dân xã Tiến Phong"),
    # a commune's health station under the district's centre; a draft's mark above the header
    ("  TRUNG TÂM Y TẾ HUYỆN TAM DƯƠNG  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n       TRẠM Y TẾ XÃ HOÀNG ĐAN             "
     "Độc lập - Tự do - Hạnh phúc\n", "Trạm Y tế xã Hoàng Đan"),
    ("                                                                     DỰ THẢO\n     SỞ Y TẾ NGHỆ AN               "
     "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRUNG TÂM Y TẾ HUYỆN ANH SƠN              Độc lập - Tự do - Hạnh phúc\n",
     "Trung tâm Y tế huyện Anh Sơn"),
])
def test_headers_of_three_levels_and_of_mass_organisations(header, issuer):
    md = _meta_of(header + "Số: 58-CV/HNDH                           Kim Sơn, ngày 05 tháng 10 năm 2020\n\nKẾ HOẠCH\n"
                  "Huấn luyện năm 2020\n")
    assert md.issuer == issuer


def test_a_party_signature_for_its_committee():
    md = _meta_of("HUYỆN ỦY CON CUÔNG\n*\nSố 58-KH/HU\nCon Cuông, ngày 5 tháng 1 năm 2020\nKẾ HOẠCH\nKỷ niệm 90 năm\n"
                  "I. MỤC ĐÍCH\nNâng cao.\n\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\n\nVi Văn Sơn\n\nNơi nhận:\n"
                  "- Ban Tuyên giáo Tỉnh ủy (b/c);\n- Lưu VPHU.\n")
    assert (md.signer.name, md.signer.position) == ("Vi Văn Sơn", "Phó Bí thư thường trực")


def test_headers_in_a_converted_table_with_the_subject_or_the_party_star_in_the_number_cell():
    md = _meta_of("| UBND TỈNH GIA LAI **SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG** ------- | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** "
                  "**Độc lập - Tự do - Hạnh phúc** --------------- |\n|---|---|\n"
                  "| Số: 1578/SNNMT-QLĐĐ V/v hướng dẫn quản lý đất đai tại cấp xã | *Gia Lai, ngày 14 tháng 8 năm 2025* |\n\n"
                  "Kính gửi: Ủy ban nhân dân các xã, phường.\n")
    assert (md.number, md.issuer, md.title) == ("1578/SNNMT-QLĐĐ", "Sở Nông nghiệp và Môi trường",
                                                "hướng dẫn quản lý đất đai tại cấp xã")
    md = _meta_of("| ĐẢNG BỘ TỈNH QUẢNG NINH **ĐẢNG ỦY ĐẶC KHU VÂN ĐỒN** * Số 21-KH/ĐU | **ĐẢNG CỘNG SẢN VIỆT NAM** "
                  "*Vân Đồn, ngày 15 tháng 10 năm 2025* |\n|---|---|\n\n**KẾ HOẠCH**\n\n**lãnh đạo công tác bảo vệ "
                  "môi trường biển**\n")
    assert (md.number, md.issuer, md.place, md.issue_date) == ("21-KH/ĐU", "Đảng ủy đặc khu Vân Đồn", "Vân Đồn",
                                                                "2025-10-15")


def test_the_type_in_capitals_and_the_title_on_one_line_and_a_health_centre_under_its_department():
    md = _meta_of("SỞ Y TẾ HÀ TĨNH\nTTYT HUYỆN KỲ ANH\nSố: 287/KH-TTYT          Kỳ Anh, ngày 14 tháng 5 năm 2024\n"
                  "KẾ HOẠCH Tổ chức chiến dịch bổ sung vitamin A đợt I năm 2024\nI. MỤC TIÊU\n")
    assert (md.issuer, md.doc_type, md.title) == ("Trung tâm Y tế huyện Kỳ Anh", "Kế hoạch",
                                                  "Tổ chức chiến dịch bổ sung vitamin A đợt I năm 2024")


@pytest.mark.parametrize("header,issuer", [
    # the guidelines write out the abbreviations of a header
    ("BỘ CÔNG AN\nCỤC CẢNH SÁT PCCC VÀ CNCH\n", "Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    ("BAN CHỈ ĐẠO CÁC CTMTQG\n", "Ban Chỉ đạo các chương trình mục tiêu quốc gia"),
    ("TRUNG ƯƠNG HỘI LHPN VIỆT NAM\n", "Trung ương Hội Liên hiệp Phụ nữ Việt Nam"),
    # … without the short name in brackets after the name
    ("BAN CHỈ ĐẠO QUỐC GIA\nCHỐNG BUÔN LẬU, GIAN LẬN THƯƠNG MẠI\nVÀ HÀNG GIẢ\n(BCĐ 389)\n",
     "Ban Chỉ đạo Quốc gia chống buôn lậu, gian lận thương mại và hàng giả"),
    # a joint plan of two bodies of one place, each under its parent: the first issues
    ("BẢO HIỂM XÃ HỘI VIỆT NAM          HỘI LHPN VIỆT NAM         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "BẢO HIỂM XÃ HỘI TỈNH SƠN LA       HỘI LHPN TỈNH SƠN LA      Độc lập - Tự do - Hạnh phúc\n",
     "Bảo hiểm xã hội tỉnh Sơn La"),
])
def test_an_issuer_written_out_and_the_first_of_a_joint_plan(header, issuer):
    md = _meta_of(header + "Số: 562/KH-BHXH                           Sơn La, ngày 09 tháng 3 năm 2023\n\nKẾ HOẠCH\n"
                  "Tuyên truyền năm 2023\n")
    assert md.issuer == issuer


@pytest.mark.parametrize("header,issuer", [
    ("ỦY BAN NHÂN DÂN\nPHƯỜNG TRƯỜNG VINH\n___________\n", "Ủy ban nhân dân phường Trường Vinh"),
    ("UBND HUYỆN THẠCH HÀ\nUBND XÃ THẠCH ĐÀI\n--------\n", "Ủy ban nhân dân xã Thạch Đài"),
    ("CHI CỤC KIỂM LÂM TỈNH LÂM ĐỒNG\nHẠT KIỂM LÂM DI LINH\n", "Hạt Kiểm lâm Di Linh"),
    ("UBND HUYỆN THANH CHƯƠNG\nHĐ PHỐI HỢP PBGDPL\n", "Hội đồng phối hợp phổ biến, giáo dục pháp luật"),
    ("BỘ TƯ LỆNH BỘ ĐỘI BIÊN PHÒNG\nBỘ CHỈ HUY BĐBP TỈNH AN GIANG\n", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh An Giang"),
    ("UBND TỈNH NGHỆ AN\nBAN QLDA ĐẦU TƯ XÂY DỰNG CÔNG TRÌNH GIAO THÔNG\n",
     "Ban Quản lý dự án đầu tư xây dựng công trình giao thông"),
    # two bodies side by side over their places: a joint plan, the first issues
    ("TÒA ÁN NHÂN DÂN          VIỆN KIỂM SÁT NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "HUYỆN MƯỜNG ẢNG          HUYỆN MƯỜNG ẢNG                 Độc lập - Tự do - Hạnh phúc\n",
     "Tòa án nhân dân huyện Mường Ảng"),
])
def test_a_place_that_ends_in_a_body_word_and_more_headers_of_bodies_under_a_parent(header, issuer):
    md = _meta_of(header + "Số: 45/KH-UBND                           Di Linh, ngày 18 tháng 11 năm 2023\n\nKẾ HOẠCH\n"
                  "Phòng cháy, chữa cháy rừng\n")
    assert md.issuer == issuer


def test_a_joint_plan_signed_twice_is_signed_by_its_first_issuer():
    md = _meta_of("TÒA ÁN NHÂN DÂN HUYỆN MƯỜNG ẢNG\nSố: 02/KHLN-TA-VKS\nKẾ HOẠCH LIÊN NGÀNH\nTổ chức phiên tòa\n"
                  "I. MỤC ĐÍCH\nNâng cao.\n\nTÒA ÁN NHÂN DÂN HUYỆN MƯỜNG ẢNG\nCHÁNH ÁN\n\nQuàng Văn Dũng\n\n"
                  "VIỆN KIỂM SÁT NHÂN DÂN HUYỆN MƯỜNG ẢNG\nVIỆN TRƯỞNG\n\nLò Thị Thanh\n\nNơi nhận:\n"
                  "- TAND tỉnh Điện Biên (b/c);\n- Lưu: TA, VKS.\n")
    assert (md.signer.name, md.signer.position) == ("Quàng Văn Dũng", "Chánh án")


@pytest.mark.parametrize("header,issuer", [
    ("VĂN PHÒNG UBND TỈNH BÌNH ĐỊNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG Độc lập - Tự do - Hạnh phúc\n", "Trung tâm Phục vụ hành chính công"),
    ("KHO BẠC NHÀ NƯỚC\nKBNN QUẢNG TRỊ\n___\n", "Kho bạc Nhà nước Quảng Trị"),
    ("UBMTTQ VIỆT NAM\nHUYỆN CHÂU THÀNH\n———\n", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Châu Thành"),
    ("BCH ĐOÀN TỈNH GIA LAI                          ĐOÀN TNCS HỒ CHÍ MINH\nHUYỆN ĐOÀN CHƯ PRÔNG\n        ***\n",
     "Huyện đoàn Chư Prông"),
    # the motto written with en dashes
    ("| ỦY BAN NHÂN DÂN PHƯỜNG ĐẠO LONG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập – Tự do – Hạnh phúc |\n",
     "Ủy ban nhân dân phường Đạo Long"),
])
def test_a_centre_under_a_committee_office_the_treasury_and_the_front_abbreviated(header, issuer):
    md = _meta_of(header + "Số: 45/KH-UBND                           Đạo Long, ngày 18 tháng 11 năm 2023\n\nKẾ HOẠCH\n"
                  "Tăng cường giải quyết thủ tục hành chính\n")
    assert md.issuer == issuer


@pytest.mark.parametrize("header,body,issuer", [
    # the provincial procuracy, court or enforcement office over the district's
    ("VIỆN KSND TỈNH BẮC GIANG\nVIỆN KSND HUYỆN LỤC NAM\n", "", "Viện kiểm sát nhân dân huyện Lục Nam"),
    ("CỤC THADS TỈNH BẮC GIANG\nCHI CỤC THADS HUYỆN LỤC NAM\n", "", "Chi cục Thi hành án dân sự huyện Lục Nam"),
    ("CÔNG AN TỈNH BẮC GIANG\nCÔNG AN HUYỆN LỤC NAM\n", "", "Công an huyện Lục Nam"),
    # a border post under the province's command, cased as the text writes its name
    ("BỘ CHỈ HUY BĐBP TỈNH AN GIANG\nĐỒN BIÊN PHÒNG CỬA KHẨU QUỐC TẾ VĨNH XƯƠNG\n",
     "Đồn Biên phòng Cửa khẩu quốc tế Vĩnh Xương xây dựng Kế hoạch như sau:\n",
     "Đồn Biên phòng Cửa khẩu quốc tế Vĩnh Xương"),
    # … but the words of a level stay in small letters
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n", "Ủy ban nhân dân Thành phố Hồ Chí Minh ban hành Kế hoạch.\n",
     "Ủy ban nhân dân thành phố Hồ Chí Minh"),
    # a university under its ministry; a ministry whose name ends in "TRƯỜNG"
    ("BỘ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG ĐẠI HỌC VINH\n", "", "Trường Đại học Vinh"),
    ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\n___\n", "", "Bộ Nông nghiệp và Môi trường"),
    # three levels with abbreviations; a ward abbreviated
    ("BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG\nTỔNG CỤC KTTV\nĐÀI KTTV KHU VỰC NAM TRUNG BỘ\n", "",
     "Đài Khí tượng Thủy văn khu vực Nam Trung Bộ"),
    ("BỘ CÔNG THƯƠNG\nTỔNG CỤC QLTT\nCỤC QLTT TỈNH ĐỒNG NAI\n", "", "Cục Quản lý thị trường tỉnh Đồng Nai"),
    ("UBND P. VŨNG TÀU\n-------\n", "", "Ủy ban nhân dân phường Vũng Tàu"),
    # two two-level headers side by side: a joint plan, issued first by the left one
    ("UBND HUYỆN HOẰNG HÓA                        CÔNG AN TỈNH THANH HÓA\n"
     "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO                   CÔNG AN HUYỆN HOẰNG HÓA\n", "", "Phòng Giáo dục và Đào tạo"),
])
def test_issuers_of_the_courts_the_border_guard_and_agencies_under_a_ministry(header, body, issuer):
    md = _meta_of(header + "Số: 18/KH-ĐV                           Lục Nam, ngày 12 tháng 3 năm 2024\n\nKẾ HOẠCH\n"
                  "Công tác năm 2024\n" + body)
    assert md.issuer == issuer


def test_a_letter_header_run_into_one_line_with_its_rules():
    md = _meta_of("UBND TỈNH THANH HÓA SỞ Y TẾ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
                  "--------------- Số: 3487/SYT-NVY V/v tăng cường phòng, chống dịch sốt xuất huyết Thanh Hóa, ngày 04 "
                  "tháng 8 năm 2022\n\nKính gửi: Các đơn vị.\n")
    assert (md.number, md.issuer, md.title, md.place, md.issue_date) == (
        "3487/SYT-NVY", "Sở Y tế", "tăng cường phòng, chống dịch sốt xuất huyết", "Thanh Hóa", "2022-08-04")


def test_a_signer_of_the_central_highlands_with_an_apostrophe():
    md = _meta_of("HUYỆN ỦY KRÔNG PẮC\nBAN DÂN VẬN\nSố: 38-CV/BDVHU\nV/v triển khai công tác dân vận\n"
                  "Đề nghị các chi bộ thực hiện./.\n\nNơi nhận:\n- Lưu BDV.\nK/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\n(đã ký)\n\nH' Lan Niê\n")
    assert md.signer.name == "H' Lan Niê"


def test_a_notice_whose_body_opens_with_the_meeting_day():
    md = _meta_of("UBND HUYỆN YÊN THẾ\nVĂN PHÒNG\nSố: 214/TB-VP\nYên Thế, ngày 15 tháng 7 năm 2022\nTHÔNG BÁO\n"
                  "Kết luận của Chủ tịch UBND huyện tại cuộc họp nghe báo cáo tiến độ giải phóng mặt bằng\n"
                  "Ngày 12/7/2022, Chủ tịch UBND huyện đã họp nghe báo cáo tiến độ giải phóng mặt bằng.\n")
    assert md.title == "Kết luận của Chủ tịch UBND huyện tại cuộc họp nghe báo cáo tiến độ giải phóng mặt bằng"


def test_a_header_and_title_run_into_one_line():
    md = _meta_of("UBND TP. HỒ CHÍ MINH SỞ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: "
                  "5931/KH-SYT Thành phố Hồ Chí Minh, ngày 11 tháng 8 năm 2025 KẾ HOẠCH Triển khai chi trả chế độ trợ "
                  "giúp xã hội năm 2025\nI. MỤC ĐÍCH\n")
    assert (md.number, md.issuer, md.place, md.issue_date, md.doc_type, md.title) == (
        "5931/KH-SYT", "Sở Y tế", "Thành phố Hồ Chí Minh", "2025-08-11", "Kế hoạch",
        "Triển khai chi trả chế độ trợ giúp xã hội năm 2025")


def test_a_signer_under_a_police_post_and_rank():
    md = _meta_of("CÔNG AN TỈNH QUẢNG NAM\nCÔNG AN HUYỆN ĐẠI LỘC\nSố: 215/KH-CAH\nKẾ HOẠCH\nPhòng, chống mua bán người\n"
                  "I. MỤC ĐÍCH\nBảo đảm an ninh./.\n\nNơi nhận:\n- Lưu: VT.\n\nTRƯỞNG CÔNG AN HUYỆN\n\nThượng tá Lê Văn Hùng\n")
    assert md.signer.name == "Lê Văn Hùng"


@pytest.mark.parametrize("block", [
    "Nơi nhận:\n- Như trên;\n- Lưu: VT, TP.\nTM. HỘI ĐỒNG\nPHÓ CHỦ TỊCH UBND HUYỆN\n\nĐỗ Minh Khôi\n",
    # the columns of a converted table run into one line
    "| *Nơi nhận:* - Như trên; - Lưu: VT, TP. | **TM. HỘI ĐỒNG** **PHÓ CHỦ TỊCH UBND HUYỆN** **Đỗ Minh Khôi** |\n"
    "|---|---|\n",
])
def test_a_council_signed_by_the_vice_chair_of_the_committee(block):
    md = _meta_of("HĐ PHỐI HỢP PBGDPL HUYỆN ĐÔNG ANH\nSố: 35/CV-HĐPH\nV/v hưởng ứng Ngày Pháp luật\n"
                  "Đề nghị các cơ quan thực hiện./.\n\n" + block)
    assert (md.signer.name, md.signer.position, md.signer.on_behalf) == (
        "Đỗ Minh Khôi", "Phó Chủ tịch Ủy ban nhân dân huyện", "TM. Hội đồng")


@pytest.mark.parametrize("page,issuer,number", [
    # the copy lost the header: the portal's attributes name the issuer, not its menu in capitals
    ("Cổng thông tin điện tử huyện Krông Bông\nTRANG CHỦ | GIỚI THIỆU | TIN TỨC | VĂN BẢN | CÔNG KHAI NGÂN SÁCH\n"
     "Kế hoạch triển khai công tác y tế trường học năm 2022\nNgày đăng: 25/02/2022 | Lượt xem: 236\n"
     "Số ký hiệu | 41/KH-UBND\nNgày ban hành | 23/02/2022\nCơ quan ban hành | UBND huyện Krông Bông\n"
     "KẾ HOẠCH\nTriển khai công tác y tế trường học trên địa bàn huyện năm 2022\n\n"
     "Thực hiện Kế hoạch số 1520/KH-SYT ngày 21/01/2022 của Sở Y tế tỉnh Đắk Lắk; Ủy ban nhân dân huyện ban hành "
     "Kế hoạch như sau:\nI. MỤC TIÊU\n", "Ủy ban nhân dân huyện Krông Bông", "41/KH-UBND"),
    # the site's name in capitals above its menu, its view count and the header
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH QUẢNG NGÃI\nTrang chủ   Giới thiệu   Tin tức   Văn bản chỉ đạo\n"
     "Ngày đăng: 11/05/2017     Số lần xem: 509\nCơ quan ban hành | Sở LĐTBXH tỉnh Quảng Ngãi\n"
     "UBND TỈNH QUẢNG NGÃI\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n-------\nSố: 812/HD-SLĐTBXH\n"
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 10 tháng 5 năm 2017\n\n"
     "HƯỚNG DẪN\nTổ chức các hoạt động Tháng hành động vì trẻ em năm 2017\n",
     "Sở Lao động - Thương binh và Xã hội", "812/HD-SLĐTBXH"),
    ("Trang thông tin điện tử xã Ea Tul\nTrang chủ > Văn bản chỉ đạo điều hành\n"
     "Số/Ký hiệu: 19/KH-UBND     Ngày ban hành: 06/03/2023\nUBND HUYỆN CƯ M'GAR\nUBND XÃ EA TUL\nSố: 19/KH-UBND\n"
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nEa Tul, ngày 06 tháng 3 năm 2023\n\nKẾ HOẠCH\n"
     "Thực hiện công tác trẻ em năm 2023\n", "Ủy ban nhân dân xã Ea Tul", "19/KH-UBND"),
    # a header whose cells the page glued together, under the site's name and breadcrumbs
    ("Sở Văn hóa và Thể thao tỉnh Bình Định\nTin tức › Gia đình › Văn bản chỉ đạo\nNgày đăng: 27/05/2022 - Lượt xem: 689\n"
     "UBND TỈNH BÌNH ĐỊNHSỞ VĂN HÓA VÀ THỂ THAOCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúcSố: "
     "1820/KH-SVHTTBình Định, ngày 25 tháng 5 năm 2022KẾ HOẠCHTổ chức các hoạt động hưởng ứng Ngày Gia đình Việt Nam\n"
     "Thực hiện Kế hoạch số 64/KH-UBND ngày 03/5/2022 của UBND tỉnh, Sở xây dựng Kế hoạch như sau:\n",
     "Sở Văn hóa và Thể thao", "1820/KH-SVHTT"),
])
def test_headers_under_a_portals_lines(page, issuer, number):
    md = _meta_of(page)
    assert (md.issuer, md.number) == (issuer, number)


def test_the_left_column_above_its_rule_and_number_before_the_motto():
    md = _meta_of("UBND TỈNH THÁI BÌNH\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\n-----o0o-----\nSố: 865/SNNMT-CNTY\n"
                  "V/v chủ động phòng, chống bệnh Dịch tả lợn châu Phi\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\n-----o0o-----\nThái Bình, ngày 12 tháng 3 năm 2025\n\n"
                  "Kính gửi: Ủy ban nhân dân các xã, phường.\n\nThời gian qua, dịch bệnh diễn biến phức tạp.\n")
    assert (md.issuer, md.number, md.doc_type) == ("Sở Nông nghiệp và Môi trường", "865/SNNMT-CNTY", "Công văn")
