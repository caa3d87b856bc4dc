"""Queries across all stored documents: targets, deadlines, units and their tasks, legal references.

Every list pages with limit/offset and downloads as CSV with format=csv.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select

import extractor

from .. import query
from ..deps import Service, ServiceDep, require_key
from ..storage import EXTRACTIONS
from .common import DOC_ID, Page, Paging, respond

router = APIRouter(prefix="/v1", tags=["dashboard"], dependencies=[Depends(require_key)],
                   responses={200: {"content": {"text/csv": {}}}})

Role = Optional[Literal["lead", "cooperate"]]
_text = dict(max_length=200)


def _doc(document_id: Optional[str] = Query(None, pattern=DOC_ID, description="only this document")):
    return document_id


def _iso(d: Optional[dt.date]) -> Optional[str]:
    return d.isoformat() if d else None


@router.get("/targets", response_model=Page, summary="Targets, one row per value")
def targets(indicator: Optional[str] = Query(None, description="words of the indicator or the target text", **_text),
            comparator: Optional[Literal["=", ">=", ">", "<=", "<", "reduce", "increase", "maintain"]] = None,
            value_unit: Optional[str] = Query(None, description='unit of the value, e.g. "%"', **_text),
            year: Optional[int] = Query(None, ge=1900, le=2200), document_id: Optional[str] = Depends(_doc),
            paging: Paging = Depends(), svc: Service = ServiceDep):
    return respond(svc.store, query.targets(document_id, indicator, comparator, value_unit, year), paging, "targets")


@router.get("/targets/indicators", response_model=Page, summary="Targets grouped by indicator")
def indicators(indicator: Optional[str] = Query(None, **_text), document_id: Optional[str] = Depends(_doc),
               paging: Paging = Depends(), svc: Service = ServiceDep):
    return respond(svc.store, query.indicators(document_id, indicator), paging, "indicators")


@router.get("/deadlines", response_model=Page,
            summary="Deadlines with their task and lead units, soonest first (e.g. all due before a date, by unit)")
def deadlines(before: Optional[dt.date] = Query(None, description="due on or before this date (the deadline's end)"),
              after: Optional[dt.date] = Query(None, description="due on or after this date"),
              kind: Optional[Literal["deadline", "period", "date", "recurring"]] = None,
              unit: Optional[str] = Query(None, description="words of a unit of the deadline's task", **_text),
              role: Role = Query(None, description="with unit: only as lead or as cooperating unit"),
              document_id: Optional[str] = Depends(_doc), paging: Paging = Depends(), svc: Service = ServiceDep):
    stmt = query.deadlines(_iso(before), _iso(after), kind, unit, role, document_id)
    return respond(svc.store, stmt, paging, "deadlines")


@router.get("/units", response_model=Page, summary="Workload per unit: tasks led and joined, across documents")
def units(name: Optional[str] = Query(None, description="words of the unit's name", **_text), role: Role = None,
          document_id: Optional[str] = Depends(_doc), paging: Paging = Depends(), svc: Service = ServiceDep):
    return respond(svc.store, query.units(name, role, document_id), paging, "units")


@router.get("/tasks", response_model=Page, summary="Tasks, with the units and deadlines joined to them")
def tasks(unit: Optional[str] = Query(None, description="words of a unit given the task", **_text), role: Role = None,
          due_before: Optional[dt.date] = None, due_after: Optional[dt.date] = None,
          document_id: Optional[str] = Depends(_doc), paging: Paging = Depends(), svc: Service = ServiceDep):
    stmt = query.tasks(unit, role, document_id, _iso(due_before), _iso(due_after))
    return respond(svc.store, stmt, paging, "tasks")


@router.get("/legal-refs", response_model=Page,
            summary="Legal references and the documents citing them (number=23/QĐ-TTg: who cites that decision)")
def legal_refs(number: Optional[str] = Query(None, description="the cited document's number, e.g. 23/QĐ-TTg", **_text),
               type: Optional[str] = Query(None, description="Quyết định, Luật, Kế hoạch, ...", **_text),
               q: Optional[str] = Query(None, description="words of the name, issuer or number", **_text),
               role: Optional[Literal["basis", "mention"]] = None, year: Optional[int] = Query(None, ge=1900, le=2200),
               document_id: Optional[str] = Depends(_doc), paging: Paging = Depends(), svc: Service = ServiceDep):
    return respond(svc.store, query.legal_refs(number, type, q, role, year, document_id), paging, "legal_refs")


@router.get("/legal-refs/cited", response_model=Page, summary="Referenced documents, most cited first")
def cited(type: Optional[str] = Query(None, **_text), q: Optional[str] = Query(None, **_text),
          paging: Paging = Depends(), svc: Service = ServiceDep):
    return respond(svc.store, query.cited(type, q), paging, "cited")


@router.get("/stats", summary="Counts for the dashboard header")
def stats(svc: Service = ServiceDep) -> dict:
    with svc.store.read() as conn:
        n_docs = conn.execute(select(func.count()).select_from(EXTRACTIONS)).scalar_one()
        counts = {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                  for name, t in (("targets", query.T), ("units", query.U), ("tasks", query.K),
                                  ("deadlines", query.DL), ("legal_refs", query.R))}
    return {"documents": n_docs, **counts, "jobs": svc.queue.counts(), "extractor_version": extractor.__version__}
