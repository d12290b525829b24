"""People: read and edit a person, add names, record family links (as the people pages do)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.api.base import ApiView, client_ip, record_id
from homeward.api.schema import IDEMPOTENCY, problems
from homeward.api.serializers.people import (
    FamilyLinkInputSerializer,
    FamilyLinkSerializer,
    NameInputSerializer,
    NameSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
)
from homeward.audit.log import record
from homeward.people import actions as people_actions
from homeward.people.access import VIEW, cases_of, get_person_for_user, people_visible_to
from homeward.people.models import Person

TAG = ["people"]
EDIT = people_actions.EDIT


def one_person(user: Any, person_id: Any, permission: str = VIEW) -> Person:
    return get_person_for_user(user, record_id(person_id, "person"), permission)


def show(user: Any, person: Person) -> dict[str, Any]:
    fresh = people_visible_to(user).select_related("home_region").prefetch_related("names").get(pk=person.pk)
    return dict(PersonSerializer(fresh).data)


class PersonDetail(ApiView):
    permissions = {"GET": VIEW, "PATCH": EDIT}

    @extend_schema(operation_id="person_detail_get", tags=TAG, responses={200: PersonSerializer, **problems(404)}, summary="One person and their names")
    def get(self, request: Request, person_id: str) -> Response:
        person = one_person(request.user, person_id)
        response = Response(show(request.user, person))
        cases = cases_of(person, request.user)
        record(actor=request.user, action="people.person.viewed", obj=person, case_id=cases[0] if cases else None,
               data={"cases": cases, "via": "api"}, ip=client_ip(request))
        return response

    @extend_schema(operation_id="person_detail_patch", tags=TAG, request=PersonUpdateSerializer, parameters=[IDEMPOTENCY],
                   responses={200: PersonSerializer, **problems(403, 404, 409, 422)},
                   summary="Edit a person at the version read (409 if it changed since)")
    def patch(self, request: Request, person_id: str) -> Response:
        def run() -> Response:
            person = one_person(request.user, person_id, EDIT)
            body = PersonUpdateSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            changes = dict(body.validated_data)
            version = changes.pop("version")
            updated = people_actions.update_person(actor=request.user, person_id=person.pk,
                                                   expected_version=version, changes=changes)
            return Response(show(request.user, updated))

        return self.write(request, run)


class PersonNames(ApiView):
    permissions = {"POST": EDIT}

    @extend_schema(operation_id="person_names_post", tags=TAG, request=NameInputSerializer, parameters=[IDEMPOTENCY],
                   responses={201: NameSerializer, **problems(403, 404, 422)},
                   summary="Add a name (any script) to a person")
    def post(self, request: Request, person_id: str) -> Response:
        def run() -> Response:
            person = one_person(request.user, person_id, EDIT)
            body = NameInputSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            name = people_actions.add_name(actor=request.user, person=person, name=people_actions.NameInput(
                d["text"], script=d.get("script", ""), kind=d.get("kind", "official"), source=d.get("source", "")))
            return Response(NameSerializer(name).data, status=201)

        return self.write(request, run)


class PersonLinks(ApiView):
    permissions = {"GET": VIEW, "POST": EDIT}

    @extend_schema(operation_id="person_links_get", tags=TAG, responses={200: FamilyLinkSerializer(many=True), **problems(404)},
                   summary="The person's family links, both ways")
    def get(self, request: Request, person_id: str) -> Response:
        from django.db.models import Q

        from homeward.people.models import FamilyLink

        person = one_person(request.user, person_id)
        reachable = people_visible_to(request.user).values("pk")
        links = (FamilyLink.objects.filter(Q(person=person) | Q(relative=person))
                 .filter(person__in=reachable, relative__in=reachable).order_by("pk"))
        response = Response(FamilyLinkSerializer(links, many=True).data)
        record(actor=request.user, action="people.familylink.listed", obj=person,
               data={"ids": [link.pk for link in links]}, ip=client_ip(request))
        return response

    @extend_schema(operation_id="person_links_post", tags=TAG, request=FamilyLinkInputSerializer, parameters=[IDEMPOTENCY],
                   responses={201: FamilyLinkSerializer, **problems(403, 404, 422)},
                   summary="Record that another person is this person's relative (claimed)")
    def post(self, request: Request, person_id: str) -> Response:
        def run() -> Response:
            from django.core.exceptions import ValidationError

            person = one_person(request.user, person_id, EDIT)
            body = FamilyLinkInputSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            relative = people_visible_to(request.user, EDIT).filter(pk=d["relative"]).first()
            if relative is None:
                raise ValidationError({"relative": ["No such person within your reach."]})
            link = people_actions.link_family(actor=request.user, person=person, relative=relative,
                                              relation=d["relation"], evidence=d.get("evidence", ""))
            return Response(FamilyLinkSerializer(link).data, status=201)

        return self.write(request, run)
