"""Where the project and its annotated corpus are, for the tests."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpora")
TEXTS = os.path.join(CORPUS, "texts")
