"""The Dask engine on a LocalCluster of two single-threaded worker processes: same output as local."""
import json

from extractor.batch import runner


def _by_sha(path):
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    return {d["source"]["sha256"]: d for d in docs}


def test_dask_local_cluster_gives_the_local_output(variant_folder, bad_files, tmp_path):
    folder, shas = variant_folder(30)
    bad, expected = bad_files
    local, dask = str(tmp_path / "local.jsonl"), str(tmp_path / "dask.jsonl")
    runner.run([str(folder), str(bad)], local, workers=2)
    s = runner.run([str(folder), str(bad)], dask, engine="dask", workers=2)
    assert s.engine.startswith("Dask LocalCluster of 2")
    assert s.done == len(shas)
    assert {k.rsplit("/", 1)[-1]: c for k, c, _ in s.failed if k.rsplit("/", 1)[-1] in expected} == expected
    got, want = _by_sha(dask), _by_sha(local)
    assert set(got) == set(shas)
    assert got == want
    again = runner.run([str(folder)], dask, engine="dask", workers=2)
    assert again.already_done == len(shas) and again.done == 0
