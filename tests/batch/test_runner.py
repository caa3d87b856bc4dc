"""The batch runner on real corpus documents, into every kind of file target and the SQL storage."""
import json
import os
import sqlite3

import pyarrow.parquet as pq
import pytest

from extractor import __version__
from extractor.batch import runner, sinks
from extractor.contract import Extraction
from extractor.pipeline import extract_bytes
from extractor.tables import COLUMNS, TABLES, all_rows

from .conftest import TEXTS, sha


def _jsonl_shas(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["source"]["sha256"] for line in fh]


def test_jsonl_target_runs_skips_and_records_failures(good_folder, bad_files, tmp_path):
    folder, shas = good_folder
    bad, expected = bad_files
    out = str(tmp_path / "out.jsonl")
    s = runner.run([str(folder), str(bad)], out, workers=2)
    assert s.done == len(shas)
    assert {os.path.basename(k): c for k, c, _ in s.failed if os.path.basename(k) in expected} == expected
    assert len(s.failed) == 4                         # the random bytes fail too
    lines = _jsonl_shas(out)
    assert sorted(lines) == sorted(shas)
    # every line is a contract document equal to what the pipeline gives for that file
    with open(out, encoding="utf-8") as fh:
        first = Extraction.model_validate_json(fh.readline())
    data = open(os.path.join(TEXTS, shas[first.source.sha256]), "rb").read()
    assert first == extract_bytes(data, shas[first.source.sha256])

    again = runner.run([str(folder), str(bad)], out, workers=2)
    assert (again.done, again.already_done) == (0, len(shas))
    # the same bytes fail the same way with the same extractor: not run again; the broken archive
    # has no document bytes to know it by, so it is tried again
    assert again.failed_before == 3
    assert [(os.path.basename(k), c) for k, c, _ in again.failed] == [("broken.zip", "bad_archive")]
    assert _jsonl_shas(out) == lines


def test_retry_failed_runs_them_again(bad_files, tmp_path):
    bad, _ = bad_files
    out = str(tmp_path / "o.jsonl")
    runner.run([str(bad)], out, workers=1)
    s = runner.run([str(bad)], out, workers=1, retry_failed=True)
    assert s.failed_before == 0 and len(s.failed) == 4


def test_duplicates_in_the_input_are_run_once(corpus_zip, good_folder, tmp_path):
    path, zshas = corpus_zip
    folder, shas = good_folder
    out = str(tmp_path / "json")
    s = runner.run([path, str(folder), path], out, workers=2)
    assert s.duplicates == 1 + 6                      # the copy inside the zip, then the whole zip again
    assert s.done == len(zshas) + len(shas)
    files = sorted(f for f in os.listdir(out) if f.endswith(".json"))
    assert files == sorted(f"{h}.json" for h in set(zshas) | set(shas))


def test_json_folder_files_are_contract_documents_named_by_sha(good_folder, tmp_path):
    folder, shas = good_folder
    out = tmp_path / "json"
    runner.run([str(folder)], str(out), workers=1)
    for h in shas:
        ex = Extraction.model_validate_json((out / f"{h}.json").read_text(encoding="utf-8"))
        assert ex.source.sha256 == h and ex.source.filename == shas[h]
    assert not [f for f in os.listdir(out) if f.endswith(".tmp")]


def test_jsonl_open_cuts_a_torn_or_uncommitted_tail(good_folder, tmp_path):
    folder, shas = good_folder
    out = tmp_path / "o.jsonl"
    runner.run([str(folder)], str(out), workers=2)
    good = out.read_bytes()
    # what a kill leaves: a complete line the ledger never committed, then half a line
    out.write_bytes(good + good.splitlines(keepends=True)[0] + b'{"schema_version": "1", "sou')
    s = runner.run([str(folder)], str(out), workers=1)
    assert s.done == 0 and s.already_done == len(shas)
    assert out.read_bytes() == good


def test_jsonl_of_another_extractor_version_is_compacted_and_redone(good_folder, tmp_path):
    folder, shas = good_folder
    out = str(tmp_path / "o.jsonl")
    runner.run([str(folder)], out, workers=2, version="0.0.old")
    s = runner.run([str(folder)], out, workers=2)
    assert s.done == len(shas)
    assert sorted(_jsonl_shas(out)) == sorted(shas)   # each document once, in its new version
    led = sqlite3.connect(sinks.ledger_path(out))
    assert {v for (v,) in led.execute("SELECT DISTINCT version FROM done")} == {__version__}


