"""Forms of the people pages. Forms only validate input; the actions change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.core.forms import NameField
from homeward.people.models import FamilyLink, Person, PersonName, Sex
from homeward.places.models import Region


class PersonForm(forms.ModelForm[Person]):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = [
            "sex", "birth_precision", "birth_date", "birth_date_min", "birth_date_max", "birth_place",
            "citizenship", "home_region", "is_deceased", "death_date", "detention_status",
            "detention_facility", "notes",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "birth_date_min": forms.DateInput(attrs={"type": "date"}),
            "birth_date_max": forms.DateInput(attrs={"type": "date"}),
            "death_date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        precision = data.get("birth_precision")
        if precision == "range":
            lo, hi = data.get("birth_date_min"), data.get("birth_date_max")
            if not lo or not hi:
                self.add_error("birth_date_min", _("An estimated range needs both ends."))
            elif lo > hi:
                self.add_error("birth_date_max", _("The range ends before it starts."))
        elif precision in {"exact", "month", "year"} and not data.get("birth_date"):
            self.add_error("birth_date", _("Give the date (for a month or year, any day in it)."))
        return data


class NameForm(forms.Form):
    text = NameField(label=_("Name"), max_length=300)
    script = forms.ChoiceField(label=_("Script"), choices=[("", _("detect"))] + list(PersonName.Script.choices),
                               required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=PersonName.Kind.choices, initial=PersonName.Kind.OFFICIAL)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


class RelativeForm(forms.Form):
    """A relative: an existing person (``existing``, found by the search) or a new one by name."""

    existing = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = NameField(label=_("Relative's name"), max_length=300, required=False)
    relation = forms.ChoiceField(label=_("Relation to the child"), choices=FamilyLink.Relation.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    home_region = forms.ModelChoiceField(label=_("Home region"), queryset=Region.objects.all(), required=False)
    evidence = forms.CharField(label=_("On what basis"), max_length=300, required=False)
    # Set by the "a different person" button once the probable duplicates were shown.
    not_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("existing") and not data.get("name"):
            self.add_error("name", _("Give the relative's name, or choose a person already recorded."))
        return data
