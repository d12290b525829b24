"""Form fields every domain's forms share."""

from __future__ import annotations

from typing import Any

from django import forms


class NameField(forms.CharField):
    """A name in any script; direction-control characters are refused with a clear message."""

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        from homeward.names import UnsafeNameError, validate_name

        try:
            return validate_name(value).strip()
        except UnsafeNameError as exc:
            raise forms.ValidationError(str(exc)) from exc
