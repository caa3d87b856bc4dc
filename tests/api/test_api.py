"""The HTTP API through the real app (lifespan, storage, worker processes) on the seed documents."""
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from extractor.pipeline import extract_bytes

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _upload(client, *files, headers=None, **params):
    return client.post("/v1/documents", files=[("file", f) for f in files], headers=headers or {}, params=params)


@pytest.fixture(scope="module")
def client(tmp_path_factory, seed_bytes):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    data = tmp_path_factory.mktemp("api")
    app = create_app(Settings(data_dir=str(data), workers=0, inline_workers=1))
    with TestClient(app, raise_server_exceptions=False) as c:
        for i in range(5):                       # the query tests see the five seeds stored, and only them
            assert _upload(c, (f"seed00{i}.txt", seed_bytes(i), "text/plain")).status_code == 200
        yield c


@pytest.fixture(scope="module")
def job_client(tmp_path_factory):
    """An app with one job worker, for the files that go through the queue."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    app = create_app(Settings(data_dir=str(tmp_path_factory.mktemp("jobs")), workers=1, inline_workers=0))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def seeds(seed_bytes):
    return [extract_bytes(seed_bytes(i), f"seed00{i}.txt") for i in range(5)]


def test_small_text_returns_the_contract_at_once_and_is_stored_once(client, seed_bytes, seeds):
    r = _upload(client, ("seed002.txt", seed_bytes(2), "text/plain"))
    assert r.status_code == 200
    item = r.json()["items"][0]
    assert item["status"] == "done" and item["created"] is False          # stored by the fixture already
    assert item["document_id"] == hashlib.sha256(seed_bytes(2)).hexdigest()
    assert item["result"] == json.loads(seeds[2].model_dump_json())
    doc = client.get(f"/v1/documents/{item['document_id']}")
    assert doc.status_code == 200 and doc.json() == item["result"]
    assert client.get("/v1/documents").json()["total"] == 5


def test_several_files_in_one_request_each_get_an_answer(client, seed_bytes):
    r = _upload(client, ("a.txt", seed_bytes(3), "text/plain"), ("empty.txt", b"", "text/plain"),
                ("x.bin", b"\x00\x01\x02\x03" * 50, "application/octet-stream"), include_result="false")
    assert r.status_code == 200
    items = r.json()["items"]
    assert [i["status"] for i in items] == ["done", "failed", "failed"]
    assert "result" not in items[0]
    assert items[1]["error"] == {"code": "empty", "message": "empty file"}
    assert items[2]["error"]["code"] and items[2]["error"]["message"]
    bad = _upload(client, ("empty.txt", b"", "text/plain"), ("x.bin", b"\x00\x01\x02\x03" * 50, "text/plain"))
    assert bad.status_code == 422                # no file readable: 422 with the reason of the first
    assert bad.json()["error"] == {"code": "empty", "message": "empty file"}


def test_scan_goes_to_a_worker_and_is_read_by_ocr(job_client, scan_png, job_waiter):
    r = _upload(job_client, ("../../etc/scan.png", scan_png, "image/png"))
    assert r.status_code == 202
    item = r.json()["items"][0]
    assert item["status"] == "queued" and item["media_type"] == "image/png"
    assert item["filename"] == "scan.png"                 # a label, never a path
    assert r.headers["location"] == f"/v1/jobs/{item['job_id']}"
    job = job_waiter(job_client, item["job_id"])
    assert job["status"] == "done", job
    assert job["progress"] == 1.0 and job["document_id"] == hashlib.sha256(scan_png).hexdigest()
    doc = job_client.get(f"/v1/documents/{job['document_id']}").json()
    assert doc["source"]["ocr"]["used"] is True
    assert doc["metadata"]["number"] == "15/KH-UBND"
    assert [d["end"] for d in doc["deadlines"]] == ["2024-12-15"]
    # the same scan again is answered from the store, without a job
    again = _upload(job_client, ("scan.png", scan_png, "image/png")).json()["items"][0]
    assert again["status"] == "done" and again["created"] is False


def test_a_job_that_cannot_be_read_fails_with_its_reason(job_client, job_waiter):
    r = _upload(job_client, ("broken.pdf", b"%PDF-1.7\n" + os.urandom(3000), "application/pdf"))
    assert r.status_code == 202
    job = job_waiter(job_client, r.json()["items"][0]["job_id"])
    assert job["status"] == "failed"
    assert job["error"]["code"] and job["error"]["message"] and "Traceback" not in job["error"]["message"]
    assert job_client.get("/v1/jobs", params={"status": "failed"}).json()["total"] >= 1


def test_a_zip_bomb_named_docx_fails_with_a_reason(job_client, job_waiter, tmp_path):
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(260):                              # 260 MB inflated, about 250 KB on the wire
                fh.write(block)
    r = _upload(job_client, ("plan.docx", buf.getvalue(), "application/vnd.openxmlformats-officedocument"))
    assert r.status_code == 202 and len(buf.getvalue()) < 1_000_000
    job = job_waiter(job_client, r.json()["items"][0]["job_id"])
    assert job["status"] == "failed" and job["error"]["code"] != "internal", job
    assert job["error"]["message"]


def test_deadlines_due_before_a_date_by_unit(client, seeds):
    all_dated = [(ex.source.sha256, d) for ex in seeds for d in ex.deadlines if d.end]
    got = client.get("/v1/deadlines", params={"before": "2022-12-31", "limit": 1000}).json()
    want = sorted(d.end for _, d in all_dated if d.end <= "2022-12-31")
    assert sorted(i["end"] for i in got["items"]) == want and got["total"] == len(want) > 0
    ends = [i["end"] for i in got["items"]]
    assert ends == sorted(ends)                                     # soonest first
    # by unit: the deadlines of tasks led by a unit named in the seeds
    ex = next(e for e in seeds if any(d.task and any(u.task == d.task for u in e.units) for d in e.deadlines))
    d = next(d for d in ex.deadlines if d.task and any(u.task == d.task for u in ex.units))
    unit = next(u for u in ex.units if u.task == d.task)
    by_unit = client.get("/v1/deadlines", params={"unit": unit.canonical.upper(), "limit": 1000,
                                                   "document_id": ex.source.sha256}).json()
    assert d.id in [i["deadline_id"] for i in by_unit["items"]]
    assert all(i["document_id"] == ex.source.sha256 for i in by_unit["items"])
    assert client.get("/v1/deadlines", params={"unit": "không có đơn vị này"}).json()["total"] == 0


def test_which_documents_cite_a_decision(client, seeds):
    citing = {}
    for ex in seeds:
        for r in ex.legal_refs:
            if r.number:
                citing.setdefault(r.number, set()).add(ex.source.sha256)
    number, docs = max(citing.items(), key=lambda kv: len(kv[1]))
    got = client.get("/v1/legal-refs", params={"number": number.lower()}).json()
    assert {i["document_id"] for i in got["items"]} == docs
    top = client.get("/v1/legal-refs/cited").json()["items"][0]
    assert top["n_documents"] == len(docs)


def test_units_workload_and_their_tasks(client, seeds):
    units = client.get("/v1/units", params={"limit": 1000}).json()
    names = {ex_u.canonical for ex in seeds for ex_u in ex.units}
    assert {u["unit"] for u in units["items"]} == names
    top = units["items"][0]
    tasks = client.get("/v1/tasks", params={"unit": top["unit"], "limit": 1000}).json()
    assert tasks["total"] == top["n_tasks"] > 0
    by_task = {}
    for ex in seeds:
        for u in ex.units:
            by_task.setdefault((ex.source.sha256, u.task), set()).add(u.canonical.lower())
    for t in tasks["items"]:
        assert any(top["unit"].lower() in c for c in by_task[(t["document_id"], t["task_id"])]), t


def test_targets_filters_paging_and_csv(client, seeds):
    n_rows = sum(max(1, len(t.values)) for ex in seeds for t in ex.targets)
    first = client.get("/v1/targets", params={"limit": 7}).json()
    second = client.get("/v1/targets", params={"limit": 7, "offset": 7}).json()
    assert first["total"] == second["total"] == n_rows
    assert len(first["items"]) == 7 and first["items"][0] != second["items"][0]
    pct = client.get("/v1/targets", params={"value_unit": "%", "limit": 1000}).json()
    assert pct["total"] > 0 and all(i["unit"] == "%" for i in pct["items"])
    csv_resp = client.get("/v1/targets", params={"format": "csv"})
    assert csv_resp.headers["content-type"].startswith("text/csv")
    assert 'filename="targets.csv"' in csv_resp.headers["content-disposition"]
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(csv_resp.content.decode("utf-8-sig"))))
    assert len(rows) == n_rows and rows[0]["document_id"] in {ex.source.sha256 for ex in seeds}
    ind = client.get("/v1/targets/indicators").json()
    assert ind["total"] > 0 and ind["items"][0]["n_targets"] >= ind["items"][-1]["n_targets"]
    assert client.get("/v1/targets", params={"limit": 5000}).status_code == 422


def test_document_tables_and_delete(client, seed_bytes, seeds):
    doc_id = seeds[4].source.sha256
    units = client.get(f"/v1/documents/{doc_id}/tables/units").json()
    assert units["total"] == len(seeds[4].units)
    csv_text = client.get(f"/v1/documents/{doc_id}/tables/deadlines", params={"format": "csv"}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == ",".join(["document_id", "deadline_id", "kind", "text", "start", "end",
                                                 "year_inferred", "task_id", "section_id", "span_start", "span_end"])
    assert client.delete(f"/v1/documents/{doc_id}").status_code == 204
    assert client.get(f"/v1/documents/{doc_id}").status_code == 404
    assert client.delete(f"/v1/documents/{doc_id}").json()["error"]["code"] == "not_found"
    assert client.get("/v1/units", params={"document_id": doc_id}).json()["total"] == 0
    assert _upload(client, ("seed004.txt", seed_bytes(4), "text/plain")).json()["items"][0]["created"] is True


def test_limits_give_413_and_422_with_a_message(tmp_path, client_factory, seed_bytes):
    import pypdfium2
    pdf = pypdfium2.PdfDocument.new()
    for _ in range(3):
        pdf.new_page(595, 842)
    import io
    buf = io.BytesIO()
    pdf.save(buf)
    with client_factory(tmp_path, max_files=2, max_upload_bytes=20_000, max_request_bytes=200_000,
                        max_pages=2) as c:
        r = _upload(c, *[(f"{i}.txt", b"x", "text/plain") for i in range(3)])
        assert r.status_code == 413 and "limit is 2" in r.json()["error"]["message"]
        r = _upload(c, ("seed000.txt", seed_bytes(0), "text/plain"))
        assert r.status_code == 413 and r.json()["error"]["code"] == "file_too_large"
        assert "seed000.txt" in r.json()["error"]["message"]
        r = c.post("/v1/documents", content=b"x" * 300_000, headers={"content-type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413 and "VNPLAN_MAX_REQUEST_BYTES" in r.json()["error"]["message"]

        def chunks():                        # no Content-Length: counted while it arrives
            for _ in range(40):
                yield b"y" * 10_000
        r = c.post("/v1/documents", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413
        r = _upload(c, ("three.pdf", buf.getvalue(), "application/pdf"))
        assert r.status_code == 422 and "3 pages" in r.json()["error"]["message"]
        r = c.post("/v1/documents", data={"other": "x"})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
        assert c.get("/v1/documents").json()["total"] == 0        # nothing stored from refused requests


def test_api_keys(tmp_path, client_factory, seed_bytes):
    with client_factory(tmp_path, api_keys=("secret-1", "secret-2")) as c:
        r = c.get("/v1/documents")
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
        assert c.get("/v1/documents", headers={"X-API-Key": "wrong"}).status_code == 401
        assert _upload(c, ("a.txt", seed_bytes(2), "text/plain")).status_code == 401
        assert c.get("/v1/documents", headers={"X-API-Key": "secret-2"}).status_code == 200
        assert c.get("/v1/stats", headers={"Authorization": "Bearer secret-1"}).status_code == 200
        assert c.get("/").status_code == 200 and c.get("/healthz").status_code == 200
    # listening beyond loopback with no key: every API call refused, and serve will not start
    from api.settings import Settings
    s = Settings(host="0.0.0.0")
    assert s.auth_required and s.problems()
    with client_factory(tmp_path / "open", host="0.0.0.0") as c:
        assert c.get("/v1/documents").status_code == 401
    r = subprocess.run([sys.executable, "-m", "extractor.cli", "serve", "--host", "0.0.0.0", "--data-dir",
                        str(tmp_path / "x")], cwd=ROOT, capture_output=True, text=True, timeout=60,
                       env={k: v for k, v in os.environ.items() if k != "VNPLAN_API_KEYS"})
    assert r.returncode == 2 and "VNPLAN_API_KEYS" in r.stderr and "Traceback" not in r.stderr


def test_errors_never_carry_a_stack_trace(tmp_path, client_factory, seed_bytes):
    with client_factory(tmp_path) as c:
        def boom(*a, **k):
            raise RuntimeError("secret internals /etc/passwd")
        c.app.state.service.store.get_json = boom
        r = c.get("/v1/documents/" + "a" * 64)
        assert r.status_code == 500
        assert r.json()["error"]["code"] == "internal"
        assert "secret" not in r.text and "Traceback" not in r.text and "File " not in r.text
        assert c.get("/v1/jobs/" + "0" * 32).status_code == 404
        assert c.get("/v1/deadlines", params={"before": "not-a-date"}).status_code == 422


def test_openapi_carries_the_contract_schema(client):
    from extractor.contract import json_schema
    spec = client.get("/openapi.json").json()
    contract = spec["components"]["schemas"]["Extraction"]
    assert set(contract["properties"]) == set(json_schema()["properties"])
    ok = spec["paths"]["/v1/documents/{doc_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Extraction"}
    assert "X-API-Key" in json.dumps(spec["components"]["securitySchemes"])


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(data, workers, port, inline=0):
    env = dict(os.environ, VNPLAN_INLINE_WORKERS=str(inline))
    proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "serve", "--port", str(port), "--data-dir",
                             str(data), "--workers", str(workers)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail("vnplan serve did not start")


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_jobs_survive_the_service_being_killed(tmp_path, scan_png):
    """A queued job of a service killed with SIGKILL is done by the next start; none is lost, and a
    killed service leaves no process behind."""
    port = _free_port()
    proc, url = _serve(tmp_path, 1, port, inline=1)
    try:
        with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as fh:
            children = [int(c) for c in fh.read().split()]
        assert len(children) >= 2                         # a job worker, an extraction process (a resource tracker)
        os.kill(proc.pid, signal.SIGKILL)                 # the service alone, not its process group
        proc.wait(10)
        deadline = time.time() + 10
        while any(_alive(c) for c in children) and time.time() < deadline:
            time.sleep(0.2)
        assert not any(_alive(c) for c in children)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(10)
    proc, url = _serve(tmp_path, 0, port)                 # no job workers: the job stays queued
    try:
        r = httpx.post(url + "/v1/documents", files=[("file", ("scan.png", scan_png, "image/png"))], timeout=30)
        assert r.status_code == 202
        job_id = r.json()["items"][0]["job_id"]
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    proc, url = _serve(tmp_path, 1, port)
    try:
        deadline = time.time() + 90
        while (job := httpx.get(f"{url}/v1/jobs/{job_id}").json())["status"] not in ("done", "failed"):
            assert time.time() < deadline, job
            time.sleep(0.3)
        assert job["status"] == "done" and httpx.get(f"{url}/v1/documents/{job['document_id']}").status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


def test_running_jobs_of_a_dead_worker_are_resumed_or_failed(tmp_path, client_factory, scan_png, job_waiter):
    from api.jobs import JobQueue
    from api.settings import Settings
    from api.storage import Store
    from api.worker import node_id
    settings = Settings(data_dir=str(tmp_path), workers=1, inline_workers=0)
    store = Store(settings.database)
    queue = JobQueue(store, attempts=2)
    node = node_id(str(tmp_path))
    sha = hashlib.sha256(scan_png).hexdigest()
    resumed = queue.enqueue(scan_png, sha256=sha, filename="scan.png", media_type="image/png")
    assert queue.claim(f"{node}|999999")[0]["id"] == resumed              # running when the process "died"
    spent = queue.enqueue(b"%PDF-1.4 x", sha256="0" * 64, filename="b.pdf", media_type="application/pdf")
    assert queue.claim(f"{node}|999998")[0]["id"] == spent                 # its worker died once ...
    assert queue.recover(owner=f"{node}|999998") == {"requeued": 1, "failed": 0}
    assert queue.claim(f"{node}|999998")[0]["id"] == spent                 # ... and died again
    assert queue.get(resumed)["status"] == queue.get(spent)["status"] == "running"
    store.close()
    with client_factory(tmp_path, workers=1) as c:
        job = job_waiter(c, resumed)
        assert job["status"] == "done" and job["attempts"] == 2
        failed = c.get(f"/v1/jobs/{spent}").json()
        assert failed["status"] == "failed" and failed["error"]["code"] == "interrupted"
        assert "upload the file again" in failed["error"]["message"]

        # a worker killed in the middle of a job is replaced, and the job runs again to its end
        import io

        from PIL import Image, PngImagePlugin
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "another scan")
        buf = io.BytesIO()
        Image.open(io.BytesIO(scan_png)).save(buf, "PNG", pnginfo=info)
        job_id = _upload(c, ("again.png", buf.getvalue(), "image/png")).json()["items"][0]["job_id"]
        deadline = time.time() + 60
        while (row := c.app.state.service.queue.get(job_id))["status"] != "running":
            assert row["status"] == "queued" and time.time() < deadline, row
            time.sleep(0.02)
        os.kill(int(row["owner"].rsplit("|", 1)[1]), signal.SIGKILL)
        job = job_waiter(c, job_id)
        assert job["status"] == "done" and job["attempts"] == 2, job
        assert c.get("/healthz").json()["workers_alive"] == 1


def test_the_service_on_postgresql(tmp_path, pg_url, seed_bytes, scan_png, client_factory, job_waiter):
    """The same API over a real PostgreSQL server: uploads stored once, queries, the job queue."""
    with client_factory(tmp_path, db_url=pg_url, workers=1) as c:
        for i in (0, 1, 2):
            assert _upload(c, (f"seed00{i}.txt", seed_bytes(i), "text/plain")).json()["items"][0]["created"] is True
        assert _upload(c, ("again.txt", seed_bytes(1), "text/plain")).json()["items"][0]["created"] is False
        assert c.get("/v1/documents").json()["total"] == 3
        seeds = [extract_bytes(seed_bytes(i)) for i in (0, 1, 2)]
        want = sorted(d.end for ex in seeds for d in ex.deadlines if d.end and d.end <= "2024-06-30")
        got = c.get("/v1/deadlines", params={"before": "2024-06-30", "limit": 1000}).json()
        assert sorted(i["end"] for i in got["items"]) == want
        unit = seeds[0].units[0].canonical
        assert unit in [u["unit"] for u in c.get("/v1/units", params={"name": unit.upper(), "limit": 1000}).json()["items"]]
        number = next(r.number for r in seeds[0].legal_refs if r.number)
        citing = {ex.source.sha256 for ex in seeds if any(r.number == number for r in ex.legal_refs)}
        assert {i["document_id"] for i in c.get("/v1/legal-refs", params={"number": number}).json()["items"]} == citing
        r = _upload(c, ("scan.png", scan_png, "image/png"))
        job = job_waiter(c, r.json()["items"][0]["job_id"])
        assert job["status"] == "done" and c.get(f"/v1/documents/{job['document_id']}").status_code == 200
        assert c.delete(f"/v1/documents/{seeds[2].source.sha256}").status_code == 204
        assert c.get("/v1/documents").json()["total"] == 3          # two seeds and the scan


def test_the_same_new_text_uploaded_at_once_is_extracted_and_stored_once(job_client, seed_bytes):
    from concurrent.futures import ThreadPoolExecutor
    data = seed_bytes(3) + "\nBản sao đồng thời\n".encode("utf-8")
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: _upload(job_client, ("same.txt", data, "text/plain"), include_result="false"),
                                range(6)))
    assert [a.status_code for a in answers] == [200] * 6
    items = [a.json()["items"][0] for a in answers]
    assert {i["document_id"] for i in items} == {hashlib.sha256(data).hexdigest()}
    assert sum(i["created"] for i in items) == 1
    assert job_client.get("/v1/documents", params={"q": "same.txt"}).json()["total"] == 1


def test_an_extraction_process_that_dies_gives_503_and_the_next_upload_works(tmp_path, client_factory, seed_bytes):
    import threading
    with client_factory(tmp_path, inline_workers=1) as c:
        pool = c.app.state.service.inline._pool
        victim = next(iter(pool._processes.values()))
        # kill the only extraction process while it works on a text
        killer = threading.Timer(0.05, lambda: os.kill(victim.pid, signal.SIGKILL))
        big = (seed_bytes(1) + b"\n") * 20                       # long enough to be killed mid-way
        killer.start()
        r = _upload(c, ("big.txt", big, "text/plain"))
        killer.join()
        assert r.status_code == 503 and "send the file again" in r.json()["error"]["message"]
        assert c.get("/v1/documents").json()["total"] == 0
        assert _upload(c, ("seed002.txt", seed_bytes(2), "text/plain")).status_code == 200
