"""The whole pipeline on the seeds: contract, spans, metadata, tasks."""
import json
import os
import subprocess
import sys

from corpus_paths import ROOT, TEXTS

CHECKER = os.path.join(os.path.dirname(ROOT), "shared", "tools", "check_contract.py")


def test_every_span_points_at_its_text(seed_results):
    for r in seed_results.values():
        for field in ("percentages", "targets", "units", "deadlines"):
            for item in getattr(r, field):
                a, b = item.span
                assert r.text[a:b] == item.text
        for ref in r.legal_refs:
            for m in ref.mentions:
                assert r.text[m.span[0]:m.span[1]] == m.text


def test_contract_checker_passes_on_corpus_output(tmp_path):
    from extractor.pipeline import extract_path
    paths = []
    for name in sorted(os.listdir(TEXTS)):
        out = tmp_path / (name[:-4] + ".json")
        out.write_text(extract_path(os.path.join(TEXTS, name)).model_dump_json(), encoding="utf-8")
        paths.append(str(out))
    if os.path.exists(CHECKER):
        proc = subprocess.run([sys.executable, CHECKER, *paths], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout[:2000]
    else:  # outside the workspace: at least the JSON must parse back into the contract
        from extractor.contract import Extraction
        for p in paths:
            Extraction.model_validate_json(open(p, encoding="utf-8").read())


def test_seed_metadata(seed_results):
    m = seed_results["seed002"].metadata
    assert (m.number, m.doc_type, m.place, m.issue_date, m.plan_year) == ("12/KH-UBND", "Kế hoạch", "Ia Hla",
                                                                          "2021-04-19", 2022)
    assert m.signer.name == "Dương Đình Bình" and m.signer.position == "Phó Chủ tịch"
    m0 = seed_results["seed000"].metadata
    assert m0.number is None and m0.issue_date is None      # a draft: blank number and day
    assert any(w.code == "blank_issue_date" for w in seed_results["seed000"].warnings)
    assert seed_results["seed003"].metadata.doc_type == "Công văn"


def test_tasks_join_units_and_deadlines(seed_results):
    r = seed_results["seed001"]
    with_lead = [t for t in r.tasks if t.lead and t.deadlines]
    assert with_lead, "some task should carry both its lead unit and its deadline"
    d = {x.id: x for x in r.deadlines}
    assert any(d[i].end == "2025-05-16" for t in r.tasks for i in t.deadlines)


def test_no_task_in_the_recipients_signature_or_appendix():
    from extractor.pipeline import extract_path
    from extractor.sections import body_end
    for name in ("d001", "d004", "seed002"):
        ex = extract_path(os.path.join(TEXTS, name + ".txt"))
        end = body_end(ex.text)
        assert end < len(ex.text), name
        assert ex.tasks and all(t.span[1] <= end for t in ex.tasks), name
        assert not any(t.text.lstrip("- ").startswith(("Lưu", "Nơi nhận")) for t in ex.tasks), name


def test_the_numbered_items_of_a_letter_are_its_tasks():
    from extractor.pipeline import extract_path
    r = extract_path(os.path.join(TEXTS, "seed003.txt"))          # a Công văn: "1. Phòng Lao động - …", "2. …"
    assert r.metadata.doc_type == "Công văn"
    by_section = {}
    for t in r.tasks:
        by_section.setdefault(t.section, []).append(t)
    assert len(by_section) >= 9
    first = by_section["s1"][0]
    assert first.lead == ["Phòng Lao động - Thương binh và Xã hội"]
    assert "UBND các xã, thị trấn" in first.cooperate and first.deadlines
    assert by_section["s6"][0].lead == ["Công an huyện"]


def test_the_time_in_a_title_is_no_deadline():
    from extractor.pipeline import extract_bytes
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC PHỔ\nSố: 88/KH-UBND\nĐức Phổ, ngày 03 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
            "Tổ chức Tháng hành động vì trẻ em năm 2025 (từ ngày 01/6 đến ngày 30/6/2025)\n\n"
            "I. NỘI DUNG\n1. Lễ phát động tổ chức trước ngày 01/6/2025.\n")
    r = extract_bytes(text.encode())
    assert r.metadata.title.startswith("Tổ chức Tháng hành động")
    assert [(d.kind, d.end) for d in r.deadlines] == [("deadline", "2025-06-01")]


def test_warm_up_builds_every_table_and_pattern_and_reads_its_sample():
    # the service and the batch workers call it once at start: afterwards no pattern of the
    # finders is compiled while a document waits
    from extractor import datafiles
    from extractor.pipeline import warm_up
    built = warm_up("rules")
    assert built == len(datafiles._BUILT_ONCE) > 50
    assert all(b.cache_info().currsize == 1 for b in datafiles._BUILT_ONCE)
