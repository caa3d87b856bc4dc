"""Sinks: where a batch writes, and how it knows what is already done.

TARGET is one of
  DIR                     a folder of contract JSON files, `DIR/<sha256>.json`
  FILE.jsonl              JSON Lines, one contract JSON a line
  DIR.parquet             Parquet tables, `DIR.parquet/<table>/part-NNNNNN.parquet` (columns of extractor.tables)
  FILE.sqlite / .db       a SQLite database (the service's storage, api.storage.Store)
  sqlite:///… postgresql://…   the service's storage at that URL
(`json:`, `jsonl:` and `parquet:` prefixes force a kind whatever the name.)

File targets keep a ledger beside the output (a small SQLite file): which (sha256, extractor
version) are written, and where, and which failed and why. The output is made to agree with the
ledger when the target is opened, so a run killed at any moment (kill -9 included) leaves nothing
half-written that a new run would duplicate:
- JSON folder: each file is written to a temporary name and renamed; a file whose ledger entry
  was not committed is simply written again under the same name (the sha256).
- JSON Lines: the ledger holds the byte range of every committed line; on open the file is cut
  back to the end of the last committed line, dropping a torn or uncommitted tail.
- Parquet: rows are written in parts; a part is committed in the ledger with its documents in one
  transaction; on open, parts the ledger does not know are deleted.
The ledger commits after the output is flushed to disk (fsync), never before.
"""
from __future__ import annotations

import fcntl
import glob
from abc import ABC, abstractmethod
import os
import sqlite3
import time
from typing import Any

from .. import __version__

LEDGER_NAME = ".vnplan-batch.sqlite"


class TargetError(Exception):
    """The target cannot be used (locked, inconsistent, wrong kind); the message says what to do."""


def kind_of(target: str) -> str:
    low = target.lower()
    for prefix in ("json:", "jsonl:", "parquet:"):
        if low.startswith(prefix):
            return prefix[:-1]
    if low.startswith(("sqlite:", "postgresql:", "postgresql+", "postgres:")):
        return "sql"
    if low.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if low.rstrip("/").endswith(".parquet"):
        return "parquet"
    if low.endswith((".sqlite", ".sqlite3", ".db")):
        return "sql"
    return "json"


def _strip(target: str) -> str:
    for prefix in ("json:", "jsonl:", "parquet:"):
        if target.lower().startswith(prefix):
            return target[len(prefix):]
    return target


def sql_url(target: str) -> str:
    if "://" in target:
        return target
    return "sqlite:///" + os.path.abspath(target)


def output_paths(target: str) -> list[str]:
    """Paths a batch writes, so that sources never read them back as input."""
    kind = kind_of(target)
    if kind == "sql":
        url = sql_url(target)
        return [url[len("sqlite:///"):]] if url.startswith("sqlite:///") else []
    path = _strip(target)
    if kind == "jsonl":
        return [path, ledger_path(target)]
    return [path]


def ledger_path(target: str) -> str:
    path = _strip(target).rstrip("/")
    if kind_of(target) == "jsonl":
        return os.path.join(os.path.dirname(os.path.abspath(path)), f".{os.path.basename(path)}{LEDGER_NAME}")
    return os.path.join(path, LEDGER_NAME)


