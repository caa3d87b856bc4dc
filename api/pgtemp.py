"""A throwaway PostgreSQL cluster on loopback, for the storage tests and the load benchmark.

    with TempCluster() as pg:           # initdb + pg_ctl start in a temporary folder
        url = pg.create_database("vnplan_test")

PostgreSQL refuses to run as root, so when run as root the cluster belongs to the `postgres`
user (`runuser -u postgres --`). `binaries()` is None when the server binaries are not installed.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile


def binaries() -> str | None:
    """The folder with initdb and pg_ctl, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if found:
        return os.path.dirname(found[0])
    pg_ctl = shutil.which("pg_ctl")
    return os.path.dirname(pg_ctl) if pg_ctl and shutil.which("initdb") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempCluster:
    def __init__(self) -> None:
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found; "
                               "scripts/setup.sh installs the postgresql package")
        self.root = tempfile.mkdtemp(prefix="vnplan-pg-")
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        self._started = False

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def start(self) -> "TempCluster":
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        data = os.path.join(self.root, "data")
        self._run(os.path.join(self.bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                "-c max_connections=200 -c shared_buffers=64MB")
        self._run(os.path.join(self.bin, "pg_ctl"), "-D", data, "-o", opts, "-l",
                  os.path.join(self.root, "log"), "-w", "-t", "60", "start")
        self._started = True
        return self

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, dbname: str) -> str:
        import psycopg
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        return self.url(dbname)

    def stop(self) -> None:
        if self._started:
            try:
                self._run(os.path.join(self.bin, "pg_ctl"), "-D", os.path.join(self.root, "data"),
                          "-m", "immediate", "-w", "stop")
            except (subprocess.SubprocessError, OSError):
                pass
            self._started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "TempCluster":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
