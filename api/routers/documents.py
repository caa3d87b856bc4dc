"""Upload, read and delete documents; their flat tables as JSON or CSV."""
from __future__ import annotations

import hashlib
import json
import logging
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Literal, Optional

from fastapi import APIRouter, Depends, File, Path, Query, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

import extractor
from extractor.contract import Extraction
from extractor.tables import TABLES

from .. import query
from ..deps import Service, ServiceDep, require_key
from ..errors import ApiError
from ..uploads import count_pages, safe_filename, sniff
from .common import DOC_ID, Page, Paging, not_found, respond

log = logging.getLogger("vnplan.api")
router = APIRouter(prefix="/v1", tags=["documents"], dependencies=[Depends(require_key)])


class ErrorInfo(BaseModel):
    code: str
    message: str


class UploadItem(BaseModel):
    filename: Optional[str] = None
    status: Literal["done", "queued", "failed"]
    media_type: str
    size: int
    document_id: Optional[str] = Field(None, description="sha256 of the file: the id of the stored document")
    created: Optional[bool] = Field(None, description="false when the same file was already stored")
    job_id: Optional[str] = Field(None, description="for queued files: poll GET /v1/jobs/{job_id}")
    error: Optional[ErrorInfo] = None
    result: Optional[Extraction] = Field(None, description="the contract JSON, for files extracted at once")


class UploadResponse(BaseModel):
    items: list[UploadItem] = Field(default_factory=list, description="one per uploaded file, in order")
    error: Optional[ErrorInfo] = Field(None, description="set when no file could be read (422)")


def _extract_inline(svc: Service, data: bytes, name: str | None, sha: str, item: dict) -> str | None:
    """Extract a small text now; returns the contract JSON or None (item carries the error).

    Uploads of the same bytes at the same moment share one extraction: the first runs it, the
    others wait for its answer."""
    version = extractor.__version__
    stored = svc.store.get_json_if(sha, version)
    if stored is not None:
        item.update(status="done", document_id=sha, created=False)
        return stored
    with svc.inflight_lock:
        pending = svc.inflight.get(sha)
        if pending is None:
            pending = svc.inflight[sha] = Future()
            mine = True
        else:
            mine = False
    if mine:
        try:
            pending.set_result(_extract_and_store(svc, data, name, sha))
        except BaseException as err:
            pending.set_exception(err)
            raise
        finally:
            with svc.inflight_lock:
                svc.inflight.pop(sha, None)
    outcome = pending.result()
    if outcome[0] == "failed":
        item.update(status="failed", error=outcome[1])
        return None
    _, payload, created = outcome
    item.update(status="done", document_id=sha, created=created and mine)
    return payload


def _extract_and_store(svc: Service, data: bytes, name: str | None, sha: str) -> tuple:
    from extractor.ingest import IngestError
    version = extractor.__version__
    try:
        ex = svc.inline.extract(data, name)
    except (BrokenProcessPool, FutureTimeout):
        log.exception("inline extraction of %s did not finish", sha)
        raise ApiError(503, "unavailable", "the extraction process stopped before it finished; nothing was "
                                           "stored, send the file again") from None
    except IngestError as err:
        svc.store.record_failure(sha, name, err.code, str(err), version)
        return ("failed", {"code": err.code, "message": str(err)})
    _, created = svc.store.put(ex, extractor_version=version)
    return ("done", ex.model_dump_json(), created)


@router.post("/documents", response_model=UploadResponse, status_code=200,
             summary="Upload one or more files (form field `file`, repeated)",
             responses={202: {"model": UploadResponse, "description": "at least one file was queued"},
                        413: {"description": "a file, the request or the number of files is over the limit"},
                        422: {"model": UploadResponse, "description": "no file could be read, or too many pages"}})