class Ledger:
    """What a file target holds: done documents (with their place in the output) and failures."""

    def __init__(self, path: str):
        self.path = path
        self._lock = open(path + ".lock", "a+")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise TargetError(f"another vnplan batch is writing to this target ({path}.lock is held)") from None
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS done (sha256 TEXT NOT NULL, version TEXT NOT NULL, key TEXT,
                filename TEXT, part TEXT, offset INTEGER, length INTEGER, at REAL,
                PRIMARY KEY (sha256, version));
            CREATE TABLE IF NOT EXISTS failed (key TEXT PRIMARY KEY, sha256 TEXT, version TEXT,
                filename TEXT, code TEXT, message TEXT, at REAL);
            CREATE TABLE IF NOT EXISTS parts (part TEXT PRIMARY KEY, at REAL);
            CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
        """)
        self._pending: list[tuple[str, tuple]] = []

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def done(self, version: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT sha256 FROM done WHERE version = ?", (version,))}

    def failed(self, version: str) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT sha256, code FROM failed WHERE version = ? AND sha256 IS NOT NULL", (version,))}

    def other_versions(self, version: str) -> int:
        return self.db.execute("SELECT count(*) FROM done WHERE version != ?", (version,)).fetchone()[0]

    def add_done(self, sha: str, version: str, key: str, filename: str, part=None, offset=None, length=None):
        self._pending.append(("DELETE FROM done WHERE sha256 = ?", (sha,)))
        self._pending.append(("INSERT INTO done VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              (sha, version, key, filename, part, offset, length, time.time())))
        self._pending.append(("DELETE FROM failed WHERE key = ? OR sha256 = ?", (key, sha)))

    def add_failed(self, key: str, sha: str | None, version: str, filename: str, code: str, message: str):
        self._pending.append(("INSERT OR REPLACE INTO failed VALUES (?, ?, ?, ?, ?, ?, ?)",
                              (key, sha, version, filename, code, message, time.time())))

    def commit(self, extra: list[tuple[str, tuple]] = ()) -> None:
        ops = self._pending + list(extra)
        if not ops:
            return
        self.db.execute("BEGIN IMMEDIATE")
        for sql, params in ops:
            self.db.execute(sql, params)
        self.db.execute("COMMIT")
        self._pending = []

    def failures(self) -> list[dict]:
        cur = self.db.execute("SELECT key, sha256, version, filename, code, message, at FROM failed ORDER BY key")
        return [dict(zip(("key", "sha256", "extractor_version", "filename", "code", "message", "at"), r)) for r in cur]

    def close(self) -> None:
        self.db.close()
        fcntl.flock(self._lock, fcntl.LOCK_UN)
        self._lock.close()


class Sink(ABC):
    """Common to every target: skip checks, per-document writes, failures, commits."""
    kind = "json"
    version = __version__

    @abstractmethod
    def has(self, sha: str) -> bool:
        """Is this document already done with this extractor version?"""

    def failed_before(self, sha: str) -> str | None:
        """The failure code of this document with this extractor version, if it failed before."""
        return None

    @abstractmethod
    def put(self, sha: str, key: str, filename: str, payload: Any) -> None:
        """Write one document's result."""

    @abstractmethod
    def fail(self, key: str, sha: str | None, filename: str, code: str, message: str) -> None:
        """Record why one document failed."""

    def commit(self, force: bool = False) -> None:
        pass

    def failures(self) -> list[dict]:
        return []

    def close(self) -> None:
        self.commit(force=True)


class _LedgerSink(Sink):
    def __init__(self, target: str, version: str = __version__):
        self.version = version
        self.path = _strip(target).rstrip("/") or "."
        os.makedirs(self.path if self.kind != "jsonl" else (os.path.dirname(os.path.abspath(self.path))), exist_ok=True)
        self.ledger = Ledger(ledger_path(target))
        self._recover()
        self._done = self.ledger.done(version)
        self._failed = self.ledger.failed(version)

    def _recover(self) -> None:
        pass

    def has(self, sha: str) -> bool:
        return sha in self._done

    def failed_before(self, sha: str) -> str | None:
        return self._failed.get(sha)

    def fail(self, key, sha, filename, code, message) -> None:
        self.ledger.add_failed(key, sha, self.version, filename, code, message)

    def _flush_output(self) -> None:
        pass

    def commit(self, force: bool = False) -> None:
        self._flush_output()
        self.ledger.commit()

    def failures(self) -> list[dict]:
        return self.ledger.failures()

    def close(self) -> None:
        try:
            self.commit(force=True)
        finally:
            self.ledger.close()


