"""Evaluation against the gold corpus (corpora/gold/*.json, see corpora/GUIDELINES.md):
precision, recall and F1 per field, metadata accuracy, and the list of misses."""
from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import regex

from .contract import Extraction
from .normalize import char_fixes, fix_tone_placement

LIST_FIELDS = ("sections", "legal_refs", "percentages", "targets", "units", "deadlines")
META_FIELDS = ("number", "doc_type", "issuer", "place", "issue_date", "title", "plan_year",
               "signer.name", "signer.position")


def norm(s) -> str:
    if s is None:
        return ""
    # the same spelling the normalizer gives the text: NFC, one tone-mark placement, Đ, glyphs
    s = fix_tone_placement(unicodedata.normalize("NFC", str(s).translate(char_fixes())))
    s = regex.sub(r"[*|]", "", s)
    s = regex.sub(r"\s*([-–])\s*", r" \1 ", s)       # "2021-2025" and "2021 - 2025" are one spelling
    return regex.sub(r"\s+", " ", s).strip().strip(".;:,").casefold()


def _words(s: str) -> list[str]:
    return regex.findall(r"[\p{L}\d]+", norm(s))


def _num_key(num: str) -> str:
    return regex.sub(r"\s+", "", norm(num)).replace("đ", "d")


def _unit_key(name: str) -> str:
    return " ".join(_words(name))


# --- item keys: what makes a predicted item the same as a gold one ---------------------------

def keys_sections(items, pred: bool):
    return [(norm(x["number"]), int(x["level"]), " ".join(_words(x["title"])[:4])) for x in items]


def keys_legal_refs(items, pred: bool):
    out = []
    for x in items:
        out.append(("n", _num_key(x["number"])) if x.get("number") else ("t", " ".join(_words(x.get("name") or ""))))
    return out


def keys_percentages(items, pred: bool):
    return [round(float(x["value"] if pred else x), 3) for x in items]


def keys_deadlines(items, pred: bool):
    out = []
    for x in items:
        if x["kind"] == "recurring":
            out.append(("recurring", " ".join(_words(x["text"])[:1]).replace("hàng", "hằng")))
        else:
            out.append((x["kind"], x.get("start"), x.get("end")))
    return out


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _match_deadlines(gold, pred):
    """Dated entries match on (kind, start, end). A recurring entry has no dates: it matches one with
    the same first word, or one whose words contain its words (two words at least), since where a
    recurring time starts and ends is loose ("hằng năm" / "định kỳ hằng năm", "01 - 08/6" / "Tuần
    lễ Biển và Hải đảo (01 - 08/6)")."""
    tp, misses, extra = _match_multiset(keys_deadlines(gold, False), keys_deadlines(pred, True))

    def leftovers(items, keys, pred_side):
        left, counts = [], Counter(keys)
        for x, k in zip(items, keys_deadlines(items, pred_side)):
            if k[0] == "recurring" and counts[str(k)] > 0:
                counts[str(k)] -= 1
                left.append((str(k), [w.replace("hàng", "hằng") for w in _words(x["text"])]))
        return left

    left_g, left_p = leftovers(gold, misses, False), leftovers(pred, extra, True)
    used = [False] * len(left_p)
    for gk, gw in left_g:
        for i, (pk, pw) in enumerate(left_p):
            short, long_ = sorted((gw, pw), key=len)
            if not used[i] and len(short) >= 2 and _contains(long_, short):
                used[i] = True
                tp += 1
                misses.remove(gk)
                extra.remove(pk)
                break
    return tp, misses, extra


