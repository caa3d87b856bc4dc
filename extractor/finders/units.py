"""Units: organisations given a task, as lead (chủ trì, Giao X, unit headings under "Tổ chức thực
hiện") or cooperate (phối hợp với X), with a canonical name from the gazetteer of body words."""
from __future__ import annotations


import regex

from .. import datafiles, gazetteer, patterns
from ..contract import Unit
from ..normalize import Document
from ..sections import Heading, Outline, body_end
from . import table_columns


@datafiles.built_once
def _data():
    d = datafiles.load("units")
    bodies = sorted(set(d["body_words"]) | set(gazetteer.body_abbreviations()), key=len, reverse=True)
    body_alt = "|".join(regex.escape(b) for b in bodies)
    stops = sorted(d["stop_words"], key=len, reverse=True)
    stop_alt = "|".join(regex.escape(s) for s in stops)
    vague = tuple(v.casefold() for v in d["vague_starts"])
    false_alt = "|".join(regex.escape(f) for f in sorted(d["false_bodies"], key=len, reverse=True))
    # a body word that begins with a false one ("Thường trực HĐND" and "Thường trực") is a body
    over = [b for b in bodies if any(b.startswith(f + " ") for f in d["false_bodies"])]
    over_alt = r"(?:%s)(?![\p{L}])|" % "|".join(regex.escape(b) for b in over) if over else ""
    caps = d.get("capitalised_bodies", ())
    if caps:
        # (or before an abbreviation: "Công chức LĐ-TB&XH xã")
        over_alt += r"(?:%s)(?=\s+\p{Lu}(?:\p{Ll}|[\p{Lu}&-]*\p{Lu}(?![\p{Ll}])))|" % patterns.alternation(caps)
    body_alt = r"(?:%s(?!(?:%s)(?![\p{L}]))(?:%s))" % (over_alt, false_alt, body_alt)
    body_start = regex.compile(r"%s(?:các\s+|Các\s+)?(?:%s)(?![\p{Ll}])" % (_office_prefix(), body_alt))
    after_loc = _after_locality()
    # (a comma ends a name, also one a typist left without its space: "Trung tâm Y tế huyện,Bệnh viện")
    stop_rx = regex.compile(r"\s+(?:%s)(?![\p{L}])|\s*[.;:()\[\]“”\"]|\s+-\s+(?=\p{Ll})|\s*,(?:\s+|(?=\p{Lu}))"
                            r"|\s+[-–]\s+(?=(?i:cơ quan|đơn vị|thường trực|chủ trì|phối hợp)(?![\p{L}]))"
                            r"|\s+và\s+(?=(?:các\s+)?(?:%s)(?![\p{Ll}]))|\s+và\s+các\s+|%s"
                            % (stop_alt, body_alt, after_loc))
    return body_start, stop_rx, vague, body_alt


@datafiles.built_once
def _member_of_rx():
    return regex.compile(r"(?<![\p{L}])(?i:%s)\s+\Z" % patterns.alternation(datafiles.load("units")["member_of"]))


def member_of_before(text: str, start: int, at: int) -> bool:
    """Does text[start:at] end in words that make the name at `at` a body someone belongs to, not
    one given a task ("Là cơ quan thường trực của Hội đồng, chủ trì …")?"""
    return bool(_member_of_rx().search(text, start, at))


@datafiles.built_once
def _false_body_rx():
    d = datafiles.load("units")
    never = [f for f in d["false_bodies"] if f not in d["body_words"]]
    return regex.compile(r"(?:%s)(?![\p{L}])" % patterns.alternation(never))


@datafiles.built_once
def _task_word_rx():
    d = datafiles.load("units")
    return regex.compile(r"\s(?:%s)\s" % patterns.alternation(d["task_words"]))


def runs_into_task(name: str) -> bool:
    """Does a name found by the model run on into the task given to it ("cơ quan báo chí làm tốt
    công tác thông tin")? The words of units.yaml `task_words` never stand inside a body's name."""
    return _task_word_rx().search(name + " ") is not None


def false_body(name: str) -> bool:
    """Does the name begin with words that look like a body but never name one ("Phòng chống …",
    "Hội nghị …")? ("Công chức", a false body for the rules, is a unit in a heading.)"""
    return _false_body_rx().match(name) is not None


@datafiles.built_once
def _office_prefix() -> str:
    """An optional office title before a body ("Giám đốc " in "Giám đốc Sở Y tế")."""
    titles = sorted(datafiles.load("units")["office_titles"], key=len, reverse=True)
    return r"(?:(?:%s)\s+(?=các\s|Các\s|\p{Lu}))?" % "|".join(regex.escape(t) for t in titles)


@datafiles.built_once
def _office_rx():
    return regex.compile(_office_prefix())       # used with match(), so anchored


@datafiles.built_once
def _second_office_rx():
    """A second office title after a comma in a heading's list of office-holders."""
    titles = sorted(datafiles.load("units")["office_titles"], key=len, reverse=True)
    return regex.compile(r",\s+(?=(?:%s)\s+(?:các|Các)\s)" % "|".join(regex.escape(t) for t in titles))


@datafiles.built_once
def _compound_rx():
    d = datafiles.load("units")
    names = sorted(d["compound_bodies"], key=len, reverse=True)      # the longest name wins
    body_alt = _data()[3]
    alts = [p.replace("{body}", body_alt) for p in d.get("compound_patterns", [])] + [regex.escape(c) for c in names]
    return regex.compile(r"^(?:%s)(?![\p{L}])" % "|".join(alts))


