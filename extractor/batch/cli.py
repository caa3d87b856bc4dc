"""Sub-commands `vnplan batch`, `vnplan export` and `vnplan report` (a PLUGINS module of extractor.cli)."""
from __future__ import annotations

import argparse
import sys

from ..tables import TABLES


def _cmd_batch(args) -> int:
    from . import runner, sinks, work
    if args.failures:
        return _list_failures(args.out)
    if not args.inputs:
        print("vnplan batch: give at least one INPUT (file, folder or .zip)", file=sys.stderr)
        return 2
    progress = sys.stderr.isatty() and not args.no_progress
    try:
        summary = runner.run(args.inputs, args.out, engine=args.engine, workers=args.workers,
                             scheduler=args.scheduler, retry_failed=args.retry_failed,
                             progress=progress, timeout=args.timeout, max_seconds=args.max_time)
    except sinks.TargetError as err:
        print(f"vnplan batch: {args.out}: {err}", file=sys.stderr)
        return 2
    except work.EngineError as err:
        print(f"vnplan batch: {err}; what was committed is kept", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"vnplan batch: cannot write {args.out}: {err}; what was committed is kept, "
              "run the same command again to finish", file=sys.stderr)
        return 1
    print(summary.format(), file=sys.stderr)
    if summary.interrupted:
        return 130
    return 1 if summary.failed else 0


def _list_failures(target: str) -> int:
    from . import sinks
    try:
        sink = sinks.open_sink(target)
    except sinks.TargetError as err:
        print(f"vnplan batch: {target}: {err}", file=sys.stderr)
        return 2
    try:
        failures = sink.failures()
    finally:
        sink.close()
    for f in failures:
        print(f"{f.get('key') or f.get('filename')}\t{f.get('code')}\t{f.get('message')}")
    print(f"{len(failures)} failures recorded in {target}", file=sys.stderr)
    return 0


def _cmd_export(args) -> int:
    from ..export import ExportError, export, export_parquet_target, read_source
    from .sinks import kind_of
    formats = ["csv", "parquet"] if args.format == "both" else [args.format]
    tables = args.tables or list(TABLES)
    try:
        if kind_of(args.source) == "parquet":
            counts = export_parquet_target(args.source, args.out, formats, tables, excel=args.excel)
        else:
            counts = export(read_source(args.source), args.out, formats, tables, excel=args.excel)
    except ExportError as err:
        print(f"vnplan export: {err}", file=sys.stderr)
        return 1
    n = counts.pop("_documents_read")
    print(f"vnplan export: {n} documents -> {args.out} ({', '.join(formats)}): "
          + ", ".join(f"{t} {c}" for t, c in counts.items()), file=sys.stderr)
    return 0


def _cmd_report(args) -> int:
    from ..ingest import IngestError
    from ..report import load, render
    try:
        ex = load(args.file)
    except IngestError as err:
        print(f"vnplan report: {args.file}: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"vnplan report: {args.file}: {err.strerror or err}", file=sys.stderr)
        return 1
    sys.stdout.write(render(ex, limit=args.limit))
    return 0


def register(sub) -> None:
    b = sub.add_parser("batch", help="run files, folders and zip archives into a target, resumably",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Run every document under INPUT... (files, folders read recursively, .zip "
                                   "archives) into TARGET. Documents already in TARGET for this extractor "
                                   "version are skipped; a killed run is finished by running it again.",
                       epilog="TARGET: DIR (one JSON per document), FILE.jsonl, DIR.parquet (tables), "
                              "FILE.sqlite, sqlite:///PATH or postgresql://URL (the service storage)")
    b.add_argument("inputs", nargs="*", metavar="INPUT")
    b.add_argument("--out", "-o", required=True, metavar="TARGET")
    b.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local worker processes (default) or a Dask distributed cluster")
    b.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: one per core); with --engine dask and no "
                        "--scheduler, the size of the LocalCluster started")
    b.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://10.0.0.5:8786")
    b.add_argument("--retry-failed", action="store_true", help="run again documents that failed before")
    b.add_argument("--timeout", type=float, default=None,
                   help="seconds one document may take before its worker is stopped (local engine; "
                        "default VNPLAN_BATCH_TIMEOUT or 600)")
    b.add_argument("--max-time", type=float, default=None, metavar="S",
                   help="stop handing out documents after S seconds (the next run goes on)")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    b.add_argument("--failures", action="store_true", help="list the failures recorded in TARGET and exit")
    b.set_defaults(func=_cmd_batch)

    e = sub.add_parser("export", help="tables for dashboards (CSV, Parquet) from a batch target")
    e.add_argument("source", metavar="SOURCE",
                   help="a batch target (JSON folder, .jsonl, .parquet, .sqlite, sqlite:///, postgresql://) "
                        "or a contract JSON")
    e.add_argument("--out", "-o", required=True, metavar="DIR")
    e.add_argument("--format", choices=["csv", "parquet", "both"], default="csv")
    e.add_argument("--tables", nargs="+", choices=list(TABLES), metavar="TABLE",
                   help=f"only these tables ({', '.join(TABLES)})")
    e.add_argument("--excel", action="store_true", help="CSV with a UTF-8 byte-order mark, for spreadsheets")
    e.set_defaults(func=_cmd_export)

    r = sub.add_parser("report", help="plain-text summary of one document (input file or contract JSON)")
    r.add_argument("file", metavar="FILE")
    r.add_argument("--limit", type=int, default=15, help="items shown per list")
    r.set_defaults(func=_cmd_report)


if __name__ == "__main__":                                   # python -m extractor.batch.cli
    from ..cli import main
    sys.exit(main(sys.argv[1:]))
