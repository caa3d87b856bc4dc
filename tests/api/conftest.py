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


@pytest.fixture(scope="session")
def scan_png():
    """A page of a plan rendered as an image (PNG), so reading it needs OCR: the job queue's path."""
    import io

    from PIL import Image, ImageDraw, ImageFont
    lines = ["ỦY BAN NHÂN DÂN XÃ IA HLA", "Số: 15/KH-UBND", "KẾ HOẠCH", "Thực hiện công tác trẻ em năm 2024",
             "I. MỤC TIÊU", "1. Phấn đấu 95% trẻ em được tiêm chủng đầy đủ.", "II. TỔ CHỨC THỰC HIỆN",
             "1. Trạm Y tế xã chủ trì, báo cáo trước ngày 15/12/2024."]
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    img = Image.new("L", (1700, 80 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((80, 40 + 70 * i), line, font=font, fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def make_client(tmp_path, **settings):
    """A TestClient of the real app (lifespan run: store, workers, inline pool) with these settings."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    base = dict(data_dir=str(tmp_path), workers=0, inline_workers=0)
    base.update(settings)
    return TestClient(create_app(Settings(**base)), raise_server_exceptions=False)


@pytest.fixture
def client_factory():
    return make_client


def wait_job(client, job_id, timeout=90.0, headers=None):
    import time
    deadline = time.time() + timeout
    while True:
        job = client.get(f"/v1/jobs/{job_id}", headers=headers or {}).json()
        if job["status"] in ("done", "failed") or time.time() > deadline:
            return job
        time.sleep(0.2)


@pytest.fixture
def job_waiter():
    return wait_job
