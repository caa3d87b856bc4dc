"""Dask engine: the same work on a Dask distributed cluster (`--engine dask --scheduler ADDRESS`).

Without an address a LocalCluster of single-threaded worker processes is started on this machine.
Small text documents travel in chunks (a few per task) so the scheduler's per-task cost stays
small against the work; a chunk that fails as a whole (a worker died under it) is run again one
document per task, so only the document at fault is recorded as failed. Documents that need OCR
(PDFs and images whose pages have no usable text layer) are split by the ingest page interface
(extractor.ingest.plan_pages / run_page / assemble_pages): a task plans the pages, one task per
page to OCR is spread over the workers, then one task assembles the pages and runs the rest of
the pipeline. A PDF with a good text layer is finished by its planning task.

The workers must have vnplan installed (same version): they import extractor.batch.work.
"""
from __future__ import annotations

import os
import time

from . import work

# A cluster we start spends its CPU on the documents: no sampling profiler in the workers (it takes
# the GIL every 10 ms from the extraction it watches), and the event-loop watchdog, memory and
# system monitors checked every second or so instead of every 20-500 ms. Idle, a 2-worker
# LocalCluster then costs about 1% of a core instead of 7%. A remote cluster follows its own
# configuration (README: Batch processing).
QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}
# Text documents travel in chunks: small ones while a worker waits for work, growing up to these
# bounds while all are busy, so that the scheduler's cost per document stays small (chunks of 8
# made Dask 24% slower than the local pool on 2 cores; chunks of up to 64 made it as fast).
MIN_CHUNK_DOCS = 8
CHUNK_DOCS = int(os.environ.get("VNPLAN_DASK_CHUNK_DOCS", "64"))
CHUNK_BYTES = int(os.environ.get("VNPLAN_DASK_CHUNK_BYTES", str(1024 * 1024)))


def _may_need_ocr(data: bytes) -> bool:
    """PDFs and images may hold scanned pages; every other kind is read whole, in a chunk."""
    from ..ingest import sniff
    kind = sniff.media_type(data[:2048])
    return kind == sniff.PDF or kind.startswith("image/")


def plan_or_run(job: work.Job, kind: str):
    """On a worker: the page jobs of a PDF or image when some need OCR, else the finished Outcome."""
    from ..ingest import assemble_pages, plan_pages, run_page
    from ..pipeline import extract
    t0 = time.perf_counter()
    try:
        pages = plan_pages(job.data)
        if any(p.kind == "ocr" for p in pages):
            return pages
        raw = assemble_pages(job.data, [run_page(p) for p in pages], filename=job.filename)
        return work.Outcome(job.id, True, payload=work.prepare(extract(raw), kind),
                            seconds=time.perf_counter() - t0)
    except Exception as err:
        return work.failure(job.id, err, time.perf_counter() - t0)


def read_page(page):
    """On a worker: one page read (OCR'd), with the address of the worker that read it."""
    from distributed import get_worker

    from ..ingest import run_page
    return run_page(page), get_worker().address


def finish_pages(job: work.Job, read: list, kind: str) -> work.Outcome:
    """On a worker: assemble the read pages into the document and run the rest of the pipeline."""
    from ..ingest import assemble_pages
    from ..pipeline import extract
    t0 = time.perf_counter()
    results = [r for r, _ in read]
    where = tuple(sorted({w for _, w in read}))
    try:
        raw = assemble_pages(job.data, results, filename=job.filename)
        return work.Outcome(job.id, True, payload=work.prepare(extract(raw), kind), where=where,
                            seconds=time.perf_counter() - t0 + sum(r.seconds for r in results))
    except Exception as err:
        out = work.failure(job.id, err, time.perf_counter() - t0)
        return work.Outcome(out.id, False, code=out.code, message=out.message, seconds=out.seconds, where=where)


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
        self.stage: dict = {}                # future -> "chunk" | "plan" | "finish"
        self.page_tasks = 0
        self.page_workers: set[str] = set()

    def describe(self) -> str:
        if self.scheduler:
            return f"Dask cluster at {self.scheduler} ({self.threads} worker threads)"
        return f"Dask LocalCluster of {self.n} single-threaded worker processes"

    def start(self) -> None:
        self.started = True
        import dask
        from distributed import Client, LocalCluster, as_completed
        if self.scheduler:
            self.client = Client(self.scheduler, timeout="30s")
        else:
            with dask.config.set(QUIET):
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

    def stats(self) -> str:
        if not self.page_tasks:
            return ""
        return (f"OCR pages: {self.page_tasks} page tasks on {len(self.page_workers)} "
                f"worker{'s' if len(self.page_workers) != 1 else ''}")

    def has_room(self) -> bool:
        return len(self.jobs) < 3 * self.threads

    def submit(self, job: work.Job) -> None:
        if _may_need_ocr(job.data):
            self._add(self.client.submit(plan_or_run, job, self.kind, pure=False), job, "plan")
            return
        self.chunk.append(job)
        waiting = len(self.jobs) < self.threads            # a worker has nothing queued
        if (waiting and len(self.chunk) >= min(MIN_CHUNK_DOCS, self.chunk_docs)) \
                or len(self.chunk) >= self.chunk_docs or sum(len(j.data) for j in self.chunk) >= self.chunk_bytes:
            self.flush()

    def _add(self, fut, jobs, stage: str) -> None:
        self.jobs[fut] = jobs
        self.stage[fut] = stage
        self.ac.add(fut)

    def flush(self) -> None:
        if self.chunk:
            self._add(self.client.submit(work.run_many, self.chunk, self.kind, pure=False), self.chunk, "chunk")
            self.chunk = []

    def poll(self, timeout: float = 0.2) -> list[work.Outcome]:
        cond = getattr(self.ac, "thread_condition", None)
        if cond is not None:                 # woken by the client when a task finishes
            with cond:
                cond.wait_for(self.ac.has_ready, timeout)
        else:
            deadline = time.monotonic() + timeout
            while not self.ac.has_ready() and time.monotonic() < deadline:
                time.sleep(0.005)
        out: list[work.Outcome] = []
        if not self.ac.has_ready():
            return out
        for fut in self.ac.next_batch(block=False):
            jobs, stage = self.jobs.pop(fut), self.stage.pop(fut)
            if fut.status == "finished":
                res = fut.result()
                if stage == "chunk":
                    out.extend(res)
                elif isinstance(res, work.Outcome):
                    self.page_workers.update(res.where)
                    out.append(res)
                else:                        # page jobs: one task per page, then one to assemble
                    self._spread_pages(jobs, res)
            elif stage == "chunk" and len(jobs) > 1:
                for job in jobs:             # find the one at fault: run them one per task
                    self._add(self.client.submit(work.run_many, [job], self.kind, pure=False), [job], "chunk")
            else:
                err = fut.exception()
                job = jobs[0] if isinstance(jobs, list) else jobs
                out.append(work.Outcome(job.id, False, code="worker_crashed",
                                        message=f"{type(err).__name__}: {err}"[:500]))
            fut.release()
        return out

    def _spread_pages(self, job: work.Job, pages: list) -> None:
        # ahead of the queued chunks: a started document is finished first (and its pages freed)
        page_futs = [self.client.submit(read_page, p, pure=False, priority=10) for p in pages]
        self.page_tasks += len(page_futs)
        self._add(self.client.submit(finish_pages, job, page_futs, self.kind, pure=False, priority=10),
                  job, "finish")

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None
