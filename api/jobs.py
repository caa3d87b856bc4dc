"""The job queue, kept in the database so that it survives a restart of the service.

A job is one uploaded file extracted by a worker process: queued -> running -> done | failed,
with a progress figure and a stage name. Its bytes stay in `job_blobs` until it ends. A running
job records its owner (node:pid) and a heartbeat; when the service starts it takes back the jobs
its own node was running (the process died), and any process may take back a job whose heartbeat
is older than the lease. A job taken back runs again until it has used its attempts, then ends
failed with code "interrupted": never lost silently.
"""
from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update

from .storage import JOB_BLOBS, JOBS, Store

STATUSES = ("queued", "running", "done", "failed")


class JobQueue:
    def __init__(self, store: Store, *, attempts: int = 2, lease_seconds: float = 900):
        self.store = store
        self.attempts = attempts
        self.lease_seconds = lease_seconds

    def enqueue(self, data: bytes, *, sha256: str, filename: str | None, media_type: str | None) -> str:
        """A new queued job for these bytes, or the queued/running job that already has them."""
        now = time.time()
        with self.store.write() as conn:
            existing = conn.execute(select(JOBS.c.id).where(JOBS.c.sha256 == sha256,
                                                            JOBS.c.status.in_(("queued", "running")))).first()
            if existing:
                return existing[0]
            job_id = uuid.uuid4().hex
            conn.execute(insert(JOBS), {"id": job_id, "status": "queued", "progress": 0.0, "stage": "queued",
                                        "filename": filename, "sha256": sha256, "media_type": media_type,
                                        "size": len(data), "attempts": 0, "created_at": now,
                                        "updated_at": now})
            conn.execute(insert(JOB_BLOBS), {"job_id": job_id, "data": data})
        return job_id

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self.store.read() as conn:
            row = conn.execute(select(JOBS).where(JOBS.c.id == job_id)).first()
        return dict(row._mapping) if row else None

    def list(self, status: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
        q = select(JOBS)
        n = select(func.count()).select_from(JOBS)
        if status:
            q, n = q.where(JOBS.c.status == status), n.where(JOBS.c.status == status)
        with self.store.read() as conn:
            total = conn.execute(n).scalar_one()
            rows = conn.execute(q.order_by(JOBS.c.created_at.desc(), JOBS.c.id).limit(limit).offset(offset))
            return total, [dict(r._mapping) for r in rows]

    def counts(self) -> dict[str, int]:
        with self.store.read() as conn:
            got = dict(conn.execute(select(JOBS.c.status, func.count()).group_by(JOBS.c.status)).all())
        return {s: got.get(s, 0) for s in STATUSES}

    def claim(self, owner: str) -> tuple[dict[str, Any], bytes] | None:
        """Take the oldest queued job for `owner` (node:pid); returns the job and its bytes."""
        now = time.time()
        with self.store.write() as conn:
            q = (select(JOBS.c.id).where(JOBS.c.status == "queued").order_by(JOBS.c.created_at).limit(1))
            if self.store.dialect == "postgresql":
                q = q.with_for_update(skip_locked=True)
            row = conn.execute(q).first()
            if row is None:
                return None
            conn.execute(update(JOBS).where(JOBS.c.id == row[0]).values(
                status="running", stage="starting", progress=0.05, owner=owner, attempts=JOBS.c.attempts + 1,
                updated_at=now, heartbeat_at=now))
            job = dict(conn.execute(select(JOBS).where(JOBS.c.id == row[0])).one()._mapping)
            blob = conn.execute(select(JOB_BLOBS.c.data).where(JOB_BLOBS.c.job_id == row[0])).first()
        if blob is None:                       # cannot happen unless the database was edited by hand
            self.fail(job["id"], "lost_upload", "the uploaded bytes of this job are missing")
            return None
        return job, bytes(blob[0])

    def progress(self, job_id: str, owner: str, progress: float, stage: str) -> None:
        now = time.time()
        with self.store.write() as conn:
            conn.execute(update(JOBS).where(JOBS.c.id == job_id, JOBS.c.owner == owner,
                                            JOBS.c.status == "running")
                         .values(progress=progress, stage=stage, updated_at=now, heartbeat_at=now))

    def heartbeat(self, job_id: str, owner: str) -> None:
        with self.store.write() as conn:
            conn.execute(update(JOBS).where(JOBS.c.id == job_id, JOBS.c.owner == owner,
                                            JOBS.c.status == "running").values(heartbeat_at=time.time()))

    def finish(self, job_id: str, document_id: str) -> None:
        with self.store.write() as conn:
            conn.execute(update(JOBS).where(JOBS.c.id == job_id).values(
                status="done", progress=1.0, stage="done", document_id=document_id, updated_at=time.time()))
            conn.execute(delete(JOB_BLOBS).where(JOB_BLOBS.c.job_id == job_id))

    def fail(self, job_id: str, code: str, message: str) -> None:
        with self.store.write() as conn:
            conn.execute(update(JOBS).where(JOBS.c.id == job_id).values(
                status="failed", stage="failed", error_code=code, error_message=message,
                updated_at=time.time()))
            conn.execute(delete(JOB_BLOBS).where(JOB_BLOBS.c.job_id == job_id))

    def recover(self, *, owners_prefix: str | None = None, owner: str | None = None) -> dict[str, int]:
        """Take back running jobs whose worker is gone: those of `owner`, of any owner starting with
        `owners_prefix` (this node, at start-up), and any whose heartbeat is older than the lease.
        Each goes back to the queue, or ends failed when it has used its attempts."""
        now = time.time()
        gone = [JOBS.c.heartbeat_at < now - self.lease_seconds, JOBS.c.heartbeat_at.is_(None)]
        if owners_prefix:
            gone.append(JOBS.c.owner.startswith(owners_prefix, autoescape=True))
        if owner:
            gone.append(JOBS.c.owner == owner)
        stale = and_(JOBS.c.status == "running", or_(*gone))
        with self.store.write() as conn:
            failed = conn.execute(update(JOBS).where(stale, JOBS.c.attempts >= self.attempts).values(
                status="failed", stage="failed", error_code="interrupted",
                error_message=f"the worker stopped while running this job ({self.attempts} attempts); "
                              "upload the file again to retry", updated_at=now)).rowcount
            conn.execute(delete(JOB_BLOBS).where(JOB_BLOBS.c.job_id.in_(
                select(JOBS.c.id).where(JOBS.c.status == "failed"))))
            requeued = conn.execute(update(JOBS).where(stale).values(
                status="queued", stage="resumed", progress=0.0, owner=None, updated_at=now)).rowcount
        return {"requeued": requeued, "failed": failed}
