"""Local engine: a pool of worker processes on this machine, one per core by default.

A small pool of our own rather than concurrent.futures, because a batch must survive its
documents: a document that runs past the time limit gets its worker killed and replaced (and
is recorded as a `timeout` failure); a worker that dies (out of memory, a crash in a native
library) fails only the document it was running, and the others it held are given to a new
worker. Workers are forked from a clean server process (multiprocessing "forkserver") that has
the extractor imported once.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from multiprocessing.connection import wait

from . import work

SMALL_JOB = 32 * 1024           # a worker may hold a second job queued when it is this small (fits a socket buffer)
DEFAULT_TIMEOUT = float(os.environ.get("VNPLAN_BATCH_TIMEOUT", "600"))


def _serve(conn, kind: str, target: tuple | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)        # Ctrl-C is the main process's business
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):                     # the main process is gone: stop
            return
        if job is None:
            return
        conn.send(work.run(job, kind, target))


class _Worker:
    def __init__(self, ctx, kind: str, target: tuple | None = None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, kind, target), daemon=True)
        self.proc.start()
        child.close()
        self.queue: deque[tuple[work.Job, float]] = deque()     # (job, time it reached the head)

    def load(self) -> int:
        return len(self.queue)

    def kill(self) -> None:
        try:
            self.proc.kill()
        except (OSError, ValueError):
            pass
        self.proc.join(5)
        self.conn.close()


class LocalEngine:
    name = "local"

    def __init__(self, workers: int | None = None, kind: str = "json", timeout: float = DEFAULT_TIMEOUT,
                 target: tuple | None = None):
        self.n = max(1, workers or os.cpu_count() or 1)
        self.kind = kind
        self.target = target                            # (url, version) when workers write to the storage
        self.started = False
        self.timeout = timeout
        self.ctx = mp.get_context("forkserver")
        self.ctx.set_forkserver_preload(["extractor.batch.work", "extractor.batch.warm"])
        self.workers: list[_Worker] = []
        self.crashes = 0                                # worker deaths since the last finished document
        self.retry: deque[work.Job] = deque()

    def describe(self) -> str:
        return f"{self.n} local worker process{'es' if self.n > 1 else ''}"

    def start(self) -> None:
        self.started = True
        self.workers = [_Worker(self.ctx, self.kind, self.target) for _ in range(self.n)]

    def has_room(self) -> bool:
        return any(w.load() == 0 for w in self.workers) or (
            not self.retry and any(w.load() == 1 and len(w.queue[0][0].data) < SMALL_JOB for w in self.workers))

    def submit(self, job: work.Job) -> None:
        self.retry.append(job)
        self._dispatch()

    def flush(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        while self.retry:
            idle = [w for w in self.workers if w.load() == 0]
            job = self.retry[0]
            if not idle and len(job.data) < SMALL_JOB:
                idle = [w for w in self.workers if w.load() == 1 and len(w.queue[0][0].data) < SMALL_JOB]
            if not idle:
                return
            w = idle[0]
            self.retry.popleft()
            w.queue.append((job, time.monotonic()))
            try:
                w.conn.send(job)
            except (OSError, ValueError):               # the worker is gone: the job never started
                w.queue.pop()
                self.retry.appendleft(job)
                self._restart(w)

    def poll(self, timeout: float = 0.2) -> list[work.Outcome]:
        out: list[work.Outcome] = []
        busy = {w.conn: w for w in self.workers if w.queue}
        if not busy:
            time.sleep(min(timeout, 0.01))
            return out
        ready = wait(list(busy), timeout)
        for conn in ready:
            w = busy[conn]
            try:
                res = conn.recv()
            except (EOFError, OSError):
                out.append(self._replace(w, "worker_crashed",
                                         f"the worker process died (exit code {w.proc.exitcode}) on this document"))
                continue
            w.queue.popleft()
            self.crashes = 0
            if w.queue:
                w.queue[0] = (w.queue[0][0], time.monotonic())
            out.append(res)
        now = time.monotonic()
        for w in list(self.workers):
            if w.queue and now - w.queue[0][1] > self.timeout:
                out.append(self._replace(w, "timeout", f"still running after {self.timeout:.0f} s "
                                                        "(VNPLAN_BATCH_TIMEOUT); the worker was stopped"))
        self._dispatch()
        return out

    def _replace(self, w: _Worker, code: str, message: str) -> work.Outcome:
        """Kill a worker, fail its current job, give its queued jobs back, start a new worker."""
        head, _ = w.queue.popleft()
        self._restart(w, crashed=code != "timeout")
        return work.Outcome(head.id, False, code=code, message=message)

    def _restart(self, w: _Worker, crashed: bool = True) -> None:
        for job, _ in reversed(w.queue):
            self.retry.appendleft(job)
        w.queue.clear()
        w.kill()
        self.crashes += crashed
        if self.crashes > 2 * self.n + 2:
            raise work.EngineError(f"worker processes keep dying ({self.crashes} times without finishing a "
                              "document); is the extractor installed correctly? (python -c 'import extractor.pipeline')")
        self.workers[self.workers.index(w)] = _Worker(self.ctx, self.kind, self.target)

    def close(self) -> None:
        for w in self.workers:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 5
        for w in self.workers:
            w.proc.join(max(0.1, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.kill()
            else:
                w.conn.close()
        self.workers = []
