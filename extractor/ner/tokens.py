"""Text -> spaCy Doc for the organisation model. Three ways, named in the model's meta
("vnplan_tokens"), measured in README "Organisation model (NER)":

- "syllables": spaCy's rule tokenizer; a Vietnamese token is one syllable.
- "syllables+uts": the same tokens, each tagged with underthesea's word segmentation and part of
  speech ("B-Np", "I-N" ...) in `Token.tag_`, which the model embeds as a feature.
- "words": underthesea's words as tokens ("Giáo dục" is one token).
"""
from __future__ import annotations

MODES = ("syllables", "syllables+uts", "words")


def _uts_words(text: str) -> list[tuple[int, int, str]]:
    """underthesea's words with their character offsets in `text` (it returns none itself)."""
    from underthesea import pos_tag
    out, pos = [], 0
    for word, tag in pos_tag(text):
        i = text.find(word, pos)
        if i < 0:                     # underthesea changed the word: realign on its first syllable
            first = word.split()[0] if word.split() else word
            i = text.find(first, pos)
            if i < 0:
                continue
            word = first
        out.append((i, i + len(word), tag))
        pos = i + len(word)
    return out


def make_doc(nlp, text: str, mode: str = "syllables"):
    """A spaCy Doc of `text` for the model (see the modes above)."""
    if mode == "syllables":
        return nlp.make_doc(text)
    words = _uts_words(text)
    if mode == "syllables+uts":
        doc = nlp.make_doc(text)
        j = 0
        for tok in doc:
            while j < len(words) and words[j][1] <= tok.idx:
                j += 1
            if j < len(words) and words[j][0] <= tok.idx < words[j][1]:
                a, _, tag = words[j]
                tok.tag_ = ("B-" if tok.idx == a else "I-") + tag
            else:
                tok.tag_ = "O"
        return doc
    # "words": underthesea's words, the gaps between them split by spaCy's tokenizer
    toks: list[tuple[int, int]] = []
    pos = 0
    for a, b, _ in words + [(len(text), len(text), "")]:
        if a > pos:
            for t in nlp.make_doc(text[pos:a]):
                toks.append((pos + t.idx, pos + t.idx + len(t.text)))
        if b > a:
            toks.append((a, b))
        pos = max(pos, b)
    toks = [(a, b) for a, b in toks if text[a:b].strip()]
    spaces = [b < len(text) and (i + 1 == len(toks) or toks[i + 1][0] > b) and text[b] == " "
              for i, (a, b) in enumerate(toks)]
    # characters between tokens other than one space must stay: make them tokens
    words_out, spaces_out = [], []
    pos = 0
    for (a, b), sp in zip(toks, spaces):
        if a > pos:
            gap = text[pos:a]
            words_out.append(gap)
            spaces_out.append(False)
        words_out.append(text[a:b])
        spaces_out.append(sp)
        pos = b + (1 if sp else 0)
    if pos < len(text):
        words_out.append(text[pos:])
        spaces_out.append(False)
    from spacy.tokens import Doc
    doc = Doc(nlp.vocab, words=words_out, spaces=spaces_out)
    assert doc.text == text
    return doc
