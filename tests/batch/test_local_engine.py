"""The local pool survives its workers: one killed under a document (as the OOM killer would) fails
that document alone, its queued work goes to a new worker."""
import os
import signal
import time

from extractor.batch import work
from extractor.batch.local import LocalEngine

from .conftest import EXCERPTS, TEXTS


def _job(i, name):
    with open(os.path.join(TEXTS, name), "rb") as fh:
        return work.Job(i, name, fh.read())


def test_a_worker_killed_under_a_document_fails_it_and_the_pool_goes_on():
    eng = LocalEngine(workers=1, kind="jsonl")
    eng.start()
    try:
        eng.submit(_job(0, "d001.txt"))                       # the largest corpus document
        victim = eng.workers[0].proc.pid
        time.sleep(0.05)
        os.kill(victim, signal.SIGKILL)
        for i, name in enumerate(EXCERPTS[:3], 1):
            eng.submit(_job(i, name))                         # queued until a worker is free
        outcomes = {}
        deadline = time.monotonic() + 60
        while len(outcomes) < 4 and time.monotonic() < deadline:
            for out in eng.poll(0.2):
                outcomes[out.id] = out
        assert not outcomes[0].ok and outcomes[0].code == "worker_crashed"
        assert all(outcomes[i].ok for i in (1, 2, 3))
        assert eng.workers[0].proc.pid != victim
    finally:
        eng.close()
