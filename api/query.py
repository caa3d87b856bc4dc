"""Queries over all stored documents for the dashboards: they read the row tables of api.storage.

Each function takes the filters and returns a SELECT; `page()` runs it with a total count.
Text filters are case-insensitive substrings ("phòng giáo dục" finds "Phòng Giáo dục và Đào tạo").
"""
from __future__ import annotations

import csv
import io
import unicodedata
from typing import Any, Iterable

from sqlalchemy import Select, and_, case, distinct, exists, func, or_, select

from .storage import EXTRACTIONS, ROW_TABLES, Store

D = ROW_TABLES["documents"]
T = ROW_TABLES["targets"]
U = ROW_TABLES["units"]
K = ROW_TABLES["tasks"]
DL = ROW_TABLES["deadlines"]
R = ROW_TABLES["legal_refs"]
S = ROW_TABLES["sections"]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().lower()


def contains(column, text: str):
    return func.lower(column).contains(_norm(text), autoescape=True)


def _doc_cols():
    return [D.c.number.label("document_number"), D.c.title.label("document_title"),
            D.c.filename.label("document_filename")]


def _unit_of_task(table, unit: str, role: str | None):
    """A row whose task has a unit matching `unit` (in the given role)."""
    cond = [U.c.document_id == table.c.document_id, U.c.task_id == table.c.task_id,
            or_(contains(U.c.canonical, unit), contains(U.c.name, unit))]
    if role:
        cond.append(U.c.role == role)
    return exists(select(U.c.document_id).where(*cond))


def documents(q: str | None = None, doc_type: str | None = None, year: int | None = None,
              issuer: str | None = None) -> Select:
    stmt = (select(*D.c, EXTRACTIONS.c.stored_at, EXTRACTIONS.c.extractor_version)
            .join(EXTRACTIONS, EXTRACTIONS.c.document_id == D.c.document_id))
    if q:
        stmt = stmt.where(or_(contains(D.c.title, q), contains(D.c.number, q), contains(D.c.issuer, q),
                              contains(D.c.filename, q)))
    if doc_type:
        stmt = stmt.where(contains(D.c.doc_type, doc_type))
    if year is not None:
        stmt = stmt.where(D.c.plan_year == year)
    if issuer:
        stmt = stmt.where(contains(D.c.issuer, issuer))
    return stmt.order_by(EXTRACTIONS.c.stored_at.desc(), D.c.document_id)


def targets(document_id: str | None = None, indicator: str | None = None, comparator: str | None = None,
            value_unit: str | None = None, year: int | None = None) -> Select:
    stmt = select(*T.c, *_doc_cols()).join(D, D.c.document_id == T.c.document_id)
    if document_id:
        stmt = stmt.where(T.c.document_id == document_id)
    if indicator:
        stmt = stmt.where(or_(contains(T.c.indicator, indicator), contains(T.c.text, indicator)))
    if comparator:
        stmt = stmt.where(T.c.comparator == comparator)
    if value_unit:
        stmt = stmt.where(func.lower(T.c.unit) == _norm(value_unit))
    if year is not None:
        stmt = stmt.where(T.c.years.contains(str(year)))
    return stmt.order_by(T.c.document_id, T.c.span_start, T.c.target_id)


def indicators(document_id: str | None = None, indicator: str | None = None) -> Select:
    """Targets grouped by indicator: how many, in how many documents, the range of their values."""
    key = func.coalesce(T.c.indicator, T.c.text)
    stmt = select(key.label("indicator"), T.c.unit.label("value_unit"),
                  func.count(distinct(T.c.document_id.concat(":").concat(T.c.target_id))).label("n_targets"),
                  func.count(distinct(T.c.document_id)).label("n_documents"),
                  func.min(T.c.value).label("min_value"), func.max(T.c.value).label("max_value"))
    if document_id:
        stmt = stmt.where(T.c.document_id == document_id)
    if indicator:
        stmt = stmt.where(contains(key, indicator))
    return stmt.group_by(key, T.c.unit).order_by(func.count().desc(), key, T.c.unit)


def deadlines(before: str | None = None, after: str | None = None, kind: str | None = None,
              unit: str | None = None, role: str | None = None, document_id: str | None = None) -> Select:
    stmt = (select(*DL.c, K.c.text.label("task_text"), K.c.lead, K.c.cooperate, *_doc_cols())
            .join(D, D.c.document_id == DL.c.document_id)
            .outerjoin(K, and_(K.c.document_id == DL.c.document_id, K.c.task_id == DL.c.task_id)))
    if before:
        stmt = stmt.where(DL.c.end <= before)
    if after:
        stmt = stmt.where(DL.c.end >= after)
    if kind:
        stmt = stmt.where(DL.c.kind == kind)
    if unit:
        stmt = stmt.where(_unit_of_task(DL, unit, role))
    if document_id:
        stmt = stmt.where(DL.c.document_id == document_id)
    return stmt.order_by(case((DL.c.end.is_(None), 1), else_=0), DL.c.end, DL.c.document_id, DL.c.span_start)


