"""Status and progress of queued extractions."""
from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel

from ..deps import Service, ServiceDep, require_key
from .common import not_found

router = APIRouter(prefix="/v1", tags=["jobs"], dependencies=[Depends(require_key)])
JOB_ID = r"^[0-9a-f]{32}$"


class JobError(BaseModel):
    code: str
    message: str


class Job(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float
    stage: Optional[str] = None
    filename: Optional[str] = None
    media_type: Optional[str] = None
    size: int
    document_id: Optional[str] = None
    attempts: int
    created_at: float
    updated_at: float
    error: Optional[JobError] = None


class JobPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Job]


def _job(row: dict) -> Job:
    error = {"code": row["error_code"], "message": row["error_message"] or ""} if row["error_code"] else None
    return Job(**{k: row[k] for k in Job.model_fields if k != "error"}, error=error)


@router.get("/jobs/{job_id}", response_model=Job, summary="Status and progress of one job",
            responses={404: {"description": "no such job"}})
def get_job(job_id: str = Path(..., pattern=JOB_ID), svc: Service = ServiceDep):
    row = svc.queue.get(job_id)
    if row is None:
        raise not_found("job", job_id)
    return _job(row)


@router.get("/jobs", response_model=JobPage, summary="Jobs, newest first")
def list_jobs(status: Optional[Literal["queued", "running", "done", "failed"]] = None,
              limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=10**9),
              svc: Service = ServiceDep):
    total, rows = svc.queue.list(status, limit, offset)
    return JobPage(total=total, limit=limit, offset=offset, items=[_job(r) for r in rows])
