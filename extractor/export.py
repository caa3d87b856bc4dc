"""Tabular exports for dashboards: Extractions -> CSV and Parquet tables with the columns of extractor.tables.

Reads any batch target (folder of contract JSON, JSON Lines, Parquet tables, SQLite/PostgreSQL
storage) or single contract JSON files, one document at a time, and writes `DIR/<table>.csv` and/or
`DIR/<table>.parquet`, each first written under a temporary name and renamed when complete.
Column names and order are COLUMNS of extractor.tables, the same as the service's SQL tables.
"""
from __future__ import annotations

import csv
import glob
import os
from typing import Iterable, Iterator

from .contract import Extraction
from .tables import COLUMNS, TABLES, rows

# Column types for Parquet; every column not named here is text.
INT_COLUMNS = {"pages", "level", "plan_year", "year", "mentions", "span_start", "span_end",
               "first_span_start", "first_span_end", "n_sections", "n_targets", "n_units", "n_tasks",
               "n_deadlines", "n_legal_refs", "n_warnings"}
FLOAT_COLUMNS = {"value"}
BOOL_COLUMNS = {"ocr_used", "year_inferred"}
ROW_GROUP = 50_000


class ExportError(Exception):
    """The source cannot be read as extractions; the message says why."""


def column_type(name: str):
    import pyarrow as pa
    if name in INT_COLUMNS:
        return pa.int64()
    if name in FLOAT_COLUMNS:
        return pa.float64()
    if name in BOOL_COLUMNS:
        return pa.bool_()
    return pa.string()


def schema(table: str):
    import pyarrow as pa
    return pa.schema([(c, column_type(c)) for c in COLUMNS[table]])


def arrow_table(table: str, table_rows: list[dict]):
    """Rows of one table as a pyarrow Table with the stable columns and types."""
    import pyarrow as pa
    sch = schema(table)
    arrays = []
    for f in sch:
        values = [r.get(f.name) for r in table_rows]
        if f.type == pa.string():
            values = [None if v is None else str(v) for v in values]
        arrays.append(pa.array(values, type=f.type))
    return pa.Table.from_arrays(arrays, schema=sch)


# -- sources -------------------------------------------------------------------------------------

def _from_json_file(path: str) -> Extraction:
    try:
        with open(path, encoding="utf-8") as fh:
            return Extraction.model_validate_json(fh.read())
    except (ValueError, UnicodeDecodeError) as err:
        raise ExportError(f"{path}: not a contract JSON document ({str(err).splitlines()[0]})") from None


