"""Forms of the case pages. Forms only validate input; the actions change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.accounts import policy
from homeward.cases.models import Case
from homeward.core.forms import NameField
from homeward.people.models import Person, PersonName, Sex
from homeward.places.models import Country, Facility, Region


class NewCaseForm(forms.Form):
    """A child found abroad: first name, sex, age as known, where found."""

    name = NameField(label=_("Child's name"), max_length=300)
    name_kind = forms.ChoiceField(label=_("Name kind"), choices=PersonName.Kind.choices, initial="heard")
    name_source = forms.CharField(label=_("Source of the name"), max_length=200, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    birth_date = forms.DateField(label=_("Birth date, if known"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    apparent_age = forms.IntegerField(label=_("Apparent age in years, if no date"), min_value=0, max_value=17,
                                      required=False)
    birth_place = forms.ChoiceField(label=_("Place of birth"), choices=Person.BirthPlace.choices, required=False)
    host_country = forms.ModelChoiceField(label=_("Host country"), queryset=Country.objects.filter(is_host=True))
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=Facility.objects.all(), required=False)
    home_region = forms.ModelChoiceField(label=_("Home region"), queryset=Region.objects.all(), required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # Set by the "a different child" button once the user has seen the probable duplicates.
    not_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grant = policy.grant(user, "cases.case.open") if user is not None else None
        if grant is not None and grant.host_country:
            # a consular section opens cases in its own host country only
            self.fields["host_country"].queryset = Country.objects.filter(pk=grant.host_country)  # type: ignore[attr-defined]
            self.fields["facility"].queryset = Facility.objects.filter(country_id=grant.host_country)  # type: ignore[attr-defined]
            self.fields["host_country"].initial = grant.host_country

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        facility, country = data.get("facility"), data.get("host_country")
        if facility and country and facility.country_id != country.pk:
            self.add_error("facility", _("This facility is not in the chosen host country."))
        return data


class CaseForm(forms.ModelForm[Case]):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = ["host_country", "facility", "home_region", "identified_on", "summary"]
        widgets = {"identified_on": forms.DateInput(attrs={"type": "date"}),
                   "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, may_move_region: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_move_region:
            # moving a case to another region passes it to another office: the national office decides
            self.fields["home_region"].disabled = True
            self.fields["home_region"].help_text = _("Only the national office moves a case to another region.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        facility, country = data.get("facility"), data.get("host_country")
        if facility and country and facility.country_id != country.pk:
            self.add_error("facility", _("This facility is not in the chosen host country."))
        return data


class TransitionForm(forms.Form):
    target = forms.CharField(max_length=40)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CheckForm(forms.Form):
    reference = forms.CharField(label=_("Document reference"), max_length=100, required=False)
    document_date = forms.DateField(label=_("Document date"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
