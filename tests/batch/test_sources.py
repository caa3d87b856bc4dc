"""Sources: folders read recursively, zip archives read safely."""
import os
import zipfile

import pytest

from extractor.batch import sources

from .conftest import make_zip, sha


def test_folder_is_read_recursively_without_hidden_files_or_the_output(good_folder, tmp_path):
    folder, shas = good_folder
    out = folder / "b" / "out"                       # an output inside the input is never read back
    out.mkdir()
    (out / "x.json").write_text("{}")
    items = sources.collect([str(folder)], exclude=[str(out)])
    assert sorted(i.filename for i in items) == sorted(shas.values())
    assert {sha(i.read()) for i in items} == set(shas)


def test_missing_input_is_one_failed_item(tmp_path):
    [item] = sources.collect([str(tmp_path / "nowhere")])
    with pytest.raises(sources.SourceError) as err:
        item.read()
    assert err.value.code == "not_found"


def test_zip_members_are_documents_named_by_archive_and_member(corpus_zip):
    path, shas = corpus_zip
    items = sources.collect([path])
    assert len(items) == 6
    assert all(i.key.startswith(path + "!") for i in items)
    assert {sha(i.read()) for i in items} == shas
    assert "same.txt" in {i.filename for i in items}


def test_a_docx_is_a_document_not_an_archive(tmp_path):
    path = make_zip(tmp_path / "plan.docx", {"word/document.xml": b"<w:document/>"})
    [item] = sources.collect([path])
    assert item.key == path and item.error is None


@pytest.mark.parametrize("name, code", [
    ("../../etc/passwd", "unsafe_path"),
    ("ok/../../escape.txt", "unsafe_path"),
    ("/abs/path.txt", "unsafe_path"),
    ("C:/windows/x.txt", "unsafe_path"),
    ("..\\..\\win.txt", "unsafe_path"),
    ("inner.zip", "nested_archive"),
])
def test_unsafe_or_nested_members_are_refused_one_by_one(tmp_path, name, code):
    path = make_zip(tmp_path / "a.zip", {"good.txt": "Kế hoạch".encode(), name: b"payload"})
    items = {i.key.split("!", 1)[1]: i for i in sources.collect([path])}
    assert items["good.txt"].read() == "Kế hoạch".encode()
    with pytest.raises(sources.SourceError) as err:
        items[name].read()
    assert err.value.code == code


def test_symlink_member_is_refused(tmp_path):
    path = tmp_path / "l.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("link.txt")
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd")
    [item] = sources.collect([str(path)])
    with pytest.raises(sources.SourceError) as err:
        item.read()
    assert err.value.code == "unsafe_path" and "symbolic link" in str(err.value)


def test_member_count_limit_fails_the_whole_archive(tmp_path, monkeypatch):
    monkeypatch.setenv("VNPLAN_ZIP_MAX_MEMBERS", "3")
    path = make_zip(tmp_path / "many.zip", {f"{i}.txt": b"x" for i in range(4)})
    [item] = sources.collect([path])
    with pytest.raises(sources.SourceError) as err:
        item.read()
    assert err.value.code == "zip_bomb" and "VNPLAN_ZIP_MAX_MEMBERS" in str(err.value)


def test_total_expanded_size_limit_fails_the_whole_archive(tmp_path, monkeypatch):
    monkeypatch.setenv("VNPLAN_ZIP_MAX_TOTAL_BYTES", "1000")
    path = make_zip(tmp_path / "big.zip", {"a.txt": b"a" * 600, "b.txt": b"b" * 600})
    [item] = sources.collect([path])
    with pytest.raises(sources.SourceError) as err:
        item.read()
    assert err.value.code == "zip_bomb"


def test_highly_compressed_member_is_refused_and_the_others_read(tmp_path):
    bomb = b"\0" * (5 * 1024 * 1024)                 # deflates about 1000:1
    path = make_zip(tmp_path / "bomb.zip", {"bomb.txt": bomb, "ok.txt": "Kế hoạch".encode()})
    items = {i.filename: i for i in sources.collect([path])}
    with pytest.raises(sources.SourceError) as err:
        items["bomb.txt"].read()
    assert err.value.code == "zip_bomb" and "ratio" in str(err.value)
    assert items["ok.txt"].read() == "Kế hoạch".encode()


def test_member_larger_than_its_header_says_is_cut_at_the_cap(tmp_path, monkeypatch):
    monkeypatch.setenv("VNPLAN_ZIP_MAX_MEMBER_BYTES", "2000")
    monkeypatch.setenv("VNPLAN_ZIP_MAX_RATIO", "100000")
    path = tmp_path / "liar.zip"
    make_zip(path, {"doc.txt": b"x" * 5000})
    # forge the sizes in both headers: the member claims 100 bytes but expands to 5000
    data = bytearray(path.read_bytes())
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(sig)
        data[at + off:at + off + 4] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    [item] = sources.collect([str(path)])
    with pytest.raises(sources.SourceError):
        item.read()


def test_broken_archive_is_one_failed_item(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not a zip")
    [item] = sources.collect([str(path)])
    with pytest.raises(sources.SourceError) as err:
        item.read()
    assert err.value.code == "bad_archive"
    assert item.key == str(path)
    assert os.path.basename(item.key) == item.filename
