"""Batch throughput on N generated documents: 1 local worker, 2 local workers, a 2-worker Dask LocalCluster.

usage: python benchmarks/batch_scale.py [N] [--max-seconds S] [--rounds R] [--keep DIR]

Makes N text documents (default 10 000) as variations of the annotated corpus: document numbers,
days, years (shifted consistently through the document), percentages and locality names
changed, so every document has its own sha256 and the pipeline does real work on each. Each
configuration runs the full pipeline through `vnplan batch` (extractor.batch.runner.run) into
its own JSON Lines target and prints documents/s over the whole run (worker start included) and
over the work alone (from the first document handed out). Each run is bounded: after S seconds
(default 900) it stops handing out documents and its rate is taken over what it finished. With
R rounds the three configurations take turns R times (each round on a fresh target), so that a
change in the machine's load while the benchmark runs weighs on all of them; the ratios use the
sums over the rounds (documents / seconds).

Bars (issue 5): 2 workers >= 1.7 x 1 worker; Dask within 15% of local with 2 workers.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXTS = os.path.join(ROOT, "corpora", "texts")
sys.path.insert(0, ROOT)

PLACES = ["Hà Tĩnh", "Nghệ An", "Quảng Bình", "Thanh Hóa", "Lạng Sơn", "Gia Lai", "Kon Tum", "Đắk Lắk",
          "Bình Định", "Phú Yên", "Cao Bằng", "Hà Giang", "Lào Cai", "Yên Bái", "Sơn La", "Điện Biên",
          "Tuyên Quang", "Thái Nguyên", "Bắc Giang", "Quảng Ngãi", "Long An", "Cà Mau", "An Giang"]
_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
_PERCENT = re.compile(r"(?<![\d,.])(\d{1,2})(?=\s?%)")
_DAY = re.compile(r"(ngày\s+)(\d{1,2})(\s+tháng|/)")
_NUMBER = re.compile(r"(Số:\s*)(\d{1,4})(\s*/)")
_PLACE = re.compile("|".join(re.escape(p) for p in PLACES))


def vary(text: str, rng: random.Random) -> str:
    """One plausible variation of a plan: the same structure, other figures, dates and places."""
    shift = rng.randint(-3, 3)
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    text = _PERCENT.sub(lambda m: str(rng.randint(10, 99)), text)
    text = _DAY.sub(lambda m: f"{m.group(1)}{rng.randint(1, 28)}{m.group(3)}", text)
    text = _NUMBER.sub(lambda m: f"{m.group(1)}{rng.randint(1, 999)}{m.group(3)}", text)
    place = rng.choice(PLACES)
    return _PLACE.sub(place, text)


def make_corpus(n: int, folder: str, seed: int = 5) -> int:
    """Write n distinct variations of the corpus texts into folder (100 per sub-folder); returns bytes written."""
    rng = random.Random(seed)
    bases = []
    for name in sorted(os.listdir(TEXTS)):
        with open(os.path.join(TEXTS, name), encoding="utf-8") as fh:
            bases.append((name[:-4], fh.read()))
    seen: set[str] = set()
    size = i = 0
    while i < n:
        stem, text = bases[i % len(bases)]
        doc = vary(text, rng)
        digest = hashlib.sha256(doc.encode("utf-8")).hexdigest()
        if digest in seen:                      # a variation that came out the same: draw again
            doc += f"\n\nNơi nhận:\n- Lưu: VT ({i}).\n"
            digest = hashlib.sha256(doc.encode("utf-8")).hexdigest()
        seen.add(digest)
        sub = os.path.join(folder, f"{i // 100:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"{stem}-v{i:05d}.txt"), "w", encoding="utf-8") as fh:
            fh.write(doc)
        size += len(doc.encode("utf-8"))
        i += 1
    return size


class CpuMeter:
    """CPU seconds used by this process and all its descendants (workers, fork server, Dask nannies),
    sampled twice a second: with the wall time it says how many cores the run actually got, which
    on a machine shared with other work is what bounds the throughput."""

    def __init__(self):
        import threading
        import psutil
        self.psutil = psutil
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self, initial: bool = False) -> None:
        me = self.psutil.Process()
        for p in [me] + me.children(recursive=True):
            try:
                t = p.cpu_times()
            except self.psutil.Error:
                continue
            cpu = t.user + t.system
            self.first.setdefault(p.pid, cpu if initial else 0.0)     # born during the run: all of it
            self.last[p.pid] = cpu

    def _run(self) -> None:
        while not self.stop.wait(0.5):
            self._sample()

    def __enter__(self):
        self._sample(initial=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self._sample()

    @property
    def seconds(self) -> float:
        return sum(self.last[p] - self.first[p] for p in self.last)


def measure(label: str, corpus: str, target: str, engine: str, workers: int, max_seconds: float) -> dict:
    from extractor.batch.runner import run
    t0 = time.perf_counter()
    with CpuMeter() as cpu:
        s = run([corpus], target, engine=engine, workers=workers, max_seconds=max_seconds)
    total = time.perf_counter() - t0
    if s.interrupted:                           # Ctrl-C: stop the benchmark, not only this run
        raise KeyboardInterrupt
    n = s.done + len(s.failed)
    res = {"label": label, "docs": n, "failed": len(s.failed), "total_s": total, "work_s": s.seconds_working,
           "rate_total": n / total, "rate_work": n / s.seconds_working if s.seconds_working else 0.0,
           "stopped": s.stopped_early, "cpu_s": cpu.seconds}
    print(f"{label:<30} {n:>6} docs  {total:7.1f} s  {res['rate_total']:7.1f} docs/s  "
          f"(work only {s.seconds_working:6.1f} s, {res['rate_work']:7.1f} docs/s)  "
          f"cores used {cpu.seconds / total:4.2f}, {n / cpu.seconds:5.1f} docs/CPU-s  load {os.getloadavg()[0]:.1f}"
          + ("  [time limit]" if s.stopped_early else "")
          + (f"  {len(s.failed)} failed" if s.failed else ""), flush=True)
    return res


CONFIGS = {"1": ("local, 1 worker", "local", 1), "2": ("local, 2 workers", "local", 2),
           "dask": ("Dask LocalCluster, 2 workers", "dask", 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=10_000)
    ap.add_argument("--max-seconds", type=float, default=900.0, help="time limit of each configuration")
    ap.add_argument("--keep", help="make the documents in this folder and keep them")
    ap.add_argument("--rounds", type=int, default=1, help="times each configuration runs, in turns")
    ap.add_argument("--only", nargs="+", choices=list(CONFIGS), default=list(CONFIGS))
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="vnplan-batch-scale-")
    corpus = args.keep or os.path.join(work, "corpus")
    try:
        t = time.perf_counter()
        if not (args.keep and os.path.isdir(corpus) and os.listdir(corpus)):
            size = make_corpus(args.n, corpus)
            print(f"made {args.n} documents ({size / 1e6:.1f} MB of text) in {time.perf_counter() - t:.1f} s")
        print(f"cores: {os.cpu_count()}; load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
              f"{os.getloadavg()[2]:.2f}; {args.rounds} round(s), at most {args.max_seconds:.0f} s a run", flush=True)
        runs: dict[str, list[dict]] = {k: [] for k in args.only}
        for r in range(args.rounds):
            for key in args.only:
                label, engine, workers = CONFIGS[key]
                target = os.path.join(work, f"{key}-{r}.jsonl")
                runs[key].append(measure(label, corpus, target, engine, workers, args.max_seconds))
        print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        rate = {}
        for key, rs in runs.items():
            docs = sum(x["docs"] for x in rs)
            rate[key] = {"rate_total": docs / sum(x["total_s"] for x in rs),
                         "rate_work": docs / sum(x["work_s"] for x in rs)}
            cores = sum(x["cpu_s"] for x in rs) / sum(x["total_s"] for x in rs)
            print(f"{CONFIGS[key][0]:<30} {docs:>6} docs in all: {rate[key]['rate_total']:7.1f} docs/s whole run, "
                  f"{rate[key]['rate_work']:7.1f} docs/s work only, {cores:4.2f} cores used")
        for key in ("rate_total", "rate_work"):
            what = "whole run" if key == "rate_total" else "work only"
            if "1" in rate and "2" in rate:
                x = rate["2"][key] / rate["1"][key]
                print(f"[{what}] 2 workers / 1 worker = {x:.2f} (bar >= 1.70: {'met' if x >= 1.7 else 'NOT met'})")
            if "2" in rate and "dask" in rate:
                x = rate["dask"][key] / rate["2"][key]
                print(f"[{what}] Dask / local, 2 workers = {x:.2f} (bar >= 0.85: {'met' if x >= 0.85 else 'NOT met'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
