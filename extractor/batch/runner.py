"""The batch loop: sources -> (skip what is done) -> engine workers -> sink, with progress and a summary.

One process reads the inputs, hashes them, decides what to skip and writes every result; the
workers only extract. Identity of a document is the sha256 of its bytes plus the extractor
version: a document already in the target for this version is skipped, a document seen twice in
the input is run once, a document that failed with this version is not retried unless asked.
Results are committed to the target every half second and at the end, so stopping the run at any
moment loses at most the work of the last moments, which the next run does again.
"""
from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field

from .. import __version__
from . import sinks, sources, work

COMMIT_EVERY = 0.5              # seconds between commits to the target
# failures of the machinery, not of the document: always run again
RETRIED = frozenset({"worker_crashed", "timeout", "internal_error", "out_of_memory", "storage_error"})


@dataclass
class Summary:
    target: str
    engine: str
    total: int = 0
    done: int = 0
    already_done: int = 0
    duplicates: int = 0
    failed_before: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)      # (key, code, message)
    seconds: float = 0.0
    seconds_working: float = 0.0      # from the first document handed to a started engine to the last result
    work_seconds: float = 0.0         # summed time of the documents in the workers
    unread: int = 0                   # failures before any work: unreadable inputs, broken archives
    engine_stats: str = ""
    interrupted: bool = False
    stopped_early: bool = False       # --max-time reached: the rest waits for the next run

    @property
    def skipped(self) -> int:
        return self.already_done + self.duplicates + self.failed_before

    @property
    def rate(self) -> float:
        """Documents run per second of work (from the first document handed to the started workers)."""
        n = self.done + len(self.failed) - self.unread
        return n / self.seconds_working if self.seconds_working > 0 else 0.0

    def format(self, show: int = 20) -> str:
        ran = self.done + len(self.failed) - self.unread
        how = (f"in {self.seconds:.1f} s ({self.rate:.1f} documents/s over {self.seconds_working:.1f} s of work) "
               f"with {self.engine}" if ran else "nothing to run")
        lines = [f"vnplan batch -> {self.target}: {self.total} input documents, {how}"
                 + (" - INTERRUPTED, run the same command again to finish" if self.interrupted else "")
                 + (" - time limit reached, run the same command again to go on" if self.stopped_early else "")]
        lines.append(f"  done     {self.done}")
        parts = [f"{n} {what}" for n, what in ((self.already_done, "already done"),
                                                (self.duplicates, "duplicates in the input"),
                                                (self.failed_before, "failed before with this version; --retry-failed runs them again"))
                 if n]
        lines.append(f"  skipped  {self.skipped}" + (f" ({', '.join(parts)})" if parts else ""))
        lines.append(f"  failed   {len(self.failed)}")
        if self.failed:
            for code, n in Counter(c for _, c, _ in self.failed).most_common():
                lines.append(f"    {code}: {n}")
            for key, code, message in self.failed[:show]:
                lines.append(f"    {key}: [{code}] {message}")
            if len(self.failed) > show:
                lines.append(f"    ... and {len(self.failed) - show} more (vnplan batch --failures TARGET lists them all)")
        if self.engine_stats:
            lines.append(f"  {self.engine_stats}")
        return "\n".join(lines)


class _Progress:
    """A rich progress bar on a terminal (documents/s and ETA over the documents actually run)."""

    def __init__(self, total: int, enabled: bool, console=None):
        self.enabled = enabled
        self.started = time.monotonic()
        self.run = 0
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn
        from rich.text import Text
        bar = self

        class Rate(ProgressColumn):
            def render(self, task):
                dt = time.monotonic() - bar.started
                return Text(f"{bar.run / dt:6.1f} docs/s" if dt > 0 and bar.run else "     - docs/s")

        class Eta(ProgressColumn):
            def render(self, task):
                dt = time.monotonic() - bar.started
                left = task.total - task.completed
                if not bar.run or dt <= 0:
                    return Text("ETA -:--:--")
                s = int(left * dt / bar.run)
                return Text(f"ETA {s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}")

        self.progress = Progress(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), Rate(), Eta(),
                                 TextColumn("{task.fields[status]}"),
                                 console=console or Console(stderr=True), transient=False)
        self.task = self.progress.add_task("batch", total=total, status="")
        self.progress.start()

    def advance(self, ran: bool, summary: Summary) -> None:
        if ran:
            self.run += 1
        if self.enabled:
            status = f"done {summary.done}  skipped {summary.skipped}  failed {len(summary.failed)}"
            self.progress.update(self.task, advance=1, status=status)

    def stop(self) -> None:
        if self.enabled:
            self.progress.stop()


