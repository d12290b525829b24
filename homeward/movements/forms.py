"""Forms of the flight pages. Forms only validate input; actions change state."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from homeward.accounts.models import Agency
from homeward.movements.models import ArrivalIntake, FlightEscort
from homeward.places.models import Country

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FlightForm(forms.Form):
    origin_city = forms.CharField(label=_("From (city)"), max_length=100, initial="Baghdad")
    origin_country = forms.ModelChoiceField(Country.objects.all(), label=_("From (country)"), initial="IQ")
    destination_city = forms.CharField(label=_("To (city)"), max_length=100, initial="Moscow")
    destination_country = forms.ModelChoiceField(Country.objects.all(), label=_("To (country)"), initial="RU")
    date = forms.DateField(label=_("Date"), widget=DATE)
    seat_capacity = forms.IntegerField(label=_("Seats for children"), min_value=1, max_value=999)
    carrier = forms.ModelChoiceField(Agency.objects.all(), label=_("Carrier agency"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AddChildForm(forms.Form):
    case = forms.IntegerField(label=_("Child"))
    with_siblings = forms.BooleanField(label=_("Add with ready siblings"), required=False)
    seat = forms.CharField(label=_("Seat"), max_length=10, required=False)


class SeparationForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput)
    sibling = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why they travel apart"), max_length=500)


class EscortForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=FlightEscort.Role.choices)
    agency = forms.ModelChoiceField(Agency.objects.all(), label=_("Agency"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class BoardForm(forms.Form):
    identity_document = forms.CharField(label=_("Document checked"), max_length=100, required=False)


class MoveForm(forms.Form):
    to_flight = forms.IntegerField(label=_("Later flight"))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class WhenForm(forms.Form):
    at = forms.DateTimeField(label=_("Time (UTC)"), widget=DATETIME, required=False)


class IntakeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ArrivalIntake.Outcome.choices)
    medical_notes = forms.CharField(label=_("Medical notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    psychological_notes = forms.CharField(label=_("Psychological notes"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 3}))
