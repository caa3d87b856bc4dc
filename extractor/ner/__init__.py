"""Organisation model: a small spaCy NER (ORG, PER, LOC) trained from corpora/, run over the lines
where units and the signature are written, and merged with the rule finders.

    segments.find(text)            -> the candidate lines the model reads
    tokens.make_doc(nlp, text)      -> a spaCy Doc (syllables, with underthesea features when the model uses them)
    model.predict(text, segments)   -> entity spans from the shipped model (loaded once per process)
    merge.units(...)                -> rule units + model units with roles from the context rules
    train.register(subparsers)      -> `vnplan train` and `vnplan silver`
"""
from __future__ import annotations


def apply(doc, outline, meta, rule_units, mode: str = "combined"):
    """Units, metadata and warnings of a document after the model: (units, metadata, warnings).
    `mode` is "rules" (the model is not run), "model" (units from the model only) or "combined"
    (rules, then the model's names the rules missed). Without a shipped model every mode is "rules".
    Warnings name units whose body had been merged away when the document was issued."""
    from . import merge, model
    if mode == "rules" or not model.available():
        found = merge.units(doc.text, outline, meta.doc_type, rule_units, [], "rules")
    else:
        entities = model.predict(doc.text)
        found = merge.units(doc.text, outline, meta.doc_type, rule_units, entities, mode)
        meta = merge.metadata(doc.text, meta, entities)
    return found, meta, merge.merged_bodies(found, meta)
