"""Batch processing: many documents (files, folders, zip archives) into one target, resumably.

    sources (what to run) -> runner (skip what is done, hand out work) -> engine (local pool or
    Dask) -> work (the pipeline in a worker) -> sinks (JSON folder, JSON Lines, Parquet, SQL)

`from extractor.batch.runner import run` is the Python entry point; `vnplan batch` the CLI.
"""