class JsonFolderSink(_LedgerSink):
    kind = "json"

    def _recover(self) -> None:
        for tmp in glob.glob(os.path.join(self.path, ".*.json.tmp")):
            os.remove(tmp)

    def put(self, sha, key, filename, payload) -> None:
        final = os.path.join(self.path, f"{sha}.json")
        tmp = os.path.join(self.path, f".{sha}.json.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        self._done.add(sha)
        self.ledger.add_done(sha, self.version, key, filename)


class JsonlSink(_LedgerSink):
    kind = "jsonl"

    def _recover(self) -> None:
        led = self.ledger
        pending = led.meta("pending_replace")
        if pending:                                         # a compaction committed but not yet renamed
            if os.path.exists(pending):
                os.replace(pending, self.path)
            led.db.execute("DELETE FROM meta WHERE k = 'pending_replace'")
        for tmp in glob.glob(self.path + ".*.tmp"):
            os.remove(tmp)
        end = led.db.execute("SELECT coalesce(max(offset + length), 0) FROM done").fetchone()[0]
        size = os.path.getsize(self.path) if os.path.exists(self.path) else 0
        if size < end:
            raise TargetError(f"{self.path} is shorter ({size} bytes) than its ledger says ({end}); it was "
                              f"edited or replaced: move it away and delete {led.path} to start over")
        with open(self.path, "ab") as fh:
            fh.truncate(end)                                # drop a torn or uncommitted tail
        if led.other_versions(self.version):
            self._compact(led)
        self._fh = open(self.path, "ab")
        self._offset = os.path.getsize(self.path)

    def _compact(self, led: Ledger) -> None:
        """Drop the lines of other extractor versions (they will be extracted again)."""
        keep = led.db.execute("SELECT sha256, offset, length FROM done WHERE version = ? ORDER BY offset",
                              (self.version,)).fetchall()
        tmp = f"{self.path}.{os.getpid()}.compact.tmp"
        moves, pos = [], 0
        with open(self.path, "rb") as src, open(tmp, "wb") as dst:
            for sha, off, length in keep:
                src.seek(off)
                dst.write(src.read(length))
                moves.append(("UPDATE done SET offset = ? WHERE sha256 = ? AND version = ?", (pos, sha, self.version)))
                pos += length
            dst.flush()
            os.fsync(dst.fileno())
        led.commit([("DELETE FROM done WHERE version != ?", (self.version,))] + moves +
                   [("INSERT OR REPLACE INTO meta VALUES ('pending_replace', ?)", (tmp,))])
        os.replace(tmp, self.path)
        led.db.execute("DELETE FROM meta WHERE k = 'pending_replace'")

    def put(self, sha, key, filename, payload) -> None:
        line = (payload + "\n").encode("utf-8")
        self._fh.write(line)
        self.ledger.add_done(sha, self.version, key, filename, offset=self._offset, length=len(line))
        self._offset += len(line)
        self._done.add(sha)

    def _flush_output(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._fh.close()


class ParquetSink(_LedgerSink):
    kind = "parquet"
    PART_DOCS = int(os.environ.get("VNPLAN_PARQUET_PART_DOCS", "1000"))      # documents per part file

    def _recover(self) -> None:
        from ..tables import TABLES
        other = self.ledger.other_versions(self.version)
        if other:
            raise TargetError(f"{self.path} holds {other} documents of another extractor version; "
                              "write this version to a new Parquet target")
        known = {r[0] for r in self.ledger.db.execute("SELECT part FROM parts")}
        for table in TABLES:
            for f in glob.glob(os.path.join(self.path, table, "*")):
                name = os.path.basename(f)
                if name.endswith(".tmp") or name.split(".")[0] not in known:
                    os.remove(f)                            # written by a run killed before its commit
        self._rows: dict[str, list[dict]] = {t: [] for t in TABLES}
        self._docs: list[tuple] = []
        self._next = 1 + max((int(p.split("-")[1]) for p in known), default=0)

    def put(self, sha, key, filename, payload) -> None:
        for table, rows in payload.items():
            self._rows.setdefault(table, []).extend(rows)
        self._docs.append((sha, key, filename))
        self._done.add(sha)

    def commit(self, force: bool = False) -> None:
        if self._docs and (force or len(self._docs) >= self.PART_DOCS):
            self._write_part()
        elif not self._docs:
            self.ledger.commit()                            # failures only

    def _write_part(self) -> None:
        from ..export import arrow_table
        part = f"part-{self._next:06d}"
        for table, rows in self._rows.items():
            folder = os.path.join(self.path, table)
            os.makedirs(folder, exist_ok=True)
            tmp = os.path.join(folder, f"{part}.parquet.tmp")
            import pyarrow.parquet as pq
            pq.write_table(arrow_table(table, rows), tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, os.path.join(folder, f"{part}.parquet"))
        for sha, key, filename in self._docs:
            self.ledger.add_done(sha, self.version, key, filename, part=part)
        self.ledger.commit([("INSERT INTO parts VALUES (?, ?)", (part, time.time()))])
        self._next += 1
        self._rows = {t: [] for t in self._rows}
        self._docs = []


class SqlSink(Sink):
    """The service's storage (api.storage.Store): the same tables the HTTP service reads.

    Each document is stored in its own transaction by Store.put, so there is nothing to recover.
    With the local engine each worker process opens its own Store and stores what it extracts (the
    storage is made for several writing processes); with Dask the writing process stores them.
    An input that has no bytes to hash (an unreadable file, a broken archive) is recorded as a
    failure under the sha256 of its key ("source:" + path), since the storage keys failures by sha256.
    """
    kind = "sql"
    direct = False                                  # True when the workers store the documents themselves

    def __init__(self, target: str, version: str = __version__):
        try:
            from api.storage import Store
        except ImportError as err:
            raise TargetError(f"SQL targets need the service storage (api.storage): {err}") from None
        self.version = version
        self.url = sql_url(target)
        try:
            self.store = Store(self.url)
        except Exception as err:                       # SQLAlchemy: cannot connect, bad URL, ...
            raise TargetError(f"cannot open the database: {str(err).splitlines()[0]}") from None
        self._failed = {f["sha256"]: f["code"] for f in self.store.failures()
                        if f.get("extractor_version") == version}
        self._done = self._stored_ids()

    def _stored_ids(self) -> set[str]:
        """Documents stored with this version, read once (a query per document costs the writer more)."""
        from sqlalchemy import select

        from api.storage import EXTRACTIONS
        with self.store.read() as conn:
            return {r[0] for r in conn.execute(select(EXTRACTIONS.c.document_id)
                                               .where(EXTRACTIONS.c.extractor_version == self.version))}

    def has(self, sha: str) -> bool:
        return sha in self._done

    def failed_before(self, sha: str) -> str | None:
        return self._failed.get(sha)

    def put(self, sha, key, filename, payload) -> None:
        if self.direct:
            return                                  # stored by the worker, in its own transaction
        from ..contract import Extraction
        self.store.put(Extraction.model_validate_json(payload), extractor_version=self.version)

    def fail(self, key, sha, filename, code, message) -> None:
        import hashlib
        sha = sha or hashlib.sha256(f"source:{key}".encode("utf-8")).hexdigest()
        self.store.record_failure(sha, filename or key, code, f"{key}: {message}", self.version)

    def failures(self) -> list[dict]:
        return [{"key": f.get("filename"), **f} for f in self.store.failures()]

    def close(self) -> None:
        self.store.close()


def open_sink(target: str, version: str = __version__) -> Sink:
    kind = kind_of(target)
    return {"json": JsonFolderSink, "jsonl": JsonlSink, "parquet": ParquetSink, "sql": SqlSink}[kind](target, version)
