"""Every gold file in corpora/gold keeps the shape that corpora/GUIDELINES.md describes.

This reads the gold only; it never runs the extractor, so annotators can run it while they work.
"""
import datetime as dt
import json
import pathlib

import pytest

from corpus_paths import CORPUS

GOLD = sorted(pathlib.Path(CORPUS, "gold").glob("*.json"))
KEYS = {"id", "metadata", "sections", "legal_refs", "percentages", "targets", "units", "deadlines",
        "notes"}
META_KEYS = {"number", "doc_type", "issuer", "place", "issue_date", "title", "plan_year", "signer",
             "recipients"}
DEADLINE_KINDS = {"deadline", "period", "date", "recurring"}
ROLES = {"lead", "cooperate"}
COMPARATORS = {"=", ">=", ">", "<=", "<", "reduce", "increase", "maintain"}


def _date(value):
    return None if value is None else dt.date.fromisoformat(value)


@pytest.fixture(params=GOLD, ids=lambda p: p.stem)
def gold(request):
    return request.param.stem, json.loads(request.param.read_text(encoding="utf-8"))


def test_every_text_has_gold_and_a_split():
    texts = {p.stem for p in pathlib.Path(CORPUS, "texts").glob("*.txt")}
    split = pathlib.Path(CORPUS, "split.tsv").read_text(encoding="utf-8").split("\n")[1:]
    assert texts == {p.stem for p in GOLD}
    assert texts == {line.split("\t")[0] for line in split if line}


def test_gold_shape(gold):
    doc_id, g = gold
    assert set(g) == KEYS and g["id"] == doc_id
    meta = g["metadata"]
    assert set(meta) == META_KEYS
    assert set(meta["signer"]) == {"name", "position", "on_behalf"}
    _date(meta["issue_date"])
    assert meta["plan_year"] is None or 1990 <= meta["plan_year"] <= 2100
    assert all(isinstance(r, str) and r.strip() for r in meta["recipients"])
    for section in g["sections"]:
        assert section["level"] >= 1 and section["number"]
    for ref in g["legal_refs"]:
        assert ref["role"] in {"basis", "mention"} and (ref["number"] or ref["name"])
        _date(ref["date"])
    assert all(isinstance(p, (int, float)) for p in g["percentages"])
    for target in g["targets"]:
        assert target["text"].strip()
        assert all(v["comparator"] in COMPARATORS for v in target["values"])


def test_gold_units(gold):
    _, g = gold
    for unit in g["units"]:
        assert unit["role"] in ROLES, unit
        assert unit["name"].strip() == unit["name"] and unit["name"], unit
        assert not unit["name"].lower().startswith(("đề nghị ", "giao ")), unit


def test_gold_deadlines(gold):
    _, g = gold
    for d in g["deadlines"]:
        assert d["kind"] in DEADLINE_KINDS, d
        assert d["text"].strip(), d
        start, end = _date(d["start"]), _date(d["end"])
        if d["kind"] == "recurring":
            assert start is None and end is None, d
        elif d["kind"] == "deadline":
            assert start is None, d
        elif d["kind"] == "date":
            assert start == end, d
        elif start and end:
            assert start <= end, d
