"""Training examples for the organisation model, from corpora/: the candidate segments of each
document with entity spans, found by locating the gold values (unit names -> ORG, issuer -> ORG,
signer name -> PER, place -> LOC) in the normalized text, plus the silver ORG spans of
corpora/silver/ (rule output, some of it checked by hand). Only documents of the dev part (and
documents the split does not name) are used: the test part is never read here. The written
documents of corpora/synthetic/ (annotated units, issuer and signer) are trained on too."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

import regex

from .. import evaluate, ingest, normalize
from . import segments

LABELS = ("ORG", "PER", "LOC")


@dataclass(frozen=True)
class Example:
    doc_id: str
    text: str                                   # the segment's text
    entities: tuple[tuple[int, int, str], ...]  # offsets into `text`


SYNTHETIC = "synthetic"      # corpora/synthetic/: written documents annotated for training only


def synthetic_ids(corpus_dir: str) -> list[str]:
    """The written training documents of corpus_dir/synthetic/ (texts/<id>.txt with
    annotations/<id>.json): never evaluated, only trained on."""
    folder = os.path.join(corpus_dir, SYNTHETIC, "texts")
    if not os.path.isdir(folder):
        return []
    return sorted(n[:-4] for n in os.listdir(folder) if n.endswith(".txt"))


def training_ids(corpus_dir: str) -> list[str]:
    """Documents that may be trained on: every gold file whose split is not 'test'."""
    splits = evaluate.load_split(corpus_dir)
    gold_dir = os.path.join(corpus_dir, "gold")
    ids = sorted(n[:-5] for n in os.listdir(gold_dir) if n.endswith(".json"))
    return [i for i in ids if splits.get(i) != "test"]


def normalized_text(corpus_dir: str, doc_id: str) -> str:
    return normalize.run(ingest.read_path(os.path.join(corpus_dir, "texts", doc_id + ".txt"))).text


def _name_rx(name: str, flags=0):
    words = regex.findall(r"\S+", name)
    if not words:
        return None
    body = r"\s+".join(regex.escape(w) for w in words)
    return regex.compile(r"(?<![\p{L}\d])%s(?![\p{L}\d])" % body, flags)


def locate(text: str, name: str | None, ignore_case: bool = False) -> list[tuple[int, int]]:
    """Every occurrence of `name` in `text`, with any whitespace between its words."""
    if not name:
        return []
    name = normalize.fix_tone_placement(name)
    rx = _name_rx(name)
    hits = [m.span() for m in rx.finditer(text)] if rx else []
    if not hits and ignore_case and rx:
        hits = [m.span() for m in _name_rx(name, regex.I).finditer(text)]
    return hits


def gold_spans(text: str, gold: dict) -> list[tuple[int, int, str]]:
    """Entity spans of the whole text from the gold values, longest first where they overlap."""
    found = []
    for u in gold.get("units") or []:
        found += [(a, b, "ORG") for a, b in locate(text, u["name"])]
    meta = gold.get("metadata") or {}
    found += [(a, b, "ORG") for a, b in locate(text, meta.get("issuer"), ignore_case=True)]
    found += [(a, b, "PER") for a, b in locate(text, (meta.get("signer") or {}).get("name"), ignore_case=True)]
    found += [(a, b, "LOC") for a, b in locate(text, meta.get("place"))]
    return _no_overlaps(found)


def _no_overlaps(spans, keep=()):
    """Keep the longest of overlapping spans; spans in `keep` win over the others."""
    out = list(keep)
    for a, b, label in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if not any(a < y and x < b for x, y, _ in out):
            out.append((a, b, label))
    return sorted(set(out))


def silver_spans(corpus_dir: str, doc_id: str) -> list[tuple[int, int, str]]:
    path = os.path.join(corpus_dir, "silver", doc_id + ".json")
    return _read_silver(path)


def _read_silver(path: str) -> list[tuple[int, int, str]]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return [(e["start"], e["end"], e["label"]) for e in data["entities"]]


def _training_segments(text: str, spans) -> list[segments.Segment]:
    """The candidate segments, plus every other line that holds an entity (more names to learn
    from than the model will be shown at run time)."""
    segs = segments.find(text)
    covered = lambda a, b: any(s.start <= a and b <= s.end for s in segs)
    extra = []
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        if any(a <= x and y <= b and not covered(x, y) for x, y, _ in spans) and \
                not any(s.start < b and a < s.end for s in segs):
            extra += segments.cut(a, b, text, "unit")
    return sorted(segs + extra, key=lambda s: s.start)


def doc_examples(doc_id: str, text: str, spans, entity_lines: bool = False) -> list[Example]:
    out = []
    for seg in _training_segments(text, spans) if entity_lines else segments.find(text):
        ents = tuple((a - seg.start, b - seg.start, label) for a, b, label in spans
                     if a >= seg.start and b <= seg.end)
        out.append(Example(doc_id, text[seg.start:seg.end], ents))
    return out


def build(corpus_dir: str, ids: list[str] | None = None, entity_lines: bool = False) -> list[Example]:
    """Examples of the training documents. `entity_lines`: also every line outside the candidate
    segments that holds an entity (more names, but text unlike what the model reads at run time)."""
    out = []
    for doc_id in ids if ids is not None else training_ids(corpus_dir):
        text = normalized_text(corpus_dir, doc_id)
        with open(os.path.join(corpus_dir, "gold", doc_id + ".json"), encoding="utf-8") as fh:
            gold = json.load(fh)
        gold_s = gold_spans(text, gold)
        spans = _no_overlaps([s for s in silver_spans(corpus_dir, doc_id)
                              if not any(s[0] < y and x < s[1] for x, y, _ in gold_s)], keep=gold_s)
        out += doc_examples(doc_id, text, spans, entity_lines)
    return out


def build_synthetic(corpus_dir: str, ids: list[str] | None = None, entity_lines: bool = False) -> list[Example]:
    """Examples of the written training documents: their annotated units and issuer (ORG) and signer
    (PER), located in the text, over their silver spans."""
    folder = os.path.join(corpus_dir, SYNTHETIC)
    out = []
    for doc_id in ids if ids is not None else synthetic_ids(corpus_dir):
        text = normalize.run(ingest.read_path(os.path.join(folder, "texts", doc_id + ".txt"))).text
        with open(os.path.join(folder, "annotations", doc_id + ".json"), encoding="utf-8") as fh:
            ann = json.load(fh)
        gold_s = gold_spans(text, {"units": ann.get("units"),
                                   "metadata": {"issuer": ann.get("issuer"), "signer": {"name": ann.get("signer")}}})
        silver = _read_silver(os.path.join(folder, "silver", doc_id + ".json"))
        spans = _no_overlaps([s for s in silver if not any(s[0] < y and x < s[1] for x, y, _ in gold_s)], keep=gold_s)
        out += doc_examples(SYNTHETIC + "/" + doc_id, text, spans, entity_lines)
    return out
