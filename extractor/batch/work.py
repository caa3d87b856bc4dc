"""What a worker does with one document: bytes -> the payload its sink writes, or a failure.

Runs in worker processes (local pool or Dask), so it takes and returns plain picklable values.
The payload depends on the sink kind, so the costly parts (JSON, table rows) are made in the
worker and the single writing process only writes.
"""
from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from typing import Any


class EngineError(RuntimeError):
    """The workers cannot run at all (as opposed to one document failing): the batch stops."""


@dataclass(frozen=True)
class Job:
    id: int
    filename: str
    data: bytes


@dataclass(frozen=True)
class Outcome:
    id: int
    ok: bool
    payload: Any = None          # sink-specific, see `prepare`
    code: str | None = None
    message: str | None = None
    seconds: float = 0.0
    where: tuple = ()            # workers that read the pages of an OCR document (Dask engine)


_stores: dict = {}


def _store(url: str):
    """One storage connection per worker process and database, opened on first use."""
    if url not in _stores:
        from api.storage import Store
        _stores[url] = Store(url)
    return _stores[url]


def prepare(ex, kind: str, target: tuple | None = None) -> Any:
    """The form of one Extraction its sink wants: JSON text for files and SQL, rows for Parquet;
    kind "store" writes it to the service storage from the worker itself (target = (url, version))."""
    if kind == "parquet":
        from ..tables import all_rows
        return all_rows(ex)
    if kind == "store":
        url, version = target
        _store(url).put(ex, extractor_version=version)
        return None
    return ex.model_dump_json()


def failure(job_id: int, err: BaseException, seconds: float = 0.0) -> Outcome:
    from ..ingest import IngestError
    if isinstance(err, IngestError):
        return Outcome(job_id, False, code=err.code, message=str(err), seconds=seconds)
    if isinstance(err, MemoryError):
        return Outcome(job_id, False, code="out_of_memory", message="ran out of memory", seconds=seconds)
    where = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    at = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
    return Outcome(job_id, False, code="internal_error",
                   message=f"{type(err).__name__}: {err}{at}"[:500], seconds=seconds)


def run(job: Job, kind: str, target: tuple | None = None) -> Outcome:
    """The full pipeline on one document; never raises."""
    from ..pipeline import extract_bytes
    t0 = time.perf_counter()
    try:
        ex = extract_bytes(job.data, job.filename)
    except Exception as err:                    # one bad document never stops the batch
        return failure(job.id, err, time.perf_counter() - t0)
    try:
        return Outcome(job.id, True, payload=prepare(ex, kind, target), seconds=time.perf_counter() - t0)
    except Exception as err:
        if kind == "store":                     # the database, not the document: say so
            return Outcome(job.id, False, code="storage_error", seconds=time.perf_counter() - t0,
                           message=f"{type(err).__name__}: {str(err).splitlines()[0]}"[:500])
        return failure(job.id, err, time.perf_counter() - t0)


def run_many(jobs: list[Job], kind: str) -> list[Outcome]:
    return [run(j, kind) for j in jobs]
