"""Deadlines: time constraints on tasks, reports and events (deadline, period, date, recurring)."""
from __future__ import annotations

import calendar

import regex

from .. import datafiles, patterns
from ..contract import Deadline
from ..ingest.syllables import base_letters
from ..normalize import Document
from ..sections import Outline, body_end
from . import table_columns

_EVERY_YEAR = regex.compile(r"\s*,?\s*(?:hằng|hàng)\s+năm(?![\p{L}])", regex.I)
_YEARLY_BEFORE = regex.compile(r"(?i:hằng|hàng)\s+năm\s*[(,]?\s*\Z")
# the rest of a text cut off inside a date's year
_CUT_YEAR = regex.compile(r"[/.\-]\d{1,3}")
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@datafiles.built_once
def _patterns():
    return [(p["id"], p["kind"], patterns.compile(p["regex"]), frozenset(p.get("not_in", ())),
             p.get("only_in"), tuple(p.get("needs", ()))) for p in datafiles.load("timex")["patterns"]]


def _may_match(needs: tuple[str, ...], lowered: str) -> bool:
    """Can a pattern match at all: one of the words it cannot match without is in the text."""
    return not needs or any(w in lowered for w in needs)


@datafiles.built_once
def _time_column_rx():
    return patterns.compile(base_letters(datafiles.load("timex")["time_column"]))


def _is_time_header(cell: str) -> bool:
    """Matched on the letters without their marks: a scan's header cell, in small bold type, often
    loses or changes an accent ("Thời gian" read "Thởi gian")."""
    return len(cell) <= 60 and bool(_time_column_rx().match(base_letters(cell)))


def _time_cells(doc: Document) -> list[tuple[int, int]]:
    """Spans (in the normalized text) of the cells of tables' time columns: a column whose header
    starts with a time word ("Thời gian thực hiện", "Tiến độ")."""
    return table_columns.column_cells(doc, _is_time_header)


@datafiles.built_once
def _exclusions():
    return [(patterns.compile(p["regex"]), tuple(p.get("needs", ())))
            for p in datafiles.load("timex")["exclusions"]]


@datafiles.built_once
def _form_rx():
    rule = datafiles.load("headings")["form"]
    return regex.compile(rule["starts"], regex.M), regex.compile(rule["ends"], regex.M)


def _forms(text: str) -> list[tuple[int, int]]:
    """Spans of the forms to be filled in after the body ("Mẫu số 01" up to the next appendix)."""
    starts, ends = _form_rx()
    out = []
    pos = body_end(text)
    while (m := starts.search(text, pos)):
        nxt = [x.start() for x in (starts.search(text, m.end()), ends.search(text, m.end())) if x]
        end = min(nxt) if nxt else len(text)
        out.append((m.start(), end))
        pos = end
    return out


def _section_kind(outline: Outline, pos: int) -> str | None:
    h = outline.section_at(pos)
    return h.kind if h else None


@datafiles.built_once
def _background_rx():
    d = datafiles.load("timex")["background_sections"]
    return regex.compile(r"^(?i:%s)(?![\p{L}])" % patterns.alternation(d["starts"])), \
        regex.compile(r"(?<![\p{L}])(?i:%s)(?![\p{L}])" % patterns.alternation(d["not_with"]))


def _in_background(outline: Outline, pos: int) -> bool:
    """Is `pos` in a part that tells what was done or what the situation is ("I. KẾT QUẢ THỰC HIỆN
    NĂM 2023", "1. Tình hình trẻ em bị xâm hại"): its times are facts, not constraints."""
    starts, not_with = _background_rx()
    h = outline.section_at(pos)
    return h is not None and any(starts.match(x.title) and not not_with.search(x.title) for x in outline.ancestors(h))


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _parse_day(text: str, year: int | None):
    """A day written '01/6', '30-6-2025' or '19 tháng 4 năm 2021' -> (iso, inferred)."""
    m = patterns.compile(r"^$date$").match(text.strip())
    if not m:
        return None, False
    y, mo, d = patterns.date_parts(m)
    if y is None and (m.group("y") or m.group("y2")):
        return None, False          # a mistyped year: never guessed
    if y is None:
        if year is None:
            return None, False
        return patterns.iso(year, mo, d), True
    return patterns.iso(y, mo, d), False


