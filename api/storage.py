"""Storage of extractions through SQLAlchemy 2: a SQLite file by default, PostgreSQL when given a URL.

One stored document is its contract JSON (table `extractions`) plus its rows in one SQL table per
`extractor.tables` table, with exactly the columns of `tables.COLUMNS[name]`, so dashboards and
exports query plain columns. The document id is the sha256 of the input bytes: the same input is
stored once. The job queue of the service (`jobs`, `job_blobs`) lives in the same database.

A `Store` is meant for one process; every process (service, worker, batch runner) opens its own.
Several processes may write to one database at once: SQLite runs in WAL mode with a busy timeout
and takes its write lock at the start of a write transaction; PostgreSQL needs nothing special.

    store = Store("sqlite:///vnplan-data/vnplan.db")      # or "x.db", or "postgresql://u@host/db"
    doc_id, created = store.put(extraction, extractor_version=extractor.__version__)
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from typing import Any, Iterator

from sqlalchemy import (Boolean, Column, Float, Index, Integer, LargeBinary, MetaData, String, Table,
                        Text, create_engine, delete, event, func, insert, select)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from extractor import tables as flat
from extractor.contract import Extraction

METADATA = MetaData()

_INT = {"pages", "plan_year", "level", "span_start", "span_end", "first_span_start", "first_span_end",
        "year", "mentions", "n_sections", "n_targets", "n_units", "n_tasks", "n_deadlines",
        "n_legal_refs", "n_warnings"}
_FLOAT = {"value"}
_BOOL = {"ocr_used", "year_inferred"}
# columns that dashboards filter or join on
_INDEXED = {"sections": (), "targets": ("indicator",), "units": ("canonical", "task_id"),
            "tasks": ("due_end",), "deadlines": ("end", "task_id"), "legal_refs": ("number",),
            "documents": ()}


def _column(table: str, name: str) -> Column:
    if name in _INT:
        kind = Integer
    elif name in _FLOAT:
        kind = Float
    elif name in _BOOL:
        kind = Boolean
    elif name == "document_id":
        kind = String(64)
    else:
        kind = Text
    return Column(name, kind, primary_key=(table == "documents" and name == "document_id"),
                  nullable=not (name == "document_id"))


ROW_TABLES: dict[str, Table] = {}
for _name, _cols in flat.COLUMNS.items():
    ROW_TABLES[_name] = Table(_name, METADATA, *(_column(_name, c) for c in _cols))
    if _name != "documents":
        Index(f"ix_{_name}_document_id", ROW_TABLES[_name].c.document_id)
    for _c in _INDEXED[_name]:
        Index(f"ix_{_name}_{_c}", ROW_TABLES[_name].c[_c])

EXTRACTIONS = Table(
    "extractions", METADATA,
    Column("document_id", String(64), primary_key=True),
    Column("extractor_version", String(32), nullable=False),
    Column("schema_version", String(16), nullable=False),
    Column("filename", Text),
    Column("media_type", String(128)),
    Column("stored_at", Float, nullable=False),
    Column("json", Text, nullable=False),
)

FAILURES = Table(
    "failures", METADATA,
    Column("sha256", String(64), primary_key=True),
    Column("extractor_version", String(32), primary_key=True),
    Column("filename", Text),
    Column("code", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("failed_at", Float, nullable=False),
)

# The service's job queue: one row per uploaded file that is extracted in a worker process.
JOBS = Table(
    "jobs", METADATA,
    Column("id", String(32), primary_key=True),
    Column("status", String(16), nullable=False),        # queued | running | done | failed
    Column("progress", Float, nullable=False, default=0.0),
    Column("stage", String(32)),
    Column("filename", Text),
    Column("sha256", String(64), nullable=False),
    Column("media_type", String(128)),
    Column("size", Integer, nullable=False),
    Column("document_id", String(64)),
    Column("error_code", String(64)),
    Column("error_message", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("owner", String(128)),                        # node:pid of the worker running it
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("heartbeat_at", Float),
)
Index("ix_jobs_status_created", JOBS.c.status, JOBS.c.created_at)
# The uploaded bytes of a job, kept until the job is done or failed (never under the client's name).
JOB_BLOBS = Table(
    "job_blobs", METADATA,
    Column("job_id", String(32), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)


def engine_url(url: str) -> str:
    """A SQLAlchemy URL from what a user writes: a sqlite:// or postgresql:// URL, or a path to a .db file."""
    url = url.strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith(("postgresql+", "sqlite://")):
        return url
    if "://" not in url and url.lower().endswith((".db", ".sqlite", ".sqlite3")):
        return "sqlite:///" + os.path.abspath(url)
    raise ValueError(f"not a database URL: {url!r} (use sqlite:///path.db, a path ending .db, "
                     "or postgresql://user@host/dbname)")


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _sqlite_engine(url: str) -> Engine:
    path = url[len("sqlite:///"):]
    if path and path != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(path)) or ".", exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None              # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
        # SQLite's own lower() knows only ASCII; the dashboards filter Vietnamese names case-blind
        dbapi_conn.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # a write transaction takes the lock at once, so two writers wait on the busy timeout
        # instead of failing when a read lock would have to be upgraded; reads run without one
        # (each statement sees a consistent snapshot of its own in WAL mode)
        if conn.get_execution_options().get("write", False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Store:
    def __init__(self, url: str):
        self.url = engine_url(url)
        self.dialect = "sqlite" if self.url.startswith("sqlite") else "postgresql"
        if self.dialect == "sqlite":
            self.engine = _sqlite_engine(self.url)
        else:
            self.engine = create_engine(self.url, pool_size=10, max_overflow=20, pool_pre_ping=True,
                                        connect_args={"connect_timeout": 15})
        self._create_tables()

    def _create_tables(self) -> None:
        """Create missing tables; processes starting together take turns (SQLite's write lock,
        a PostgreSQL advisory lock), so none sees a table half made by another."""
        for attempt in range(5):
            try:
                with self.write() as conn:
                    if self.dialect == "postgresql":
                        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(715517)")
                    METADATA.create_all(conn, checkfirst=True)
                return
            except DBAPIError:
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: committed on exit, rolled back on an exception."""
        with self.engine.connect().execution_options(write=True) as conn:
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    # --- documents ---------------------------------------------------------------------------

    def put(self, ex: Extraction, *, extractor_version: str) -> tuple[str, bool]:
        """Store one extraction with its rows in one transaction; returns (document id, created).

        The same sha256 is stored once: a second put of it with the same extractor version does
        nothing; with another version it replaces the stored extraction (created is False).
        """
        doc_id = ex.source.sha256
        payload = ex.model_dump_json()
        rows = flat.all_rows(ex)
        record = {"document_id": doc_id, "extractor_version": extractor_version,
                  "schema_version": ex.schema_version, "filename": ex.source.filename,
                  "media_type": ex.source.media_type, "stored_at": time.time(), "json": payload}
        try:
            with self.write() as conn:
                stored = conn.execute(select(EXTRACTIONS.c.extractor_version)
                                      .where(EXTRACTIONS.c.document_id == doc_id)).first()
                if stored is not None and stored[0] == extractor_version:
                    return doc_id, False
                if stored is not None:
                    self._delete_rows(conn, doc_id)
                conn.execute(insert(EXTRACTIONS), record)
                for name, table in ROW_TABLES.items():
                    if rows[name]:
                        conn.execute(insert(table), rows[name])
                conn.execute(delete(FAILURES).where(FAILURES.c.sha256 == doc_id))
                return doc_id, stored is None
        except IntegrityError:
            # another process stored the same document between our check and our insert
            if self.has(doc_id):
                return doc_id, False
            raise

    def has(self, sha256: str, extractor_version: str | None = None) -> bool:
        q = select(EXTRACTIONS.c.document_id).where(EXTRACTIONS.c.document_id == sha256)
        if extractor_version is not None:
            q = q.where(EXTRACTIONS.c.extractor_version == extractor_version)
        with self.read() as conn:
            return conn.execute(q).first() is not None

    def get_json(self, doc_id: str) -> str | None:
        """The stored contract JSON as text, without parsing it."""
        with self.read() as conn:
            row = conn.execute(select(EXTRACTIONS.c.json).where(EXTRACTIONS.c.document_id == doc_id)).first()
        return row[0] if row else None

    def get_json_if(self, doc_id: str, extractor_version: str) -> str | None:
        """The stored contract JSON when it was made by this extractor version (one query)."""
        with self.read() as conn:
            row = conn.execute(select(EXTRACTIONS.c.json).where(
                EXTRACTIONS.c.document_id == doc_id, EXTRACTIONS.c.extractor_version == extractor_version)).first()
        return row[0] if row else None

    def iter_json(self, batch: int = 200) -> Iterator[str]:
        """Every stored contract JSON as text, in document id order, streamed `batch` rows at a time."""
        with self.read() as conn:
            result = conn.execution_options(yield_per=batch).execute(
                select(EXTRACTIONS.c.json).order_by(EXTRACTIONS.c.document_id))
            for (data,) in result:
                yield data

    def get(self, doc_id: str) -> Extraction | None:
        data = self.get_json(doc_id)
        return Extraction.model_validate_json(data) if data is not None else None

    def delete(self, doc_id: str) -> bool:
        with self.write() as conn:
            return self._delete_rows(conn, doc_id)

    @staticmethod
    def _delete_rows(conn: Connection, doc_id: str) -> bool:
        for table in ROW_TABLES.values():
            conn.execute(delete(table).where(table.c.document_id == doc_id))
        return conn.execute(delete(EXTRACTIONS).where(EXTRACTIONS.c.document_id == doc_id)).rowcount > 0

    def count(self) -> int:
        with self.read() as conn:
            return conn.execute(select(func.count()).select_from(EXTRACTIONS)).scalar_one()

    # --- failures ----------------------------------------------------------------------------

    def record_failure(self, sha256: str, filename: str | None, code: str, message: str,
                       extractor_version: str) -> None:
        """Remember that an input could not be read (one record per sha256 and version, the last one)."""
        row = {"sha256": sha256, "extractor_version": extractor_version, "filename": filename,
               "code": code, "message": message, "failed_at": time.time()}
        for attempt in range(3):
            try:
                with self.write() as conn:
                    conn.execute(delete(FAILURES).where(FAILURES.c.sha256 == sha256,
                                                        FAILURES.c.extractor_version == extractor_version))
                    conn.execute(insert(FAILURES), row)
                return
            except IntegrityError:                     # a concurrent writer recorded it first
                time.sleep(0.05 * (attempt + 1))

    def failures(self) -> list[dict[str, Any]]:
        with self.read() as conn:
            result = conn.execute(select(FAILURES).order_by(FAILURES.c.failed_at))
            return [dict(r._mapping) for r in result]

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
