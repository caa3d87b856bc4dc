"""Every regex in the data files matches its examples and none of its counter-examples."""
import pytest
import regex

from extractor import datafiles, patterns

CASES = []
for name, key in (("headings", "styles"), ("timex", "patterns")):
    for entry in datafiles.load(name)[key]:
        for ex in entry.get("examples", []):
            CASES.append((entry["id"], entry["regex"], ex, True))
        for ex in entry.get("counter_examples", []):
            CASES.append((entry["id"], entry["regex"], ex, False))
_appendix = dict(datafiles.load("headings")["appendix"], id="appendix")
_form = dict(datafiles.load("headings")["form"], id="form")
for entry in (datafiles.load("normalize")["drop_lines"] + [dict(_appendix, regex=_appendix["starts"])]
              + [dict(_form, regex=_form["starts"])]
              + datafiles.load("timex")["exclusions"]):
    for ex in entry.get("examples", []):
        CASES.append((entry["id"], entry["regex"], ex, True))
    for ex in entry.get("counter_examples", []):
        CASES.append((entry["id"], entry["regex"], ex, False))


@pytest.mark.parametrize("rule,pattern,text,should", CASES, ids=[f"{c[0]}:{c[2][:30]}" for c in CASES])
def test_examples(rule, pattern, text, should):
    rx = patterns.compile(pattern)
    m = rx.search(text)
    if rule.startswith("heading."):
        m = rx.match(text)
        if m and rule == "heading.roman":
            from extractor.sections import roman_value
            m = m if roman_value(m.group("number")) else None
    assert bool(m) == should, f"{rule} on {text!r}"


def test_units_yaml_lists_are_not_split_by_commas():
    # a flow list item with a comma must be quoted, or YAML splits it in two
    assert "Phòng" not in datafiles.load("units")["false_bodies"]


NEEDS = [(e["id"], e["needs"], ex) for e in datafiles.load("timex")["patterns"] + datafiles.load("timex")["exclusions"]
         if e.get("needs") for ex in e.get("examples", [])]


@pytest.mark.parametrize("rule,needs,text", NEEDS, ids=[f"{n[0]}:{n[2][:30]}" for n in NEEDS])
def test_a_pattern_needs_only_words_its_examples_hold(rule, needs, text):
    # a pattern is skipped on a text without any of its `needs`: each example must hold one
    assert any(w in text.lower() for w in needs), f"{rule}: {needs} not in {text!r}"
