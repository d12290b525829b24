"""The preview of a large file runs in the background; the page polls its progress."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def run_preview(batch_id: int) -> dict[str, Any]:
    """Judge every row of the import ``batch_id`` (safe to run twice: it only stores verdicts)."""
    from homeward.errors import ActionError
    from homeward.imports import actions
    from homeward.imports.preview import summary

    try:
        batch = actions.run_preview(batch_id)
    except ActionError as exc:
        return {"batch": batch_id, "failed": exc.message}
    return {"batch": batch_id, **summary(batch.verdicts)}


@task()
def sweep_duplicates() -> dict[str, Any]:
    """Look for probable duplicate people across the whole register."""
    from homeward.imports.sweep import sweep

    return {"new_pairs": sweep()}
