"""Local worker processes: the job workers that empty the queue, and the pool for inline texts.

`WorkerPool` starts N job worker processes (spawned, each with its own Store) and watches them:
one that dies is replaced and the job it held goes back to the queue. `InlinePool` is a process
pool that extracts small texts while the client waits, so two uploads use two cores.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import extractor
from extractor.contract import Extraction

from .jobs import JobQueue
from .storage import Store

log = logging.getLogger("vnplan.worker")


def node_id(data_dir: str) -> str:
    """This machine and service folder: jobs owned by it are ours to take back at start-up."""
    return f"{socket.gethostname()}|{os.path.abspath(data_dir)}"


def warm_up() -> None:
    """Build the extractor's tables and patterns and load its models, once per process."""
    from extractor.pipeline import warm_up as warm_extractor
    warm_extractor()


def extract(data: bytes, filename: str | None) -> Extraction:
    from extractor.pipeline import extract_bytes
    return extract_bytes(data, filename)


def extract_with_progress(data: bytes, filename: str | None, report) -> Extraction:
    """Extract a document page by page when the ingest offers it, calling report(done, total) after each page."""
    try:
        from extractor.ingest import assemble_pages, plan_pages, run_page
    except ImportError:                          # an ingest without the page-level API
        return extract(data, filename)
    from extractor.pipeline import extract as extract_raw
    pages = plan_pages(data)
    results = []
    for i, page in enumerate(pages):
        results.append(run_page(page))
        report(i + 1, len(pages))
    return extract_raw(assemble_pages(data, results, filename))


def _extract_in_pool(data: bytes, filename: str | None):
    """For the inline pool: IngestError does not survive pickling (its __init__ takes two arguments),
    so it comes back as a plain tuple and is raised again in the service's process."""
    from extractor.ingest import IngestError
    try:
        return extract(data, filename)
    except IngestError as err:
        return ("ingest_error", err.code, str(err))


def run_job(store: Store, queue: JobQueue, job: dict, data: bytes, owner: str) -> str:
    """Extract one claimed job and store the result; returns the final status."""
    from extractor.ingest import IngestError
    job_id = job["id"]
    beat = threading.Event()

    def heartbeat():
        while not beat.wait(10):
            try:
                queue.heartbeat(job_id, owner)
            except Exception:                   # a missed beat is retried on the next one
                log.warning("heartbeat of job %s failed", job_id, exc_info=True)

    ticker = threading.Thread(target=heartbeat, daemon=True)
    ticker.start()
    try:
        queue.progress(job_id, owner, 0.1, "reading")

        def report(done: int, total: int) -> None:
            queue.progress(job_id, owner, 0.1 + 0.75 * done / max(total, 1), f"page {done}/{total}")

        try:
            ex = extract_with_progress(data, job["filename"], report)
        except IngestError as err:
            store.record_failure(job["sha256"], job["filename"], err.code, str(err), extractor.__version__)
            queue.fail(job_id, err.code, str(err))
            return "failed"
        except MemoryError:
            queue.fail(job_id, "too_large", "the document needs more memory than this service has")
            return "failed"
        except Exception as err:               # a bug in the extractor: log it, tell the user in one line
            log.exception("job %s: extraction failed", job_id)
            queue.fail(job_id, "internal", f"extraction failed ({type(err).__name__}); see the service log")
            return "failed"
        queue.progress(job_id, owner, 0.9, "storing")
        doc_id, _ = store.put(ex, extractor_version=extractor.__version__)
        queue.finish(job_id, doc_id)
        return "done"
    finally:
        beat.set()


