"""Reads across requests, cases and pairs: search, the review queue, a pair side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from homeward.people.models import FamilyLink
from homeward.places.models import Region
from homeward.tracing.models import CandidateMatch, RequestNameKey, SoughtName, TracingRequest

FIELD_LABELS = {
    "prior": _("Prior (before any evidence)"),
    "given_name": _("Child's given name"),
    "surname": _("Surname"),
    "father": _("Father's name"),
    "mother": _("Mother's given name"),
    "mother_surname": _("Mother's surname"),
    "mother_father": _("Mother's father (her patronymic)"),
    "birth": _("Date of birth"),
    "mother_birth": _("Mother's year of birth"),
    "sex": _("Sex"),
    "region": _("Home region"),
    "family": _("Family shared with brothers and sisters"),
    "siblings": _("Siblings already matched"),
    "competition": _("Other candidates for this request"),
    "total": _("Match weight"),
}

#: Probability bands of the review queue. The engine's probabilities are fitted to the
#: caseload (see homeward.linkage); the reliability page shows how well they held.
LIKELY, POSSIBLE = 0.5, 0.1


def band(probability: float) -> str:
    """The queue's band for a probability: "likely", "possible" or "unlikely"."""
    if probability >= LIKELY:
        return "likely"
    return "possible" if probability >= POSSIBLE else "unlikely"


# The matcher's readings of a comparison (its charts' labels), in the users' languages.
READINGS = {
    "same canonical form": _("same canonical form"),
    "same sound key": _("same sound key"),
    "very similar spelling": _("very similar spelling"),
    "similar spelling": _("similar spelling"),
    "a spelling variant in common": _("a spelling variant in common"),
    "different": _("different"),
    "missing": _("missing"),
    "same": _("same"),
    "same date": _("same date"),
    "same year": _("same year"),
    "within 1 year": _("within 1 year"),
    "within 3 years": _("within 3 years"),
    "year ranges overlap": _("year ranges overlap"),
    "more than 3 years apart": _("more than 3 years apart"),
}


def reading(text: object) -> str:
    """The matcher's reading ``text`` in the active language (as it is, if it is not a known one)."""
    value = str(text)
    return str(READINGS.get(value, value))


def readings(candidate: CandidateMatch) -> dict[str, str]:
    """Each field's reading of a pair, in the active language."""
    return {k: reading(v) for k, v in (candidate.explanations or {}).items()}


def search_requests(requests: QuerySet[TracingRequest], query: str) -> QuerySet[TracingRequest]:
    """Requests where the requester or a sought child has a name matching ``query``, in any script.

    As for cases: the folded query inside a folded name, or every word of the query sharing a
    script-independent key with a name of the request ("Magomed" finds "Магомед").
    """
    from homeward.names import name_keys, normalize

    query = query.strip()
    if not query:
        return requests
    folded = normalize(query)
    sought = SoughtName.objects.filter(sought_child__request_id=OuterRef("pk"), role=SoughtName.Role.CHILD,
                                       folded__contains=folded)
    condition = Q(requester_folded__contains=folded) | Q(Exists(sought))
    words = [w for w in folded.split() if w]
    if words:
        tolerant = Q()
        for word in words:
            keys = sorted(name_keys(word))
            if not keys:
                tolerant = Q(pk__in=[])
                break
            tolerant &= Q(Exists(RequestNameKey.objects.filter(request_id=OuterRef("pk"), key__in=keys)))
        condition |= tolerant
    return requests.filter(condition)


def in_region(region: Region) -> Q:
    """Pairs where the child's case or the request belongs to ``region`` (or below)."""
    ids = region.descendant_ids()
    return Q(case__home_region_id__in=ids) | Q(sought_child__request__region_id__in=ids)


