"""Which engine scores: DuckDB on this machine (the default) or Spark, for caseloads past it.

Chosen by the ``backend`` argument of ``link``/``link_incremental``, ``--backend`` of
``homeward match``, or the ``HOMEWARD_LINKAGE_BACKEND`` setting (``duckdb`` or
``spark``). Both score with the same model and give the same pairs and probabilities
(``tests/linkage/test_spark.py``); training stays on DuckDB (see README).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from homeward.linkage.engine import Session
from homeward.linkage.features import Features
from homeward.linkage.model import Model

BACKENDS = ("duckdb", "spark")
BACKEND_ENV = "HOMEWARD_LINKAGE_BACKEND"


def backend_name(backend: str | None = None) -> str:
    """``backend`` if given, else the setting, else ``duckdb``; raises on an unknown name."""
    name = (backend or os.environ.get(BACKEND_ENV) or "duckdb").strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"linkage backend must be one of {', '.join(BACKENDS)}, not {name!r}")
    return name


def open_session(
    model: Model,
    children: Sequence[Features],
    requests: Sequence[Features],
    *,
    backend: str | None = None,
    detail: bool = False,
) -> Session:
    """A scoring session on the chosen backend."""
    if backend_name(backend) == "spark":
        from homeward.linkage.spark import SparkLinkSession

        return SparkLinkSession(model, children, requests, detail=detail)
    return Session(model, children, requests, detail=detail)
