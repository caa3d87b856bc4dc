"""Plain text: UTF-8 (with or without BOM), UTF-16, and the legacy 8-bit TCVN3 and VNI encodings."""
from __future__ import annotations

import regex

from . import legacy
from .model import IngestError


def decode(data: bytes) -> tuple[str, str, list[tuple]]:
    """(text, encoding, warnings)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="strict"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise IngestError("encoding", "undecodable UTF-16 text") from None
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as err:
        bad = err.start
    sample = data[:4000]
    # UTF-16 without a byte-order mark: every other byte of ASCII text is NUL
    for order, enc in ((sample[1::2], "utf-16-le"), (sample[0::2], "utf-16-be")):
        if len(sample) >= 4 and order.count(0) > len(sample) // 4:
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError:
                raise IngestError("encoding", "undecodable UTF-16 text") from None
    name, text = legacy.detect_and_convert(legacy.decode_8bit(data))
    if name is None:
        raise IngestError("encoding", f"not UTF-8 or UTF-16 text (invalid byte at offset {bad}), and not "
                                      "recognisable as the legacy TCVN3 or VNI encodings")
    _reject_binary(text[:20000])
    return text, name, [("legacy_encoding", f"text was in the legacy {legacy.NAMES[name]} encoding, "
                                            "converted to Unicode")]


def _checked(text: str, encoding: str) -> tuple[str, str, list[tuple]]:
    _reject_binary(text[:20000])
    warnings = []
    name, converted = legacy.detect_and_convert(text)
    if name is not None:
        text = converted
        warnings.append(("legacy_encoding", f"text was typed in the legacy {legacy.NAMES[name]} encoding "
                                            "(a .VnTime or VNI font), converted to Unicode"))
    return text, encoding, warnings


# control characters other than the spacing ones (tab, line feed, vertical tab, form feed, return)
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f]")


def _reject_binary(head: str) -> None:
    controls = len(_CONTROL.findall(head))
    if "\x00" in head or controls > max(8, len(head) // 100):
        raise IngestError("binary", "binary data, not text")
