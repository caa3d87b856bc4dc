"""Paging, CSV export and id checks shared by the routers."""
from __future__ import annotations

from typing import Any, Literal

from fastapi import Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from ..errors import ApiError
from ..query import page, to_csv
from ..storage import Store

DOC_ID = r"^[0-9a-f]{64}$"
CSV_MAX = 100_000


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class Paging:
    def __init__(self,
                 limit: int | None = Query(None, ge=1, le=CSV_MAX, description="rows per page (JSON: default 50, "
                                           "at most 1000; CSV: default and maximum 100000)"),
                 offset: int = Query(0, ge=0, le=10**9),
                 format: Literal["json", "csv"] = Query("json", description="json, or csv for a download")):
        if format == "json" and limit is not None and limit > 1000:
            raise ApiError(422, "invalid_request", "limit is at most 1000 for JSON (use format=csv for more)")
        self.format = format
        self.limit = limit or (CSV_MAX if format == "csv" else 50)
        self.offset = offset


def respond(store: Store, stmt, paging: Paging, name: str) -> Response:
    total, rows = page(store, stmt, paging.limit, paging.offset)
    if paging.format == "csv":
        columns = [c.name for c in stmt.selected_columns]
        return Response(to_csv(rows, columns), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"',
                                 "X-Total-Count": str(total)})
    return JSONResponse({"total": total, "limit": paging.limit, "offset": paging.offset, "items": rows})


def not_found(what: str, ident: str) -> ApiError:
    return ApiError(404, "not_found", f"no {what} {ident}")
