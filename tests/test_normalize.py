import os

import pytest

from extractor import ingest, normalize

from corpus_paths import TEXTS


def _doc(text: str):
    return normalize.run(ingest.read_bytes(text.encode("utf-8")))


def test_tone_placement_and_d_bar():
    d = _doc("Uỷ ban hoà giải, thuỷ lợi, khoẻ mạnh; quý; của; Luật; QÐ-TTg")
    assert d.text == "Ủy ban hòa giải, thủy lợi, khỏe mạnh; quý; của; Luật; QĐ-TTg"


def test_decomposed_input_is_composed_and_mapped():
    raw = "Ke\u0302\u0301 hoa\u0323ch so\u0302\u0301 12"
    d = _doc(raw)
    assert d.text == "Kế hoạch số 12"
    start = d.text.index("số")
    a, b = d.original_span(start, start + 2)
    assert d.raw.text[a:b] == "so\u0302\u0301"


def test_header_columns_split_and_trailer_dropped():
    d = normalize.run(ingest.read_path(os.path.join(TEXTS, "seed002.txt")))
    lines = d.text.split("\n")
    assert lines[0] == "Số: 12 /KH-UBND"
    assert lines[1] == "Ia Hla, ngày 19 tháng 4 năm 2021"
    assert "đã ký lên văn bản này" not in d.text
    assert "2022-04-28T07:24:18" not in d.text


def test_hard_wrapped_lines_joined_markdown_removed():
    d = normalize.run(ingest.read_path(os.path.join(TEXTS, "d009.txt")))
    assert "CHUYỂN ĐỔI SỐ TRONG HOẠT ĐỘNG XÂY DỰNG" in d.text
    assert "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về" in d.text
    assert "**" not in d.text and "\n|" not in d.text
    assert "\nI. MỤC ĐÍCH, YÊU CẦU\n" in d.text


def test_offsets_point_at_the_same_letters():
    for name in ("seed000.txt", "seed002.txt", "d009.txt"):
        d = normalize.run(ingest.read_path(os.path.join(TEXTS, name)))
        assert len(d.offsets) == len(d.text) + 1
        for i in range(0, len(d.text), 97):
            ch = d.text[i]
            if ch.isalnum():
                assert d.raw.text[d.offsets[i]].casefold()[:1] in (ch.casefold(), ) or not d.raw.text[d.offsets[i]].isascii() or ch == "Đ"


def test_broken_glyphs_of_a_pdf_conversion_are_read_back():
    # d002 was converted with a font whose "ỳ" and "ũ" came out as Ƕ and ǜ
    d = normalize.run(ingest.read_path(os.path.join(TEXTS, "d002.txt")))
    assert "Ƕ" not in d.text and "ǜ" not in d.text
    start = d.text.index("Công bố định kỳ báo cáo")
    a, b = d.original_span(start, start + len("Công bố định kỳ"))
    assert d.raw.text[a:b] == "Công bố định kǶ"
    assert "đội ngũ kỹ sư" in d.text


def test_a_unit_name_wrapped_after_its_head_is_joined():
    d = normalize.run(ingest.read_path(os.path.join(TEXTS, "d007.txt")))
    assert "\n3. Bộ Tư lệnh Thành phố chủ trì, phối hợp với" in d.text
    assert "\n1. Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối" in d.text
    # a short heading and its body stay apart
    d = _doc("I. MỤC ĐÍCH\n1. Mục đích\nTiếp tục thực hiện tốt công tác.")
    assert "1. Mục đích\nTiếp tục" in d.text