def _after_locality() -> str:
    """A lower-case word after a locality that is neither a locality nor a word of a name: a verb
    ("UBND tỉnh xem xét", "Trưởng các thôn thông báo lịch")."""
    d = datafiles.load("units")
    small = d.get("small_letter_localities", [])
    loc_alt = "|".join(regex.escape(w) for w in sorted(d["localities"], key=len, reverse=True))
    any_case = "|".join(regex.escape(w) for w in sorted(set(d["localities"]) - set(small), key=len, reverse=True))
    small_alt = "|".join(regex.escape(w) for w in small) or "(?!)"
    keep_alt = "|".join(regex.escape(w) for w in sorted(d["after_locality"], key=len, reverse=True))
    # (also after the place's name: "UBND huyện Tương Dương khẩn trương khắc phục …")
    return r"(?<=(?<![\p{L}])(?:(?i:%s)|%s)(?:\s+\p{Lu}\p{Ll}*){0,4})\s+(?=\p{Ll})(?!(?:%s|%s)(?![\p{L}]))" % (
        any_case, small_alt, loc_alt, keep_alt)


@datafiles.built_once
def _group_stop_rx():
    d = datafiles.load("units")
    stops = sorted(d["stop_words"], key=len, reverse=True)
    return regex.compile(r"\s+(?:%s)(?![\p{L}])|\s*[.;:()]|%s" % ("|".join(regex.escape(s) for s in stops),
                                                                   _after_locality()))


_BULLET = regex.compile(r"^\s*(?:[-+•–]\s+)?")
_OF = regex.compile(r"\s+của\s+")


