"""api.storage on SQLite and on a real PostgreSQL server: round trip, one copy per sha256, rows, failures."""
import multiprocessing

import pytest
from sqlalchemy import func, inspect, select

from api.storage import EXTRACTIONS, ROW_TABLES, Store, engine_url
from extractor import tables
from extractor.contract import Extraction
from extractor.pipeline import extract_bytes


@pytest.fixture(scope="module")
def seeds(seed_bytes):
    return [extract_bytes(seed_bytes(i), f"seed00{i}.txt") for i in range(5)]


def _count(store, table, doc_id=None):
    q = select(func.count()).select_from(table)
    if doc_id:
        q = q.where(table.c.document_id == doc_id)
    with store.read() as conn:
        return conn.execute(q).scalar_one()


def test_put_get_round_trip_and_rows(db_url, seeds):
    store = Store(db_url)
    ex = seeds[0]
    doc_id, created = store.put(ex, extractor_version="1")
    assert (doc_id, created) == (ex.source.sha256, True)
    assert store.get(doc_id) == ex
    assert store.has(doc_id) and store.has(doc_id, "1") and not store.has(doc_id, "2")
    expected = tables.all_rows(ex)
    for name, table in ROW_TABLES.items():
        assert tuple(c.name for c in table.columns) == tables.COLUMNS[name]
        assert _count(store, table, doc_id) == len(expected[name]), name
    # typed columns come back as written
    with store.read() as conn:
        row = conn.execute(select(ROW_TABLES["documents"])).mappings().one()
    assert dict(row) == expected["documents"][0]
    store.close()


def test_same_document_stored_once(db_url, seeds):
    store = Store(db_url)
    assert store.put(seeds[1], extractor_version="1")[1] is True
    assert store.put(seeds[1], extractor_version="1")[1] is False
    n_units = _count(store, ROW_TABLES["units"])
    # a new extractor version replaces the stored copy instead of adding one
    assert store.put(seeds[1], extractor_version="2")[1] is False
    assert store.has(seeds[1].source.sha256, "2") and not store.has(seeds[1].source.sha256, "1")
    assert _count(store, EXTRACTIONS) == 1
    assert _count(store, ROW_TABLES["units"]) == n_units > 0
    store.close()


def test_iter_json_lists_every_document_in_id_order(db_url, seeds):
    store = Store(db_url)
    for ex in seeds:
        store.put(ex, extractor_version="1")
    listed = [Extraction.model_validate_json(j) for j in store.iter_json(batch=2)]
    assert [ex.source.sha256 for ex in listed] == sorted(ex.source.sha256 for ex in seeds)
    assert {ex.source.sha256: ex for ex in listed} == {ex.source.sha256: ex for ex in seeds}
    store.close()


def test_delete_removes_every_row(db_url, seeds):
    store = Store(db_url)
    for ex in seeds[:2]:
        store.put(ex, extractor_version="1")
    gone = seeds[0].source.sha256
    assert store.delete(gone) is True
    assert store.delete(gone) is False
    assert store.get(gone) is None
    for table in ROW_TABLES.values():
        assert _count(store, table, gone) == 0
    assert _count(store, ROW_TABLES["documents"]) == 1
    store.close()


def test_failures_kept_once_and_cleared_by_success(db_url, seeds):
    store = Store(db_url)
    sha = seeds[2].source.sha256
    store.record_failure(sha, "a.txt", "encoding", "first", "1")
    store.record_failure(sha, "a.txt", "encoding", "second", "1")
    store.record_failure("f" * 64, "b.pdf", "unsupported_type", "a PDF file", "1")
    got = {f["sha256"]: f for f in store.failures()}
    assert got[sha]["message"] == "second" and got["f" * 64]["code"] == "unsupported_type"
    store.put(seeds[2], extractor_version="1")
    assert [f["sha256"] for f in store.failures()] == ["f" * 64]
    store.close()


def _put_all(url, payloads):
    from extractor.contract import Extraction
    store = Store(url)
    try:
        return [store.put(Extraction.model_validate_json(p), extractor_version="1")[1] for p in payloads]
    finally:
        store.close()


def test_several_processes_write_at_once(db_url, seeds):
    payloads = [ex.model_dump_json() for ex in seeds]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(3) as pool:
        results = pool.starmap(_put_all, [(db_url, payloads), (db_url, payloads[::-1]), (db_url, payloads)])
    assert sum(r.count(True) for r in results) == 5          # each document created exactly once
    store = Store(db_url)
    assert _count(store, EXTRACTIONS) == 5
    assert _count(store, ROW_TABLES["documents"]) == 5
    assert _count(store, ROW_TABLES["units"]) == sum(len(ex.units) for ex in seeds)
    store.close()


def test_engine_urls(tmp_path):
    assert engine_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url("sqlite:///x.db") == "sqlite:///x.db"
    assert engine_url(str(tmp_path / "a.sqlite")) == f"sqlite:///{tmp_path}/a.sqlite"
    with pytest.raises(ValueError, match="not a database URL"):
        engine_url("mysql://h/db")
    store = Store(str(tmp_path / "sub" / "v.db"))              # parent folders are made
    assert set(ROW_TABLES) <= set(inspect(store.engine).get_table_names())
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()
