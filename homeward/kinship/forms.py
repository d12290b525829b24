"""Forms of the kinship pages. They only validate input; the actions change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from homeward.accounts.models import Agency
from homeward.kinship import compute
from homeward.kinship.models import DnaSample
from homeward.places.models import Facility

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MUTATION_CHOICES = [("", _("none"))] + [(m, m) for m in compute.MUTATION_MODELS]


def _now() -> Any:
    return timezone.localtime().replace(second=0, microsecond=0)


def labs() -> Any:
    return Agency.objects.filter(kind=Agency.Kind.LAB)


class RequestSampleForm(forms.Form):
    donor = forms.TypedChoiceField(label=_("Donor"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=DnaSample.Kind.choices, initial=DnaSample.Kind.BUCCAL)
    lab = forms.ModelChoiceField(label=_("Laboratory"), queryset=Agency.objects.none(), required=False)

    def __init__(self, *args: Any, donors: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["donor"].choices = donors or []  # type: ignore[attr-defined]
        self.fields["lab"].queryset = labs()  # type: ignore[attr-defined]


class CollectionForm(forms.Form):
    collected_at = forms.DateTimeField(label=_("Collected at"), widget=DATETIME, initial=_now)
    collected_by = forms.CharField(label=_("Collected by (name, agency)"), max_length=200)
    facility = forms.ModelChoiceField(label=_("At a facility abroad"), queryset=Facility.objects.all(), required=False)
    office = forms.ModelChoiceField(label=_("Or at an office at home"), required=False,
                                    queryset=Agency.objects.filter(kind__in=[Agency.Kind.REGIONAL, Agency.Kind.CONSULAR,
                                                                             Agency.Kind.NATIONAL]))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *DnaSample.Kind.choices], required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("facility")) == bool(data.get("office")):
            self.add_error("facility", _("Choose one collection site: a facility abroad or an office at home."))
        return data


class SealForm(forms.Form):
    seal_number = forms.CharField(label=_("Seal number"), max_length=60)
    sealed_at = forms.DateTimeField(label=_("Sealed at"), widget=DATETIME, initial=_now)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class TransferForm(forms.Form):
    from_party = forms.CharField(label=_("From (name, agency)"), max_length=200)
    to_party = forms.CharField(label=_("To (name, agency)"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    occurred_at = forms.DateTimeField(label=_("When"), widget=DATETIME, initial=_now)
    seal_intact = forms.TypedChoiceField(label=_("Seal intact?"), coerce=lambda v: v == "yes", initial="yes",
                                         choices=[("yes", _("yes")), ("no", _("no, broken"))])
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReceiveForm(forms.Form):
    lab = forms.ModelChoiceField(label=_("Laboratory"), queryset=Agency.objects.none())
    seal_number_seen = forms.CharField(label=_("Seal number on arrival"), max_length=60)
    seal_intact = forms.TypedChoiceField(label=_("Seal intact?"), coerce=lambda v: v == "yes", initial="yes",
                                         choices=[("yes", _("yes")), ("no", _("no, broken"))])
    received_at = forms.DateTimeField(label=_("Received at"), widget=DATETIME, initial=_now)
    received_by = forms.CharField(label=_("Received by"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lab"].queryset = labs()  # type: ignore[attr-defined]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ProfileImportForm(forms.Form):
    file = forms.FileField(label=_("Results file"),
                           help_text=_("pedtools text (famid id fid mid sex MARKER…) or CSV "
                                       "(sample_id, marker, allele1, allele2)"))
    lab = forms.ModelChoiceField(label=_("Laboratory"), queryset=Agency.objects.none(), required=False)
    kit = forms.ChoiceField(label=_("Marker kit"), required=False,
                            help_text=_("Markers outside the kit are refused; default: the laboratory's kit, "
                                        "or any shipped kit."))

    MAX_BYTES = 5 * 1024 * 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lab"].queryset = labs()  # type: ignore[attr-defined]
        from homeward.kinship.engine.kits import kit_ids, kit_label

        self.fields["kit"].choices = [("", _("the laboratory's kit"))] + [(k, kit_label(k)) for k in kit_ids()]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB; is it a results file?"))
        return f


class KinshipTestForm(forms.Form):
    links = forms.TypedMultipleChoiceField(label=_("Typed relatives"), coerce=int,
                                           widget=forms.CheckboxSelectMultiple)
    freq_db = forms.ChoiceField(label=_("Allele frequency database"),
                                choices=[(n, n) for n in compute.FREQUENCY_DATABASES])
    theta = forms.FloatField(label=_("Theta (FST)"), min_value=0, max_value=0.25)
    mutation_model = forms.ChoiceField(label=_("Mutation model"), choices=MUTATION_CHOICES, required=False)
    mutation_rate = forms.FloatField(label=_("Mutation rate"), min_value=0, max_value=0.1)
    prior = forms.FloatField(label=_("Prior probability of the claimed kinship"), min_value=0.001,
                             max_value=0.999, initial=0.5)
    background = forms.BooleanField(label=_("Compute as a background job"), required=False)
    alt_link = forms.TypedChoiceField(label=_("Competing hypothesis: this relative…"), coerce=int, required=False,
                                      empty_value=None)
    alt_relation = forms.ChoiceField(label=_("…is instead the child's"), required=False)
    alt_label = forms.CharField(label=_("Name of the competing hypothesis"), max_length=200, required=False,
                                help_text=_("e.g. “the alleged father is the paternal uncle”"))

    def __init__(self, *args: Any, links: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["links"].choices = links or []  # type: ignore[attr-defined]
        self.fields["alt_link"].choices = [("", "—"), *(links or [])]  # type: ignore[attr-defined]
        from homeward.kinship.pedigrees import RELATION_SEX
        from homeward.people.models import FamilyLink

        names = dict(FamilyLink.Relation.choices)
        self.fields["alt_relation"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (r, names.get(r, r)) for r in RELATION_SEX]
