"""Regexes built from the shared named fragments of data/fragments.yaml."""
from __future__ import annotations

from functools import lru_cache
from datetime import date

import regex

from . import datafiles


@lru_cache(maxsize=1)
def fragments() -> dict[str, str]:
    raw = dict(datafiles.load("fragments"))
    done: dict[str, str] = {}

    def expand(name: str) -> str:
        if name not in done:
            done[name] = regex.sub(r"\$(\w+)", lambda m: expand(m.group(1)), raw[name])
        return done[name]

    for name in raw:
        expand(name)
    return done


def expand(pattern: str) -> str:
    frags = fragments()
    return regex.sub(r"\$(\w+)", lambda m: frags[m.group(1)], pattern)


@lru_cache(maxsize=None)
def compile(pattern: str, flags: int = 0):
    return regex.compile(expand(pattern), flags)


def alternation(words) -> str:
    """The words as a regex alternation, escaped, the longest first (so that "Ủy ban Mặt trận" is
    tried before "Ủy ban")."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def iso(y: int | None, m: int | None, d: int | None) -> str | None:
    """ISO date, or None when a part is missing or the date does not exist."""
    if not (y and m and d):
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def date_parts(m) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a match of $date; a mistyped 5-digit year gives year None."""
    g = m.groupdict()
    d = g.get("d") or g.get("d2")
    mo = g.get("m") or g.get("m2")
    y = g.get("y") or g.get("y2")
    year = int(y) if y and len(y) == 4 else None
    return year, int(mo) if mo else None, int(d) if d else None


def vn_number(text: str) -> float:
    """'7,3' -> 7.3; '100' -> 100.0 (a comma or a dot before 1-2 digits is the decimal mark)."""
    return float(text.replace(",", "."))
