"""Settings of the service: one class, read from environment variables, with defaults.

| variable | default | meaning |
|---|---|---|
| VNPLAN_HOST, VNPLAN_PORT | 127.0.0.1, 8000 | where `vnplan serve` listens |
| VNPLAN_DATA_DIR | ./vnplan-data | the service's folder (SQLite database, lock file) |
| VNPLAN_DB_URL | sqlite:///DATA_DIR/vnplan.db | sqlite:///path.db, a path ending .db, or postgresql://... |
| VNPLAN_API_KEYS | (none) | comma-separated keys accepted in the X-API-Key header |
| VNPLAN_WORKERS | 2 | worker processes for queued jobs (OCR, PDF, DOCX, large texts) |
| VNPLAN_INLINE_WORKERS | 2 | processes that extract small texts while the client waits |
| VNPLAN_INLINE_MAX_BYTES | 2000000 | plain text up to this size is extracted at once, larger is queued |
| VNPLAN_MAX_UPLOAD_BYTES | 25000000 | largest file accepted (413 above) |
| VNPLAN_MAX_REQUEST_BYTES | 100000000 | largest request body (413 above) |
| VNPLAN_MAX_FILES | 10 | files per upload request (413 above) |
| VNPLAN_MAX_PAGES | 500 | pages of a PDF or TIFF (422 above; the ingest reads at most as many) |
| VNPLAN_JOB_ATTEMPTS | 2 | runs of a job before it is failed when its worker dies |
| VNPLAN_JOB_LEASE_SECONDS | 900 | a running job whose worker was silent this long is resumed or failed |
"""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field, replace


def _int(env, name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: str = "vnplan-data"
    db_url: str = ""
    api_keys: tuple[str, ...] = field(default_factory=tuple)
    workers: int = 2
    inline_workers: int = 2
    inline_max_bytes: int = 2_000_000
    max_upload_bytes: int = 25_000_000
    max_request_bytes: int = 100_000_000
    max_files: int = 10
    max_pages: int = 500
    job_attempts: int = 2
    job_lease_seconds: int = 900

    @classmethod
    def from_env(cls, env=None, **overrides) -> "Settings":
        env = os.environ if env is None else env
        keys = tuple(k.strip() for k in env.get("VNPLAN_API_KEYS", "").split(",") if k.strip())
        s = cls(host=env.get("VNPLAN_HOST", "127.0.0.1"), port=_int(env, "VNPLAN_PORT", 8000),
                data_dir=env.get("VNPLAN_DATA_DIR", "vnplan-data"), db_url=env.get("VNPLAN_DB_URL", ""),
                api_keys=keys, workers=_int(env, "VNPLAN_WORKERS", 2),
                inline_workers=_int(env, "VNPLAN_INLINE_WORKERS", 2),
                inline_max_bytes=_int(env, "VNPLAN_INLINE_MAX_BYTES", 2_000_000),
                max_upload_bytes=_int(env, "VNPLAN_MAX_UPLOAD_BYTES", 25_000_000),
                max_request_bytes=_int(env, "VNPLAN_MAX_REQUEST_BYTES", 100_000_000),
                max_files=_int(env, "VNPLAN_MAX_FILES", 10), max_pages=_int(env, "VNPLAN_MAX_PAGES", 500),
                job_attempts=_int(env, "VNPLAN_JOB_ATTEMPTS", 2),
                job_lease_seconds=_int(env, "VNPLAN_JOB_LEASE_SECONDS", 900))
        return s.with_(**{k: v for k, v in overrides.items() if v is not None})

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @property
    def database(self) -> str:
        return self.db_url or "sqlite:///" + os.path.join(os.path.abspath(self.data_dir), "vnplan.db")

    @property
    def auth_required(self) -> bool:
        """Keys are checked unless the service listens on loopback only and none is configured."""
        return bool(self.api_keys) or not is_loopback(self.host)

    def problems(self) -> list[str]:
        """What makes these settings unusable, in words for the operator."""
        out = []
        if self.auth_required and not self.api_keys:
            out.append(f"listening on {self.host} (not loopback) needs API keys: set VNPLAN_API_KEYS")
        for name in ("max_upload_bytes", "max_request_bytes", "max_files", "max_pages", "job_attempts"):
            if getattr(self, name) < 1:
                out.append(f"{name} must be at least 1")
        if self.workers < 0 or self.inline_workers < 0:
            out.append("worker counts cannot be negative")
        return out
