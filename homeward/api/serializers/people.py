"""People, their names and family links, as the API shows and takes them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from homeward.people.models import DatePrecision, FamilyLink, Person, PersonName, Sex
from homeward.places.models import Region


def choices(values: list[str]) -> list[str]:
    return list(values)


class NameSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    script = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    source = serializers.CharField(read_only=True)  # type: ignore[assignment]


class NameInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=300, help_text="The name as written, in any script.")
    script = serializers.ChoiceField(choices=PersonName.Script.values, required=False, allow_blank=True,
                                     help_text="Detected from the text when not given.")
    kind = serializers.ChoiceField(choices=PersonName.Kind.values, required=False)
    source = serializers.CharField(max_length=200, required=False, allow_blank=True)  # type: ignore[assignment]


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    sex = serializers.CharField(read_only=True)
    birth = serializers.CharField(source="birth_label", read_only=True, help_text="2012-03-04, 2012-03, 2012, ~2011-2013 or ?")
    birth_date = serializers.DateField(read_only=True, allow_null=True)
    birth_precision = serializers.CharField(read_only=True)
    birth_date_min = serializers.DateField(read_only=True, allow_null=True)
    birth_date_max = serializers.DateField(read_only=True, allow_null=True)
    birth_place = serializers.CharField(read_only=True)
    home_region = serializers.CharField(source="home_region.code", read_only=True, allow_null=True, default=None)
    is_deceased = serializers.BooleanField(read_only=True)
    names = NameSerializer(many=True, read_only=True)
    version = serializers.IntegerField(read_only=True)


class PersonUpdateSerializer(serializers.Serializer[Any]):
    """The fields to change (any of them) and the version the client read."""

    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1,
                                       help_text="The record's version as read; 409 if it changed since.")
    sex = serializers.ChoiceField(choices=Sex.values, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_precision = serializers.ChoiceField(choices=DatePrecision.values, required=False)
    home_region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), required=False,
                                               allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class FamilyLinkSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    relative = serializers.IntegerField(source="relative_id", read_only=True)
    relation = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    evidence = serializers.CharField(read_only=True)


class FamilyLinkInputSerializer(serializers.Serializer[Any]):
    relative = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The relative's person id.")
    relation = serializers.ChoiceField(choices=FamilyLink.Relation.values,
                                       help_text="What the relative is to the person.")
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=300)


PERSON_KINDS = Person.Kind.values
