"""Relatives' requests and candidate matches, as the API shows and takes them."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from homeward.api.schema import PageQuery
from homeward.people.models import FamilyLink, PersonName, Sex
from homeward.places.models import Region
from homeward.tracing.models import CandidateMatch, TracingRequest

MAX_INT = 2**31 - 1


class SoughtNameSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(read_only=True)
    script = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True, help_text="child, mother or father")


class SoughtChildSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    sex = serializers.CharField(read_only=True)
    birth_precision = serializers.CharField(read_only=True)
    birth_date = serializers.DateField(read_only=True, allow_null=True)
    birth_year_min = serializers.IntegerField(read_only=True, allow_null=True)
    birth_year_max = serializers.IntegerField(read_only=True, allow_null=True)
    last_heard_country = serializers.CharField(read_only=True)
    last_heard_city = serializers.CharField(read_only=True)
    names = SoughtNameSerializer(many=True, read_only=True)
    version = serializers.IntegerField(read_only=True)


class RequestSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    requester_name = serializers.CharField(read_only=True)
    relation = serializers.CharField(read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    phone = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)
    received_on = serializers.DateField(read_only=True)
    notes = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    closing_note = serializers.CharField(read_only=True)
    children = SoughtChildSerializer(source="sought_children", many=True, read_only=True)
    version = serializers.IntegerField(read_only=True)


class RequestQuery(PageQuery):
    q = serializers.CharField(required=False, max_length=200, help_text="A name in the request, any script.")
    status = serializers.ChoiceField(choices=TracingRequest.Status.values, required=False)
    region = serializers.CharField(required=False, max_length=20, help_text="Region code.")


class SoughtChildInputSerializer(serializers.Serializer[Any]):
    names = serializers.ListField(child=serializers.CharField(max_length=300), min_length=1, max_length=20,
                                  help_text="The child's names as the family gives them (any script).")
    sex = serializers.ChoiceField(choices=Sex.values, required=False, allow_blank=True)
    birth = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                  help_text="2012-05-01, 01.05.2012, 2012-05, 2012 or 2011-2013.")
    mother_names = serializers.ListField(child=serializers.CharField(max_length=300), required=False, max_length=10)
    father_names = serializers.ListField(child=serializers.CharField(max_length=300), required=False, max_length=10)
    last_heard_country = serializers.CharField(required=False, allow_blank=True, max_length=100)
    last_heard_city = serializers.CharField(required=False, allow_blank=True, max_length=100)


class RequestCreateSerializer(serializers.Serializer[Any]):
    requester_name = serializers.CharField(max_length=300)
    relation = serializers.ChoiceField(choices=FamilyLink.Relation.values,
                                       help_text="What the requester is to the children.")
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    received_on = serializers.DateField()
    phone = serializers.CharField(required=False, allow_blank=True, max_length=60)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    children = SoughtChildInputSerializer(many=True, min_length=1, max_length=20)  # type: ignore[call-arg]


class RequestUpdateSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    requester_name = serializers.CharField(required=False, max_length=300)
    relation = serializers.ChoiceField(choices=FamilyLink.Relation.values, required=False)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), required=False)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=60)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class CloseSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    note = serializers.CharField(max_length=500, help_text="Why the request is closed.")


class MatchSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    request = serializers.IntegerField(source="sought_child.request_id", read_only=True)
    sought_child = serializers.IntegerField(source="sought_child_id", read_only=True)
    match_probability = serializers.FloatField(read_only=True)
    match_weight = serializers.FloatField(read_only=True)
    status = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    computed_at = serializers.DateTimeField(read_only=True)


class MatchQuery(PageQuery):
    status = serializers.ChoiceField(choices=CandidateMatch.Status.values, required=False)
    case = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class DecisionSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=["confirm", "reject"])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                 help_text="Why (needed to reject).")


SCRIPTS = PersonName.Script.values
