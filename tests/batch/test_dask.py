"""The Dask engine on a LocalCluster of two single-threaded worker processes: same output as local,
and the pages of a scanned PDF read by OCR as separate tasks spread over both workers."""
import json
import os
import shutil
import sys

import pytest

from extractor.batch import runner

from .conftest import ROOT

PAGES = [
    "ỦY BAN NHÂN DÂN XÃ IA HLA\nSố: 12/KH-UBND\nIa Hla, ngày 19 tháng 4 năm 2021\nKẾ HOẠCH\n"
    "Triển khai thực hiện công tác trẻ em năm 2022\nI. MỤC TIÊU\n1. Mục tiêu cụ thể\n"
    "- 99% trẻ em có hoàn cảnh đặc biệt được trợ giúp.",
    "II. TỔ CHỨC THỰC HIỆN\n1. Công chức Văn hóa - Xã hội chủ trì thực hiện.\n"
    "Báo cáo kết quả trước ngày 15/12/2022.\nCHỦ TỊCH\nDương Đình Bình",
]


def _scanned_pdf() -> bytes:
    sys.path.insert(0, os.path.join(ROOT, "tests", "ingest"))
    try:
        import make_files
    finally:
        sys.path.pop(0)
    images = [make_files.scanned_pages(text, f"batch-dask-{i}", dpi=200)[0] for i, text in enumerate(PAGES)]
    return make_files.text_pdf([[] for _ in images], background=images)


def _by_sha(path):
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    return {d["source"]["sha256"]: d for d in docs}


def test_dask_local_cluster_gives_the_local_output(variant_folder, bad_files, tmp_path):
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed (scripts/setup.sh installs it)")
    folder, shas = variant_folder(24)
    (folder / "scan.pdf").write_bytes(_scanned_pdf())
    bad, expected = bad_files
    local, dask = str(tmp_path / "local.jsonl"), str(tmp_path / "dask.jsonl")
    runner.run([str(folder), str(bad)], local, workers=2)
    s = runner.run([str(folder), str(bad)], dask, engine="dask", workers=2)
    assert s.engine.startswith("Dask LocalCluster of 2")
    assert s.done == len(shas) + 1
    assert {k.rsplit("/", 1)[-1]: c for k, c, _ in s.failed if k.rsplit("/", 1)[-1] in expected} == expected
    assert s.engine_stats == "OCR pages: 2 page tasks on 2 workers"
    got, want = _by_sha(dask), _by_sha(local)
    assert got == want
    scan = next(d for d in got.values() if d["source"]["filename"] == "scan.pdf")
    assert scan["source"]["ocr"]["used"] and scan["source"]["pages"] == 2
    assert "công tác trẻ em" in scan["text"] and scan["metadata"]["number"].startswith("12/KH-UBND")
    again = runner.run([str(folder)], dask, engine="dask", workers=2)
    assert again.already_done == len(shas) + 1 and again.done == 0