def upload(file: list[UploadFile] = File(..., description="the documents: text, PDF, DOCX, images"),
           include_result: bool = Query(True, description="put the contract JSON of extracted files in the answer"),
           svc: Service = ServiceDep):
    """Plain text up to VNPLAN_INLINE_MAX_BYTES is extracted at once (200, with the result); PDF,
    DOCX, images and larger texts go to the job queue (202, with a job id per file)."""
    s = svc.settings
    if len(file) > s.max_files:
        raise ApiError(413, "too_many_files", f"{len(file)} files in one request; the limit is {s.max_files} "
                                              "(VNPLAN_MAX_FILES)")
    uploads = []
    for f in file:
        name = safe_filename(f.filename)
        data = f.file.read(s.max_upload_bytes + 1)
        if len(data) > s.max_upload_bytes:
            raise ApiError(413, "file_too_large", f"{name or 'a file'} is larger than the limit of "
                                                  f"{s.max_upload_bytes} bytes (VNPLAN_MAX_UPLOAD_BYTES)")
        media = sniff(data)
        pages = count_pages(data, media)
        if pages is not None and pages > s.max_pages:
            raise ApiError(422, "too_many_pages", f"{name or 'a file'} has {pages} pages; the limit is "
                                                  f"{s.max_pages} (VNPLAN_MAX_PAGES)")
        uploads.append((name, data, media))

    items, results = [], []
    for name, data, media in uploads:
        item = {"filename": name, "media_type": media, "size": len(data)}
        result = None
        if not data:
            item.update(status="failed", error={"code": "empty", "message": "empty file"})
        else:
            sha = hashlib.sha256(data).hexdigest()
            if media == "text/plain" and len(data) <= s.inline_max_bytes:
                result = _extract_inline(svc, data, name, sha, item)
            elif (stored := svc.store.get_json_if(sha, extractor.__version__)) is not None:
                item.update(status="done", document_id=sha, created=False)
                result = stored
            else:
                job_id = svc.queue.enqueue(data, sha256=sha, filename=name, media_type=media)
                item.update(status="queued", job_id=job_id)
                if svc.workers is not None:
                    svc.workers.wake()
        items.append(item)
        results.append(result if include_result else None)

    statuses = {i["status"] for i in items}
    code = 202 if "queued" in statuses else 200 if "done" in statuses else 422
    parts = []
    for item, result in zip(items, results):
        text = json.dumps(item, ensure_ascii=False)
        parts.append(text[:-1] + ', "result": ' + result + "}" if result else text)
    extra = ""
    if code == 422:
        first = items[0]["error"]
        extra = ', "error": ' + json.dumps(first, ensure_ascii=False)
    headers = {"Location": f"/v1/jobs/{items[0]['job_id']}"} if code == 202 and items[0].get("job_id") else None
    return Response('{"items": [' + ", ".join(parts) + "]" + extra + "}", status_code=code,
                    media_type="application/json", headers=headers)


@router.get("/documents", response_model=Page, summary="Stored documents, newest first",
            responses={200: {"content": {"text/csv": {}}}})
def list_documents(q: Optional[str] = Query(None, max_length=200, description="words of the title, number, issuer or filename"),
                   doc_type: Optional[str] = Query(None, max_length=100),
                   year: Optional[int] = Query(None, ge=1900, le=2200, description="plan year"),
                   issuer: Optional[str] = Query(None, max_length=200),
                   paging: Paging = Depends(), svc: Service = ServiceDep):
    return respond(svc.store, query.documents(q, doc_type, year, issuer), paging, "documents")


@router.get("/documents/{doc_id}", summary="The contract JSON of one document",
            responses={200: {"model": Extraction}, 404: {"description": "no such document"}})
def get_document(doc_id: str = Path(..., pattern=DOC_ID, description="sha256 of the uploaded file"),
                 svc: Service = ServiceDep):
    data = svc.store.get_json(doc_id)
    if data is None:
        raise not_found("document", doc_id)
    return Response(data, media_type="application/json")


@router.delete("/documents/{doc_id}", status_code=204, summary="Delete a document and its rows",
               responses={404: {"description": "no such document"}})
def delete_document(doc_id: str = Path(..., pattern=DOC_ID), svc: Service = ServiceDep):
    if not svc.store.delete(doc_id):
        raise not_found("document", doc_id)
    return Response(status_code=204)


@router.get("/documents/{doc_id}/tables/{table}", response_model=Page,
            summary="One flat table of a document (documents, sections, targets, units, tasks, deadlines, legal_refs)",
            responses={200: {"content": {"text/csv": {}}}, 404: {"description": "no such document"}})
def document_table(doc_id: str = Path(..., pattern=DOC_ID), table: Literal[TABLES] = Path(...),
                   paging: Paging = Depends(), svc: Service = ServiceDep):
    if not svc.store.has(doc_id):
        raise not_found("document", doc_id)
    return respond(svc.store, query.rows_of(table, doc_id), paging, f"{doc_id[:12]}-{table}")
