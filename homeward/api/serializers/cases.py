"""Cases as the API shows and takes them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from homeward.api.schema import PageQuery
from homeward.api.serializers.people import NameInputSerializer, PersonSerializer
from homeward.cases.models import CaseNote
from homeward.people.models import Person, Sex
from homeward.places.models import Country, Facility, Region

MAX_INT = 2**31 - 1


class CaseSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    stage = serializers.CharField(source="stage_id", read_only=True)
    host_country = serializers.CharField(source="host_country_id", read_only=True)
    facility = serializers.IntegerField(source="facility_id", read_only=True, allow_null=True)
    home_region = serializers.CharField(source="home_region.code", read_only=True, allow_null=True, default=None)
    owner = serializers.IntegerField(source="owner_id", read_only=True)
    identified_on = serializers.DateField(read_only=True, allow_null=True)
    summary = serializers.CharField(read_only=True)
    child = PersonSerializer(read_only=True)
    version = serializers.IntegerField(read_only=True,
                                       help_text="Send it back with an edit or a stage change; 409 if it moved on.")
    updated_at = serializers.DateTimeField(read_only=True)


class CaseQuery(PageQuery):
    q = serializers.CharField(required=False, max_length=200, help_text="A name of the child, in any script.")
    stage = serializers.CharField(required=False, max_length=40, help_text="Stage code (identified, ...).")
    host_country = serializers.CharField(required=False, max_length=2, help_text="ISO code of the host country.")
    home_region = serializers.CharField(required=False, max_length=20, help_text="Home region code.")


class CaseCreateSerializer(serializers.Serializer[Any]):
    """A child found abroad: the child's first name and details, and where the child is."""

    name = NameInputSerializer()
    sex = serializers.ChoiceField(choices=Sex.values, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    apparent_age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=17,
                                            help_text="Apparent age in years, when there is no birth date.")
    birth_place = serializers.ChoiceField(choices=Person.BirthPlace.values, required=False, allow_blank=True)
    not_duplicate = serializers.BooleanField(required=False, default=False,
                                             help_text="Open the case although probable duplicates were found.")
    host_country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.all(), required=False, allow_null=True)
    home_region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), required=False,
                                               allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class CaseUpdateSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT,
                                       help_text="The case's version as read; 409 if it changed since.")
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.all(), required=False, allow_null=True)
    home_region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), required=False,
                                               allow_null=True)
    identified_on = serializers.DateField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class TransitionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    target = serializers.CharField(max_length=40, help_text="The stage to move to.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class NoteSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=5000)
    visibility = serializers.ChoiceField(choices=CaseNote.Visibility.values, required=False,
                                         help_text="Who may read it: all who see the case (default), or your agency.")


class NoteOutSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    visibility = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
