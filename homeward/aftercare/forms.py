"""Forms of the handover and follow-up pages. Forms only validate input; actions change state."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.people.models import FamilyLink

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HandoverForm(forms.Form):
    guardian = forms.TypedChoiceField(label=_("Guardian"), coerce=int, choices=())
    relation = forms.ChoiceField(label=_("Relation to the child"), choices=[("", _("as recorded"))]
                                 + list(FamilyLink.Relation.choices), required=False)
    identity_document = forms.CharField(label=_("Guardian's identity document (type and number)"), max_length=100)
    signed_at = forms.DateTimeField(label=_("Signed at (UTC)"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    official_name = forms.CharField(label=_("Handed over by (official)"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, guardians: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["guardian"].choices = guardians  # type: ignore[attr-defined]


class ScheduleVisitForm(forms.Form):
    scheduled_for = forms.DateField(label=_("Visit on"), widget=DATE)


class VisitForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    school = forms.CharField(label=_("School"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    health = forms.CharField(label=_("Health"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    benefits = forms.CharField(label=_("Benefits"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Why the case is closed"), max_length=300)
