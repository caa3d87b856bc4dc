"""Imported by the local pool's fork server: loads the extractor's data and compiles its patterns once.

Every worker is forked from that server, so each starts warm (copy-on-write) instead of paying the
first-document cost (about a second) itself, and a worker replaced after a timeout is ready at once.
Importing this module runs `pipeline.warm_up`; nothing else imports it.
"""
from __future__ import annotations


def _warm() -> None:
    try:
        from ..pipeline import warm_up
        warm_up()
    except Exception:                 # a real document will report the problem, with its name
        pass


_warm()
