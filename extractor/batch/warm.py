"""Imported by the local pool's fork server: loads the extractor's data and compiles its patterns once.

Every worker is forked from that server, so each starts warm (copy-on-write) instead of paying the
first-document cost (about a second) itself, and a worker replaced after a timeout is ready at once.
Importing this module runs one small extraction; nothing else imports it.
"""
from __future__ import annotations

SAMPLE = """ỦY BAN NHÂN DÂN XÃ MẪU
Số: 1/KH-UBND
Mẫu, ngày 02 tháng 01 năm 2024
KẾ HOẠCH
Thực hiện công tác trẻ em năm 2024
Căn cứ Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ.
I. MỤC TIÊU
1. Phấn đấu 90% trẻ em được chăm sóc.
II. NHIỆM VỤ
1. Phòng Văn hóa - Xã hội chủ trì, phối hợp Trạm Y tế xã thực hiện trước ngày 30/6/2024.
III. TỔ CHỨC THỰC HIỆN
Báo cáo kết quả định kỳ 6 tháng.
CHỦ TỊCH
Nguyễn Văn A
"""


def _warm() -> None:
    try:
        from ..pipeline import extract_bytes
        extract_bytes(SAMPLE.encode("utf-8"), "warm.txt")
    except Exception:                 # a real document will report the problem, with its name
        pass


_warm()
