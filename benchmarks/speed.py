"""Documents per second and peak memory of the text pipeline over the whole corpus, one process.

usage: python benchmarks/speed.py [ROUNDS]
"""
import argparse
import os
import resource
import time

from extractor.ner import model
from extractor.pipeline import extract_path, warm_up

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXTS = os.path.join(ROOT, "corpora", "texts")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("rounds", nargs="?", type=int, default=3, help="passes over the corpus (3)")
    rounds = p.parse_args().rounds
    files = sorted(os.path.join(TEXTS, f) for f in os.listdir(TEXTS))
    size = sum(os.path.getsize(f) for f in files)
    n = rounds * len(files)
    print(f"documents: {n} ({len(files)} files x {rounds}), {size * rounds / 1e6:.1f} MB of text")
    for mode, label in (("rules", "rules, no trained model"), ("combined", "rules + organisation model")):
        if mode != "rules" and not model.available():
            print(f"text pipeline ({label}): model missing at {model.model_path()}")
            continue
        # what a service or a worker does once when it starts: build the tables and patterns, load the model
        s0 = time.perf_counter()
        warm_up(mode)
        print(f"start-up ({label}): {time.perf_counter() - s0:.2f} s")
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(rounds):
            for f in files:
                extract_path(f, units_mode=mode)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"text pipeline ({label}): {n / dt:.1f} documents/s, {size * rounds / 1e6 / dt:.2f} MB/s"
              f" ({n / cpu:.1f} documents per CPU second: the figure on an idle core)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