def test_a_heading_broken_where_it_cannot_end_is_joined():
    """Web pages break headings anywhere; their scans and texts without the bold marks keep the
    break, often with a paragraph's space after it."""
    d = _doc("Bảo đảm tiến độ.\n\n1. Sở\n\nKhoa học và Công nghệ\n\na) Chủ trì, tham mưu.\n\n"
             "13. Báo và\nPhát thanh, Truyền hình tỉnh\n\nChủ trì tuyên truyền.\n\nVII. CHẾ ĐỘ\nBÁO CÁO\n\n"
             "Các cơ quan báo cáo.\n")
    assert d.text.split("\n") == ["Bảo đảm tiến độ.", "1. Sở Khoa học và Công nghệ", "a) Chủ trì, tham mưu.",
                                   "13. Báo và Phát thanh, Truyền hình tỉnh", "Chủ trì tuyên truyền.",
                                   "VII. CHẾ ĐỘ BÁO CÁO", "Các cơ quan báo cáo."]
    d = _doc("Bảo đảm tiến độ.\n\n16. Mặt trận\nTổ quốc Việt Nam tỉnh\n\nPhối hợp tuyên truyền.\n")
    assert d.text.split("\n")[1] == "16. Mặt trận Tổ quốc Việt Nam tỉnh"
    # a heading that can end where it does keeps its line, and so does a report's title
    d = _doc("1. Mục tiêu\n\nNâng cao chất lượng.\n")
    assert d.text == "1. Mục tiêu\nNâng cao chất lượng."


def test_a_unit_heading_keeps_its_line_when_the_next_begins_a_sentence():
    d = _doc("III. TỔ CHỨC THỰC HIỆN\n2. Sở Nông nghiệp và Phát triển nông thôn, Sở Công Thương\n"
             "Theo chức năng, nhiệm vụ được giao, phối hợp với Sở Y tế tổ chức kiểm tra.\n"
             "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh\n"
             "Phối hợp tuyên truyền, vận động hội viên thực hiện.\n"
             "4. Đề nghị Tỉnh Đoàn, Hội Liên hiệp Phụ nữ tỉnh\nLồng ghép nội dung vào các hoạt động.\n"
             "5. Ủy ban nhân dân huyện\nBình Sơn chủ trì thực hiện.\n")
    assert d.text.split("\n")[1:7:2] == ["2. Sở Nông nghiệp và Phát triển nông thôn, Sở Công Thương",
                                        "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh",
                                        "4. Đề nghị Tỉnh Đoàn, Hội Liên hiệp Phụ nữ tỉnh"]
    # a place name after the locality word goes on with the name
    assert d.text.endswith("\n5. Ủy ban nhân dân huyện Bình Sơn chủ trì thực hiện.")


def test_the_place_and_date_line_is_not_joined_to_the_subject_line_above():
    d = _doc("Số: 1530/UBND-VX\nV/v tăng cường công tác phòng, chống đuối nước trẻ em dịp hè năm 2024\n"
             "Bình Sơn, ngày 20 tháng 5 năm 2024\n")
    assert d.text.split("\n")[1:] == ["V/v tăng cường công tác phòng, chống đuối nước trẻ em dịp hè năm 2024",
                                      "Bình Sơn, ngày 20 tháng 5 năm 2024"]
    # a place name wrapped in a narrow header column is still one line
    d = normalize.run(ingest.read_path(os.path.join(TEXTS, "c009.txt")))
    assert "\nQuảng Ngãi, ngày" in d.text


def test_the_tail_of_a_title_in_capitals_below_a_paragraph_space_goes_with_it():
    d = _doc("KẾ HOẠCH\n\nTHỰC HIỆN LỘ TRÌNH ĐỔI MỚI CÔNG NGHỆ ĐẾN NĂM 2035\nTRÊN ĐỊA BÀN TỈNH ĐỒNG THÁP "
             "ĐỐI VỚI CÁC NGÀNH KINH TẾ MŨI\n\nNHỌN\n\nCăn cứ Nghị quyết số 57-NQ/TW.\n")
    assert d.text.split("\n")[1] == ("THỰC HIỆN LỘ TRÌNH ĐỔI MỚI CÔNG NGHỆ ĐẾN NĂM 2035 TRÊN ĐỊA BÀN TỈNH ĐỒNG "
                                     "THÁP ĐỐI VỚI CÁC NGÀNH KINH TẾ MŨI NHỌN")
    # a heading in capitals after a paragraph space is no tail
    assert _doc("I. MỤC ĐÍCH, YÊU CẦU CỦA KẾ HOẠCH NÀY\n\nII. NHIỆM VỤ\n").text.count("\n") == 1