def test_parquet_target_has_the_stable_columns_and_every_row(good_folder, tmp_path):
    folder, shas = good_folder
    out = tmp_path / "t.parquet"
    runner.run([str(folder)], str(out), workers=2)
    expected = {t: 0 for t in TABLES}
    for h, name in shas.items():
        for t, rows in all_rows(extract_bytes(open(os.path.join(TEXTS, name), "rb").read(), name)).items():
            expected[t] += len(rows)
    for t in TABLES:
        table = pq.read_table(out / t)
        assert table.column_names == list(COLUMNS[t])
        assert table.num_rows == expected[t]
    assert sorted(pq.read_table(out / "documents").column("document_id").to_pylist()) == sorted(shas)


def test_parquet_part_not_in_the_ledger_is_removed_on_open(good_folder, tmp_path):
    folder, shas = good_folder
    out = tmp_path / "t.parquet"
    runner.run([str(folder)], str(out), workers=1)
    stray = out / "documents" / "part-000099.parquet"
    stray.write_bytes((out / "documents" / "part-000001.parquet").read_bytes())
    runner.run([str(folder)], str(out), workers=1)
    assert not stray.exists()
    assert pq.read_table(out / "documents").num_rows == len(shas)


def test_sqlite_storage_target(good_folder, bad_files, tmp_path):
    from api.storage import Store
    folder, shas = good_folder
    bad, expected = bad_files
    db = str(tmp_path / "v.db")
    s = runner.run([str(folder), str(bad)], db, workers=2)
    assert s.done == len(shas)
    again = runner.run([str(folder), str(bad)], db, workers=2)
    assert again.already_done == len(shas) and again.done == 0
    with Store(db) as store:
        assert store.count() == len(shas)
        assert all(store.has(h, __version__) for h in shas)
        codes = {f["code"] for f in store.failures()}
    assert set(expected.values()) <= codes


def test_postgresql_storage_target(good_folder, tmp_path):
    from api import pgtemp
    from api.storage import Store
    if pgtemp.binaries() is None:
        pytest.skip("PostgreSQL server binaries not installed (scripts/setup.sh installs postgresql)")
    folder, shas = good_folder
    with pgtemp.TempCluster() as pg:
        url = pg.create_database("vnplan_batch")
        assert runner.run([str(folder)], url, workers=2).done == len(shas)
        assert runner.run([str(folder)], url, workers=2).already_done == len(shas)
        with Store(url) as store:
            assert store.count() == len(shas)


def test_a_document_past_the_time_limit_fails_alone_and_is_retried_next_run(tmp_path):
    big = tmp_path / "in" / "d001.txt"
    big.parent.mkdir()
    big.write_bytes(open(os.path.join(TEXTS, "d001.txt"), "rb").read())
    out = str(tmp_path / "o.jsonl")
    s = runner.run([str(big.parent)], out, workers=1, timeout=0.001)
    assert [(os.path.basename(k), c) for k, c, _ in s.failed] == [("d001.txt", "timeout")]
    s = runner.run([str(big.parent)], out, workers=1)
    assert s.done == 1 and not s.failed


def test_a_second_batch_on_the_same_target_is_refused(tmp_path, good_folder):
    folder, _ = good_folder
    out = str(tmp_path / "o.jsonl")
    held = sinks.open_sink(out)
    try:
        with pytest.raises(sinks.TargetError, match="another vnplan batch"):
            runner.run([str(folder)], out, workers=1)
    finally:
        held.close()


def test_max_seconds_stops_handing_out_and_the_next_run_goes_on(variant_folder, tmp_path):
    folder, shas = variant_folder(60)
    out = str(tmp_path / "o.jsonl")
    s = runner.run([str(folder)], out, workers=1, max_seconds=0.0)
    assert s.stopped_early and s.done < len(shas)
    s2 = runner.run([str(folder)], out, workers=2)
    assert s.done + s2.done == len(shas)
    assert sorted(_jsonl_shas(out)) == sorted(shas)


def test_summary_names_reasons(bad_files, tmp_path):
    bad, expected = bad_files
    s = runner.run([str(bad)], str(tmp_path / "o.jsonl"), workers=1)
    text = s.format()
    assert "failed   4" in text
    for code in expected.values():
        assert code in text
    assert "empty.txt: [empty] empty file" in text
