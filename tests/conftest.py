import os

import pytest

from corpus_paths import TEXTS


@pytest.fixture(scope="session")
def seed_results():
    from extractor.pipeline import extract_path
    return {f"seed00{i}": extract_path(os.path.join(TEXTS, f"seed00{i}.txt")) for i in range(5)}
