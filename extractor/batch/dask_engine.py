"""Dask engine: the same work on a Dask distributed cluster (`--engine dask --scheduler ADDRESS`).

Without an address a LocalCluster of single-threaded worker processes is started on this machine.
Small text documents travel in chunks (a few per task) so the scheduler's per-task cost stays
small against the work; a chunk that fails as a whole (a worker died under it) is run again one
document per task, so only the document at fault is recorded as failed. Documents that need OCR
are split by the ingest page interface (extractor.ingest.plan_pages / run_page / assemble_pages)
when it is available: one task per page, spread over the workers, then one task that assembles
the pages and runs the rest of the pipeline.

The workers must have vnplan installed (same version): they import extractor.batch.work.
"""
from __future__ import annotations

import os
import time
from collections import deque

from . import work

CHUNK_DOCS = int(os.environ.get("VNPLAN_DASK_CHUNK_DOCS", "8"))
CHUNK_BYTES = int(os.environ.get("VNPLAN_DASK_CHUNK_BYTES", str(128 * 1024)))


def _page_interface():
    try:
        from ..ingest import assemble_pages, plan_pages, run_page
    except ImportError:
        return None
    return plan_pages, run_page, assemble_pages


def finish_pages(job: work.Job, results: list, kind: str) -> work.Outcome:
    """Assemble OCR'd pages into the document and run the rest of the pipeline (on a worker)."""
    from ..ingest import assemble_pages
    from ..pipeline import extract
    t0 = time.perf_counter()
    try:
        raw = assemble_pages(job.data, results, filename=job.filename)
        return work.Outcome(job.id, True, payload=work.prepare(extract(raw), kind),
                            seconds=time.perf_counter() - t0)
    except Exception as err:
        return work.failure(job.id, err, time.perf_counter() - t0)


def _warm_worker() -> str:
    from . import warm                       # noqa: F401  (importing it runs one small extraction)
    from .. import __version__
    return __version__


class DaskEngine:
    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None, kind: str = "json",
                 chunk_docs: int = CHUNK_DOCS, chunk_bytes: int = CHUNK_BYTES):
        self.scheduler = scheduler
        self.n = workers or os.cpu_count() or 1
        self.kind = kind
        self.started = False
        self.chunk_docs = max(1, chunk_docs)
        self.chunk_bytes = chunk_bytes
        self.client = self.cluster = None
        self.chunk: list[work.Job] = []
        self.jobs: dict = {}                 # future -> list of jobs (a chunk) or a single OCR job
        self.done: deque[work.Outcome] = deque()
        self.pages = _page_interface()

    def describe(self) -> str:
        if self.scheduler:
            return f"Dask cluster at {self.scheduler} ({self.threads} worker threads)"
        return f"Dask LocalCluster of {self.n} single-threaded worker processes"

    def start(self) -> None:
        self.started = True
        import dask
        from distributed import Client, LocalCluster, as_completed
        # the workers' sampling profiler takes the GIL every 10 ms from the extraction it watches;
        # a cluster we start runs without it (workers of a remote cluster follow their own config)
        dask.config.set({"distributed.worker.profile.enabled": False})
        if self.scheduler:
            self.client = Client(self.scheduler, timeout="30s")
        else:
            self.cluster = LocalCluster(n_workers=self.n, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)
        self.threads = max(1, sum(self.client.nthreads().values()))
        try:                                 # every worker imports and warms the extractor before work starts
            versions = self.client.run(_warm_worker)
        except Exception as err:
            raise work.EngineError(f"the Dask workers cannot run the extractor ({type(err).__name__}: {err}); "
                                   "install vnplan on every worker") from None
        from .. import __version__
        wrong = {addr: v for addr, v in versions.items() if v != __version__}
        if wrong:                            # results are filed under this version: workers must run it
            raise work.EngineError(f"Dask workers run another extractor version ({wrong}); this is "
                                   f"{__version__}: install the same vnplan on every worker")
        self.ac = as_completed(with_results=False, raise_errors=False)

    def in_flight(self) -> int:
        return sum(len(j) if isinstance(j, list) else 1 for j in self.jobs.values()) + len(self.chunk) + len(self.done)

    def has_room(self) -> bool:
        return len(self.jobs) < 3 * self.threads

    def submit(self, job: work.Job) -> None:
        if self.pages and self._submit_pages(job):
            return
        self.chunk.append(job)
        if len(self.chunk) >= self.chunk_docs or sum(len(j.data) for j in self.chunk) >= self.chunk_bytes:
            self.flush()

    def _submit_pages(self, job: work.Job) -> bool:
        """Spread the OCR pages of one document over the workers; False when it needs no OCR."""
        plan_pages, run_page, _ = self.pages
        try:
            plan = plan_pages(job.data)
        except Exception:
            return False                     # not a paged document: the whole pipeline will say why
        if not plan:
            return False
        pages = [self.client.submit(run_page, p, pure=False) for p in plan]
        fut = self.client.submit(finish_pages, job, pages, self.kind, pure=False)
        self.jobs[fut] = job
        self.ac.add(fut)
        return True

    def flush(self) -> None:
        if self.chunk:
            fut = self.client.submit(work.run_many, self.chunk, self.kind, pure=False)
            self.jobs[fut] = self.chunk
            self.ac.add(fut)
            self.chunk = []

    def poll(self, timeout: float = 0.2) -> list[work.Outcome]:
        deadline = time.monotonic() + timeout
        while not self.ac.has_ready() and time.monotonic() < deadline:
            time.sleep(0.005)
        out = list(self.done)
        self.done.clear()
        if not self.ac.has_ready():
            return out
        for fut in self.ac.next_batch(block=False):
            jobs = self.jobs.pop(fut)
            if fut.status == "finished":
                res = fut.result()
                out.extend(res if isinstance(jobs, list) else [res])
            elif isinstance(jobs, list) and len(jobs) > 1:
                for job in jobs:             # find the one at fault: run them one per task
                    f = self.client.submit(work.run_many, [job], self.kind, pure=False)
                    self.jobs[f] = [job]
                    self.ac.add(f)
            else:
                err = fut.exception()
                job = jobs[0] if isinstance(jobs, list) else jobs
                out.append(work.Outcome(job.id, False, code="worker_crashed",
                                        message=f"{type(err).__name__}: {err}"[:500]))
            fut.release()
        return out

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None
