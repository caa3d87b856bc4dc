"""The vnplan HTTP service (FastAPI)."""