def _from_jsonl(path: str) -> Iterator[Extraction]:
    with open(path, "rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            if not line.endswith(b"\n"):
                break                                   # a torn last line of a run still going or killed
            try:
                yield Extraction.model_validate_json(line)
            except ValueError as err:
                raise ExportError(f"{path}:{n}: not a contract JSON line ({str(err).splitlines()[0]})") from None


def _from_store(url: str) -> Iterator[Extraction]:
    """Stored contract JSON of the service storage, streamed in document id order."""
    try:
        from sqlalchemy.exc import SQLAlchemyError

        from api.storage import Store
    except ImportError as err:
        raise ExportError(f"SQL sources need the service storage (api.storage): {err}") from None
    try:
        store = Store(url)
    except (SQLAlchemyError, ValueError) as err:
        raise ExportError(f"cannot open {url}: {str(err).splitlines()[0]}") from None
    try:
        for data in store.iter_json():
            yield Extraction.model_validate_json(data)
    finally:
        store.close()


def read_source(source: str) -> Iterator[Extraction]:
    """Every extraction in SOURCE: a batch target or one contract JSON file."""
    from .batch.sinks import kind_of, sql_url, _strip
    kind = kind_of(source)
    path = _strip(source)
    if kind == "sql":
        if "://" not in source and not os.path.exists(source):
            raise ExportError(f"{source}: no such database file")
        yield from _from_store(sql_url(source))
    elif kind == "jsonl":
        if not os.path.isfile(path):
            raise ExportError(f"{path}: no such file")
        yield from _from_jsonl(path)
    elif kind == "parquet":
        raise ExportError(f"{path} holds tables, not documents: use export_parquet_target")
    elif os.path.isdir(path):
        for f in sorted(glob.glob(os.path.join(path, "**", "*.json"), recursive=True)):
            yield _from_json_file(f)
    elif os.path.isfile(path):
        yield _from_json_file(path)
    else:
        raise ExportError(f"{path}: no such file or folder")


# -- writers -------------------------------------------------------------------------------------

class _CsvOut:
    def __init__(self, path: str, table: str, excel: bool):
        self.tmp = path + ".tmp"
        self.path = path
        self.fh = open(self.tmp, "w", encoding="utf-8-sig" if excel else "utf-8", newline="")
        self.w = csv.DictWriter(self.fh, fieldnames=COLUMNS[table], extrasaction="ignore")
        self.w.writeheader()
        self.n = 0

    def add(self, table_rows: list[dict]) -> None:
        self.w.writerows(table_rows)
        self.n += len(table_rows)

    def close(self, keep: bool) -> None:
        self.fh.close()
        if keep:
            os.replace(self.tmp, self.path)
        else:
            os.remove(self.tmp)


class _ParquetOut:
    def __init__(self, path: str, table: str):
        import pyarrow.parquet as pq
        self.tmp, self.path, self.table = path + ".tmp", path, table
        self.writer = pq.ParquetWriter(self.tmp, schema(table))
        self.buf: list[dict] = []
        self.n = 0

    def add(self, table_rows: list[dict]) -> None:
        self.buf.extend(table_rows)
        self.n += len(table_rows)
        if len(self.buf) >= ROW_GROUP:
            self._write()

    def _write(self) -> None:
        self.writer.write_table(arrow_table(self.table, self.buf))
        self.buf = []

    def close(self, keep: bool) -> None:
        if self.buf or self.n == 0:
            self._write()
        self.writer.close()
        if keep:
            os.replace(self.tmp, self.path)
        else:
            os.remove(self.tmp)


def export(extractions: Iterable[Extraction], out_dir: str, formats: Iterable[str] = ("csv",),
           tables: Iterable[str] = TABLES, excel: bool = False) -> dict[str, int]:
    """Write the tables; returns rows per table. Nothing is left half-written if reading fails."""
    tables = list(tables)
    for t in tables:
        if t not in COLUMNS:
            raise ExportError(f"unknown table {t!r}; tables are {', '.join(TABLES)}")
    os.makedirs(out_dir, exist_ok=True)
    outs = []
    for t in tables:
        for fmt in formats:
            path = os.path.join(out_dir, f"{t}.{fmt}")
            outs.append((t, _CsvOut(path, t, excel) if fmt == "csv" else _ParquetOut(path, t)))
    ok = False
    seen: set[str] = set()
    try:
        for ex in extractions:
            if ex.source.sha256 in seen:              # the same document twice in the source: once in the tables
                continue
            seen.add(ex.source.sha256)
            by_table = {t: list(rows(ex, t)) for t in tables}
            for t, out in outs:
                out.add(by_table[t])
        ok = True
    finally:
        for _, out in outs:
            out.close(keep=ok)
    counts = {t: 0 for t in tables}
    for t, out in outs:
        counts[t] = out.n
    counts["_documents_read"] = len(seen)
    return counts


def committed_parts(target: str) -> list[str]:
    """Part names a Parquet batch target has committed (a running or killed batch may leave others)."""
    import sqlite3

    from .batch.sinks import ledger_path
    ledger = ledger_path("parquet:" + target)
    if not os.path.exists(ledger):
        raise ExportError(f"{target}: not a Parquet target of vnplan batch (no {os.path.basename(ledger)})")
    with sqlite3.connect(f"file:{ledger}?mode=ro", uri=True) as db:
        return sorted(r[0] for r in db.execute("SELECT part FROM parts"))


def export_parquet_target(target: str, out_dir: str, formats: Iterable[str] = ("csv",),
                          tables: Iterable[str] = TABLES, excel: bool = False) -> dict[str, int]:
    """The tables of a Parquet batch target, rewritten as single CSV/Parquet files (same columns)."""
    import pyarrow.parquet as pq
    from .batch.sinks import _strip
    target = _strip(target).rstrip("/")
    parts = committed_parts(target)
    tables = list(tables)
    os.makedirs(out_dir, exist_ok=True)
    counts: dict[str, int] = {}
    for t in tables:
        outs = [(_CsvOut if fmt == "csv" else _ParquetOut)(os.path.join(out_dir, f"{t}.{fmt}"), t,
                                                           *((excel,) if fmt == "csv" else ()))
                for fmt in formats]
        ok = False
        try:
            for part in parts:
                path = os.path.join(target, t, f"{part}.parquet")
                if not os.path.exists(path):
                    raise ExportError(f"{path} is missing: the target is damaged")
                for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000, columns=list(COLUMNS[t])):
                    rows = batch.to_pylist()
                    for out in outs:
                        out.add(rows)
            ok = True
        finally:
            for out in outs:
                out.close(keep=ok)
        counts[t] = outs[0].n if outs else 0
    docs = sum(pq.ParquetFile(os.path.join(target, "documents", f"{p}.parquet")).metadata.num_rows for p in parts)
    counts["_documents_read"] = docs
    return counts
