"""Domain knowledge lives in YAML files under extractor/data/; this loads them once each."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=None)
def load(name: str):
    with resources.files("extractor.data").joinpath(f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
