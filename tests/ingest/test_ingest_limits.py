"""Bad and hostile files: a clear one-line error, or a bounded result that says what was left out."""
import io
import json
import os
import subprocess
import sys

import pytest
from PIL import Image

import make_files as mf
from extractor.ingest import IngestError, plan_pages, read_bytes

PAGE = ["Kế hoạch số 12/KH-UBND ngày 19 tháng 4 năm 2021 của Ủy ban nhân dân xã Ia Hla",
        "về việc triển khai thực hiện công tác trẻ em năm 2022 trên địa bàn xã"]


def _error(data, name="x"):
    with pytest.raises(IngestError) as err:
        read_bytes(data, name)
    msg = str(err.value)
    assert "\n" not in msg and len(msg) < 300
    return err.value.code, msg


def test_corrupt_pdf():
    good = mf.text_pdf([PAGE])
    code, msg = _error(good[:len(good) // 3])
    assert code == "corrupt" and "damaged PDF" in msg
    assert _error(b"%PDF-1.7\n" + os.urandom(3000))[0] == "corrupt"


def test_encrypted_pdf():
    code, msg = _error(mf.encrypted_pdf())
    assert code == "encrypted" and "password" in msg


def test_docx_zip_bomb_is_refused_before_inflating(monkeypatch):
    monkeypatch.setenv("VNPLAN_MAX_UNZIPPED_BYTES", str(20 * 1024 * 1024))
    bomb = mf.zip_bomb(64 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024                  # 64 MB of zeros in well under 1 MB
    code, msg = _error(bomb, "bomb.docx")
    assert code == "too_large" and "VNPLAN_MAX_UNZIPPED_BYTES" in msg


def test_zip_that_is_not_a_docx():
    buf = io.BytesIO()
    import zipfile
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    code, msg = _error(buf.getvalue(), "book.xlsx")
    assert code == "unsupported_type" and "XLSX" in msg


def test_huge_image_is_refused_without_decoding_it():
    buf = io.BytesIO()
    Image.new("1", (20000, 20000), 1).save(buf, "PNG")          # 400 Mpx, a few hundred kB
    code, msg = _error(buf.getvalue(), "huge.png")
    assert code == "too_large" and "20000x20000" in msg and "VNPLAN_MAX_PIXELS" in msg


def test_image_without_text():
    buf = io.BytesIO()
    Image.new("L", (2480, 3508), 250).save(buf, "PNG")
    code, msg = _error(buf.getvalue(), "blank.png")
    assert code == "no_text" and "OCR read no words" in msg


def test_pdf_of_2000_pages_is_read_up_to_the_page_limit():
    data = mf.repeated_pdf([[f"Trang {i + 1}: " + PAGE[0]] for i in range(30)], 2000)
    raw = read_bytes(data, "long.pdf")
    assert raw.pages == 2000 and len(raw.page_starts) == 500          # VNPLAN_MAX_PAGES default
    assert raw.text.rstrip().split("\n")[-1].startswith(f"Trang {499 % 30 + 1}:")
    assert any(w[0] == "pages_truncated" and "2000 pages" in w[1] for w in raw.warnings)


def test_page_limit_from_the_environment(monkeypatch):
    monkeypatch.setenv("VNPLAN_MAX_PAGES", "3")
    data = mf.repeated_pdf([[f"Trang {i + 1}: " + PAGE[0]] for i in range(2)], 10)
    assert len(plan_pages(data)) == 3


def test_file_size_limit(monkeypatch):
    monkeypatch.setenv("VNPLAN_MAX_FILE_BYTES", "1000")
    code, msg = _error(mf.text_pdf([PAGE]), "big.pdf")
    assert code == "too_large" and "VNPLAN_MAX_FILE_BYTES" in msg


def test_cli_reads_a_pdf_and_reports_a_broken_one(tmp_path):
    good = tmp_path / "kh.pdf"
    good.write_bytes(mf.text_pdf([PAGE, ["II. NHIỆM VỤ", "Báo cáo kết quả trước ngày 30/6/2022."]]))
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(good.read_bytes()[:500])
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(good), str(bad), "-o", str(out)],
                       capture_output=True, timeout=120, cwd=mf.ROOT)
    assert p.returncode == 1
    err = p.stderr.decode()
    assert "Traceback" not in err and err.strip().splitlines() == [f"vnplan: {bad}: damaged PDF (Data format error)"]
    data = json.loads((out / "kh.json").read_text(encoding="utf-8"))
    assert data["source"]["media_type"] == "application/pdf" and data["source"]["pages"] == 2
    assert data["source"]["ocr"]["used"] is False


def test_ocr_timeout_leaves_the_page_empty_with_a_warning_and_keeps_the_others(monkeypatch):
    from extractor.ingest import ocr
    pages = mf.scanned_pages("\n".join(PAGE), "t1") + mf.scanned_pages("\n".join(PAGE), "t2")
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], dpi=(300, 300), compression="tiff_deflate")
    real = ocr.run_tesseract
    calls = []

    def slow_second_page(image, timeout, *a, **k):
        calls.append(timeout)
        if len(calls) == 2:
            raise TimeoutError(f"OCR took longer than {timeout} s")
        return real(image, timeout, *a, **k)

    monkeypatch.setattr(ocr, "run_tesseract", slow_second_page)
    monkeypatch.setenv("VNPLAN_OCR_WORKERS", "1")
    monkeypatch.setenv("VNPLAN_OCR_PAGE_TIMEOUT", "7")
    raw = read_bytes(buf.getvalue(), "two.tif")
    assert calls == [7, 7]
    assert "12/KH-UBND" in raw.text[:raw.page_starts[1]] and raw.text[raw.page_starts[1]:] == ""
    assert [w for w in raw.warnings if w[0] == "ocr_timeout"][0][2] == 2


