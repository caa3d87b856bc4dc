"""`vnplan train`: rebuild the organisation model from corpora/ (the dev part; with --synthetic the
written documents of corpora/synthetic/ too) into models/, reproducibly (fixed seed, examples in a
fixed order, one thread). `vnplan silver`: regenerate corpora/silver/ and corpora/synthetic/silver/."""
from __future__ import annotations

import json
import os
import random
import sys
import time

from . import examples as training_data
from .tokens import MODES, make_doc

MODEL_NAME = "vnplan-ner"
DEFAULTS = {"tokens": "syllables", "seed": 0, "epochs": 12, "width": 64, "depth": 2, "dropout": 0.2,
            "entity_lines": True}


def _ner_config(width: int, depth: int, use_tags: bool) -> dict:
    attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"] + (["TAG"] if use_tags else [])
    rows = [5000, 1000, 2500, 500] + ([200] if use_tags else [])
    return {"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
        "hidden_width": 64, "maxout_pieces": 2, "use_upper": True, "nO": None,
        "tok2vec": {"@architectures": "spacy.Tok2Vec.v2",
                    "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": width, "attrs": attrs,
                              "rows": rows, "include_static_vectors": False},
                    "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": width, "depth": depth,
                               "window_size": 1, "maxout_pieces": 3}}}}


def _to_spacy(nlp, ex, mode):
    from spacy.training import Example
    from spacy.util import filter_spans
    pred = make_doc(nlp, ex.text, mode)
    ref = pred.copy()
    spans = [ref.char_span(a, b, label=label, alignment_mode="expand") for a, b, label in ex.entities]
    ref.ents = filter_spans([s for s in spans if s is not None])
    return Example(pred, ref)


def train(corpus_dir: str, out_dir: str, tokens: str = DEFAULTS["tokens"], seed: int = DEFAULTS["seed"],
          epochs: int = DEFAULTS["epochs"], width: int = DEFAULTS["width"], depth: int = DEFAULTS["depth"],
          dropout: float = DEFAULTS["dropout"], ids: list[str] | None = None, max_examples: int | None = None,
          entity_lines: bool = DEFAULTS["entity_lines"], synthetic: bool = False, log=print) -> dict:
    """Train the model from the training documents of `corpus_dir` and write it to
    `out_dir/vnplan-ner`. Returns the model's meta (with the training time)."""
    import spacy
    from spacy.util import fix_random_seed, minibatch


    if tokens not in MODES:
        raise ValueError(f"tokens must be one of {MODES}")
    t0 = time.perf_counter()
    fix_random_seed(seed)
    rng = random.Random(seed)
    ids = ids if ids is not None else training_data.training_ids(corpus_dir)
    exs = training_data.build(corpus_dir, ids, entity_lines)
    written = training_data.synthetic_ids(corpus_dir) if synthetic and not (max_examples and len(exs) >= max_examples) else []
    exs += training_data.build_synthetic(corpus_dir, written, entity_lines)
    if max_examples:
        exs = exs[:max_examples]
    nlp = spacy.blank("xx")
    ner = nlp.add_pipe("ner", config=_ner_config(width, depth, tokens == "syllables+uts"))
    for label in training_data.LABELS:
        ner.add_label(label)
    data = [_to_spacy(nlp, e, tokens) for e in exs]
    optimizer = nlp.initialize(lambda: data)
    t_data = time.perf_counter() - t0
    for epoch in range(epochs):
        rng.shuffle(data)
        losses: dict = {}
        for batch in minibatch(data, size=16):
            nlp.update(batch, drop=dropout, sgd=optimizer, losses=losses)
        log(f"epoch {epoch + 1}/{epochs}: loss {losses.get('ner', 0.0):.1f}")
    seconds = time.perf_counter() - t0
    nlp.meta["name"] = "ner"
    nlp.meta["lang"] = "xx"
    nlp.meta["vnplan"] = {"tokens": tokens, "seed": seed, "epochs": epochs, "width": width, "depth": depth,
                          "dropout": dropout, "entity_lines": entity_lines, "documents": ids,
                          **({"synthetic_documents": len(written)} if written else {}), "examples": len(data),
                          "entities": sum(len(e.entities) for e in exs),
                          "train_seconds": round(seconds, 1), "data_seconds": round(t_data, 1)}
    path = os.path.join(out_dir, MODEL_NAME)
    os.makedirs(out_dir, exist_ok=True)
    nlp.to_disk(path)
    return nlp.meta["vnplan"]




def _run_train(args) -> int:
    ids = None
    if args.holdout:
        keep = set(args.holdout.split(","))
        ids = [i for i in training_data.training_ids(args.corpus) if i not in keep]
    meta = train(args.corpus, args.output, tokens=args.tokens, seed=args.seed, epochs=args.epochs,
                 width=args.width, depth=args.depth, ids=ids, max_examples=args.max_examples,
                 entity_lines=args.entity_lines, synthetic=args.synthetic,
                 log=lambda s: print(s, file=sys.stderr))
    print(json.dumps({k: v for k, v in meta.items() if k != "documents"}, ensure_ascii=False))
    return 0


def _run_silver(args) -> int:
    from . import silver
    written, kept = silver.write(args.corpus)
    print(f"silver: {written} files written, {kept} checked files kept")
    return 0


def register(subparsers) -> None:
    t = subparsers.add_parser("train", help="train the organisation model from a corpus into models/")
    t.add_argument("corpus", nargs="?", default="corpora", help="corpus folder (gold/, texts/, silver/, split.tsv)")
    t.add_argument("-o", "--output", default="models", help="folder the model is written to")
    t.add_argument("--tokens", choices=MODES, default=DEFAULTS["tokens"])
    t.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    t.add_argument("--epochs", type=int, default=DEFAULTS["epochs"])
    t.add_argument("--width", type=int, default=DEFAULTS["width"])
    t.add_argument("--depth", type=int, default=DEFAULTS["depth"])
    t.add_argument("--segments-only", dest="entity_lines", action="store_false",
                   help="train on the candidate segments only (default: also every line holding a gold or silver name)")
    t.add_argument("--holdout", help="comma-separated document ids left out of training (for measuring)")
    t.add_argument("--synthetic", action="store_true",
                   help="train on the written documents of corpora/synthetic/ too (measured in the README; the "
                        "shipped model is trained without them)")
    t.add_argument("--max-examples", type=int, help="train on the first N segments only (smoke runs)")
    t.set_defaults(func=_run_train)
    s = subparsers.add_parser("silver", help="write corpora/silver/ from the rules (checked files are kept)")
    s.add_argument("corpus", nargs="?", default="corpora")
    s.set_defaults(func=_run_silver)