def make_engine(name: str, sink, workers: int | None = None, scheduler: str | None = None,
                timeout: float | None = None):
    if name == "dask":
        from .dask_engine import DaskEngine
        return DaskEngine(scheduler=scheduler, workers=workers, kind=sink.kind)
    from .local import DEFAULT_TIMEOUT, LocalEngine
    if sink.kind == "sql":                      # local workers store their documents themselves
        sink.direct = True
        return LocalEngine(workers=workers, kind="store", timeout=timeout or DEFAULT_TIMEOUT,
                           target=(sink.url, sink.version))
    return LocalEngine(workers=workers, kind=sink.kind, timeout=timeout or DEFAULT_TIMEOUT)


def run(inputs: list[str], target: str, *, engine: str = "local", workers: int | None = None,
        scheduler: str | None = None, retry_failed: bool = False, progress: bool = False,
        timeout: float | None = None, max_seconds: float | None = None, version: str = __version__,
        console=None) -> Summary:
    """Run every document under INPUT... into TARGET; returns what happened. Never stops on a bad document."""
    sink = sinks.open_sink(target, version)
    try:
        items = sources.collect(inputs, exclude=sinks.output_paths(target))
        eng = make_engine(engine, sink, workers, scheduler, timeout)
        summary = Summary(target=target, engine="no workers (nothing to run)", total=len(items))
        try:
            _loop(items, sink, eng, summary, retry_failed, _Progress(len(items), progress, console), max_seconds)
        finally:
            if eng.started:
                summary.engine_stats = eng.stats() if hasattr(eng, "stats") else ""
                eng.close()
    finally:
        sink.close()
    return summary


def _loop(items, sink, eng, summary: Summary, retry_failed: bool, bar: _Progress,
          max_seconds: float | None = None) -> None:
    t0 = time.monotonic()
    t_work = None
    pending: dict[int, tuple[sources.Item, str]] = {}
    seen: set[str] = set()
    queue = iter(enumerate(items))
    exhausted = False
    last_commit = time.monotonic()
    try:
        while True:
            while not exhausted and (not eng.started or eng.has_room()):
                nxt = next(queue, None)
                if nxt is not None and max_seconds is not None and time.monotonic() - t0 > max_seconds:
                    summary.stopped_early, nxt = True, None
                if nxt is None:
                    exhausted = True
                    if eng.started:
                        eng.flush()
                    break
                job_id, item = nxt
                try:
                    data = item.read()
                except sources.SourceError as err:
                    sink.fail(item.key, None, item.filename, err.code, str(err))
                    summary.failed.append((item.key, err.code, str(err)))
                    summary.unread += 1
                    bar.advance(False, summary)
                    continue
                sha = hashlib.sha256(data).hexdigest()
                skip = True
                if sha in seen:
                    summary.duplicates += 1
                elif sink.has(sha):
                    summary.already_done += 1
                elif not retry_failed and sink.failed_before(sha) not in (None, *RETRIED):
                    summary.failed_before += 1
                else:
                    skip = False
                seen.add(sha)
                if skip:
                    bar.advance(False, summary)
                    continue
                if not eng.started:
                    eng.start()                         # only when there is work: a rerun that skips all is quick
                    bar.started = t_work = time.monotonic()
                    summary.engine = eng.describe()
                pending[job_id] = (item, sha)
                eng.submit(work.Job(job_id, item.filename, data))
            if exhausted and not pending:
                break
            for out in eng.poll(0.1):
                item, sha = pending.pop(out.id)
                summary.work_seconds += out.seconds
                if out.ok:
                    sink.put(sha, item.key, item.filename, out.payload)
                    summary.done += 1
                else:
                    sink.fail(item.key, sha, item.filename, out.code, out.message)
                    summary.failed.append((item.key, out.code, out.message))
                bar.advance(True, summary)
            if time.monotonic() - last_commit > COMMIT_EVERY:
                sink.commit()
                last_commit = time.monotonic()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        bar.stop()
        summary.seconds = time.monotonic() - t0
        summary.seconds_working = time.monotonic() - t_work if t_work else 0.0
