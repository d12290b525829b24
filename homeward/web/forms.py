"""Forms for the daily pages. Forms only validate input; the actions change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.cases.models import Case
from homeward.people.models import FamilyLink, Person, PersonName
from homeward.places.models import Country, Facility, Region


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


class PersonForm(forms.ModelForm):
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
        data = super().clean()
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


class NewCaseForm(forms.Form):
    """A child found abroad: first name, sex, age as known, where found."""

    name = NameField(label=_("Child's name"), max_length=300)
    name_kind = forms.ChoiceField(label=_("Name kind"), choices=PersonName.Kind.choices, initial="heard")
    name_source = forms.CharField(label=_("Source of the name"), max_length=200, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Person._meta.get_field("sex").choices, required=False)
    birth_date = forms.DateField(label=_("Birth date, if known"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    apparent_age = forms.IntegerField(label=_("Apparent age in years, if no date"), min_value=0, max_value=17,
                                      required=False)
    birth_place = forms.ChoiceField(label=_("Place of birth"), choices=Person.BirthPlace.choices, required=False)
    host_country = forms.ModelChoiceField(label=_("Host country"), queryset=Country.objects.filter(is_host=True))
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=Facility.objects.all(), required=False)
    home_region = forms.ModelChoiceField(label=_("Home region"), queryset=Region.objects.all(), required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        facility, country = data.get("facility"), data.get("host_country")
        if facility and country and facility.country_id != country.pk:
            self.add_error("facility", _("This facility is not in the chosen host country."))
        return data


class CaseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["host_country", "facility", "home_region", "identified_on", "summary"]
        widgets = {"identified_on": forms.DateInput(attrs={"type": "date"}),
                   "summary": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        facility, country = data.get("facility"), data.get("host_country")
        if facility and country and facility.country_id != country.pk:
            self.add_error("facility", _("This facility is not in the chosen host country."))
        return data


class RelativeForm(forms.Form):
    name = NameField(label=_("Relative's name"), max_length=300)
    relation = forms.ChoiceField(label=_("Relation to the child"), choices=FamilyLink.Relation.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=Person._meta.get_field("sex").choices, required=False)
    home_region = forms.ModelChoiceField(label=_("Home region"), queryset=Region.objects.all(), required=False)
    evidence = forms.CharField(label=_("On what basis"), max_length=300, required=False)


class TransitionForm(forms.Form):
    target = forms.CharField(max_length=40)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CheckForm(forms.Form):
    reference = forms.CharField(label=_("Document reference"), max_length=100, required=False)
    document_date = forms.DateField(label=_("Document date"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