def review_queue(candidates: QuerySet[CandidateMatch], *, min_probability: float = 0.0,
                 region: Region | None = None) -> QuerySet[CandidateMatch]:
    """Potential pairs of requests still open, most probable first."""
    qs = candidates.filter(status=CandidateMatch.Status.POTENTIAL).exclude(sought_child__request__status=TracingRequest.Status.CLOSED)
    if min_probability > 0:
        qs = qs.filter(match_probability__gte=min_probability)
    if region is not None:
        qs = qs.filter(in_region(region))
    return qs.select_related("case", "case__child", "sought_child", "sought_child__request").prefetch_related(
        "case__child__names", "sought_child__names").order_by("-match_probability", "-match_weight", "id")


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view: the found child's facts, the sought child's, the verdict."""

    label: str
    found: list[Any]
    sought: list[Any]
    explanation: str
    weight: float
    is_names: bool = False
    #: (label, weight) of each field the row adds up, as the waterfall draws them
    parts: tuple[tuple[str, float], ...] = ()


def _parents(child: Any, relation: str) -> list[Any]:
    names: list[Any] = []
    for link in child.relatives.filter(relation=relation).select_related("relative").prefetch_related(
            "relative__names"):
        names.extend(link.relative.names.all())
    return names


def side_by_side(candidate: CandidateMatch) -> list[Row]:
    """Field by field: names, sex, birth, mother, father, region, with the engine's reading."""
    case, sought = candidate.case, candidate.sought_child
    child = case.child
    c, e = candidate.contributions or {}, candidate.explanations or {}

    def w(*fields: str) -> float:
        return sum(float(c.get(f, 0.0)) for f in fields)

    def why(*fields: str) -> str:
        return "; ".join(f"{FIELD_LABELS[f]}: {reading(e[f])}" for f in fields if f in e)

    def parts(*fields: str) -> tuple[tuple[str, float], ...]:
        return tuple((str(FIELD_LABELS[f]), float(c[f])) for f in fields if f in c)

    def row(label: str, found: list[Any], sought_: list[Any], fields: tuple[str, ...],
            is_names: bool = False) -> Row:
        return Row(label, found, sought_, why(*fields), w(*fields), is_names=is_names, parts=parts(*fields))

    region = case.home_region or child.home_region
    sought_region = sought.home_region or sought.request.region
    rows = [
        row(str(_("Names")), list(child.names.all()), sought.child_names(), ("given_name", "surname"), True),
        row(str(_("Sex")), [child.get_sex_display()], [sought.get_sex_display()], ("sex",)),
        row(str(_("Born")), [child.birth_display], [sought.birth_display], ("birth",)),
        row(str(_("Mother")), _parents(child, FamilyLink.Relation.MOTHER), sought.mother_names(),
            ("mother", "mother_surname", "mother_father", "mother_birth"), True),
        row(str(_("Father")), _parents(child, FamilyLink.Relation.FATHER), sought.father_names(), ("father",),
            True),
        row(str(_("Home region")), [region or "—"], [sought_region or "—"], ("region",)),
    ]
    # the evidence that is not a field of either record, so the table holds every bar of the chart
    for key, label in (("family", _("Family shared with brothers and sisters")),
                       ("siblings", _("Siblings already matched")),
                       ("competition", _("Other candidates for this request"))):
        if key in c:
            rows.append(row(str(label), ["—"], ["—"], (key,)))
    return rows


def prior_weight(candidate: CandidateMatch) -> float:
    """The prior's share of the match weight: stored with the contributions, or what they do
    not explain (pairs stored before the prior was kept)."""
    c = candidate.contributions or {}
    if "prior" in c:
        return float(c["prior"])
    return float(candidate.match_weight) - sum(float(v) for v in c.values())


def confirmed_for_case(case_id: int, candidates: QuerySet[CandidateMatch]) -> QuerySet[CandidateMatch]:
    """Pairs of a case, decided or not, for the case page."""
    return candidates.filter(case_id=case_id).select_related(
        "sought_child", "sought_child__request", "family_link").order_by("status", "-match_probability")
