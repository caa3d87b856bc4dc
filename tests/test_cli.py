"""The command line on good and bad input: one-line errors, non-zero exits, never a traceback."""
import json
import os
import unicodedata
import subprocess
import sys

from corpus_paths import TEXTS


def run(*args, input_bytes=None):
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, timeout=120)


def test_extract_to_folder(tmp_path):
    p = run("extract", os.path.join(TEXTS, "seed002.txt"), os.path.join(TEXTS, "seed003.txt"), "-o", str(tmp_path))
    assert p.returncode == 0, p.stderr
    data = json.loads((tmp_path / "seed002.json").read_text(encoding="utf-8"))
    assert data["metadata"]["number"] == "12/KH-UBND"
    assert (tmp_path / "seed003.json").exists()


def test_schema_is_json_schema():
    p = run("schema")
    schema = json.loads(p.stdout)
    assert "legal_refs" in schema["properties"] and "$defs" in schema


def _bad(tmp_path, name, data):
    f = tmp_path / name
    f.write_bytes(data)
    p = run("extract", str(f))
    err = p.stderr.decode()
    assert p.returncode != 0
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    return err


def test_bad_inputs(tmp_path):
    assert "empty" in _bad(tmp_path, "empty.txt", b"")
    assert "not UTF-8" in _bad(tmp_path, "junk.txt", os.urandom(4096) + b"\xff\xfe\xfd")
    assert "TCVN3" in _bad(tmp_path, "tcvn.txt", b"K\xea ho\xb9ch s\xe8 12")
    assert "PDF" in _bad(tmp_path, "fake.txt", b"%PDF-1.7 broken")
    assert "binary" in _bad(tmp_path, "nul.txt", b"abc\x00\x01\x02\x03" * 500)


def test_utf16_and_bom_are_read(tmp_path):
    for enc, data in (("utf-16", "Kế hoạch số 12/KH-UBND".encode("utf-16")),
                      ("utf-8-sig", "Kế hoạch số 12/KH-UBND".encode("utf-8-sig"))):
        f = tmp_path / f"{enc}.txt"
        f.write_bytes(data)
        p = run("extract", str(f))
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stdout)["text"].startswith("Kế hoạch")


def test_large_text_is_refused_with_a_clear_message(tmp_path):
    f = tmp_path / "big.txt"
    with open(f, "wb") as fh:
        fh.write(("Kế hoạch thực hiện công tác trẻ em. " * 1000 + "\n").encode() * 1200)   # ~50 MB
    p = run("extract", str(f))
    assert p.returncode != 0 and b"limit" in p.stderr and b"Traceback" not in p.stderr
