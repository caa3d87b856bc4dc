"""Command line: vnplan extract | schema | eval, plus the commands of the modules in PLUGINS.

Each module named in PLUGINS has `register(subparsers)`, which adds its sub-commands with
`set_defaults(func=...)`; the function takes the parsed arguments and returns the exit status.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

from .ingest import IngestError

# Modules that add sub-commands (serve, train, batch, export, report, ...).
PLUGINS: tuple[str, ...] = ("extractor.ner.train", "extractor.batch.cli", "api.cli")


def _cmd_extract(args) -> int:
    from .pipeline import extract_path
    if len(args.files) > 1 and not args.output:
        print("vnplan: several files need -o DIR", file=sys.stderr)
        return 2
    if args.output:
        os.makedirs(args.output, exist_ok=True)
    failed = 0
    for path in args.files:
        try:
            result = extract_path(path)
        except IngestError as err:
            print(f"vnplan: {path}: {err}", file=sys.stderr)
            failed += 1
            continue
        data = result.model_dump_json(indent=2 if args.indent else None)
        if args.output:
            name = os.path.splitext(os.path.basename(path))[0] + ".json"
            tmp = os.path.join(args.output, f".{name}.tmp")
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(data)
            os.replace(tmp, os.path.join(args.output, name))
        else:
            sys.stdout.write(data + "\n")
    return 1 if failed else 0


def _cmd_schema(args) -> int:
    from .contract import json_schema
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def _cmd_eval(args) -> int:
    from . import evaluate
    if args.units == "all":
        print(evaluate.format_ablation(evaluate.ablation(args.corpus, split=args.split)))
        return 0
    report = evaluate.run(args.corpus, split=args.split, units=args.units)
    print(evaluate.format_report(report, misses=args.misses))
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="vnplan", description="Structured data from Vietnamese plan documents")
    sub = p.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("extract", help="extract FILE... to contract JSON")
    e.add_argument("files", nargs="+")
    e.add_argument("-o", "--output", help="folder for one JSON per input")
    e.add_argument("--indent", action="store_true", help="pretty-print the JSON")
    e.set_defaults(func=_cmd_extract)
    s = sub.add_parser("schema", help="print the JSON Schema of the output")
    s.set_defaults(func=_cmd_schema)
    v = sub.add_parser("eval", help="score the extractor against a gold corpus folder")
    v.add_argument("corpus", help="corpus folder with gold/, texts/ and split.tsv")
    v.add_argument("--split", choices=["dev", "test"], help="only this part of the corpus")
    v.add_argument("--misses", type=int, default=40, help="how many misses to list")
    v.add_argument("--units", choices=["rules", "model", "combined", "all"], default="combined",
                   help="units from the rules only, the organisation model only, or both merged; "
                        "all: units F1 and documents/s of each (the ablation)")
    v.set_defaults(func=_cmd_eval)
    for name in PLUGINS:
        importlib.import_module(name).register(sub)
    args = p.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