def find(doc: Document, outline: Outline, plan_year: int | None, exclude: list[tuple[int, int]],
         issued: str | None = None, every_year: bool = False) -> list[Deadline]:
    """`plan_year` completes dates written without a year; `exclude` holds spans already known
    not to be time constraints (legal citations); a time that ended before the document was
    `issued` (ISO date) is a background fact, not a constraint. In a plan over several years
    (`every_year`), a day or month written without a year recurs each year of the plan."""
    text = doc.text
    found: list[tuple[int, int, str, str, str | None, str | None, bool]] = []
    taken: list[tuple[int, int]] = list(exclude)
    lowered = text.lower()
    taken += [m.span() for rx, needs in _exclusions() if _may_match(needs, lowered) for m in rx.finditer(text)]
    taken += _forms(text)

    def free(a: int, b: int) -> bool:
        return not any(a < y and x < b for x, y in taken)

    preamble_end = outline.headings[0].start if outline.headings else 0
    cells = None
    for rule, rule_kind, rx, not_in, only_in, needs in _patterns():
        if not _may_match(needs, lowered):
            continue
        if only_in == "time_cell":
            cells = _time_cells(doc) if cells is None else cells
            if not cells:
                continue
        for m in rx.finditer(text):
            a, b = m.span()
            if _CUT_YEAR.fullmatch(text, b):
                continue            # "trước ngày 20/8/2" where an excerpt was cut: its year is lost
            kind = rule_kind
            if not free(a, b) or (kind == "date" and a < preamble_end):
                continue
            if only_in == "time_cell" and not any(x <= a and b <= y for x, y in cells):
                continue
            if not_in and (a < preamble_end or _section_kind(outline, a) in not_in):
                continue
            if _in_background(outline, a):
                continue
            items = _interpret(rule, kind, m, plan_year, issued)
            yearly = _EVERY_YEAR.match(text, b) if kind != "recurring" else None
            if yearly and items and not regex.search(r"\d{4}", m.group()):
                # "trước ngày 30/6 hằng năm": the same day every year, a recurring time
                inner = [(f[0], f[1]) for f in found if b <= f[0] and f[1] <= yearly.end()]
                b, kind = yearly.end(), "recurring"
                items = [(None, None, False)] * len(items)
                found[:] = [f for f in found if (f[0], f[1]) not in inner]
                taken[:] = [t for t in taken if t not in inner]
            elif kind != "recurring" and items and all(inf for *_, inf in items) and (
                    every_year or _YEARLY_BEFORE.search(text, max(0, a - 24), a)):
                # "Định kỳ hằng năm (trước ngày 30 tháng 11)", or any year-less day of a plan
                # over several years
                kind = "recurring"
                items = [(None, None, False)] * len(items)
            if issued:
                kept = [it for it in items if not (it[1] and not it[2] and it[1] < issued)]
                if items and not kept:
                    # a time over before the document was issued: background, and none of its
                    # words is read again ("từ ngày 26/10 đến ngày 01/11/2025" holds no "ngày 26/10")
                    taken.append((a, b))
                items = kept
            if not items:
                continue
            taken.append((a, b))
            spans = [(a, b)] * len(items)
            if len(items) > 1 and "item" in m.groupdict():
                spans = _list_spans(text, m)
            elif len(items) == 2 and m.groupdict().get("second"):
                # "trước ngày 01/6 và 15/11": each day keeps its own words
                second = m.start("second")
                first_end = a + len(text[a:second].rstrip(" ,").removesuffix("và").rstrip(" ,"))
                spans = [(a, first_end), (second, b)]
            for (x, y), (start, end, inferred) in zip(spans, items):
                found.append((x, y, kind, rule, start, end, inferred))
    found.sort(key=lambda f: f[0])
    out = []
    for a, b, kind, rule, start, end, inferred in found:
        h = outline.section_at(a)
        out.append(Deadline(id=f"d{len(out) + 1}", text=text[a:b], kind=kind, start=start, end=end,
                            year_inferred=inferred, span=(a, b), section=h.id if h else None))
    return out


_LIST_WORD = regex.compile(r"(?i:tháng|qu[ýí])\s+\Z")


def _list_spans(text: str, m) -> list[tuple[int, int]]:
    """The words of each item of a list of months or quarters under one year ("tháng 5 và tháng
    11/2024"): the first from the start of the match, the last up to its end (the year)."""
    spans = []
    for i, (x, y) in enumerate(m.spans("item")):
        word = _LIST_WORD.search(text, max(0, x - 8), x)
        spans.append((m.start() if i == 0 else (word.start() if word else x), y))
    spans[-1] = (spans[-1][0], m.end())
    return spans