def test_a_heading_number_alone_on_its_line_takes_the_title_below():
    # OCR sets a hanging number apart from its title
    d = _doc("III. NHIỆM VỤ\n1.\nCông tác quán triệt, tuyên truyền\n- Tổ chức hội nghị.\n2.\n\nTập trung hoàn thiện quy hoạch\n")
    assert "\n1. Công tác quán triệt, tuyên truyền\n" in d.text
    assert "\n2. Tập trung hoàn thiện quy hoạch" in d.text


def test_a_mark_alone_across_a_gap_is_no_column():
    # a speck on a scan read as ":" far right of a heading wrapped in two lines
    d = _doc("I. MỤC      :\nĐÍCH, YÊU CẦU\n1. Mục đích\n")
    assert d.text.startswith("I. MỤC ĐÍCH, YÊU CẦU\n")


def test_a_line_without_letters_stays_in_a_title_of_capitals():
    d = _doc("KẾ HOẠCH\nTRIỂN KHAI THỰC HIỆN QUYẾT ĐỊNH SỐ 830/QĐ-TTG NGÀY\n01/6/2021\nCỦA THỦ TƯỚNG CHÍNH PHỦ\n"
             "Thực hiện Quyết định số 830.")
    assert "\nTRIỂN KHAI THỰC HIỆN QUYẾT ĐỊNH SỐ 830/QĐ-TTG NGÀY 01/6/2021 CỦA THỦ TƯỚNG CHÍNH PHỦ\n" in d.text


def test_a_unit_heading_of_a_text_written_a_paragraph_a_line_keeps_its_line():
    para = ("Tăng cường công tác tuyên truyền, phổ biến, giáo dục pháp luật về quyền trẻ em, nâng cao nhận thức "
            "và trách nhiệm của gia đình, nhà trường và xã hội trong việc bảo vệ, chăm sóc và giáo dục trẻ em.")
    text = "\n".join([para] * 6 + ["III. TỔ CHỨC THỰC HIỆN", "1. Sở Lao động - Thương binh và Xã hội",
                                   "Chủ trì theo dõi, tổng hợp kết quả thực hiện Kế hoạch.", para, para, para])
    d = _doc(text)
    assert "\n1. Sở Lao động - Thương binh và Xã hội\nChủ trì theo dõi" in d.text
    # the same lines wrapped at a page's width are not judged: a wrapped heading may end anywhere
    wrapped = _doc("\n".join([para[:70], para[70:140], para[140:]] * 4 + [
        "1. Sở Lao động - Thương binh và", "Xã hội chủ trì theo dõi, tổng hợp kết quả."]))
    assert "1. Sở Lao động - Thương binh và Xã hội chủ trì" in wrapped.text


def test_a_unit_heading_then_its_body_on_the_next_line_stay_apart():
    text = ("IV. TỔ CHỨC THỰC HIỆN\n2. Khoa Dược - Trang thiết bị - Vật tư y tế\n"
            "Tiếp nhận, bảo quản, cấp phát vắc xin, vật tư; bảo đảm đủ hộp chống sốc tại các điểm tiêm.\n"
            "6. Đề nghị Phòng Y tế huyện, Phòng Giáo dục và Đào tạo huyện\n"
            "Phòng Y tế huyện tham mưu UBND huyện chỉ đạo UBND các xã hỗ trợ tổ chức chiến dịch.\n")
    lines = normalize.run(ingest.read_bytes(text.encode())).text.split("\n")
    assert "2. Khoa Dược - Trang thiết bị - Vật tư y tế" in lines
    assert "6. Đề nghị Phòng Y tế huyện, Phòng Giáo dục và Đào tạo huyện" in lines


