"""`vnplan serve`: the HTTP service with its web pages, an embedded SQLite database and local workers."""
from __future__ import annotations

import fcntl
import logging
import os
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("serve", help="start the HTTP service and its web pages (http://127.0.0.1:8000)")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1, env VNPLAN_HOST)")
    p.add_argument("--port", type=int, help="port (default 8000, env VNPLAN_PORT)")
    p.add_argument("--db", help="database: sqlite:///path.db, path.db or postgresql://... "
                                "(default DATA_DIR/vnplan.db, env VNPLAN_DB_URL)")
    p.add_argument("--data-dir", help="folder of the service (default ./vnplan-data, env VNPLAN_DATA_DIR)")
    p.add_argument("--workers", type=int, help="worker processes for queued jobs (default 2, env VNPLAN_WORKERS)")
    p.set_defaults(func=_cmd_serve)


def _cmd_serve(args) -> int:
    from .settings import Settings
    from .storage import engine_url
    try:
        settings = Settings.from_env(host=args.host, port=args.port, db_url=args.db, data_dir=args.data_dir,
                                     workers=args.workers)
        engine_url(settings.database)
    except ValueError as err:
        print(f"vnplan serve: {err}", file=sys.stderr)
        return 2
    problems = settings.problems()
    if problems:
        for p in problems:
            print(f"vnplan serve: {p}", file=sys.stderr)
        return 2
    os.makedirs(settings.data_dir, exist_ok=True)
    lock = open(os.path.join(settings.data_dir, "serve.lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print(f"vnplan serve: another vnplan service is running with the data folder {settings.data_dir}",
              file=sys.stderr)
        return 1
    problem = _check_database(settings.database) or _check_port(settings.host, settings.port)
    if problem:
        print(f"vnplan serve: {problem}", file=sys.stderr)
        lock.close()
        return 1
    import uvicorn

    from .app import create_app
    logging.basicConfig(level=os.environ.get("VNPLAN_LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    auth = "API keys required" if settings.auth_required else "no API key (loopback only)"
    print(f"vnplan serve: http://{settings.host}:{settings.port}/  database {settings.database.split('@')[-1]}, "
          f"{settings.workers} workers, {auth}", file=sys.stderr, flush=True)
    try:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning",
                    access_log=False, timeout_graceful_shutdown=5)
    except OSError as err:
        print(f"vnplan serve: cannot listen on {settings.host}:{settings.port}: {err.strerror or err}", file=sys.stderr)
        return 1
    finally:
        lock.close()
    return 0


def _check_database(url: str) -> str | None:
    """Open the database once (and create its tables) so that a wrong URL is one clear line."""
    from .storage import Store
    try:
        Store(url).close()
    except Exception as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        return f"cannot open the database {url.split('@')[-1]}: {first}"
    return None


def _check_port(host: str, port: int) -> str | None:
    import socket
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as err:
        return f"cannot listen on {host}:{port}: {err.strerror or err}"
    return None
