"""Fixtures of the batch tests: input folders made from the corpus, bad inputs, archives."""
import hashlib
import io
import os
import re
import shutil
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEXTS = os.path.join(ROOT, "corpora", "texts")
_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")


def text_of(name: str) -> str:
    with open(os.path.join(TEXTS, name), encoding="utf-8") as fh:
        return fh.read()


def variants(n: int, names: list[str]) -> list[tuple[str, bytes]]:
    """n distinct documents: corpus texts with their years shifted and a numbered filing line."""
    out = []
    for i in range(n):
        name = names[i % len(names)]
        shift = i // len(names) % 5
        text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text_of(name))
        text += f"\nLưu: VT, bản số {i}.\n"
        out.append((f"{name[:-4]}-v{i:04d}.txt", text.encode("utf-8")))
    return out


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


EXCERPTS = sorted(f for f in os.listdir(TEXTS) if f.startswith("c"))


@pytest.fixture
def good_folder(tmp_path):
    """Twelve real corpus documents (seeds and excerpts) in nested folders; returns (folder, {sha: name})."""
    folder = tmp_path / "in"
    names = [f"seed00{i}.txt" for i in range(3)] + EXCERPTS[:9]
    shas = {}
    for k, name in enumerate(names):
        sub = folder / ("a" if k % 2 else "b/c")
        sub.mkdir(parents=True, exist_ok=True)
        data = open(os.path.join(TEXTS, name), "rb").read()
        (sub / name).write_bytes(data)
        shas[sha(data)] = name
    (folder / ".hidden.txt").write_bytes(b"never read")
    return folder, shas


@pytest.fixture
def bad_files(tmp_path):
    """Inputs that must fail with a recorded reason: (folder, {filename: expected code})."""
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "legacy.txt").write_bytes("Kế hoạch số 12".encode("utf-8")[:-1] + b"\xff\xfe\x80 \x81\x8d")
    (folder / "random.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip archive")
    return folder, {"empty.txt": "empty", "legacy.txt": "encoding", "broken.zip": "bad_archive"}


def make_zip(path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> str:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return str(path)


@pytest.fixture
def corpus_zip(tmp_path):
    """A zip of five corpus excerpts (one of them twice, under two names); returns (path, {sha})."""
    members, shas = {}, set()
    for name in EXCERPTS[10:15]:
        data = open(os.path.join(TEXTS, name), "rb").read()
        members[f"kh/{name}"] = data
        shas.add(sha(data))
    members["copy/same.txt"] = members[f"kh/{EXCERPTS[10]}"]
    return make_zip(tmp_path / "archive.zip", members), shas


@pytest.fixture
def variant_folder(tmp_path):
    """make(n, names=EXCERPTS): a folder of n distinct documents; returns (folder, {sha: filename})."""
    def make(n, names=None, where="variants"):
        folder = tmp_path / where
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        shas = {}
        for i, (name, data) in enumerate(variants(n, names or EXCERPTS)):
            sub = folder / f"{i // 50:02d}"
            sub.mkdir(exist_ok=True)
            (sub / name).write_bytes(data)
            shas[sha(data)] = name
        return folder, shas
    return make


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()