def worker_main(db_url: str, node: str, stop, wake, attempts: int, lease: float, ready=None,
                parent: int | None = None) -> None:
    """Body of one job worker process: claim, extract, store, until told to stop."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(process)d %(levelname)s %(message)s")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")      # tesseract: one thread per process is fastest
    store = Store(db_url)
    queue = JobQueue(store, attempts=attempts, lease_seconds=lease)
    owner = f"{node}|{os.getpid()}"
    parent = parent or os.getppid()         # the service's pid, given when spawned (it may be gone already)
    _end_with_parent(parent)                # a job cut short stays "running" and is taken back at the next start
    warm_up()
    if ready is not None:
        with ready.get_lock():
            ready.value += 1
    idle = 0.0
    while not stop.is_set() and os.getppid() == parent:      # the service died: stop, its jobs are taken back
        try:
            claimed = queue.claim(owner)
        except Exception:
            log.warning("could not read the job queue", exc_info=True)
            claimed = None
            time.sleep(1.0)
        if claimed is None:
            if wake.wait(min(1.0, 0.05 + idle)):
                wake.clear()
            idle = min(idle + 0.1, 1.0)
            continue
        idle = 0.0
        job, data = claimed
        log.info("job %s (%s, %d bytes): %s", job["id"], job["media_type"], job["size"],
                 run_job(store, queue, job, data, owner))
    store.close()


class WorkerPool:
    """N job worker processes, replaced when one dies; their jobs are taken back."""

    def __init__(self, db_url: str, node: str, n: int, *, attempts: int, lease: float):
        self.ctx = multiprocessing.get_context("spawn")
        self.db_url, self.node, self.n = db_url, node, n
        self.attempts, self.lease = attempts, lease
        self.stop_event = self.ctx.Event()
        self.wake_event = self.ctx.Event()
        self.warmed = self.ctx.Value("i", 0)          # workers that have loaded the extractor
        self.procs: list = []
        self._watch = threading.Event()
        self._watcher: threading.Thread | None = None

    def _spawn(self):
        # not a daemon, so the ingest may use processes of its own; stop() ends it
        p = self.ctx.Process(target=worker_main, name="vnplan-worker", daemon=False,
                             args=(self.db_url, self.node, self.stop_event, self.wake_event,
                                   self.attempts, self.lease, self.warmed, os.getpid()))
        p.start()
        return p

    def start(self, queue: JobQueue) -> None:
        self.procs = [self._spawn() for _ in range(self.n)]
        self._watcher = threading.Thread(target=self._supervise, args=(queue,), daemon=True)
        self._watcher.start()

    @property
    def ready(self) -> bool:
        return self.warmed.value >= self.n and all(p.is_alive() for p in self.procs)

    def wake(self) -> None:
        self.wake_event.set()

    def _supervise(self, queue: JobQueue) -> None:
        last_sweep = time.time()
        while not self._watch.wait(1.0):
            for i, p in enumerate(self.procs):
                if not p.is_alive() and not self.stop_event.is_set():
                    log.warning("worker %s ended (exit %s); starting another", p.pid, p.exitcode)
                    try:
                        queue.recover(owner=f"{self.node}|{p.pid}")
                    except Exception:
                        log.warning("could not take back the jobs of worker %s", p.pid, exc_info=True)
                    self.procs[i] = self._spawn()
                    self.wake()
            if time.time() - last_sweep > 30:
                last_sweep = time.time()
                try:
                    if any(queue.recover().values()):
                        self.wake()
                except Exception:
                    log.warning("lease sweep failed", exc_info=True)

    def stop(self, grace: float = 10.0) -> None:
        self._watch.set()
        self.stop_event.set()
        self.wake_event.set()
        deadline = time.time() + grace
        for p in self.procs:
            p.join(max(0.1, deadline - time.time()))
        for p in self.procs:
            if p.is_alive():                   # its job stays "running" and is resumed at the next start
                p.terminate()
                p.join(5)


def _end_with_parent(parent: int) -> None:
    """End this process when the service that started it is gone, however it ended (a service
    killed with SIGKILL would otherwise leave its processes behind, still at work)."""
    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)
    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _inline_process_start(parent: int) -> None:
    """Start of an inline pool process: end with the service, load the extractor."""
    _end_with_parent(parent)
    warm_up()


class InlinePool:
    """Extraction of small texts in worker processes (or in a thread of this process when n is 0)."""

    def __init__(self, n: int):
        self.n = n
        self._lock = threading.Lock()
        self._pool = self._new() if n else None

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.n, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_inline_process_start, initargs=(os.getpid(),))

    def warm(self) -> None:
        if self._pool is not None:
            futures = [self._pool.submit(os.getpid) for _ in range(self.n * 2)]
            for f in futures:
                f.result(timeout=120)

    def extract(self, data: bytes, filename: str | None) -> Extraction:
        if self._pool is None:
            return extract(data, filename)
        pool = self._pool
        try:
            result = pool.submit(_extract_in_pool, data, filename).result(timeout=300)
        except BrokenProcessPool:
            with self._lock:                   # a process died (killed, out of memory): start a new pool
                if self._pool is pool:
                    self._pool = self._new()
            raise
        if isinstance(result, tuple):
            from extractor.ingest import IngestError
            raise IngestError(result[1], result[2])
        return result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