def test_a_wrapped_unit_heading_then_its_body_and_a_subject_on_the_number_line():
    text = ("III. TỔ CHỨC THỰC HIỆN\n3. Ban Quản lý dự án đầu tư xây dựng khu vực\nMường Khương\n"
            "Đẩy nhanh tiến độ thi công các công trình hạ tầng thuộc các Chương\ntrình; lập hồ sơ thanh toán.\n")
    lines = normalize.run(ingest.read_bytes(text.encode())).text.split("\n")
    assert lines[1] == "3. Ban Quản lý dự án đầu tư xây dựng khu vực Mường Khương"
    assert lines[2].startswith("Đẩy nhanh tiến độ")
    text = "ỦY BAN NHÂN DÂN HUYỆN BẢO LÂM\nSố: 3120/UBND-CAH V/v tăng cường công tác phòng cháy, chữa cháy\n"
    lines = normalize.run(ingest.read_bytes(text.encode())).text.split("\n")
    assert "Số: 3120/UBND-CAH" in lines and "V/v tăng cường công tác phòng cháy, chữa cháy" in lines


def test_a_title_in_capitals_with_a_quotation_left_open_runs_on_across_a_blank_line():
    text = ("KẾ HOẠCH\nTRIỂN KHAI THỰC HIỆN CHƯƠNG TRÌNH “BẢO VỆ VÀ HỖ TRỢ TRẺ\nEM\n\n"
            "TƯƠNG TÁC LÀNH MẠNH, SÁNG TẠO TRÊN MÔI TRƯỜNG MẠNG, GIAI\nĐOẠN 2022-2025” TRÊN ĐỊA\nBÀN TỈNH\n"
            "Thực hiện Quyết định số 830/QĐ-TTg.\n")
    lines = normalize.run(ingest.read_bytes(text.encode())).text.split("\n")
    assert lines[1] == ("TRIỂN KHAI THỰC HIỆN CHƯƠNG TRÌNH “BẢO VỆ VÀ HỖ TRỢ TRẺ EM TƯƠNG TÁC LÀNH MẠNH, SÁNG TẠO TRÊN "
                        "MÔI TRƯỜNG MẠNG, GIAI ĐOẠN 2022-2025” TRÊN ĐỊA BÀN TỈNH")


def test_a_long_numbered_unit_heading_wrapped_then_its_body():
    text = ("III. TỔ CHỨC THỰC HIỆN\n6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Hội Nông dân tỉnh, Hội Liên hiệp\n"
            "Phụ nữ tỉnh, Tỉnh Đoàn, Hội Cựu chiến binh tỉnh\nTuyên truyền, vận động hội viên, đoàn viên tham gia học nghề.\n")
    lines = normalize.run(ingest.read_bytes(text.encode())).text.split("\n")
    assert lines[1].endswith("Hội Cựu chiến binh tỉnh") and lines[2].startswith("Tuyên truyền")


def test_a_title_then_a_paragraph_in_a_text_written_a_paragraph_a_line():
    para = ("Ngày 12/7/2022, Chủ tịch UBND huyện đã họp nghe báo cáo tiến độ bồi thường, giải phóng mặt bằng các "
            "dự án trọng điểm trên địa bàn huyện; tham dự có lãnh đạo các phòng, ban, đơn vị liên quan.")
    title = "Kết luận của Chủ tịch UBND huyện tại cuộc họp nghe báo cáo tiến độ bồi thường"
    d = _doc("\n".join(["THÔNG BÁO", title, para, para, para, para, para, para, para, para, para, para]))
    assert f"\n{title}\nNgày 12/7/2022" in d.text
    # a subject wrapped on two short lines goes on
    d = _doc("\n".join(["V/v đẩy nhanh tiến độ giải phóng mặt bằng", "Dự án đường ven biển đoạn qua huyện",
                        para, para, para, para, para, para, para, para, para, para]))
    assert "giải phóng mặt bằng Dự án đường ven biển đoạn qua huyện\n" in d.text


def test_an_abbreviation_wrapped_alone_onto_the_next_line_goes_with_its_heading():
    d = _doc("II. NHIỆM VỤ\n5. Chuyển đổi\nAI\nChuyển đổi AI là quá trình tích hợp trí tuệ nhân tạo.\n")
    assert "\n5. Chuyển đổi AI\nChuyển đổi AI là" in d.text


