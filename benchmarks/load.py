"""Load test of the service: N concurrent clients upload a plan as text, latency percentiles and throughput.

Starts `vnplan serve` on a free loopback port with its own data folder (and database), runs the clients
for a fixed number of uploads each, checks every answer and that every upload is stored, prints the
figures, stops the service. Bounded and loopback only.

    python benchmarks/load.py                                  # SQLite, 16 clients, seed000 (28 KB)
    python benchmarks/load.py --db postgresql://u@host/db      # a PostgreSQL database you give
    python benchmarks/load.py --postgres                       # a throwaway PostgreSQL cluster on loopback

Two workloads, each run unless --mode picks one:
  same      every client uploads the same plan: the first upload extracts it, the others are answered
            from the store (the same document is stored once);
  distinct  every upload is the plan with one line of its own, so each is a new document that is
            extracted while the client waits.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import httpx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_service(db: str | None, data_dir: str, inline_workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ, VNPLAN_INLINE_WORKERS=str(inline_workers), VNPLAN_LOG_LEVEL="WARNING")
    env.pop("VNPLAN_API_KEYS", None)
    cmd = [sys.executable, "-m", "extractor.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--data-dir", data_dir, "--workers", "1"]
    if db:
        cmd += ["--db", db]
    log = open(os.path.join(data_dir, "serve.log"), "w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            health = httpx.get(url + "/healthz", timeout=2)
            if health.status_code == 200 and health.json().get("ready"):      # workers warmed up
                return proc, url
            time.sleep(0.3)
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("load: the service did not start; see " + log.name)


def stop_service(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()


async def run_clients(url: str, payloads: list[list[bytes]], include_result: bool) -> tuple[list[float], list[str], list[str], float]:
    """Each client uploads its payloads one after the other; returns latencies, failures, ids, wall time."""
    latencies: list[float] = []
    failures: list[str] = []
    ids: list[str] = []
    limits = httpx.Limits(max_connections=len(payloads), max_keepalive_connections=len(payloads))

    async def client(mine: list[bytes], http: httpx.AsyncClient) -> None:
        for i, data in enumerate(mine):
            t0 = time.perf_counter()
            try:
                r = await http.post("/v1/documents", files=[("file", (f"plan-{i}.txt", data, "text/plain"))],
                                    params={"include_result": str(include_result).lower()})
                # the clients share the CPU with the service: read the head of the answer, and parse
                # the whole contract JSON only for each client's first upload
                body = r.json() if i == 0 or r.status_code != 200 else _head(r.content)
            except (httpx.HTTPError, ValueError) as err:
                failures.append(f"{type(err).__name__}: {err}")
                continue
            latencies.append(time.perf_counter() - t0)
            item = (body.get("items") or [{}])[0] if isinstance(body, dict) else {}
            if r.status_code != 200 or item.get("status") != "done":
                failures.append(f"HTTP {r.status_code}: {str(body)[:200]}")
            elif item.get("document_id") != hashlib.sha256(data).hexdigest():
                failures.append("wrong document id")
            else:
                ids.append(item["document_id"])

    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(m, http) for m in payloads))
        wall = time.perf_counter() - t0
    return latencies, failures, ids, wall


_HEAD = re.compile(rb'^\{"items": \[\{"filename": (?:"[^"]*"|null), "media_type": "[^"]*", "size": (\d+), '
                   rb'"status": "(\w+)", "document_id": "([0-9a-f]{64})"')


def _head(content: bytes) -> dict:
    """status and document id from the start of an upload answer (its item comes first)."""
    m = _HEAD.match(content[:400])
    if not m or not content.rstrip().endswith(b"}]}"):
        return {"items": [{"status": "unreadable answer"}]}
    return {"items": [{"size": int(m.group(1)), "status": m.group(2).decode(), "document_id": m.group(3).decode()}]}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def check_stored(url: str, ids: set[str]) -> int:
    """How many of the uploaded documents cannot be read back (lost uploads)."""
    lost = 0
    with httpx.Client(base_url=url, timeout=60) as http:
        for doc_id in ids:
            if http.get(f"/v1/documents/{doc_id}").status_code != 200:
                lost += 1
    return lost


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live descendants, from /proc (Linux)."""
    total, stack = 0.0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            with open(f"/proc/{p}/task/{p}/children") as fh:
                stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_mode(url: str, server_pid: int, mode: str, plan: bytes, clients: int, per_client: int,
             include_result: bool) -> dict:
    if mode == "same":
        payloads = [[plan] * per_client for _ in range(clients)]
    else:
        payloads = [[plan + f"\nBản sao kiểm thử {c}-{i}-{time.time_ns()}\n".encode("utf-8")
                     for i in range(per_client)] for c in range(clients)]
    expected = {hashlib.sha256(d).hexdigest() for m in payloads for d in m}
    cpu0, load0, own0 = cpu_seconds(server_pid), os.getloadavg()[0], time.process_time()
    latencies, failures, ids, wall = asyncio.run(run_clients(url, payloads, include_result))
    server_cpu, client_cpu = cpu_seconds(server_pid) - cpu0, time.process_time() - own0
    lost = check_stored(url, expected)
    n = clients * per_client
    return {"mode": mode, "uploads": n, "ok": len(ids), "failed": len(failures), "lost": lost,
            "distinct_documents": len(expected), "wall_s": wall, "throughput": len(latencies) / wall,
            "p50": percentile(latencies, 50) * 1000, "p90": percentile(latencies, 90) * 1000,
            "p99": percentile(latencies, 99) * 1000, "max": max(latencies) * 1000,
            "mean": statistics.fmean(latencies) * 1000, "first_failures": failures[:3],
            "server_cpu_ms": server_cpu * 1000 / max(n, 1), "client_cpu_ms": client_cpu * 1000 / max(n, 1),
            "load": max(load0, os.getloadavg()[0])}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="database URL for the service (default: a SQLite file in a temporary folder)")
    ap.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL cluster on loopback")
    ap.add_argument("--file", default=os.path.join(ROOT, "corpora", "texts", "seed000.txt"), help="the plan to upload")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--uploads", type=int, default=25, help="uploads per client")
    ap.add_argument("--mode", choices=["same", "distinct", "both"], default="both")
    ap.add_argument("--inline-workers", type=int, default=2, help="service processes extracting texts")
    ap.add_argument("--no-result", action="store_true", help="ask for the ids only, not the contract JSON")
    args = ap.parse_args(argv)
    if not (1 <= args.clients <= 64 and 1 <= args.uploads <= 1000):
        ap.error("at most 64 clients and 1000 uploads each")
    with open(args.file, "rb") as fh:
        plan = fh.read()

    cluster = None
    data_dir = tempfile.mkdtemp(prefix="vnplan-load-")
    db = args.db
    try:
        if args.postgres:
            from api.pgtemp import TempCluster
            cluster = TempCluster().start()
            db = cluster.create_database("vnplan_load")
        proc, url = start_service(db, data_dir, args.inline_workers)
        try:
            backend = "PostgreSQL" if db and db.startswith("postgres") else "SQLite"
            print(f"vnplan load: {backend}, {args.clients} clients x {args.uploads} uploads of "
                  f"{os.path.basename(args.file)} ({len(plan) / 1000:.1f} KB), {os.cpu_count()} CPUs, "
                  f"{args.inline_workers} extraction processes, contract JSON in answers: {not args.no_result}, "
                  f"load average before {os.getloadavg()[0]:.1f}")
            modes = ["same", "distinct"] if args.mode == "both" else [args.mode]
            failed = False
            for mode in modes:
                r = run_mode(url, proc.pid, mode, plan, args.clients, args.uploads, not args.no_result)
                print(f"  {mode:8s} {r['uploads']} uploads ({r['distinct_documents']} distinct documents): "
                      f"p50 {r['p50']:.1f} ms, p90 {r['p90']:.1f} ms, p99 {r['p99']:.1f} ms, max {r['max']:.1f} ms, "
                      f"mean {r['mean']:.1f} ms; {r['throughput']:.1f} uploads/s; "
                      f"failed {r['failed']}, lost {r['lost']}; CPU an upload: service {r['server_cpu_ms']:.1f} ms, "
                      f"clients {r['client_cpu_ms']:.1f} ms; "
                      f"load average {r['load']:.1f}")
                for f in r["first_failures"]:
                    print("    failure:", f)
                failed |= bool(r["failed"] or r["lost"])
        finally:
            stop_service(proc)
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
