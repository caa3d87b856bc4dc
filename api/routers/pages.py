"""The web pages (static HTML, CSS and plain JS in api/static): upload and reading, and the dashboard."""
from __future__ import annotations

import os

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "static")
router = APIRouter(include_in_schema=False)


@router.get("/")
def index():
    return FileResponse(os.path.join(STATIC, "index.html"))


@router.get("/dashboard")
def dashboard():
    return FileResponse(os.path.join(STATIC, "dashboard.html"))