def _interpret(rule: str, kind: str, m, plan_year: int | None, issued: str | None = None):
    g = m.groupdict()
    if rule == "period.from_issue":
        if g.get("yb"):
            end = patterns.iso(int(g["yb"]), 12, 31)
        else:
            end = _parse_day(g["b"], plan_year)[0] if g.get("b") else None
        return [(issued, end, False)] if issued or end else []
    if rule == "deadline.until_year_end":
        return [(None, patterns.iso(int(g["y"]), 12, 31), False)]
    if rule in ("deadline.before_date", "deadline.until_date", "deadline.time_limit_value"):
        tail = int(g["tail_year"]) if g.get("tail_year") else None
        y, mo, d = patterns.date_parts(m)
        typed_year = g.get("y") or g.get("y2")
        if typed_year and y is None:
            return [(None, None, False)]
        year = y or tail
        inferred = year is None and plan_year is not None
        year = year or plan_year
        first = patterns.iso(year, mo, d)
        items = [(None, first, inferred)]
        if g.get("second"):
            iso2, inf2 = _parse_day(g["second"], tail or y or plan_year)
            items.append((None, iso2, inferred))
        return items
    if rule == "deadline.before_month":
        mo = int(g["m"])
        y = int(g["y"]) if g.get("y") else plan_year
        if y is None:
            return [(None, None, False)]
        py, pm = (y, mo - 1) if mo > 1 else (y - 1, 12)
        return [(None, patterns.iso(py, pm, _last_day(py, pm)), not g.get("y"))]
    if rule == "period.month_range":
        y2 = int(g["y2"])
        y1 = int(g["y"]) if g.get("y") else (y2 if int(g["m"]) <= int(g["m2"]) else y2 - 1)
        m1, m2 = int(g["m"]), int(g["m2"])
        return [(patterns.iso(y1, m1, 1), patterns.iso(y2, m2, _last_day(y2, m2)), False)]
    if rule == "period.until_year":
        return [(None, patterns.iso(int(g["yb"]), 12, 31), False)]
    if rule in ("period.from_to", "period.day_range"):
        b_iso, b_inf = _parse_day(g["b"], plan_year)
        a_text = g["a"]
        if regex.fullmatch(r"\d{1,2}", a_text.strip()) and b_iso:
            a_iso = b_iso[:8] + f"{int(a_text):02d}"
            a_iso = a_iso if patterns.iso(int(a_iso[:4]), int(a_iso[5:7]), int(a_iso[8:])) else None
            a_inf = b_inf
        else:
            b_year = int(b_iso[:4]) if b_iso else plan_year
            a_iso, a_inf = _parse_day(a_text, b_year)
            a_inf = a_inf and not (b_iso and not b_inf)
        return [(a_iso, b_iso, a_inf or b_inf)]
    if rule == "period.quarter_range":
        q1, q2 = _QUARTERS[g["q"].upper()], _QUARTERS[g["q2"].upper()]
        y2 = int(g["y2"])
        y1 = int(g["y"]) if g.get("y") else (y2 if q1 <= q2 else y2 - 1)
        return [(patterns.iso(y1, 3 * q1 - 2, 1), patterns.iso(y2, 3 * q2, _last_day(y2, 3 * q2)), False)]
    if rule == "period.quarter":
        q = _QUARTERS[g["q"].upper()]
        y = int(g["y"]) if g.get("y") else plan_year
        if y is None:
            return [(None, None, False)]
        m1, m3 = 3 * q - 2, 3 * q
        return [(patterns.iso(y, m1, 1), patterns.iso(y, m3, _last_day(y, m3)), not g.get("y"))]
    if rule == "period.month_list":
        y = int(g["y"])
        return [(patterns.iso(y, mo, 1), patterns.iso(y, mo, _last_day(y, mo)), False)
                for mo in map(int, m.captures("item"))]
    if rule == "period.quarter_list":
        y = int(g["y"])
        return [(patterns.iso(y, 3 * q - 2, 1), patterns.iso(y, 3 * q, _last_day(y, 3 * q)), False)
                for q in (_QUARTERS[c.upper()] for c in m.captures("item"))]
    if rule == "period.month_of_plan":
        if plan_year is None:
            return [(None, None, False)]
        mo = int(g["m"])
        return [(patterns.iso(plan_year, mo, 1), patterns.iso(plan_year, mo, _last_day(plan_year, mo)), True)]
    if rule == "period.month":
        mo, y = int(g["m"]), int(g["y"])
        return [(patterns.iso(y, mo, 1), patterns.iso(y, mo, _last_day(y, mo)), False)]
    if rule == "period.first_half":
        y = int(g["y"]) if g.get("y") else plan_year
        if y is None:
            return [(None, None, False)]
        if g["half"] == "đầu":
            return [(patterns.iso(y, 1, 1), patterns.iso(y, 6, 30), not g.get("y"))]
        return [(patterns.iso(y, 7, 1), patterns.iso(y, 12, 31), not g.get("y"))]
    if rule == "period.plan_year_cell":
        if plan_year is None:
            return [(None, None, False)]
        return [(patterns.iso(plan_year, 1, 1), patterns.iso(plan_year, 12, 31), True)]
    if rule in ("period.time_value", "period.year_cell", "period.years", "period.in_year",
                "period.phase_heading", "period.year_in_cell"):
        ya = int(g["ya"])
        yb = int(g["yb"]) if g.get("yb") else ya
        return [(patterns.iso(ya, 1, 1), patterns.iso(yb, 12, 31), False)]
    if kind == "recurring":
        return [(None, None, False)]
    if rule in ("date.on_day", "date.named_day", "date.time_value", "date.cell"):
        y, mo, d = patterns.date_parts(m)
        if (g.get("y") or g.get("y2")) and y is None:
            return [(None, None, False)]
        second = _parse_day(g["second"], y or plan_year) if g.get("second") else None
        if second and second[0] and not second[1] and y is None:
            y = int(second[0][:4])         # "ngày 01/6 và 02/6/2024": the year written once, at the end
        inferred = y is None and plan_year is not None
        iso = patterns.iso(y or plan_year, mo, d)
        return [(iso, iso, inferred)] + ([(second[0], second[0], second[1])] if second and second[0] else [])
    return []
