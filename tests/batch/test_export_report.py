"""vnplan export (CSV/Parquet tables from any batch target), vnplan report, and the batch CLI."""
import csv
import json
import os

import pyarrow.parquet as pq
import pytest

from extractor.batch import runner
from extractor.cli import main
from extractor.pipeline import extract_bytes
from extractor.tables import COLUMNS, TABLES, all_rows

from .conftest import TEXTS


@pytest.fixture
def batch_outputs(good_folder, tmp_path):
    """The same twelve documents run into a JSON folder, a JSON Lines file and a SQLite store."""
    folder, shas = good_folder
    targets = {"json": str(tmp_path / "json"), "jsonl": str(tmp_path / "o.jsonl"), "sqlite": str(tmp_path / "v.db"),
               "parquet": str(tmp_path / "t.parquet")}
    for t in targets.values():
        runner.run([str(folder)], t, workers=2)
    expected = {t: [] for t in TABLES}
    for name in shas.values():
        for t, rows in all_rows(extract_bytes(open(os.path.join(TEXTS, name), "rb").read(), name)).items():
            expected[t].extend(rows)
    return targets, expected


def _csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _key(row):
    return tuple("" if v is None else str(v) for v in row)


def test_export_gives_the_same_tables_from_every_source(batch_outputs, tmp_path, capsys):
    targets, expected = batch_outputs
    tables = {}
    for kind, target in targets.items():
        out = tmp_path / f"export-{kind}"
        assert main(["export", target, "--out", str(out), "--format", "both"]) == 0
        assert "12 documents" in capsys.readouterr().err
        tables[kind] = {}
        for t in TABLES:
            rows = _csv(out / f"{t}.csv")
            assert rows[0] == list(COLUMNS[t])
            assert len(rows) - 1 == len(expected[t])
            parquet = pq.read_table(out / f"{t}.parquet")
            assert parquet.column_names == list(COLUMNS[t])
            assert parquet.num_rows == len(expected[t])
            tables[kind][t] = sorted(rows[1:])
    assert tables["json"] == tables["jsonl"] == tables["sqlite"] == tables["parquet"]
    # the cells are the values of extractor.tables, written as text (None as an empty cell)
    for t in TABLES:
        want = sorted(_key([r[c] for c in COLUMNS[t]]) for r in expected[t])
        assert [tuple(row) for row in tables["jsonl"][t]] == want


def test_export_parquet_types_are_numbers_and_booleans(batch_outputs, tmp_path):
    targets, expected = batch_outputs
    out = tmp_path / "p"
    assert main(["export", targets["jsonl"], "--out", str(out), "--format", "parquet",
                 "--tables", "targets", "deadlines"]) == 0
    assert sorted(os.listdir(out)) == ["deadlines.parquet", "targets.parquet"]
    t = pq.read_table(out / "targets.parquet")
    assert str(t.schema.field("value").type) == "double"
    assert str(t.schema.field("span_start").type) == "int64"
    assert sorted(v for v in t.column("value").to_pylist() if v is not None) == \
        sorted(r["value"] for r in expected["targets"] if r["value"] is not None)
    d = pq.read_table(out / "deadlines.parquet")
    assert str(d.schema.field("year_inferred").type) == "bool"


def test_export_for_a_spreadsheet_has_a_byte_order_mark(batch_outputs, tmp_path):
    targets, _ = batch_outputs
    out = tmp_path / "x"
    assert main(["export", targets["json"], "--out", str(out), "--tables", "documents", "--excel"]) == 0
    assert (out / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbfdocument_id,")


def test_export_of_a_bad_source_fails_cleanly_and_leaves_no_half_file(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.json").write_text(json.dumps({"not": "a contract"}))
    out = tmp_path / "out"
    assert main(["export", str(src), "--out", str(out)]) == 1
    assert "not a contract JSON document" in capsys.readouterr().err
    assert os.listdir(out) == []
    assert main(["export", str(tmp_path / "missing.jsonl"), "--out", str(out)]) == 1
    assert "no such file" in capsys.readouterr().err


SEED002 = os.path.join(TEXTS, "seed002.txt")


def test_report_of_a_document_in_vietnamese_plain_text(capsys):
    assert main(["report", SEED002]) == 0
    text = capsys.readouterr().out
    for line in ("Số hiệu: 12/KH-UBND", "Cơ quan ban hành: Ủy ban nhân dân xã Ia Hla",
                 "Ngày ban hành: 19/04/2021, Ia Hla", "Trích yếu: Triển khai thực hiện công tác trẻ em năm 2022",
                 "Người ký: KT. Chủ tịch, Phó Chủ tịch, Dương Đình Bình", "Năm kế hoạch: 2022"):
        assert line in text
    assert "- Kế hoạch số 111/KH-UBND ngày 15/04/2021 của UBND huyện" in text
    assert "99%: trẻ em có hoàn cảnh đặc biệt được trợ giúp dưới nhiều hình thức" in text
    assert "01/01/2022 – 30/06/2022*: 6 tháng đầu năm" in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_report_of_the_contract_json_equals_the_report_of_the_document(tmp_path, capsys):
    assert main(["extract", SEED002, "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    main(["report", SEED002])
    direct = capsys.readouterr().out
    assert main(["report", str(tmp_path / "seed002.json")]) == 0
    assert capsys.readouterr().out == direct


def test_report_of_a_bad_file_is_one_line_and_status_1(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["report", str(empty)]) == 1
    assert capsys.readouterr().err.strip() == f"vnplan report: {empty}: empty file"
    assert main(["report", str(tmp_path / "none.txt")]) == 1


def test_batch_cli_summary_exit_status_and_failure_list(good_folder, bad_files, tmp_path, capsys):
    folder, shas = good_folder
    bad, expected = bad_files
    out = str(tmp_path / "o.jsonl")
    assert main(["batch", str(folder), "--out", out, "--workers", "2"]) == 0
    err = capsys.readouterr().err
    assert f"done     {len(shas)}" in err and "failed   0" in err
    assert main(["batch", str(folder), str(bad), "--out", out, "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{len(shas)} already done" in err and "failed   4" in err
    assert main(["batch", "--failures", "--out", out]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert {line.split("\t")[0].rsplit("/", 1)[-1]: line.split("\t")[1] for line in listed
            if line.split("\t")[0].rsplit("/", 1)[-1] in expected} == expected


def test_batch_cli_refuses_a_target_in_use(good_folder, tmp_path, capsys):
    from extractor.batch import sinks
    folder, _ = good_folder
    out = str(tmp_path / "json")
    held = sinks.open_sink(out)
    try:
        assert main(["batch", str(folder), "--out", out]) == 2
        assert "another vnplan batch" in capsys.readouterr().err
    finally:
        held.close()
