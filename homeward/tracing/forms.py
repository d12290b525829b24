"""Forms for relatives' requests and decisions on pairs. Forms validate; actions change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.accounts.models import Agency
from homeward.core.forms import NameField
from homeward.people.models import FamilyLink, PersonName, Sex
from homeward.places.models import Region
from homeward.tracing.actions import SoughtChildInput, SoughtNameInput
from homeward.tracing.birth import Birth, BirthError, parse_birth

NAME_SLOTS = 3


class RequestForm(forms.Form):
    """Who asks, from where, and how to reach them."""

    requester_name = NameField(label=_("Requester's name"), max_length=300)
    relation = forms.ChoiceField(label=_("Relation to the children"), choices=FamilyLink.Relation.choices)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    phone = forms.CharField(label=_("Phone"), max_length=60, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    received_by = forms.ModelChoiceField(label=_("Received by"), queryset=Agency.objects.all(), required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RequestEditForm(RequestForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _name_lines(value: str, label: str) -> list[str]:
    from homeward.names import UnsafeNameError, validate_name

    lines = []
    for i, line in enumerate((value or "").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            lines.append(validate_name(line).strip())
        except UnsafeNameError as exc:
            raise forms.ValidationError(
                _("%(field)s, line %(line)s: %(error)s") % {"field": label, "line": i, "error": exc}
            ) from exc
    return lines


class SoughtChildForm(forms.Form):
    """One child as the family describes it; up to three names here, more on the request page."""

    name_1 = NameField(label=_("Name 1"), max_length=300, required=False)
    kind_1 = forms.ChoiceField(label=_("Kind of name 1"), choices=PersonName.Kind.choices, initial="official")
    name_2 = NameField(label=_("Name 2"), max_length=300, required=False)
    kind_2 = forms.ChoiceField(label=_("Kind of name 2"), choices=PersonName.Kind.choices, initial="heard")
    name_3 = NameField(label=_("Name 3"), max_length=300, required=False)
    kind_3 = forms.ChoiceField(label=_("Kind of name 3"), choices=PersonName.Kind.choices, initial="translit")
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    birth = forms.CharField(
        label=_("Born"), max_length=30, required=False,
        help_text=_("A date (2012-05-01), a month (2012-05), a year (2012) or a range (2011-2013)."),
    )
    mother_names = forms.CharField(label=_("Mother's names (one per line)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    father_names = forms.CharField(label=_("Father's names (one per line)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    last_heard_country = forms.CharField(label=_("Last heard of in (country)"), max_length=100, required=False)
    last_heard_city = forms.CharField(label=_("Last heard of in (city)"), max_length=100, required=False)
    home_region = forms.ModelChoiceField(label=_("Home region (if not the request's)"),
                                         queryset=Region.objects.all(), required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, slots: int = NAME_SLOTS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # editing a child with more names than the usual slots: one slot per name, none dropped
        self.slots = max(slots, NAME_SLOTS)
        for i in range(NAME_SLOTS + 1, self.slots + 1):
            self.fields[f"name_{i}"] = NameField(label=_("Name %(n)s") % {"n": i}, max_length=300, required=False)
            self.fields[f"kind_{i}"] = forms.ChoiceField(label=_("Kind of name %(n)s") % {"n": i},
                                                         choices=PersonName.Kind.choices, initial="heard")
        if self.slots > NAME_SLOTS:
            order = [f"{p}_{i}" for i in range(1, self.slots + 1) for p in ("name", "kind")]
            self.order_fields(order + [f for f in self.fields if f not in order])

    def clean_birth(self) -> Birth:
        try:
            return parse_birth(self.cleaned_data.get("birth", ""))
        except BirthError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_mother_names(self) -> list[str]:
        return _name_lines(self.cleaned_data.get("mother_names", ""), str(self.fields["mother_names"].label))

    def clean_father_names(self) -> list[str]:
        return _name_lines(self.cleaned_data.get("father_names", ""), str(self.fields["father_names"].label))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_changed() and not any(data.get(f"name_{i}") for i in range(1, self.slots + 1)) \
                and "name_1" not in self.errors:
            self.add_error("name_1", _("Give at least one name of the child."))
        return data

    def to_input(self) -> SoughtChildInput:
        d = self.cleaned_data
        return SoughtChildInput(
            names=[SoughtNameInput(d[f"name_{i}"], kind=d[f"kind_{i}"]) for i in range(1, self.slots + 1)
                   if d.get(f"name_{i}")],
            sex=d.get("sex") or "", birth=d.get("birth") or Birth(), mother_names=d.get("mother_names") or [],
            father_names=d.get("father_names") or [], last_heard_country=d.get("last_heard_country", ""),
            last_heard_city=d.get("last_heard_city", ""), home_region=d.get("home_region"),
            notes=d.get("notes", ""),
        )


class SoughtChildEditForm(SoughtChildForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class BaseChildFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not any(f.has_changed() for f in self.forms):
            raise forms.ValidationError(_("A request seeks at least one child: give the first child's name."))


ChildFormSet = forms.formset_factory(
    SoughtChildForm, formset=BaseChildFormSet, extra=0, min_num=1, validate_min=False, max_num=12,
    validate_max=True,
)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=2000)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Why is the request closed?"), max_length=500)
