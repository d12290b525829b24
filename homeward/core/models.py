"""The one row that says when the reference tables last changed (homeward/core/reference.py)."""

from __future__ import annotations

from django.db import models


class ReferenceGeneration(models.Model):
    """A token that changes in every transaction that changes a reference table.

    A server process keeps what it read of those tables (stages, checks, transitions, places, form
    kinds) under the token it saw; a different token means something changed, so it reads them
    again. The token is random, not a counter, so that a rolled-back change or a database restored
    to an older state never brings back a token under which something else was kept.
    """

    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "reference tables' generation"

    def __str__(self) -> str:
        return f"reference generation {self.token}"
