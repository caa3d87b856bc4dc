"""Shared dependencies of the routers: the running service's parts and the API key check."""
from __future__ import annotations

import hmac
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from .errors import ApiError
from .jobs import JobQueue
from .settings import Settings
from .storage import Store
from .worker import InlinePool, WorkerPool

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="Needed unless the service listens on loopback with no key configured")


@dataclass
class Service:
    settings: Settings
    store: Store
    queue: JobQueue
    inline: InlinePool
    workers: WorkerPool | None
    inflight: dict[str, Future] = field(default_factory=dict)      # sha256 -> extraction under way
    inflight_lock: threading.Lock = field(default_factory=threading.Lock)


def get_service(request: Request) -> Service:
    return request.app.state.service


def require_key(request: Request, key: str | None = Security(api_key_header)) -> None:
    settings: Settings = request.app.state.settings
    if not settings.auth_required:
        return
    if key is None:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            key = auth[7:].strip()
    if not key or not any(hmac.compare_digest(key.encode(), k.encode()) for k in settings.api_keys):
        raise ApiError(401, "unauthorized", "missing or wrong API key: send it in the X-API-Key header")


ServiceDep = Depends(get_service)
