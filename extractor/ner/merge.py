"""Merge: rules propose units, the model finds names the rules missed, and the context rules
give each model name its role (lead / cooperate) or drop it (a name with no role cue is only a
mention). Also: the model's signer name and issuer when the metadata rules found none."""
from __future__ import annotations

from bisect import bisect_left

import regex

from .. import datafiles, gazetteer
from ..contract import Metadata, Unit
from ..finders import units as unit_rules
from ..sections import Outline, body_end
from .model import Entity

MODES = ("rules", "model", "combined")


@datafiles.built_once
def _cues():
    """Role words before and after a name, the glue inside a list of names, and the body-word test
    (extractor/data/ner.yaml, roles)."""
    d = datafiles.load("ner")["roles"]
    alt = lambda xs: "|".join(f"(?:{x})" for x in xs)
    lead_before = regex.compile(r"(?<![\p{L}])(?:%s)\s*$" % alt(d["lead_before"]), regex.I)
    coop_before = regex.compile(r"(?<![\p{L}])(?:%s)\s*$" % alt(d["cooperate_before"]), regex.I)
    lead_after = regex.compile(r"^\s*,?\s*(?:%s)(?![\p{L}])" % alt(d["lead_after"]), regex.I)
    glue = regex.compile(d["list_glue"])
    words = lambda xs: "|".join(regex.escape(w) for w in sorted(xs, key=len, reverse=True))
    body = regex.compile(r"(?<![\p{L}])(?!(?:%s)(?![\p{L}]))(?:%s)(?![\p{L}])"
                         % (words(d["not_body_words"]), words(list(d["body_words"]) + list(gazetteer.body_abbreviations()))),
                         regex.I)
    return lead_before, coop_before, lead_after, glue, body


@datafiles.built_once
def _heading_prefix():
    """A heading's number and the verb before its unit ("8. Đề nghị ")."""
    verbs = datafiles.load("units")["heading_verbs"]
    return regex.compile(r"^\S+\s+(?:(?:%s)\s+)?$" % "|".join(regex.escape(v) for v in verbs))
def _clause_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    left = max(text.rfind(ch, 0, a) for ch in ".;\n") + 1
    right = min([i for i in (text.find(ch, b) for ch in ".;\n") if i >= 0] or [len(text)])
    return left, right


def _walk_left(text: str, a: int, spans: list[tuple[int, int]], floor: int) -> int:
    """From a name's start, step left over the other names of its list and the glue between them
    (`spans` sorted)."""
    _, _, _, glue, _ = _cues()
    pos = a
    i = bisect_left(spans, (pos, -1)) - 1
    while i >= 0:
        x, y = spans[i]
        if y <= pos:
            if x < floor or not glue.match(text[y:pos]):
                break
            pos = x
        i -= 1
    return pos


_TRAILING_GLUE = regex.compile(r"(?:\s|,|\(|(?<![\p{L}])(?:các|cho)(?![\p{L}]))*$")


def _walk_right(text: str, b: int, spans: list[tuple[int, int]], ceil: int) -> int:
    _, _, _, glue, _ = _cues()
    pos = b
    i = bisect_left(spans, (pos, -1))
    while i < len(spans):
        x, y = spans[i]
        if y > ceil or not glue.match(text[pos:x]):
            break
        pos = y
        i += 1
    return pos


def role_of(text: str, span: tuple[int, int], others: list[tuple[int, int]], outline: Outline,
            doc_type: str | None) -> tuple[str, str] | None:
    """(role, rule) of the name at `span` from its context, or None when nothing gives it a task."""
    lead_before, coop_before, lead_after, _, body = _cues()
    a, b = span
    left, right = _clause_bounds(text, a, b)
    line_start = text.rfind("\n", 0, a) + 1
    start = _walk_left(text, a, others, line_start)
    before = text[line_start:start]
    h = outline.section_at(a)
    if h is not None and h.start == line_start and _heading_prefix().match(before):
        if _unit_heading(h, outline, doc_type) and (body.search(text, a, b) or h.parent and (
                unit_rules.names_group_or_post(text[a:b]))):
            # (a letter's item "1. Đồng ý phân bổ …" names no body, nor does a task's heading under
            # the organization part, "4. Bảo đảm an ninh trật tự"; a group or a post does: "Các thôn",
            # "Hiệu trưởng")
            return "lead", "ner.heading"
        # a heading that is nothing but unit names, in a tasks section: those units carry its tasks
        parent = outline.by_id(h.parent) if h.parent else None
        rest = text[_walk_right(text, b, others, h.line_end):h.line_end]
        if (parent is not None and parent.kind in ("tasks", "organization") and regex.fullmatch(r"\s*[:.]?\s*", rest)
                and body.search(text, a, b)):
            return "lead", "ner.heading"  # (not "4. Các nhiệm vụ cụ thể": no body is named)
    if not body.search(text, a, b):
        return None                       # a vague group ("các cơ quan, đơn vị liên quan")
    left = _clause_bounds(text, start, start)[0]
    if unit_rules.member_of_before(text, max(left, line_start), start):
        return None                       # "cơ quan thường trực của Hội đồng, chủ trì": not its task
    clause_before = _TRAILING_GLUE.sub("", text[max(left, line_start):start])
    if coop_before.search(clause_before):
        return "cooperate", "ner.cooperate"
    if lead_before.search(clause_before):
        return "lead", "ner.lead"
    end = _walk_right(text, b, others, right)
    if lead_after.match(text[end:right]):
        return "lead", "ner.chu_tri"
    return None


