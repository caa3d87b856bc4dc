"""The shipped organisation model (models/vnplan-ner), loaded once per process, and its
predictions over a document's candidate segments."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache

from . import segments as segmenting
from .tokens import make_doc

log = logging.getLogger(__name__)

MODEL_NAME = "vnplan-ner"
DEFAULT_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "models")


@dataclass(frozen=True)
class Entity:
    start: int            # offsets into the document's normalized text
    end: int
    label: str            # ORG, PER or LOC
    segment: str          # the kind of segment it was found in: unit, header, signature


def model_path() -> str:
    return os.path.join(os.environ.get("VNPLAN_MODELS", DEFAULT_DIR), MODEL_NAME)


@lru_cache(maxsize=1)
def load():
    """The spaCy pipeline, or None (with one warning) when the model directory is missing."""
    path = model_path()
    if not os.path.isdir(path):
        log.warning("organisation model not found at %s: units from the rules only", path)
        return None
    import spacy
    try:
        return spacy.load(path)
    except (OSError, ValueError) as err:
        log.warning("organisation model at %s cannot be read (%s): units from the rules only",
                    path, str(err).splitlines()[0])
        return None


def available() -> bool:
    return load() is not None


def tokens_mode(nlp) -> str:
    return (nlp.meta.get("vnplan") or {}).get("tokens", "syllables")


def predict(text: str, segs: list[segmenting.Segment] | None = None) -> list[Entity]:
    """Entities of the model in `text` (a normalized text), read segment by segment."""
    nlp = load()
    if nlp is None:
        return []
    segs = segmenting.find(text) if segs is None else segs
    mode = tokens_mode(nlp)
    docs = [make_doc(nlp, text[s.start:s.end], mode) for s in segs]
    ner = nlp.get_pipe("ner")
    out = []
    for seg, doc in zip(segs, ner.pipe(docs, batch_size=256)):
        for ent in doc.ents:
            out.append(Entity(seg.start + ent.start_char, seg.start + ent.end_char, ent.label_, seg.kind))
    return out