def test_a_line_broken_after_a_dash_inside_a_name_goes_on_across_a_blank_line():
    d = _doc("2. Rà soát, lập danh sách người nghiện. Trạm Y tế xã phối hợp với Phòng Văn hóa -\n\n"
             "Xã hội xác định tình trạng nghiện.\n")
    assert "phối hợp với Phòng Văn hóa - Xã hội xác định" in d.text


@pytest.mark.parametrize("heading,body", [
    ("2. Phòng Tài chính - Kế hoạch", "Thẩm định, tham mưu phân bổ kinh phí."),
    ("4. Sở Thông tin và Truyền thông, Báo Bắc Kạn, Đài Phát thanh - Truyền hình Bắc Kạn",
     "Tăng thời lượng tin, bài tuyên truyền về công tác gia đình."),
    # a place name ends the heading: its body's first word is capitalised too
    ("2. Đề nghị Trung tâm Y tế huyện Thanh Oai", "Cử cán bộ y tế trực tại các điểm thi đấu."),
    ("4. Đề nghị Ban đại diện cha mẹ học sinh", "Cùng nhà trường quản lý, nhắc nhở học sinh trong dịp hè."),
    ("5. Hợp tác xã nông nghiệp Quảng Phú", "Cung ứng giống, vật tư nông nghiệp cho xã viên."),
    # a name that ends in "Sở" and is whole
    ("4. Thanh tra Sở", "Đưa nội dung thực hiện các quy định về bảo vệ trẻ em vào chương trình thanh tra."),
])
def test_a_unit_heading_ending_a_name_then_its_body_beginning_with_a_verb(heading, body):
    d = _doc("IV. TỔ CHỨC THỰC HIỆN\n" + heading + "\n" + body + "\n")
    assert "\n" + heading + "\n" + body in d.text


def test_a_position_alone_on_a_line_stands_alone_only_in_capitals():
    d = _doc("Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16/7/2021 của\nThủ tướng\nChính phủ quy định quy trình rà soát.\n\n"
             "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n\nLê Minh Khái\n")
    assert "ngày 16/7/2021 của Thủ tướng Chính phủ quy định" in d.text
    assert "\nPHÓ THỦ TƯỚNG\n" in d.text


def test_the_place_and_date_end_their_line():
    d = _doc("SỞ Y TẾ\nSố: 287/KH-TTYT\nKỳ Anh, ngày 14 tháng 5 năm 2024\nKẾ HOẠCH Tổ chức chiến dịch bổ sung vitamin A\n")
    assert "\nKỳ Anh, ngày 14 tháng 5 năm 2024\nKẾ HOẠCH Tổ chức" in d.text


def test_a_list_of_bodies_wrapped_after_a_semicolon_goes_on():
    # a page's width of text (aa-p13 of the written documents, as a scan reads it); a list a body a
    # line, its lines short, stays a line an item
    wrapped = ("1. Giao Phòng Nội vụ chủ trì, phối hợp với Phòng Tài chính - Kế hoạch;\n"
               "Phòng Nông nghiệp và Môi trường; Văn phòng HĐND và UBND huyện và\n"
               "Chi cục Thống kê khu vực Bạch Thông - Chợ Mới tổng hợp số liệu về diện\n")
    filler = "Các cơ quan, đơn vị căn cứ nội dung kế hoạch này để triển khai thực hiện\n" * 8
    d = _doc("IV. TỔ CHỨC THỰC HIỆN\n" + filler + wrapped + "tích tự nhiên.\n\nNơi nhận:\nPhòng Nội vụ;\nPhòng Tài chính - Kế hoạch;\n")
    assert "Phòng Tài chính - Kế hoạch; Phòng Nông nghiệp và Môi trường; Văn phòng" in d.text
    assert "\nPhòng Nội vụ;\nPhòng Tài chính - Kế hoạch;" in d.text