def _split_list(text: str, start: int, dashes: bool = False) -> list[tuple[int, int]]:
    """Split 'A, B và C' into the spans of its units (a part counts when it starts with a body word);
    with `dashes`, also 'A - B' where B begins with a body word (a field's or a cell's list: "Sở Nội
    vụ - Sở Tài chính", not "Phòng Văn hóa - Xã hội")."""
    body_start, stop_rx, vague, body_alt = _data()
    parts = []
    pos = 0
    # (a cell's names may stand a line each, "Sở Tài chính<br>Sở Nội vụ", each behind a dash)
    dash = r"|(?P<dash>\s+[-–]\s+)(?=(?:các\s+)?(?:%s)(?![\p{Ll}]))" % body_alt if dashes else ""
    splitter = regex.compile(r"\s*,\s*|\s+và\s+(?=(?:các\s+)?(?:%s)(?![\p{Ll}]))|\s*;\s*|\s*\n(?:[ \t]*[-+•–][ \t]*)?%s"
                             % (body_alt, dash))
    protected = [c.span() for rx in (_compound_any_rx(), _level_list_rx(), _name_phrase_rx(), _place_list_rx(),
                                     _more_levels_rx()) for c in rx.finditer(text)]
    seps = [m for m in splitter.finditer(text) if not any(a < m.start() < b for a, b in protected)]
    if dashes:
        seps = [m for i, m in enumerate(seps) if not m.group("dash")
                or _dash_parts_a_list(text, seps[i - 1].end() if i else 0, m.start(), m.end())]
    for m in seps + [None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        bare = _BULLET.sub("", piece, count=1)
        lead = len(piece) - len(bare)
        piece = bare.rstrip()
        if piece:
            parts.append((start + pos + lead, start + pos + lead + len(piece)))
        if m is None:
            break
        pos = m.end()
    return parts


_LIST_MARK = regex.compile(r"[\s+•–-]*")


def _dash_parts_a_list(text: str, left: int, dash: int, right: int) -> bool:
    """Does the dash at `dash` part two units of a list, the one at `left` and the one at `right`?
    So when both are the same kind of body ("Sở Nội vụ - Sở Tài chính"), the second is a level's
    ("Phòng Y tế - UBND các xã"), the first ends with its locality ("Cục Thuế tỉnh - Bảo hiểm xã
    hội tỉnh") or the second is of a kind that is nobody's parent ("Sở Kế hoạch và Đầu tư - Trung
    tâm Xúc tiến đầu tư"); not a division before its parent ("Phòng Bảo vệ, chăm sóc trẻ em - Sở
    Lao động …"), a branch ("… Việt Nam - Chi nhánh tỉnh Hà Tĩnh") or a pair's office ("Văn phòng
    HĐND - UBND")."""
    body_start = _data()[0]
    a = body_start.match(text, _LIST_MARK.match(text, left).end())
    b = body_start.match(text, right)
    if not a or not b:
        return False
    kind = lambda m: regex.sub(r"^(?:các|Các)\s+", "", m.group()).casefold()  # noqa: E731
    if kind(a) == kind(b) or " các " in text[b.end() - 1:b.end() + 5]:
        return True
    named = _NAME_GOES_ON.match(text, b.end())        # "Thư viện" alone: "Trung tâm Thông tin - Thư viện"
    parent, branch = _dash_bodies_rx()
    return bool(named) and not branch.match(text, right) and (
        bool(_level_end_rx().search(text, a.end(), dash)) or not parent.match(text, right))


_NAME_GOES_ON = regex.compile(r"[ \t]+[\p{L}\d]")


@datafiles.built_once
def _level_end_rx():
    """A name's end at its locality: "… tỉnh", "… huyện Bảo Lâm"."""
    return regex.compile(r"(?<![\p{L}])(?:%s)(?:\s+\p{Lu}\p{L}*)*\s*$" % _levels_alt())


@datafiles.built_once
def _dash_bodies_rx():
    """The bodies that, after a dash, go with the name before it: a division's parent ("Phòng
    Nghiệp vụ Y - Sở Y tế", `parent_bodies`), unless that name ends at its locality, and a branch
    whatever the name ("… Việt Nam - Chi nhánh tỉnh Hà Tĩnh", `dash_joins`)."""
    d = datafiles.load("units")
    return tuple(regex.compile(r"(?:%s)(?![\p{L}])" % patterns.alternation(d[key])) for key in ("parent_bodies", "dash_joins"))


def _unit_phrase(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The unit name that starts at `pos`, ended by a stop word or punctuation."""
    body_start, stop_rx, *_ = _data()
    window = text[pos:limit]
    if not body_start.match(window):
        return None
    c_end = _compound_end(window)
    end = _name_end(window, max(c_end, 1, body_start.match(window).end()))
    whole = _complete_name_rx().match(window, 0, end)
    if whole:      # "Sở Tài chính" + "nâng cấp …", "Tỉnh đoàn" + "giải ngân …": the name was complete
        end = whole.end()
    more = _levels_rx().match(window, end) if _ends_in_level(window[:end]) else None
    if more:       # "Trạm Y tế các xã" + ", thị trấn": every commune of the levels listed
        end = _name_end(window, more.end())
    name = _TRAILING_AND.sub("", window[:end].rstrip(" ,-"))     # "các bộ, ngành và" before "tổ chức"
    if not name:
        return None
    code = _UNIT_CODE.match(window, len(name))
    return pos, pos + (code.end() if code else len(name))


# the code of a police or army unit in brackets after its name: "Phòng Cảnh sát hình sự (PC02)"
_UNIT_CODE = regex.compile(r"\s*\((?:[A-ZĐ]{1,4}\d{1,3}|[A-ZĐ]{2,4}\d{0,2}-[A-ZĐ\d]{1,6})\)")


@datafiles.built_once
def _complete_name_rx():
    """A name complete in itself, followed by a lower-case word that is no locality: a Sở or Bộ and its
    sector ("Sở Khoa học và Công nghệ" + "tái cấu trúc …"), a Đoàn of a province or district ("Tỉnh
    đoàn" + "giải ngân …"). Their localities ("Sở Y tế tỉnh") and a place's proper name go on with
    them. (Not a Phòng: the divisions of a hospital or department go on in lower case, "Phòng Tài
    chính kế toán", "Phòng Xây dựng chính quyền và công tác thanh niên".)"""
    d = datafiles.load("units")
    keep = patterns.alternation(d["localities"] + d["after_locality"] + ["và", "cùng cấp"])
    return regex.compile(r"(?:(?:Sở|Bộ)\s+(?:%s)|(?:Tỉnh|Huyện|Thành|Quận|Thị)\s+(?:đoàn|Đoàn))"
                         r"(?=\s+(?!(?:%s)(?![\p{L}]))\p{Ll})" % (patterns.alternation(gazetteer.sector_surfaces()), keep))


_TRAILING_AND = regex.compile(r"(?:\s+(?:và|cùng|với))+$")


def _name_end(window: str, pos: int) -> int:
    """Where the name in `window` ends, searching from `pos`: at the first stop that is not inside
    one of the name phrases of units.yaml ("có" of "Phòng Người có công")."""
    m = _stop_outside_phrases(_data()[1], window, pos, len(window))
    return m.start() if m else len(window)


def _stop_outside_phrases(stop_rx, text: str, pos: int, limit: int):
    """The first match of `stop_rx` in text[pos:limit] that is not inside a name phrase."""
    while True:
        m = stop_rx.search(text, pos, limit)
        if m is None:
            return None
        near = _name_phrase_rx().finditer(text, max(0, m.start() - 50), min(len(text), m.end() + 50))
        word = m.start() + len(m.group()) - len(m.group().lstrip())     # the stop word itself
        covering = next((x.end() for x in near if x.start() <= word < x.end() and x.start() < m.end()), None)
        tail = _name_tail_rx().match(text, m.start()) if covering is None else None
        if covering is None and tail is None:
            return m
        if tail is not None and not tail.group().endswith("thuộc"):
            # a tail complete in itself ends the name before a lower-case word: "Hội LHPN cùng cấp"
            # + "khẩn trương …", "… trực thuộc Trung ương" + "triển khai …"
            after = _AFTER_TAIL.match(text, tail.end(), limit)
            if after and not _keep_after_tail_rx().match(text, after.end()):
                return after
        pos = covering if covering is not None else tail.end()


_AFTER_TAIL = regex.compile(r"\s+(?=\p{Ll})")


@datafiles.built_once
def _keep_after_tail_rx():
    d = datafiles.load("units")
    return regex.compile(r"(?:%s)(?![\p{L}])" % patterns.alternation(d["localities"] + d["after_locality"]))


@datafiles.built_once
def _name_tail_rx():
    return regex.compile(r"\s+(?i:%s)(?![\p{L}])" % patterns.alternation(datafiles.load("units").get("name_tails", ())))


@datafiles.built_once
def _name_phrase_rx():
    phrases = datafiles.load("units").get("name_phrases", ())
    return regex.compile(r"(?<![\p{L}])(?i:%s)(?![\p{L}])" % patterns.alternation(phrases))


def _ends_in_level(name: str) -> bool:
    """Does a name end in a level that more levels may follow? "Trạm Y tế các xã", "Công an xã"
    (+ ", phường, thị trấn"), "các trường mầm non" (+ ", tiểu học"; schools' levels in any case:
    "các trường Mầm non, Tiểu học")."""
    return name.endswith(_levels_tails()) or name.casefold().endswith(_school_tails())


@datafiles.built_once
def _school_tails() -> tuple[str, ...]:
    return tuple(" " + lv.casefold() for lv in datafiles.load("units").get("school_levels", []))


def _all_levels() -> list[str]:
    d = datafiles.load("units")
    return d["levels"] + d.get("party_levels", []) + d.get("school_levels", [])


@datafiles.built_once
def _levels_rx():
    """More levels after "các xã": ", thị trấn", ", thị xã, thành phố" (not ", xã Tân An": a place)."""
    # (the last level may come after "và": "UBND các huyện, thị xã và thành phố Huế")
    levels = _levels_alt()
    return regex.compile(r"(?:\s*,\s*(?:%s)(?![\p{L}])(?!\s+\p{Lu}))*(?:(?:\s*,\s*|\s+và\s+)(?:%s)(?![\p{L}]))"
                         % (levels, levels))


def _levels_alt() -> str:
    """The levels as a regex alternation: places as written, schools' levels in any case."""
    d = datafiles.load("units")
    return r"%s|(?i:%s)" % (patterns.alternation(d["levels"] + d.get("party_levels", [])),
                            patterns.alternation(d.get("school_levels", [])))


@datafiles.built_once
def _levels_tails() -> tuple[str, ...]:
    return tuple(" " + lv for lv in _all_levels())


@datafiles.built_once
def _more_levels_rx():
    """A level and more levels after it in one name: "Đoàn xã, thị trấn", "Trạm Y tế xã, phường"."""
    return regex.compile(r"(?<![\p{L}])(?:%s)%s" % (_levels_alt(), _levels_rx().pattern))


@datafiles.built_once
def _level_list_rx():
    """"các xã, phường, thị trấn": its commas part no list of units."""
    levels = _levels_alt()
    return regex.compile(r"các\s+(?:%s)(?:\s*,\s*(?:%s)(?![\p{L}]))+" % (levels, levels))


def _compound_end(text: str) -> int:
    """Where a name with commas or "và" inside that begins `text` ends, after an office title
    ("Chủ tịch UBND các huyện, thị xã"); 0 when none begins it."""
    office = _office_rx().match(text).end()
    c = _compound_rx().match(text[office:])
    end = office + c.end() if c else 0
    # "UBND các phường Minh Xuân, Nông Tiến và Mỹ Lâm": the places listed after the level
    body = _data()[0].match(text, office)
    places = _place_list_rx().match(text, body.end() + 1) if body and text[body.end():body.end() + 1] == " " else None
    if body and places is None:
        # after the body's field: "Sở Giao thông vận tải các tỉnh Thanh Hóa, Nghệ An, Hà Tĩnh"
        places = _place_list_rx().search(text, body.end(), body.end() + 80)
        if places and _stop_outside_phrases(_data()[1], text, body.end(), places.start()):
            places = None
    return max(end, places.end()) if places else end


def is_vague(name: str) -> bool:
    """A group too vague to name anyone ("các cơ quan, đơn vị liên quan", "các thôn"), unless it
    is one of the named groups ("các đơn vị trường học")."""
    folded = _office_rx().sub("", name, count=1).casefold()
    return folded.startswith(_data()[2]) and not folded.startswith(_named_groups())


@datafiles.built_once
def _named_groups() -> tuple[str, ...]:
    return tuple(g.casefold() for g in datafiles.load("units").get("named_groups", ()))


@datafiles.built_once
def _next_rx():
    body_alt = _data()[3]
    after = r"(?=%s(?:các\s+)?(?:%s)(?![\p{Ll}]))" % (_office_prefix(), body_alt)
    # (past a remark in brackets: "Phòng Kinh tế (đối với xã) hoặc Phòng Kinh tế, Hạ tầng và Đô thị")
    return (regex.compile(r"(?:\s*\((?!chủ trì|phối hợp)\p{Ll}[^()\n]{0,60}\))?"
                          r"\s*(?:,\s*|;\s+|\s+và\s+|\s+cùng\s+|\s+hoặc\s+)" + after),
            regex.compile(r"(?:,|;|\s+và)\s+" + after))


_MEMBERS = regex.compile(r"\s*[:(]\s*")
_AND_GROUP = regex.compile(r"\s+và\s+(?=các\s+\p{Ll})")
_NEXT_GROUP = regex.compile(r"\s*(?:,|;|\s+và)\s+(?=(?:các|Các)\s+\p{Ll})")


def _units_from(text: str, pos: int, limit: int, keep_vague: bool = False) -> list[tuple[int, int]]:
    """A list of units starting at `pos` ('Sở Y tế, Sở GD&ĐT và Công an tỉnh chủ trì ...'). A vague
    group is skipped (kept when `keep_vague`), and a named unit after it is still read ("các cơ
    quan, đơn vị liên quan và UBND các xã")."""
    next_rx, after_vague_rx = _next_rx()
    out = []
    cur = pos
    while cur < limit:
        span = _unit_phrase(text, cur, limit)
        if span is None and _office_rx().sub("", text[cur:cur + 60], count=1).casefold().startswith(_data()[2]):
            span = (cur, cur)            # a vague group without a body word: look past it
        if span is None:
            break
        a, b = span
        if a == b and keep_vague:
            # a group without a body word, named in a heading: as written ("và các đoàn thể:")
            stop = _stop_outside_phrases(_group_stop_rx(), text, cur, limit)
            b = a + len(text[a:stop.start() if stop else limit].rstrip(" ,"))
            nxt = next_rx.search(text, a, b)
            b = nxt.start() if nxt else b
            span = (a, b)
        vague = a == b or is_vague(text[a:b])
        if (keep_vague or not vague) and b > a:
            out.append(span)
        nxt = next_rx.match(text, b)
        if not nxt:
            # a heading's "… và các đoàn thể"; a vague group in a list, named units after it:
            # "Sở Y tế, Tỉnh đoàn, các cơ quan, đơn vị liên quan và UBND các huyện"
            group = _NEXT_GROUP.match(text, b)
            if group and (keep_vague or text[group.end():group.end() + 60].casefold().startswith(_data()[2])):
                nxt = group
        if not nxt and vague:
            # … up to the verb of the task: "phối hợp với các cơ quan liên quan báo cáo Hội đồng X"
            clause = _group_stop_rx().search(text, b, limit)
            nxt = after_vague_rx.search(text, b, clause.start() if clause else limit)
            if not nxt and clause:
                # the group's members listed: "các đơn vị: …", "các đơn vị liên quan (…)"
                nxt = _MEMBERS.match(text, clause.start())
        if not nxt or nxt.end() >= limit:
            break
        cur = nxt.end()
    return out


_LEAD_FIELD = regex.compile(r"(?i:(?:đơn vị|cơ quan)\s+chủ trì|chủ trì(?:\s+thực hiện)?)\s*:\s*")
_COOP_FIELD = regex.compile(r"(?i:(?:đơn vị|cơ quan)\s+phối hợp|phối hợp(?:\s+thực hiện)?)\s*:\s*")
_COOP_WITH = regex.compile(r"(?i:phối(?:\s+kết)?\s+hợp)(?:\s+chặt chẽ)?\s+(?:(?:với|cùng)\s+)?")
# (not "kinh phí đã giao cho Sở": what was given to a body is no task; nor "bàn giao cho các trường",
# "chuyển giao cho": a handing over; nor a cited document's subject, "Công văn số … về việc giao Sở Y tế
# tham mưu …")
# ("đề nghị các đồng chí Chủ tịch UBND các xã": the posts' holders addressed)
_GIAO = regex.compile(r"(?<![\p{L}])(?<!(?:đã|được|bàn|chuyển)\s)(?<!(?:về việc|V/v)\s)(?:(?:Giao|giao)(?:\s+(?:nhiệm vụ|trách nhiệm))?|Đề nghị|đề nghị)\s+(?:cho\s+)?"
                      r"(?:(?:các\s+)?đồng chí\s+)?")
_FIELD_STOP = regex.compile(r"[.;](?:\s+|$)")
_CHU_TRI = regex.compile(r"\s+(?:chủ trì|là cơ quan chủ trì|là đơn vị chủ trì)(?![\p{L}])|\s*\(chủ trì\)"
                         # "- Phòng Tư pháp: chủ trì, …", "- Phòng Nội vụ: Là cơ quan thường trực, chủ trì …",
                         # "Sở Y tế: Là cơ quan thường trực Ban Chỉ đạo liên ngành …, chủ trì"
                         r"|\s*:\s*(?:[Ll]à\s+(?:cơ quan|đơn vị)\s+(?:thường trực|đầu mối)(?:\s+[^,;:.\n]{1,120})?\s*,?\s*)?"
                         r"(?:[Ll]à\s+(?:cơ quan|đơn vị)\s+)?[Cc]hủ trì(?![\p{L}])"
                         # "(Phòng Lao động - TB&XH chủ trì; Phòng Tư pháp, Công an huyện phối hợp)"
                         r"|(?P<coop>\s*\(phối hợp\)|\s+phối hợp(?=\s*\))"
                         # "- Phòng Văn hóa và Thông tin: phối hợp đăng tải …" (not "phối hợp với Y": Y cooperates)
                         r"|\s*:\s*[Pp]hối hợp(?!\s+(?:với|cùng|chặt chẽ|thực hiện:))(?=\s+\p{Ll}))")


# a person named before the posts they hold: "đồng chí Hoàng Văn Tuấn, Phó Chủ tịch UBND huyện,
# Trưởng Ban Chỉ đạo … chủ trì cuộc họp" is the person chairing, no body given a task
_PERSON_BEFORE = regex.compile(r"(?<![\p{L}])(?i:đồng chí|ông|bà)\s+(?:\p{Lu}\p{Ll}*\s+){1,4}\p{Lu}\p{Ll}*\s*,")
# what may stand between a unit list and its "chủ trì" (also what the unit is, in brackets: "Sở Y
# tế (cơ quan thường trực Ban Chỉ đạo …) chủ trì")
_BEFORE_CHU_TRI = regex.compile(r"\s*,?(?:\s+(?:tiếp tục|trực tiếp|sẽ|cũng|vẫn|có trách nhiệm|chịu trách nhiệm"
                                 r"|là (?:cơ quan|đơn vị) (?:thường trực|đầu mối),?|\(\p{Ll}[^()\n]{0,200}\)))*\s*")
# what may stand between a group heading's group and a unit named after it: whose the group is
_GROUP_OF = regex.compile(r"\s+(?:của|thuộc|trực thuộc)\s+[^,;:.]{1,40}")
_HEADING_STOP = regex.compile(r"\s*:|\s*\.(?:\s|$)|\s+-\s+(?=\p{Ll})|\s*\(")


@datafiles.built_once
def _compound_any_rx():
    return regex.compile(_compound_rx().pattern.removeprefix("^"))


@datafiles.built_once
def _place_list_rx():
    """The bodies of several places, named one by one: "UBND các phường Minh Xuân,
    Nông Tiến, An Tường và Mỹ Lâm" (a name after the comma that begins with a body word is another
    unit)."""
    place = r"(?!(?:%s)(?![\p{Ll}]))\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3}" % _data()[3]
    # (after several levels too: "UBND các huyện, thành phố Đà Lạt, Bảo Lộc")
    levels = patterns.alternation(datafiles.load("units")["levels"])
    # (each place with its level: "UBND các huyện, thành phố Long Khánh, thành phố Biên Hòa")
    later = r"(?:(?:%s)\s+)?%s" % (levels, place)
    return regex.compile(r"(?<![\p{L}])các\s+(?:%s)(?:\s*,\s*(?:%s))*\s+%s(?:\s*,\s*%s)+(?:\s+và\s+%s)?"
                         % (levels, levels, place, later, later))


@datafiles.built_once
def heading_prefix_rx():
    """The words a unit heading may put before its unit (group "of": "Trách nhiệm của", which is
    a unit heading only when no heading is under it)."""
    d = datafiles.load("units")
    alt = lambda words: "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    return regex.compile(r"(?:(?:%s)\s*:?|(?P<of>%s))\s+" % (alt(d["heading_verbs"]), alt(d["heading_of"])))


@datafiles.built_once
def _column_headers():
    """The tests for the headers of a task table's columns of units: "Đơn vị chủ trì", "Cơ quan
    phối hợp", "Đơn vị thực hiện chính" (data/units.yaml, `table_columns`)."""
    cols = datafiles.load("units")["table_columns"]
    lead, coop = (regex.compile(r"(?:%s)$" % "|".join(cols[role]), regex.I) for role in ("lead", "cooperate"))
    return (lambda cell: bool(lead.match(" ".join(cell.split()))),
            lambda cell: bool(coop.match(" ".join(cell.split()))))


# (also after a dash or "và": "… nghề nghiệp - Giáo", "Sở Thông tin và Tru")
# (or after a comma, a level's list cut: "Ủy ban nhân dân các xã, ph")
_CUT_WORD = regex.compile(r"(?:[ \t]+(?:(?P<glue>[-–]|và)[ \t]+)?|(?P<comma>,)[ \t]*)(?P<word>\p{L}+)")


_CUT_NAME_TAIL = regex.compile(r"(?:[ \t]+\p{Ll}+){1,3}[ \t]+và[ \t]+\p{Lu}\p{L}*")


def runs_into_cut(text: str, end: int, cut_end: int) -> bool:
    """Does only a word cut off with the text follow a name ending at `end` ("Trung tâm Y tế" +
    " thà")? Then the name was cut too (not when the word after "và" begins another body: "Sở Y
    tế và Sở")."""
    m = _CUT_WORD.fullmatch(text, end, cut_end)
    if m:
        return not ((m.group("glue") == "và" or m.group("comma")) and _data()[0].match(text, m.start("word")))
    # a few more words of the name and a field after "và" before the cut: "Trung tâm Công nghệ"
    # + " thông tin và Truyền"
    return bool(_CUT_NAME_TAIL.fullmatch(text, end, cut_end))


def cut_off_end(text: str) -> int:
    """Where a text cut off in the middle of a word ends (a name there is cut too: "Công an tỉ");
    past the end when the text ends otherwise."""
    tail = text.rstrip()
    return len(tail) if tail[-1:].isalpha() else len(text) + 1


def _clause_start(text: str, pos: int) -> int:
    cut = max(text.rfind(ch, 0, pos) for ch in ".;:\n")
    return cut + 1


def find(doc: Document, outline: Outline, doc_type: str | None) -> list[Unit]:
    text = doc.text
    found: dict[tuple[int, int], tuple[str, str]] = {}
    body_start, *_ = _data()
    end_of_body = body_end(text)
    cut_end = cut_off_end(text)

    def add(span, role, rule):
        a, b = span
        if b <= a or a >= end_of_body or b >= cut_end or runs_into_cut(text, b, cut_end):
            return          # (a name at the very end of a text cut off mid-word, "Công an tỉ" or
            #               "Trung tâm Y tế thà", is no name)
        name = text[a:b]
        if " " not in name.strip() and not name.isupper():
            return          # a body word alone ("Sở", "Hội đồng" cut short) names no one
        if any(a < y and x < b for (x, y) in found):
            return
        found[(a, b)] = (role, rule)

    # 1. unit headings under the organization section (or the numbered items of a letter)
    org_lines = [m.start() for m in _org_line_rx().finditer(text)]
    for h in outline.headings:
        if _is_unit_heading(h, outline, doc_type, text, org_lines):
            line = text[h.start:h.line_end]
            a = h.start + regex.match(r"^\S+\s+", line).end()
            prefix = heading_prefix_rx().match(text, a, h.line_end)
            a = prefix.end() if prefix else a
            if _LEAD_FIELD.match(text, a) or _COOP_FIELD.match(text, a):
                continue                          # "2. Cơ quan phối hợp: …": a field, read below
            c_end = _compound_end(text[a:h.line_end])
            inside = [x.span() for rx in (_compound_any_rx(), _level_list_rx(), _name_phrase_rx())
                      for x in rx.finditer(text, a, h.line_end)]
            stop = next((x for x in _HEADING_STOP.finditer(text, a + c_end, h.line_end)
                         if not any(p < x.start() < q for p, q in inside)), None)
            limit = stop.start() if stop else h.line_end
            if text.startswith(("Các ", "các "), _office_rx().match(text, a).end()):
                bm = body_start.match(text, a)
                gs = _stop_outside_phrases(_group_stop_rx(), text, max(bm.end() if bm else a + 4, a + c_end), limit)
                b = gs.start() if gs else limit
                owner = _OF.match(text, b, limit)
                if owner and body_start.match(text, owner.end()):
                    # the group of a body: "Các tổ chức thành viên của Ủy ban MTTQ Việt Nam huyện"
                    of = _units_from(text, owner.end(), limit)
                    if of and of[0][0] == owner.end():
                        b = of[0][1]
                # "Các sở, ban, ngành, UBND các xã, phường", "Các Sở, ban, ngành của Thành phố, UBND
                # phường, xã": a named unit after the group
                more = _next_rx()[1].search(text, a + (c_end or 4), limit)
                if more and more.start() > b and not _GROUP_OF.fullmatch(text, b, more.start()):
                    more = None                   # "… phối hợp với …, các trường": not the heading's units
                b = min(b, more.start()) if more else b
                # two office-holders of groups: "Trưởng các phòng, Thủ trưởng các đơn vị thuộc Sở"
                second = _second_office_rx().search(text, a + 1, b)
                if second and _office_rx().match(text, a).end() > a:
                    add((a, second.start()), "lead", "unit.heading")
                    a = second.end()
                # two groups of bodies: "các trường trung học phổ thông và các trung tâm giáo dục …"
                for two in _AND_GROUP.finditer(text, a, b):
                    rest = text[two.end() + 4:b]
                    if body_start.match(rest[:1].upper() + rest[1:]):
                        add((a, two.start()), "lead", "unit.heading")
                        a = two.end()
                        break
                add((a, a + len(text[a:b].rstrip(" ,"))), "lead", "unit.heading")
                if more:
                    for span in _units_from(text, more.end(), limit, keep_vague=True):
                        add(span, "lead", "unit.heading")
                continue
            spans = _units_from(text, a, limit, keep_vague=True) or _roles(text, a, limit)
            spans += _named_after(text, spans[-1][1], limit) if spans else []
            for span in spans:
                add(span, "lead", "unit.heading")
    # 2. fields "Đơn vị chủ trì: X" / "Đơn vị phối hợp: X"
    for rx, role, rule in ((_LEAD_FIELD, "lead", "unit.lead_field"), (_COOP_FIELD, "cooperate", "unit.coop_field")):
        for m in rx.finditer(text):
            limit = _line_end(text, m.end())
            # the list runs on over "; " when a body's name follows: "Sở Y tế; Đài Truyền thanh huyện"
            stop = next((x for x in _FIELD_STOP.finditer(text, m.end(), limit)
                         if not (x.group().startswith(";") and body_start.match(text, x.end()))), None)
            limit = stop.start() if stop else limit
            for a, b in _split_list(text[m.end():limit], m.end(), dashes=True):
                if body_start.match(text, a) and not is_vague(text[a:b]):
                    span = _unit_phrase(text, a, b + 1) or (a, b)
                    add((span[0], min(span[1], b)), role, rule)
    # 2b. the cells of a task table's columns "Đơn vị chủ trì" / "Đơn vị phối hợp"
    lead_header, coop_header = _column_headers()
    for is_header, role, rule in ((lead_header, "lead", "unit.table_lead"),
                                  (coop_header, "cooperate", "unit.table_cooperate")):
        for x, y in table_columns.column_cells(doc, is_header):
            for a, b in _split_list(text[x:y], x, dashes=True):
                if body_start.match(text, a) and not is_vague(text[a:b]):
                    span = _unit_phrase(text, a, b + 1) or (a, b)
                    if " " not in text[span[0]:span[1]].strip():
                        span = (a, b)       # a cell holds the name whole: "Ban phát triển các thôn"
                    add((span[0], min(span[1], b)), role, rule)
    # 3. "phối hợp với X"
    for m in _COOP_WITH.finditer(text):
        for span in _units_from(text, m.end(), _line_end(text, m.end())):
            add(span, "cooperate", "unit.cooperate_with")
    # 4. "Giao X ..." / "Đề nghị X ..."
    for m in _GIAO.finditer(text):
        for span in _units_from(text, m.end(), _line_end(text, m.end())):
            add(span, "lead", "unit.giao")
    # 5. "X chủ trì", "X (chủ trì), Y (phối hợp)"
    for m in _CHU_TRI.finditer(text):
        role, rule = ("cooperate", "unit.phoi_hop_mark") if m.group("coop") else ("lead", "unit.chu_tri")
        labelled = _label_list(text, m.start()) if m.group().lstrip().startswith(":") else None
        if labelled:
            for span in labelled:
                add(span, role, rule)
            continue
        cs = _clause_start(text, m.start())
        if _PERSON_BEFORE.search(text, cs, m.start()):
            continue
        # the unit list begins at a body word of the clause, the first one whose list ends right
        # where "chủ trì" begins: "X giao (cơ quan) chủ trì", "sau khi họp Hội đồng …, đơn vị chủ
        # trì" name no one
        for bm in regex.finditer(r"(?:(?<=^)|(?<=[\s(]))(?=[^\s(])", text[cs:m.start()]):
            p = cs + bm.start()
            if body_start.match(text, p) and not member_of_before(text, cs, p):
                spans = [s for s in _units_from(text, p, m.start() + 1) if s[1] <= m.start() + 1]
                if spans and _BEFORE_CHU_TRI.fullmatch(text, spans[-1][1], m.start()):
                    for span in spans:
                        add(span, role, rule)
                    break
    out = []
    for (a, b), (role, rule) in sorted(found.items()):
        name = text[a:b]
        h = outline.section_at(a)
        out.append(Unit(name=name, canonical=gazetteer.canonical(name), role=role, text=name, span=(a, b),
                        section=h.id if h else None, rule=rule))
    return out


def _label_list(text: str, end: int) -> list[tuple[int, int]] | None:
    """The units of a paragraph's label listed with semicolons, before its ": chủ trì" at `end`:
    "Các LĐLĐ huyện, thành phố, thị xã; Công đoàn ngành; Công đoàn các Khu kinh tế: chủ trì …".
    None unless the label is all units, each part one."""
    body_start = _data()[0]
    start = _LIST_MARK.match(text, text.rfind("\n", 0, end) + 1).end()
    if ";" not in text[start:end]:
        return None
    out = []
    for part in regex.finditer(r"[^;]+", text[start:end]):
        p = start + part.start() + len(part.group()) - len(part.group().lstrip())
        q = start + part.end()
        spans = [x for x in _units_from(text, p, q + 1) if x[1] <= q] if body_start.match(text, p) else []
        if not spans or text[spans[-1][1]:q].strip():
            return None
        out += spans
    return out


def _roles(text: str, a: int, limit: int) -> list[tuple[int, int]]:
    """The posts a unit heading names: "3. Giáo viên chủ nhiệm", "5. Tổng phụ trách Đội, Bí thư Chi
    đoàn: …", "6. Nhân viên y tế trường học phối hợp với …" (the post, not its task)."""
    out = []
    for part in regex.finditer(r"[^,;]+", text[a:limit]):
        p = a + part.start() + len(part.group()) - len(part.group().lstrip())
        m = _role_rx().match(text, p, limit)
        if not m:
            break
        window = text[p:a + part.end()]
        end = _name_end(window, m.end() - p)
        out.append((p, p + len(_TRAILING_AND.sub("", window[:end].rstrip(" ,.")))))
    return out


# the next name of a heading's list, a proper name without a body word: "7. Đề nghị Viễn thông Quảng
# Trị, Viettel Quảng Trị, Bưu điện tỉnh", "7. Đài Phát thanh và Truyền hình tỉnh, Báo Phú Yên, Cổng
# thông tin điện tử tỉnh"
_NEXT_NAME = regex.compile(r"\s*,\s+(?P<name>\p{Lu}[^,;:.()\n]*?)(?=\s*(?:[,;:.(\n]|$))")


def _named_after(text: str, end: int, limit: int) -> list[tuple[int, int]]:
    """The rest of a unit heading's list after the names the finder read: each part a capitalised
    name of at most eight words (a heading names its units whatever they are)."""
    out = []
    while True:
        m = _NEXT_NAME.match(text, end, limit)
        if m is None or len(m.group("name").split()) > 8:
            break
        span = _unit_phrase(text, m.start("name"), m.end("name")) or m.span("name")
        out.append(span)
        end = max(span[1], m.end("name"))
    return out


@datafiles.built_once
def _role_rx():
    """A post that heads a unit heading (units.yaml heading_roles)."""
    return regex.compile(r"(?:%s)(?![\p{L}])" % patterns.alternation(datafiles.load("units")["heading_roles"]))


def names_group_or_post(name: str) -> bool:
    """Does a name without a body word name a group ("Các thôn trên địa bàn xã") or a post
    ("Hiệu trưởng", "Giáo viên chủ nhiệm")?"""
    return name.startswith(("Các ", "các ")) or bool(_role_rx().match(name))


def is_letter(doc_type: str | None) -> bool:
    """Is it a document whose top-level numbered items instruct the bodies they name (a letter, a
    directive, units.yaml `letter_types`)?"""
    return doc_type in datafiles.load("units")["letter_types"]


def _line_end(text: str, pos: int) -> int:
    e = text.find("\n", pos)
    return len(text) if e < 0 else e


@datafiles.built_once
def _org_line_rx():
    """The organization section's title on a line of its own, without a number ("TỔ CHỨC THỰC HIỆN"
    between "II. NỘI DUNG" and "1. Sở Y tế"; units.yaml unnumbered_organization_titles)."""
    titles = datafiles.load("units")["unnumbered_organization_titles"]
    return regex.compile(r"(?m)^(?:%s)[ :.]*$" % "|".join(titles))


def _is_unit_heading(h: Heading, outline: Outline, doc_type: str | None, text: str = "",
                     org_lines: list[int] = ()) -> bool:
    body_start, *_ = _data()
    title = h.title
    if text and title in datafiles.load("units")["heading_verbs"]:
        title = text[h.start:h.line_end].split(":", 1)[-1].strip()     # "6. Đề nghị: Hội Nông dân"
    prefix = heading_prefix_rx().match(title)
    if prefix:
        if prefix.group("of") and any(k.parent == h.id and body_start.match(k.title) for k in outline.headings):
            return False       # "1. Trách nhiệm của các sở, ngành" over "a) Sở Y tế", "b) …"; not over tasks
        title = title[prefix.end():]
    # (a group after the prefix in small letters: "2. Đối với các đơn vị trực thuộc Sở")
    groups = ("Các ", "UBND", "Ủy ban") + (("các ",) if prefix else ())
    office = _office_rx().match(title).end()         # "Thủ trưởng các cơ quan, đơn vị; Chủ tịch UBND …"
    if not body_start.match(title) and not title.startswith(groups) and not _role_rx().match(title) \
            and not (office and title.startswith("các ", office)):
        return False
    parent = outline.by_id(h.parent) if h.parent else None
    if parent is not None and parent.kind == "organization":
        return h.kind == "organization"
    if any(p < h.start and (parent is None or parent.start < p) for p in org_lines):
        return True       # under an organization title without a number, and no heading since
    if parent is None and is_letter(doc_type) and h.style == "heading.arabic":
        return True
    if (parent is not None and parent.parent is None and is_letter(doc_type) and h.style == "heading.letter"
            and parent.style == "heading.arabic" and heading_prefix_rx().match(parent.title)):
        return True       # a letter's "1. Đối với các sở, ban, ngành:" over "a) Sở Y tế: …", "b) …"
    # "IV. NHIỆM VỤ CỤ THỂ" / "1. Sở Nông nghiệp và Môi trường" / "2. Sở Văn hóa, …": a list of
    # headings that are mostly names of bodies, each followed by that body's tasks
    return parent is not None and parent.kind == "tasks" and len(title.split()) <= 14 \
        and _names_bodies(outline, parent)


def _names_bodies(outline: Outline, parent: Heading) -> bool:
    body_start, *_ = _data()
    kids = [h for h in outline.headings if h.parent == parent.id]
    named = sum(1 for h in kids if body_start.match(h.title) and len(h.title.split()) <= 14)
    # (two are enough when both name bodies: "a) Phòng GDĐT các huyện", "b) Các trường THPT")
    return (len(kids) >= 3 and named >= 0.6 * len(kids)) or (len(kids) == 2 and named == 2)
