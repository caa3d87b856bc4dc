"""Fixtures of the service tests: a throwaway PostgreSQL cluster, stores on both back ends, the app."""
import itertools
import os

import pytest

from api import pgtemp

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEXTS = os.path.join(ROOT, "corpora", "texts")
_dbs = itertools.count()


def _seed_bytes(i: int) -> bytes:
    with open(os.path.join(TEXTS, f"seed00{i}.txt"), "rb") as fh:
        return fh.read()


@pytest.fixture(scope="session")
def seed_bytes():
    """seed_bytes(i): the bytes of corpora/texts/seed00i.txt."""
    return _seed_bytes


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL server on a free loopback port for the whole session (skipped only without binaries)."""
    if pgtemp.binaries() is None:
        pytest.skip("PostgreSQL server binaries not installed (scripts/setup.sh installs postgresql)")
    with pgtemp.TempCluster() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster):
    return pg_cluster.create_database(f"vnplan_t{os.getpid()}_{next(_dbs)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/vnplan.db"
    return request.getfixturevalue("pg_url")
