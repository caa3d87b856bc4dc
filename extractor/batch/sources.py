"""Sources: INPUT paths (files, folders, zip archives) -> the list of documents to run.

Nothing is read here but file names and zip directories; each `Item` reads its bytes when the
runner asks, so a run over a large archive holds one document at a time per worker.

Zip archives are read, never unpacked to disk, and read defensively: member names that are
absolute or climb out with `..` are refused, as are symbolic links and encrypted members; the
number of members, the size of one member, the total expanded size and the compression ratio
are capped (environment variables below). A member that breaks a rule is one recorded failure;
an archive that breaks an archive-wide rule (or is not a zip at all) is one recorded failure
for the archive. Nested archives are not expanded: they are recorded as failures.
"""
from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def limits() -> dict[str, int]:
    """Zip limits, read from the environment each time so tests and users can change them."""
    return {
        "members": _env_int("VNPLAN_ZIP_MAX_MEMBERS", 100_000),
        "member_bytes": _env_int("VNPLAN_ZIP_MAX_MEMBER_BYTES", 200 * 1024 * 1024),
        "total_bytes": _env_int("VNPLAN_ZIP_MAX_TOTAL_BYTES", 20 * 1024 ** 3),
        "ratio": _env_int("VNPLAN_ZIP_MAX_RATIO", 200),
    }


class SourceError(Exception):
    """One input cannot be read; recorded as a failure of that input, never raised past the runner."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Item:
    """One document to run: `key` says where it is (a path, or `archive.zip!member/name`)."""
    key: str
    filename: str
    size: int
    reader: Callable[[], bytes] | None = None
    error: SourceError | None = None          # an input known bad before reading (bad archive, bad name)

    def read(self) -> bytes:
        if self.error is not None:
            raise self.error
        try:
            return self.reader()
        except SourceError:
            raise
        except FileNotFoundError:
            raise SourceError("not_found", "no such file (removed during the run?)") from None
        except PermissionError:
            raise SourceError("unreadable", "permission denied") from None
        except (OSError, zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError) as err:
            raise SourceError("unreadable", f"cannot read: {err}") from None


def _read_file(path: str) -> Callable[[], bytes]:
    def read() -> bytes:
        with open(path, "rb") as fh:
            return fh.read()
    return read


def is_archive(path: str) -> bool:
    """A .zip file is an archive of documents; a .docx (also a zip container) is one document."""
    return path.lower().endswith(".zip")


def _bad_member_name(name: str) -> str | None:
    clean = name.replace("\\", "/")
    if clean.startswith("/") or (len(clean) > 1 and clean[1] == ":"):
        return "absolute path in archive"
    if any(part == ".." for part in clean.split("/")):
        return "path climbs out of the archive ('..')"
    if "\x00" in name:
        return "NUL byte in member name"
    return None


def _member_reader(archive: str, info: zipfile.ZipInfo, cap: int) -> Callable[[], bytes]:
    def read() -> bytes:
        with zipfile.ZipFile(archive) as zf, zf.open(info) as fh:
            data = fh.read(cap + 1)                 # the header's size can lie: never read past the cap
        if len(data) > cap:
            raise SourceError("zip_bomb", f"member expands past the {cap / 1e6:.0f} MB limit "
                                          "(VNPLAN_ZIP_MAX_MEMBER_BYTES)")
        if len(data) != info.file_size:
            raise SourceError("bad_archive", f"member expands to {len(data)} bytes, header says {info.file_size}")
        return data
    return read


def archive_items(path: str) -> list[Item]:
    """The documents inside one zip archive, each with its own checks; a bad archive is one failed Item."""
    lim = limits()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as err:
        return [Item(path, os.path.basename(path), 0, error=SourceError("bad_archive", f"not a readable zip archive: {err}"))]
    if len(infos) > lim["members"]:
        return [Item(path, os.path.basename(path), 0, error=SourceError(
            "zip_bomb", f"{len(infos)} members, above the limit of {lim['members']} (VNPLAN_ZIP_MAX_MEMBERS)"))]
    files = [i for i in infos if not i.is_dir() and not i.filename.startswith("__MACOSX/")
             and not os.path.basename(i.filename.replace("\\", "/").rstrip("/")).startswith(".")]
    total = sum(i.file_size for i in files)
    if total > lim["total_bytes"]:
        return [Item(path, os.path.basename(path), 0, error=SourceError(
            "zip_bomb", f"expands to {total / 1e9:.1f} GB, above the {lim['total_bytes'] / 1e9:.1f} GB limit "
                        "(VNPLAN_ZIP_MAX_TOTAL_BYTES)"))]
    items = []
    for info in files:
        key = f"{path}!{info.filename}"
        name = os.path.basename(info.filename.replace("\\", "/")) or info.filename
        problem = _bad_member_name(info.filename)
        code = "unsafe_path"
        if problem is None and stat.S_ISLNK(info.external_attr >> 16):
            problem = "symbolic link in archive"
        elif problem is None and info.flag_bits & 0x1:
            problem, code = "encrypted member", "unreadable"
        elif problem is None and info.file_size > lim["member_bytes"]:
            problem, code = (f"member expands to {info.file_size / 1e6:.0f} MB, above the "
                             f"{lim['member_bytes'] / 1e6:.0f} MB limit (VNPLAN_ZIP_MAX_MEMBER_BYTES)"), "zip_bomb"
        elif problem is None and info.file_size > 1_000_000 and info.file_size > lim["ratio"] * max(info.compress_size, 1):
            problem, code = (f"compression ratio {info.file_size // max(info.compress_size, 1)}:1 above "
                             f"{lim['ratio']}:1 (VNPLAN_ZIP_MAX_RATIO)"), "zip_bomb"
        elif problem is None and is_archive(info.filename):
            problem, code = "nested archive: unpack it and give the inner archive as INPUT", "nested_archive"
        if problem:
            items.append(Item(key, name, info.file_size, error=SourceError(code, problem)))
        else:
            items.append(Item(key, name, info.file_size, reader=_member_reader(path, info, lim["member_bytes"])))
    return items


def _walk(folder: str, exclude: set[str]) -> Iterator[str]:
    for root, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(root, d)) not in exclude)
        for f in sorted(files):
            path = os.path.join(root, f)
            if f.startswith(".") or os.path.realpath(path) in exclude:
                continue
            yield path


def collect(inputs: Iterable[str], exclude: Iterable[str] = ()) -> list[Item]:
    """Every document under INPUT... in a stable order; `exclude` are paths never read (the output)."""
    skip = {os.path.realpath(p) for p in exclude}
    items: list[Item] = []
    for inp in inputs:
        if os.path.isdir(inp):
            paths = list(_walk(inp, skip))
        elif os.path.exists(inp):
            paths = [inp]
        else:
            items.append(Item(inp, os.path.basename(inp), 0, error=SourceError("not_found", "no such file or folder")))
            continue
        for path in paths:
            try:
                st = os.stat(path)
            except OSError as err:
                items.append(Item(path, os.path.basename(path), 0, error=SourceError("unreadable", str(err))))
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            if is_archive(path):
                items.extend(archive_items(path))
            else:
                items.append(Item(path, os.path.basename(path), st.st_size, reader=_read_file(path)))
    return items
