"""A batch killed with SIGKILL half way and started again: every document present exactly once."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from extractor.batch import sinks

from .conftest import ROOT

N = 60
# Whole plans, not first-page excerpts: excerpts are read so fast that one half-second commit can hold
# the whole batch, and the kill would then come after the last document, not half way.
FULL = [f"d{i:03d}.txt" for i in range(1, 16)]


def _committed(target: str) -> int:
    """Documents the running batch has committed so far (read beside it, as a user would)."""
    if target.endswith(".db"):
        if not os.path.exists(target):
            return 0
        try:
            with sqlite3.connect(f"file:{target}?mode=ro", uri=True, timeout=1) as db:
                return db.execute("SELECT count(*) FROM extractions").fetchone()[0]
        except sqlite3.OperationalError:
            return 0
    ledger = sinks.ledger_path(target)
    if not os.path.exists(ledger):
        return 0
    try:
        with sqlite3.connect(f"file:{ledger}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM done").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _present(target: str) -> list[str]:
    """The document ids in the output, with repetitions."""
    if target.endswith(".jsonl"):
        with open(target, encoding="utf-8") as fh:
            return [json.loads(line)["source"]["sha256"] for line in fh]
    if target.endswith(".parquet"):
        return pq.read_table(os.path.join(target, "documents")).column("document_id").to_pylist()
    if target.endswith(".db"):
        with sqlite3.connect(target) as db:
            ids = [r[0] for r in db.execute("SELECT document_id FROM extractions")]
            rows = [r[0] for r in db.execute("SELECT document_id FROM documents")]
        assert sorted(rows) == sorted(ids)
        return ids
    out = []
    for f in os.listdir(target):
        if f.endswith(".json"):
            with open(os.path.join(target, f), encoding="utf-8") as fh:
                doc = json.load(fh)
            assert f == doc["source"]["sha256"] + ".json"
            out.append(doc["source"]["sha256"])
    return out


def _batch(folder, target):
    env = dict(os.environ, VNPLAN_PARQUET_PART_DOCS="40", PYTHONPATH=ROOT)
    return subprocess.Popen([sys.executable, "-m", "extractor.cli", "batch", str(folder), "--out", target,
                             "--workers", "2", "--no-progress"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("name", ["out.jsonl", "json", "tables.parquet", "store.db"])
def test_sigkill_half_way_then_rerun_gives_every_document_exactly_once(variant_folder, tmp_path, name):
    folder, shas = variant_folder(N, FULL)
    target = str(tmp_path / name)
    proc = _batch(folder, target)
    deadline = time.monotonic() + 120
    while _committed(target) < N // 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _committed(target)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:]
    assert 0 < before < N, "the batch must be killed half way for this test to mean anything"

    again = _batch(folder, target)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()[-2000:]
    summary = err.decode()
    assert f"{N} input documents" in summary and "failed   0" in summary

    present = _present(target)
    assert len(present) == N                      # nothing duplicated ...
    assert set(present) == set(shas)              # ... and nothing lost
