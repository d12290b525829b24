"""Cases: list and search, open, read, edit, move between stages, add notes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from homeward.api.base import ApiView, client_ip, record_id
from homeward.api.pages import RankedPages, paginate
from homeward.api.problems import problem
from homeward.api.schema import IDEMPOTENCY, page_of, problems
from homeward.api.serializers.cases import (
    CaseCreateSerializer,
    CaseQuery,
    CaseSerializer,
    CaseUpdateSerializer,
    NoteOutSerializer,
    NoteSerializer,
    TransitionSerializer,
)
from homeward.audit.log import record_list
from homeward.cases import access
from homeward.cases import actions as case_actions
from homeward.cases.models import Case, Stage
from homeward.cases.ranking import rank_search
from homeward.core.paging import COUNT_CAP
from homeward.errors import ActionError

TAG = ["cases"]


def cases_for(user: Any) -> Any:
    return access.cases_visible_to(user).select_related("home_region", "child", "child__home_region") \
        .prefetch_related("child__names")


def one_case(user: Any, case_id: Any, permission: str = access.VIEW) -> Case:
    case = access.get_case_for_user(user, record_id(case_id, "case"), permission)
    return case


def show(user: Any, case: Case) -> dict[str, Any]:
    fresh = cases_for(user).get(pk=case.pk) if case.pk else case
    return dict(CaseSerializer(fresh).data)


class CaseList(ApiView):
    permissions = {"GET": "cases.case.view", "POST": "cases.case.open"}

    @extend_schema(operation_id="case_list_get", tags=TAG, parameters=[CaseQuery], responses={200: page_of(CaseSerializer), **problems(404, 422)},
                   summary="Cases the token reaches, by reference; q searches the child's names in any script, "
                   "matches as written first (count exact up to 1,000, estimated past it)")
    def get(self, request: Request) -> Response:
        query = CaseQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        f = query.validated_data
        cases = cases_for(request.user)
        if f.get("stage"):
            cases = cases.filter(stage_id=f["stage"])
        if f.get("host_country"):
            cases = cases.filter(host_country_id=f["host_country"].upper())
        if f.get("home_region"):
            cases = cases.filter(home_region__code=f["home_region"])
        if f.get("q"):
            # ranked as the case list ranks it (as written first, then other spellings, each by
            # reference), from the children's name keys alone: no search over every case
            ranked = rank_search(cases, f["q"], COUNT_CAP + 1)
            response, page = paginate(request, cases, CaseSerializer, RankedPages(ranked.ids, ranked.total))
        else:
            response, page = paginate(request, cases.order_by("reference"), CaseSerializer)
        record_list(actor=request.user, action="cases.case_api.listed", query={k: str(v) for k, v in f.items()},
                    shown=page, ip=client_ip(request))
        return response

    @extend_schema(operation_id="case_list_post", tags=TAG, request=CaseCreateSerializer, parameters=[IDEMPOTENCY],
                   responses={201: CaseSerializer, **problems(403, 409, 422)},
                   summary="Open the case of a child found abroad (as the new-case page does)")
    def post(self, request: Request) -> Response:
        def run() -> Response:
            from homeward.cases.views import birth_from_form, national_office, probable_duplicates
            from homeward.people import actions as people_actions
            from homeward.people.models import Person

            body = CaseCreateSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
            name = data["name"]
            born, precision, lo, hi = birth_from_form(data.get("birth_date"), data.get("apparent_age"),
                                                      today=timezone.localdate())
            if not data.get("not_duplicate"):
                # as on the page: nothing is saved while the child is probably one already recorded
                found = probable_duplicates(request.user, {"name": name["text"], "sex": data.get("sex") or "",
                                                           "facility": data.get("facility")}, born, lo, hi)
                if found:
                    shown = [f["probable"].person_id for f in found if f["visible"]]
                    return problem(409, "This child is probably recorded already; send not_duplicate: true "
                                   "if it is another child.", duplicates=shown, hidden=len(found) - len(shown))
            try:
                child = people_actions.create_person(
                    actor=request.user, kind=Person.Kind.CHILD,
                    names=[people_actions.NameInput(name["text"], script=name.get("script", ""),
                                                    kind=name.get("kind", "official"), source=name.get("source", ""))],
                    sex=data.get("sex") or "", birth_place=data.get("birth_place") or "", birth_date=born, birth_precision=precision, birth_date_min=lo,
                    birth_date_max=hi, home_region=data.get("home_region"),
                )
            except ActionError as exc:  # the action names the child's names[0]: here it is name.text
                exc.field_errors = {("name.text" if k.startswith("names") else k): v
                                    for k, v in exc.field_errors.items()}
                raise
            case = case_actions.open_case(
                actor=request.user, child=child, host_country_id=data["host_country"].pk, owner=national_office(),
                facility_id=data["facility"].pk if data.get("facility") else None,
                home_region_id=data["home_region"].pk if data.get("home_region") else None,
                summary=data.get("summary", ""),
            )
            return Response(show(request.user, case), status=201)

        return self.write(request, run)


class CaseDetail(ApiView):
    permissions = {"GET": "cases.case.view", "PATCH": "cases.case.edit"}

    @extend_schema(operation_id="case_detail_get", tags=TAG, responses={200: CaseSerializer, **problems(404)}, summary="One case")
    def get(self, request: Request, case_id: str) -> Response:
        case = one_case(request.user, case_id)
        response = Response(show(request.user, case))
        case_actions.record_view(actor=request.user, case=case, what="case_api", ip=client_ip(request))
        return response

    @extend_schema(operation_id="case_detail_patch", tags=TAG, request=CaseUpdateSerializer, parameters=[IDEMPOTENCY],
                   responses={200: CaseSerializer, **problems(403, 404, 409, 422)},
                   summary="Edit a case at the version read (409 if it changed since)")
    def patch(self, request: Request, case_id: str) -> Response:
        def run() -> Response:
            case = one_case(request.user, case_id, "cases.case.edit")
            body = CaseUpdateSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            changes = dict(body.validated_data)
            version = changes.pop("version")
            updated = case_actions.update_case(actor=request.user, case_id=case.pk, expected_version=version,
                                               changes=changes)
            return Response(show(request.user, updated))

        return self.write(request, run)


class CaseTransition(ApiView):
    permissions = {"POST": "cases.case.transition"}

    @extend_schema(operation_id="case_transition_post", tags=TAG, request=TransitionSerializer, parameters=[IDEMPOTENCY],
                   responses={200: CaseSerializer, **problems(403, 404, 409, 422)},
                   summary="Move a case to another stage; 409 names the unmet checks")
    def post(self, request: Request, case_id: str) -> Response:
        def run() -> Response:
            case = one_case(request.user, case_id, "cases.case.transition")
            body = TransitionSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
            if not Stage.objects.filter(code=data["target"]).exists():
                raise ValidationError({"target": ["Unknown stage."]})
            moved = case_actions.transition(actor=request.user, case=case, target=data["target"],
                                            reason=data.get("reason", ""), expected_version=data["version"])
            return Response(show(request.user, moved))

        return self.write(request, run)


class CaseNotes(ApiView):
    permissions = {"POST": "cases.case.note"}

    @extend_schema(operation_id="case_notes_post", tags=TAG, request=NoteSerializer, parameters=[IDEMPOTENCY],
                   responses={201: NoteOutSerializer, **problems(403, 404, 422)}, summary="Add a note to a case")
    def post(self, request: Request, case_id: str) -> Response:
        def run() -> Response:
            case = one_case(request.user, case_id, "cases.case.note")
            body = NoteSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            d = body.validated_data
            note = case_actions.add_note(actor=request.user, case=case, text=d["text"],
                                         **({"visibility": d["visibility"]} if d.get("visibility") else {}))
            return Response(NoteOutSerializer(note).data, status=201)

        return self.write(request, run)
