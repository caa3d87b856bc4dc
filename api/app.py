"""The FastAPI application: `create_app(settings)`; the extractor and the workers start in its lifespan."""
from __future__ import annotations

import json
import logging
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import extractor
from extractor.contract import Extraction

from . import errors
from .deps import Service
from .jobs import JobQueue
from .routers import dashboard, documents, jobs, pages
from .routers.pages import STATIC
from .settings import Settings
from .storage import Store
from .worker import InlinePool, WorkerPool, node_id, warm_up

log = logging.getLogger("vnplan.api")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        store = Store(settings.database)
        queue = JobQueue(store, attempts=settings.job_attempts, lease_seconds=settings.job_lease_seconds)
        node = node_id(settings.data_dir)
        # jobs this node was running when it stopped go back to the queue (or fail after their attempts)
        taken = queue.recover(owners_prefix=node + "|")
        if any(taken.values()):
            log.warning("jobs taken back at start-up: %s", taken)
        warm_up()                                   # the extractor's data and models, loaded once
        inline = InlinePool(settings.inline_workers)
        inline.warm()
        workers = None
        if settings.workers:
            workers = WorkerPool(store.url, node, settings.workers, attempts=settings.job_attempts,
                                 lease=settings.job_lease_seconds)
            workers.start(queue)
        app.state.service = Service(settings, store, queue, inline, workers)
        try:
            yield
        finally:
            if workers is not None:
                workers.stop()
            inline.close()
            store.close()

    app = FastAPI(title="vnplan", version=extractor.__version__, lifespan=lifespan,
                  description="Structured data from Vietnamese government plan documents: upload files, "
                              "read the extracted contract JSON, query targets, deadlines, units and legal "
                              "references across all stored documents.")
    app.state.settings = settings
    errors.install(app)
    app.add_middleware(errors.BodyLimit, max_bytes=settings.max_request_bytes)
    for r in (documents.router, jobs.router, dashboard.router, pages.router):
        app.include_router(r)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/healthz", tags=["service"], summary="Liveness, version, and whether the workers are ready")
    def healthz() -> dict:
        svc = getattr(app.state, "service", None)
        workers = svc.workers if svc else None
        alive = sum(p.is_alive() for p in workers.procs) if workers else 0
        return {"status": "ok", "version": extractor.__version__, "workers_alive": alive,
                "ready": workers.ready if workers else True}

    _with_contract_schema(app)
    return app


def _with_contract_schema(app: FastAPI) -> None:
    """The OpenAPI document carries the contract's JSON Schema under components/schemas/Extraction."""
    from fastapi.openapi.utils import get_openapi

    def openapi():
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description,
                               routes=app.routes)
            schemas = spec.setdefault("components", {}).setdefault("schemas", {})
            contract = Extraction.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, sub in contract.pop("$defs", {}).items():
                schemas.setdefault(name, sub)
            schemas["Extraction"] = contract
            # errors have one shape: say so for every documented error status
            schemas["ErrorResponse"] = errors.ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(schemas["ErrorResponse"].pop("$defs", {}))
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
            ref = {"$ref": "#/components/schemas/ErrorResponse"}
            for path in spec.get("paths", {}).values():
                for op in path.values():
                    for status, resp in op.get("responses", {}).items():
                        if status[0] in "45" and (status != "422" or "UploadResponse" not in json.dumps(resp)):
                            resp["content"] = {"application/json": {"schema": ref}}
                    if op.get("security") or "X-API-Key" in json.dumps(op.get("security", [])):
                        op["responses"].setdefault("401", {"description": "missing or wrong API key",
                                                           "content": {"application/json": {"schema": ref}}})
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi


def main_app() -> FastAPI:
    """For `uvicorn --factory api.app:main_app`: settings from the environment."""
    logging.basicConfig(level=os.environ.get("VNPLAN_LOG_LEVEL", "INFO"))
    return create_app(Settings.from_env())
