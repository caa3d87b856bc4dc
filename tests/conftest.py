import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpora")
TEXTS = os.path.join(CORPUS, "texts")


@pytest.fixture(scope="session")
def seed_results():
    from extractor.pipeline import extract_path
    return {f"seed00{i}": extract_path(os.path.join(TEXTS, f"seed00{i}.txt")) for i in range(5)}
