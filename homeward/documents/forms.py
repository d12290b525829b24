from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.documents.models import Attached, Kind


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG, PNG, TIFF or WebP)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    language = forms.CharField(label=_("Language"), max_length=16, required=False,
                               help_text=_("e.g. ar, ru, en"))
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200, required=False)
    reference_number = forms.CharField(label=_("Reference number"), max_length=100, required=False)
    issued_on = forms.DateField(label=_("Date of the document"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    attached_to = forms.ChoiceField(label=_("Attached to"), choices=Attached.choices, initial=Attached.CASE)
    attached_ref = forms.CharField(label=_("Which one"), max_length=60, required=False,
                                   help_text=_("the check's code, or the person's, sample's or handover's number"))
