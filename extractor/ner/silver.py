"""Silver annotations (corpora/silver/<id>.json): ORG spans the rules find in a training
document, beyond the gold units: every unit of the rule finder (whatever its role) and every
name of the gazetteer written out in full (a typed body with its sector and locality:
"Sở Y tế", "Công an tỉnh", "Phòng GD&ĐT huyện Chi Lăng"). A file marked "checked": true has
been read and corrected by hand and is never overwritten."""
from __future__ import annotations

import json
import os
from functools import lru_cache

import regex

from .. import datafiles, gazetteer, ingest, normalize, sections
from ..finders import metadata, units
from . import examples

# types whose name ends where the type's words end (plus a sector and a locality); the open-ended
# ones ("Trung tâm", "Ban", "Trường" ...) are left to the rule finder
_OPEN = {"Trung tâm", "Ban", "Trường", "Bệnh viện", "Ban Quản lý", "Chi cục", "Cục", "Công chức", "Thanh tra",
         "Ban Chỉ đạo"}


@lru_cache(maxsize=1)
def _name_rx():
    d = datafiles.load("gazetteer")
    closed = [s for t in d["types"] if t["name"] not in _OPEN and not t.get("sector") for s in [t["name"]] + list(t.get("abbr") or [])]
    sectors = [s for x in d["sectors"] for s in [x["name"]] + list(x.get("abbr") or [])]
    alt = lambda xs: "|".join(regex.escape(x) for x in sorted(set(xs), key=len, reverse=True))
    loc = alt(w for w in d["localities"] if w[0].islower())
    return regex.compile(
        r"(?<![\p{L}/\-])(?:(?:Sở|Phòng|Bộ)\s+(?:%s)|%s)(?![\p{L}&])"
        r"(?:[ \t]+(?:%s)(?:[ \t]+\p{Lu}[\p{L}]*)*)?" % (alt(sectors), alt(closed), loc))




def spans_for(path: str) -> tuple[str, list[dict]]:
    """The normalized text of a document and its silver ORG spans."""
    doc = normalize.run(ingest.read_path(path))
    outline = sections.split(doc)
    meta, _ = metadata.find(doc)
    found = [(u.span[0], u.span[1], "rule:" + (u.rule or "unit")) for u in units.find(doc, outline, meta.doc_type)]
    found += [(m.start(), m.end(), "gazetteer") for m in _name_rx().finditer(doc.text)]
    kept = examples._no_overlaps([(a, b, r) for a, b, r in found])
    ents = [{"start": a, "end": b, "label": "ORG", "text": doc.text[a:b], "source": r} for a, b, r in kept]
    return doc.text, ents


def write(corpus_dir: str) -> tuple[int, int]:
    """Silver files for every training document; returns (written, kept because checked)."""
    out_dir = os.path.join(corpus_dir, "silver")
    os.makedirs(out_dir, exist_ok=True)
    written = kept = 0
    for doc_id in examples.training_ids(corpus_dir):
        path = os.path.join(out_dir, doc_id + ".json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                if json.load(fh).get("checked"):
                    kept += 1
                    continue
        _, ents = spans_for(os.path.join(corpus_dir, "texts", doc_id + ".txt"))
        data = {"id": doc_id, "checked": False, "entities": ents}
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        written += 1
    # the written training documents of corpora/synthetic/
    folder = os.path.join(corpus_dir, examples.SYNTHETIC)
    if examples.synthetic_ids(corpus_dir):
        os.makedirs(os.path.join(folder, "silver"), exist_ok=True)
    for doc_id in examples.synthetic_ids(corpus_dir):
        _, ents = spans_for(os.path.join(folder, "texts", doc_id + ".txt"))
        with open(os.path.join(folder, "silver", doc_id + ".json"), "w", encoding="utf-8") as fh:
            json.dump({"id": doc_id, "checked": False, "entities": ents}, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        written += 1
    return written, kept