def _match_units(gold, pred):
    """Greedy one-to-one: same role, and names equal or one a prefix of the other (>= 2 words)."""
    g = [(x["role"], _unit_key(x["name"])) for x in gold]
    p = [(x["role"], _unit_key(x["name"])) for x in pred]
    used = [False] * len(p)
    tp, misses = 0, []
    for role, name in g:
        hit = None
        for i, (pr, pn) in enumerate(p):
            if used[i] or pr != role:
                continue
            if pn == name or (len(min(pn, name, key=len).split()) >= 2 and
                              (pn.startswith(name) or name.startswith(pn))):
                hit = i
                if pn == name:
                    break
        if hit is None:
            misses.append(f"{role}: {name}")
        else:
            used[hit] = True
            tp += 1
    extra = [f"{p[i][0]}: {p[i][1]}" for i in range(len(p)) if not used[i]]
    return tp, misses, extra


def _values_key(target: dict) -> Counter:
    """A target's values as a multiset of (value, unit, comparator), units compared loosely."""
    return Counter((v.get("value"), norm(v.get("unit")), v.get("comparator")) for v in target.get("values") or [])


def _match_targets(gold, pred, pairs: list | None = None):
    """Greedy one-to-one on word overlap (Dice >= 0.5); matched (gold, pred) pairs go to `pairs`."""
    g = [set(_words(x["text"])) for x in gold]
    p = [set(_words(x["text"])) for x in pred]
    used = [False] * len(p)
    tp, misses = 0, []
    for gi, gw in enumerate(g):
        best, score = None, 0.5
        for i, pw in enumerate(p):
            if used[i] or not gw or not pw:
                continue
            s = 2 * len(gw & pw) / (len(gw) + len(pw))
            if s >= score:
                best, score = i, s
        if best is None:
            misses.append(gold[gi]["text"][:90])
        else:
            used[best] = True
            tp += 1
            if pairs is not None:
                pairs.append((gold[gi], pred[best]))
    extra = [pred[i]["text"][:90] for i in range(len(p)) if not used[i]]
    return tp, misses, extra


def _match_multiset(gk, pk):
    gc, pc = Counter(gk), Counter(pk)
    tp = sum((gc & pc).values())
    misses = list((gc - pc).elements())
    extra = list((pc - gc).elements())
    return tp, [str(m) for m in misses], [str(e) for e in extra]


@dataclass
class Score:
    tp: int = 0
    gold: int = 0
    pred: int = 0

    @property
    def precision(self):
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self):
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    fields: dict = field(default_factory=lambda: {f: Score() for f in LIST_FIELDS})
    meta: dict = field(default_factory=lambda: {f: [0, 0] for f in META_FIELDS})
    misses: list = field(default_factory=list)
    target_values: list = field(default_factory=lambda: [0, 0])   # matched targets with all values right
    docs: int = 0

    def meta_accuracy(self, f):
        ok, n = self.meta[f]
        return ok / n if n else 1.0

    def overall(self) -> float:
        vals = [s.f1 for s in self.fields.values()] + [self.meta_accuracy(f) for f in META_FIELDS]
        return sum(vals) / len(vals)


def _get(d: dict, dotted: str):
    for part in dotted.split("."):
        d = (d or {}).get(part)
    return d


def compare(doc_id: str, gold: dict, result: Extraction, report: Report) -> None:
    pred = result.model_dump()
    report.docs += 1
    for f in LIST_FIELDS:
        g, p = gold.get(f) or [], pred.get(f) or []
        if f == "units":
            tp, miss, extra = _match_units(g, p)
        elif f == "deadlines":
            tp, miss, extra = _match_deadlines(g, p)
        elif f == "targets":
            pairs: list = []
            tp, miss, extra = _match_targets(g, p, pairs)
            for gt, pt in pairs:
                ok = _values_key(gt) == _values_key(pt)
                report.target_values[0] += ok
                report.target_values[1] += 1
                if not ok:
                    report.misses.append((doc_id, "targets.values", "wrong",
                                          f"{gt['text'][:50]!r}: gold={sorted(_values_key(gt), key=str)} "
                                          f"got={sorted(_values_key(pt), key=str)}"))
        else:
            keyf = globals()[f"keys_{f}"]
            tp, miss, extra = _match_multiset(keyf(g, False), keyf(p, True))
        s = report.fields[f]
        s.tp += tp
        s.gold += len(g)
        s.pred += len(p)
        report.misses += [(doc_id, f, "missed", m) for m in miss] + [(doc_id, f, "extra", e) for e in extra]
    for f in META_FIELDS:
        gv, pv = _get(gold.get("metadata"), f), _get(pred.get("metadata"), f)
        ok = norm(gv) == norm(pv)
        report.meta[f][1] += 1
        report.meta[f][0] += ok
        if not ok:
            report.misses.append((doc_id, f"metadata.{f}", "wrong", f"gold={gv!r} got={pv!r}"))


