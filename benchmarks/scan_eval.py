#!/usr/bin/env python3
"""The gold corpus on scans: render a part of the corpus as scanned PDFs (scripts/render_scans.py),
extract them through OCR, and print per-field F1 and metadata accuracy next to the text version.

    python benchmarks/scan_eval.py [--split test] [--ids d002,d010] [--keep DIR] [--misses 40]

The whole test part (20 documents, about 60 pages) takes some minutes on 2 cores;
tests/ingest/test_ingest_scans.py runs its excerpts (c036-c050) in the suite.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import render_scans  # noqa: E402
from extractor import evaluate  # noqa: E402
from extractor.ingest import read_bytes  # noqa: E402
from extractor.pipeline import extract, extract_path  # noqa: E402

CORPUS = os.path.join(ROOT, "corpora")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--split", default="test", choices=["dev", "test"])
    p.add_argument("--ids", help="only these documents of the part, comma-separated (d002,d010)")
    p.add_argument("--keep", help="folder to keep the scanned PDFs and OCR texts in")
    p.add_argument("--misses", type=int, default=40)
    args = p.parse_args()
    out = args.keep or tempfile.mkdtemp(prefix="vnplan-scans-")
    os.makedirs(out, exist_ok=True)
    split = evaluate.load_split(CORPUS)
    docs = sorted(d for d, s in split.items() if s == args.split)
    if args.ids:
        wanted = [d.strip() for d in args.ids.split(",") if d.strip()]
        unknown = [d for d in wanted if d not in docs]
        if unknown:
            p.error(f"not in the {args.split} part: {', '.join(unknown)}")
        docs = [d for d in docs if d in wanted]
    text, scans = evaluate.Report(), evaluate.Report()
    pages = 0
    t_render = t_ocr = 0.0
    for doc_id in docs:
        path = os.path.join(CORPUS, "texts", doc_id + ".txt")
        with open(path, encoding="utf-8") as fh:
            t0 = time.perf_counter()
            pdf = render_scans.render_pdf(fh.read(), doc_id)
            t_render += time.perf_counter() - t0
        t0 = time.perf_counter()
        raw = read_bytes(pdf, doc_id + ".pdf")
        result = extract(raw)
        t_ocr += time.perf_counter() - t0
        pages += raw.pages or 0
        if args.keep:
            with open(os.path.join(out, doc_id + ".pdf"), "wb") as fh:
                fh.write(pdf)
            with open(os.path.join(out, doc_id + ".ocr.txt"), "w", encoding="utf-8") as fh:
                fh.write(raw.text)
        with open(os.path.join(CORPUS, "gold", doc_id + ".json"), encoding="utf-8") as fh:
            gold = json.load(fh)
        evaluate.compare(doc_id, gold, extract_path(path), text)
        evaluate.compare(doc_id, gold, result, scans)
        print(f"{doc_id}: {raw.pages} pages, mean OCR confidence {raw.ocr_mean_confidence}", file=sys.stderr)
    print(f"{len(docs)} documents, {pages} pages; rendering {t_render:.0f} s, OCR + extraction {t_ocr:.0f} s "
          f"({pages / t_ocr:.2f} pages/s)")
    print(f"{'field':<18}{'text':>8}{'scans':>8}{'diff':>8}")
    worst = 0.0
    for f in evaluate.LIST_FIELDS:
        a, b = text.fields[f].f1, scans.fields[f].f1
        worst = min(worst, b - a)
        print(f"{f:<18}{a:>8.3f}{b:>8.3f}{b - a:>+8.3f}")
    for f in evaluate.META_FIELDS:
        a, b = text.meta_accuracy(f), scans.meta_accuracy(f)
        print(f"{'meta.' + f:<18}{a:>8.3f}{b:>8.3f}{b - a:>+8.3f}")
    print(f"largest F1 drop over the list fields: {worst:+.3f} (bar: no drop beyond -0.03)")
    if args.misses:
        print("\nscan misses:")
        for doc_id, f, what, detail in scans.misses[:args.misses]:
            print(f"  {doc_id:<6}{f:<24}{what:<7}{detail[:140]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
