"""Domain knowledge lives in YAML files under extractor/data/; this loads them once each, and keeps
the tables and patterns the stages build from them."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

_BUILT_ONCE: list = []


@lru_cache(maxsize=None)
def load(name: str):
    with resources.files("extractor.data").joinpath(f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def built_once(build):
    """Decorate a function of no arguments that builds a table or a pattern from the data files:
    it runs on first use and its result is kept. `build_all` runs every one of them, so that a
    service or a worker pays for them when it starts and not on its first documents."""
    kept = lru_cache(maxsize=1)(build)
    _BUILT_ONCE.append(kept)
    return kept


def build_all() -> int:
    """Build every table and pattern of the modules imported so far; the number built."""
    for build in _BUILT_ONCE:
        build()
    return len(_BUILT_ONCE)