def _unit_heading(h, outline: Outline, doc_type: str | None) -> bool:
    parent = outline.by_id(h.parent) if h.parent else None
    if parent is not None and parent.kind == "organization":
        return True
    return parent is None and unit_rules.is_letter(doc_type) and h.style == "heading.arabic"


def _unit(text: str, a: int, b: int, role: str, rule: str, outline: Outline) -> Unit:
    name = text[a:b]
    h = outline.section_at(a)
    return Unit(name=name, canonical=gazetteer.canonical(name), role=role, text=name, span=(a, b),
                section=h.id if h else None, rule=rule)


def units(text: str, outline: Outline, doc_type: str | None, rule_units: list[Unit], entities: list[Entity],
          mode: str = "combined", prefer: str = "rules") -> list[Unit]:
    """The units of a document: the rule units, the model's, or both merged. Where a rule unit and
    a model name with a role overlap, `prefer` says which one stays ("rules" or "model")."""
    if mode not in MODES:
        raise ValueError(f"units mode must be one of {MODES}")
    rules = [u.model_copy(update={"canonical": gazetteer.canonical(u.name)}) for u in rule_units]
    if mode == "rules":
        return rules
    end = body_end(text)
    orgs = sorted({(e.start, e.end) for e in entities if e.label == "ORG" and e.start < end})
    kept = rules if mode == "combined" else []
    spans = sorted(set(orgs) | {u.span for u in kept})
    model_units = []
    cut_end = unit_rules.cut_off_end(text)
    for a, b in orgs:
        if b >= cut_end or unit_rules.runs_into_cut(text, b, cut_end):
            continue                      # a name cut off with the text ("Công an tỉ", "Trung tâm Y tế thà")
        if unit_rules.false_body(text[a:b]):
            continue                      # "Phòng chống đuối nước" is a task, not a Phòng
        if unit_rules.runs_into_task(text[a:b]):
            continue                      # "cơ quan báo chí làm tốt công tác …": a name with the task in it
        found = role_of(text, (a, b), spans, outline, doc_type)
        if found:
            model_units.append(_unit(text, a, b, found[0], found[1], outline))
    first, second = (model_units, kept) if prefer == "model" else (kept, model_units)
    out = list(first)
    for u in second:
        if not any(u.span[0] < v.span[1] and v.span[0] < u.span[1] for v in first):
            out.append(u)
    return sorted(out, key=lambda u: u.span)


MAX_ISSUER = 120          # a longer "issuer" is text the header rules swallowed, not a name
BARE_COMMITTEES = ("Ủy ban nhân dân", "Hội đồng nhân dân")


def metadata(text: str, meta: Metadata, entities: list[Entity]) -> Metadata:
    """The signer's name and the issuer from the model where the rules found none (or, for the
    issuer, only a bare body type without its locality, or run-on text)."""
    update = {}
    people = [e for e in entities if e.label == "PER" and e.segment == "signature"]
    if not meta.signer.name and people:
        name = regex.sub(r"\s+", " ", text[people[-1].start:people[-1].end]).strip()
        if 2 <= len(name.split()) <= 5:
            update["signer"] = meta.signer.model_copy(update={"name": name})
    heads = [e for e in entities if e.label == "ORG" and e.segment == "header"]
    if heads:
        found = gazetteer.full_name(text[heads[0].start:heads[0].end])
        issuer = meta.issuer or ""
        # (a committee named without its place; a department's name without one is whole: "Sở Y tế")
        bare = issuer in BARE_COMMITTEES and found.startswith(issuer + " ")
        if not issuer or len(issuer) > MAX_ISSUER or bare:
            update["issuer"] = found
    return meta.model_copy(update=update) if update else meta


def merged_bodies(found: list[Unit], meta: Metadata) -> list[tuple[str, str]]:
    """Warnings for units named by a body that had been merged away when the document was issued
    (the 2025 reorganisation: gazetteer `until` / successors)."""
    on = meta.issue_date or (f"{meta.plan_year}-12-31" if meta.plan_year else None)
    out, seen = [], set()
    for u in found:
        succ = gazetteer.successor(u.canonical, on, meta.title or "")
        if succ and u.canonical not in seen:
            seen.add(u.canonical)
            out.append(("unit_body_merged", f"{u.name}: {u.canonical} no longer exists on {on}; "
                                            f"this matter is now with {succ}"))
    return out