def test_low_confidence_page_is_warned():
    from extractor.ingest import PageResult, Word, assemble_pages
    buf = io.BytesIO()                  # the file gives the type; the pages come from the results
    Image.new("L", (100, 100), 255).save(buf, "PNG")
    good = PageResult(index=0, text="Kế hoạch", ocr=True, words=(Word(0, 8, 41.0, (0, 0, 10, 10)),),
                      mean_confidence=41.0, engine="tesseract 5", lang="vie")
    raw = assemble_pages(buf.getvalue(), [good], "blurred.png")
    assert ("ocr_low_confidence", "page 1: mean OCR confidence 41", 1) in raw.warnings
    assert raw.confidence(0, 3) == 0.41


def test_scan_without_the_vietnamese_model_or_tesseract_is_a_clear_error(tmp_path):
    """Tesseract's data directory without vie.traineddata (TESSDATA_PREFIX), then no Tesseract on
    the PATH: the scan is refused with one line that says what to install, and nothing is written."""
    scan = tmp_path / "scan.png"
    mf.scanned_pages("\n".join(PAGE), "v1")[0].save(scan)
    (tmp_path / "tessdata").mkdir()
    cmd = [sys.executable, "-m", "extractor.cli", "extract", str(scan), "-o", str(tmp_path / "out")]
    for env, says in ((dict(os.environ, TESSDATA_PREFIX=str(tmp_path / "tessdata")), "no Vietnamese model"),
                      (dict(os.environ, PATH=os.path.dirname(sys.executable)), "Tesseract is not installed")):
        p = subprocess.run(cmd, capture_output=True, timeout=120, cwd=mf.ROOT, env=env)
        err = p.stderr.decode().strip()
        assert p.returncode == 1 and "Traceback" not in err and len(err.splitlines()) == 1
        assert says in err and "tesseract-ocr-vie" in err
        assert not (tmp_path / "out" / "scan.json").exists()