def units(name: str | None = None, role: str | None = None, document_id: str | None = None) -> Select:
    """Workload per unit: tasks it leads or joins, across documents."""
    key = func.coalesce(U.c.canonical, U.c.name)
    task_key = U.c.document_id.concat(":").concat(func.coalesce(U.c.task_id, ""))
    stmt = select(key.label("unit"),
                  func.count(distinct(case((U.c.task_id.is_not(None), task_key)))).label("n_tasks"),
                  func.sum(case((U.c.role == "lead", 1), else_=0)).label("n_lead"),
                  func.sum(case((U.c.role == "cooperate", 1), else_=0)).label("n_cooperate"),
                  func.count(distinct(U.c.document_id)).label("n_documents"),
                  func.count().label("n_mentions"))
    if name:
        stmt = stmt.where(or_(contains(U.c.canonical, name), contains(U.c.name, name)))
    if role:
        stmt = stmt.where(U.c.role == role)
    if document_id:
        stmt = stmt.where(U.c.document_id == document_id)
    return stmt.group_by(key).order_by(func.count(distinct(case((U.c.task_id.is_not(None), task_key)))).desc(),
                                       func.count().desc(), key)


def tasks(unit: str | None = None, role: str | None = None, document_id: str | None = None,
          due_before: str | None = None, due_after: str | None = None) -> Select:
    stmt = select(*K.c, *_doc_cols()).join(D, D.c.document_id == K.c.document_id)
    if unit:
        stmt = stmt.where(_unit_of_task(K, unit, role))
    if document_id:
        stmt = stmt.where(K.c.document_id == document_id)
    if due_before:
        stmt = stmt.where(K.c.due_end <= due_before)
    if due_after:
        stmt = stmt.where(K.c.due_end >= due_after)
    return stmt.order_by(K.c.document_id, K.c.span_start, K.c.task_id)


def legal_refs(number: str | None = None, type_: str | None = None, q: str | None = None,
               role: str | None = None, year: int | None = None, document_id: str | None = None) -> Select:
    """References with the documents that cite them: number="23/QĐ-TTg" lists who cites that decision."""
    stmt = select(*R.c, *_doc_cols()).join(D, D.c.document_id == R.c.document_id)
    if number:
        stmt = stmt.where(func.lower(func.replace(R.c.number, " ", "")) == _norm(number).replace(" ", ""))
    if type_:
        stmt = stmt.where(contains(R.c.type, type_))
    if q:
        stmt = stmt.where(or_(contains(R.c.name, q), contains(R.c.issuer, q), contains(R.c.number, q)))
    if role:
        stmt = stmt.where(R.c.role == role)
    if year is not None:
        stmt = stmt.where(R.c.year == year)
    if document_id:
        stmt = stmt.where(R.c.document_id == document_id)
    return stmt.order_by(R.c.document_id, R.c.ref_id)


def cited(type_: str | None = None, q: str | None = None) -> Select:
    """The referenced documents, most cited first: one row per number (per name when it has none)."""
    key = func.coalesce(func.lower(func.replace(R.c.number, " ", "")), func.lower(R.c.name))
    stmt = select(func.min(R.c.type).label("type"), func.min(R.c.number).label("number"),
                  func.max(R.c.name).label("name"), func.max(R.c.year).label("year"),
                  func.count(distinct(R.c.document_id)).label("n_documents")).where(key.is_not(None))
    if type_:
        stmt = stmt.where(contains(R.c.type, type_))
    if q:
        stmt = stmt.where(or_(contains(R.c.name, q), contains(R.c.number, q), contains(R.c.issuer, q)))
    return stmt.group_by(key).order_by(func.count(distinct(R.c.document_id)).desc(), key)


def rows_of(table: str, document_id: str) -> Select:
    t = ROW_TABLES[table]
    order = [t.c.span_start] if "span_start" in t.c else [t.c.first_span_start] if "first_span_start" in t.c else []
    return select(t).where(t.c.document_id == document_id).order_by(*order)


def page(store: Store, stmt: Select, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    with store.read() as conn:
        total = conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
        rows = conn.execute(stmt.limit(limit).offset(offset)).mappings().all()
    return total, [dict(r) for r in rows]


def to_csv(rows: Iterable[dict], columns: list[str] | None = None) -> str:
    """CSV text with a header (and a byte-order mark so spreadsheet programs read the Vietnamese right)."""
    rows = list(rows)
    out = io.StringIO()
    out.write("\ufeff")
    cols = columns or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in r.items()})
    return out.getvalue()
