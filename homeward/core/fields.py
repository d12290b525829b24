"""Model fields sealed at rest with :mod:`homeward.core.crypto`.

A sealed field stores ``hw1.<key>.<...>`` tokens, each bound (associated data) to its model,
field and row: ``"kinship.strprofile.genotypes:<row_key>"``. The row reference is the model's
``row_key`` (a UUID given when the row is made, see :func:`row_key_field`), so a value is sealed
before the row has a primary key and bulk inserts work. The value is opened when the attribute is
first read, and sealed again under the active key whenever the row is saved. Rows written before
the field was sealed (plain text or JSON) still read; saving seals them.

Sealed fields cannot be searched or filtered in the database: nothing may need their plaintext
there (a query on one is refused with an error). ``values()`` gives the tokens, not the plaintext.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from homeward.core import crypto


class _Raw(str):
    """A value as it came from the database (a token, or a legacy plain value): not yet opened."""

    __slots__ = ()


def row_key_field() -> models.UUIDField[Any, Any]:
    return models.UUIDField(default=uuid.uuid4, editable=False, null=False)


class _SealedAttribute(DeferredAttribute):
    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, _Raw):
            value = self.field.decode(instance, str(value))  # type: ignore[attr-defined]
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        # A data descriptor, so that reading always passes through __get__ (and opens the value).
        instance.__dict__[self.field.attname] = value


class SealedMixin:
    """Shared by the sealed fields: seal on save, open on first read, refuse lookups."""

    descriptor_class = _SealedAttribute
    attname: str
    name: str
    model: Any
    null: bool

    def aad(self, instance: Any) -> str:
        key = getattr(instance, "row_key", None)
        if key is None:
            raise crypto.KeysMissing(f"{self.model._meta.label_lower} has no row_key to bind {self.name} to")
        return f"{self.model._meta.label_lower}.{self.name}:{key}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return value
        if isinstance(value, str):
            return _Raw(value)
        return value  # a JSON column not yet converted hands back Python values

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = getattr(model_instance, self.attname)  # opens a loaded value (so it is re-sealed)
        if value is None or self.is_empty(value):
            return "" if not self.null else None
        return crypto.seal_text(self.encode(value), self.aad(model_instance))

    def get_prep_value(self, value: Any) -> Any:
        # Only tokens reach the database: a plain value here came through update() or
        # bulk_update(), which do not know the row; refuse rather than store it in the clear.
        if value is None or value == "" or crypto.is_sealed(value):
            return value
        raise TypeError(f"{self.name} is sealed: save it through the model (save(), bulk_create()), "
                        "not update() or bulk_update()")

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)  # type: ignore[misc]
        raise TypeError(f"{self.name} is sealed: it cannot be searched or filtered in the database")

    def value_to_string(self, obj: Any) -> str:
        return self.encode(getattr(obj, self.attname))

    def decode(self, instance: Any, raw: str) -> Any:
        if raw == "":
            return self.empty()
        if crypto.is_sealed(raw):
            return self.parse(crypto.open_text(raw, self.aad(instance)))
        return self.parse(raw)  # written before the field was sealed

    # per type
    def encode(self, value: Any) -> str:
        raise NotImplementedError

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def empty(self) -> Any:
        raise NotImplementedError

    def is_empty(self, value: Any) -> bool:
        return bool(value == self.empty())


class SealedTextField(SealedMixin, models.TextField):  # type: ignore[misc,type-arg]
    """Text sealed at rest (choices, if any, are checked as for a CharField)."""

    def encode(self, value: Any) -> str:
        return str(value)

    def parse(self, text: str) -> Any:
        return text

    def empty(self) -> Any:
        return ""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, _Raw):
            return value
        return super().to_python(value)


class SealedJSONField(SealedMixin, models.TextField[Any, Any]):  # type: ignore[misc]
    """A JSON value (dict or list) sealed at rest; ``default`` as for JSONField (a callable)."""

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def encode(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def parse(self, text: str) -> Any:
        return json.loads(text)

    def empty(self) -> Any:
        return self.get_default() if self.has_default() else None

    def is_empty(self, value: Any) -> bool:
        return False  # an empty dict is sealed like any value, so the column never says "no genotypes"

    def to_python(self, value: Any) -> Any:
        return value

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return models.Field.formfield(self, **{"form_class": forms.JSONField, **kwargs})


def sealed_models() -> list[tuple[Any, list[SealedMixin]]]:
    """Every model with sealed fields, and those fields (for key rotation and checks)."""
    from django.apps import apps

    found: list[tuple[Any, list[Any]]] = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, SealedMixin)]
        if fields:
            found.append((model, fields))
    return found


def seal_existing_rows(app_label: str, model_name: str) -> Any:
    """A RunPython step for a migration: give rows their row keys and seal their plain values."""

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        fields = [f for f in model._meta.concrete_fields if isinstance(f, SealedMixin)]
        names = [f.name for f in fields]
        for row in model._base_manager.all().iterator(chunk_size=500):
            model._base_manager.filter(pk=row.pk).update(
                **{f.attname: f.pre_save(row, False) for f in fields}) if names else None

    return run


def give_row_keys(app_label: str, model_name: str) -> Any:
    """A RunPython step: a distinct row key for every existing row."""

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        for pk in model._base_manager.filter(row_key__isnull=True).values_list("pk", flat=True).iterator():
            model._base_manager.filter(pk=pk).update(row_key=uuid.uuid4())

    return run
