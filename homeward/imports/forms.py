"""Forms of the import pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.imports.columns import COLUMNS, IGNORE
from homeward.imports.models import Kind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file lists"), choices=Kind.choices)
    file = forms.FileField(label=_("Spreadsheet (.xlsx, .ods or .csv)"))


class MappingForm(forms.Form):
    """One choice per column of the file: which field it holds, or ignore it."""

    def __init__(self, *args: Any, kind: str, headers: list[str], mapping: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— choose —")), (IGNORE, _("ignore this column"))] + [(f, f) for f in COLUMNS[kind]]
        self.headers = headers
        for i, header in enumerate(headers):
            self.fields[f"col{i}"] = forms.ChoiceField(label=header or f"#{i + 1}", choices=choices, required=False,
                                                       initial=mapping.get(header, ""))

    def mapping(self) -> dict[str, str]:
        return {h: self.cleaned_data[f"col{i}"] for i, h in enumerate(self.headers) if self.cleaned_data[f"col{i}"]}
