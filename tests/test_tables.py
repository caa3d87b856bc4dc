"""The flat tables carry every item of a real extraction, with the documented columns."""
from extractor import tables


def test_every_table_has_its_columns_and_all_items(seed_results):
    for name, ex in seed_results.items():
        out = tables.all_rows(ex)
        for table, rows in out.items():
            for row in rows:
                assert tuple(row) == tables.COLUMNS[table], (name, table)
                assert row["document_id"] == ex.source.sha256
        assert len(out["documents"]) == 1
        assert len(out["sections"]) == len(ex.sections)
        assert len(out["tasks"]) == len(ex.tasks)
        assert len(out["deadlines"]) == len(ex.deadlines)
        assert {r["ref_id"] for r in out["legal_refs"]} == {r.id for r in ex.legal_refs}
        assert {r["target_id"] for r in out["targets"]} == {t.id for t in ex.targets}


def test_task_rows_join_units_and_earliest_due_date(seed_results):
    ex = seed_results["seed002"]
    rows = {r["task_id"]: r for r in tables.rows(ex, "tasks")}
    dated = [t for t in ex.tasks if t.deadlines]
    assert dated, "seed002 has tasks with deadlines"
    by_id = {d.id: d for d in ex.deadlines}
    for t in dated:
        ends = [by_id[i].end for i in t.deadlines if by_id[i].end]
        if ends:
            assert rows[t.id]["due_end"] == min(ends)
    led = [t for t in ex.tasks if t.lead]
    assert led and rows[led[0].id]["lead"].split("; ") == led[0].lead
