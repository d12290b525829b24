"""Optimistic locking: of two people editing one record, the second save is refused.

Records that people edit carry a ``version``. A form sends the version it was loaded at; the
write is one ``UPDATE ... WHERE version = loaded`` that also bumps it, so exactly one of two
concurrent saves wins and the other changes nothing and is told why.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from homeward.core.fields import SealedMixin
from homeward.errors import ConflictError

M = TypeVar("M", bound=models.Model)


def attname(instance: models.Model, name: str) -> str:
    """The column attribute of field ``name`` (``home_region`` -> ``home_region_id``)."""
    field = instance._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.attname


def conflict_message() -> str:
    return _("This record was changed by someone else while you were editing it. "
             "Their change is kept; reload the page to see it and make your change again.")


def lock_row(model: type[M], pk: int, *related: str) -> M:
    """The row ``pk`` locked for update, with ``related`` rows read alongside.

    The lock is taken on the row alone: on PostgreSQL a ``SELECT ... FOR UPDATE`` joined to
    another table can come back empty when a concurrent transaction changed the joined column
    (a case's stage) and committed while this one waited, so the joined read follows the lock.
    """
    list(model._default_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True))
    return model._default_manager.select_related(*related).get(pk=pk)


def lock_at_version(model: type[M], pk: int, expected_version: int | None) -> M:
    """The row ``pk`` locked for update, if it is still at ``expected_version`` (None: any)."""
    row = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is not None and getattr(row, "version", None) != expected_version:
        raise ConflictError(conflict_message())
    return row


def write_at_version(model: type[models.Model], pk: int, expected_version: int | None, **values: Any) -> None:
    """Write ``values`` and bump the version, only if the row is still at ``expected_version``."""
    qs = model._default_manager.filter(pk=pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    values = _sealed_for_update(model, pk, values)
    if qs.update(version=F("version") + 1, **values) != 1:
        raise ConflictError(conflict_message())


def _sealed_for_update(model: type[models.Model], pk: int, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with every sealed field's value sealed for row ``pk``.

    ``update()`` never sees the row, and a sealed value is bound to its row's key, so the key is
    read first and each value sealed as ``save()`` would seal it.
    """
    sealed = [name for name in values if isinstance(model._meta.get_field(name), SealedMixin)]
    if not sealed:
        return values
    row = model._default_manager.only("pk", "row_key").filter(pk=pk).first()
    if row is None:
        return values  # the update below finds no row and reports the conflict
    out = dict(values)
    for name in sealed:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        setattr(row, field.attname, values[name])
        out[name] = field.pre_save(row, False)
    return out


def bump(model: type[models.Model], pk: int) -> None:
    """A change elsewhere (a check ticked, a name added) moves the record's version on."""
    model._default_manager.filter(pk=pk).update(version=F("version") + 1)