def load_split(corpus_dir: str) -> dict[str, str]:
    path = os.path.join(corpus_dir, "split.tsv")
    out = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2:
                    out[parts[0]] = parts[1]
    return out


def run(corpus_dir: str, split: str | None = None, extract=None, units: str = "combined") -> Report:
    """`units`: where units come from: "rules", "model" or "combined" (see extractor/ner/merge.py)."""
    from .pipeline import extract_path
    extract = extract or (lambda path: extract_path(path, units_mode=units))
    splits = load_split(corpus_dir)
    gold_dir = os.path.join(corpus_dir, "gold")
    text_dir = os.path.join(corpus_dir, "texts")
    report = Report()
    for name in sorted(os.listdir(gold_dir)):
        if not name.endswith(".json"):
            continue
        doc_id = name[:-5]
        if split and splits.get(doc_id) != split:
            continue
        with open(os.path.join(gold_dir, name), encoding="utf-8") as fh:
            gold = json.load(fh)
        result = extract(os.path.join(text_dir, doc_id + ".txt"))
        compare(doc_id, gold, result, report)
    return report


def format_report(report: Report, misses: int = 0) -> str:
    lines = [f"documents: {report.docs}", "",
             f"{'field':<18}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for f, s in report.fields.items():
        lines.append(f"{f:<18}{s.gold:>6}{s.pred:>6}{s.tp:>6}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
    lines.append("")
    lines.append(f"{'metadata':<18}{'accuracy':>10}")
    for f in META_FIELDS:
        ok, n = report.meta[f]
        lines.append(f"{f:<18}{report.meta_accuracy(f):>10.3f}  ({ok}/{n})")
    ok, n = report.target_values
    lines.append(f"{'targets.values':<18}{(ok / n if n else 1.0):>10.3f}  ({ok}/{n} matched targets with "
                 f"every value, unit and comparator right)")
    lines.append("")
    lines.append(f"overall (mean of field F1 and metadata accuracy): {report.overall():.3f}")
    if misses:
        lines.append("")
        lines.append(f"misses (first {misses}):")
        for doc_id, f, what, detail in report.misses[:misses]:
            lines.append(f"  {doc_id:<9}{f:<24}{what:<7}{detail}")
    return "\n".join(lines)


def ablation(corpus_dir: str, split: str | None = None) -> list[tuple[str, Score, float]]:
    """Units scored with units from the rules, the model and both, with the documents per second
    of each run (the model loaded beforehand, as a service would)."""
    import time
    from .pipeline import extract_path
    texts = os.path.join(corpus_dir, "texts")
    first = os.path.join(texts, sorted(os.listdir(texts))[0])
    for mode in ("rules", "combined"):       # data files and the model loaded before the clock starts
        extract_path(first, units_mode=mode)
    rows = []
    for mode in ("rules", "model", "combined"):
        t0 = time.perf_counter()
        report = run(corpus_dir, split, units=mode)
        rows.append((mode, report.fields["units"], report.docs / (time.perf_counter() - t0)))
    return rows


def format_ablation(rows) -> str:
    lines = [f"{'units from':<12}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}{'docs/s':>9}"]
    for mode, s, speed in rows:
        lines.append(f"{mode:<12}{s.gold:>6}{s.pred:>6}{s.tp:>6}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
                     f"{speed:>9.1f}")
    return "\n".join(lines)

