"""The whole history of a case, read from the audit trail.

Every action writes an audit entry in its own transaction, so the trail is the one complete
record of what happened: the entries that name the case (``case_id_ref``), and those about its
child, the child's relatives and their family links (names added, links verified), in order,
each with who and when. Views and lists are left out unless asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from homeward.audit.models import AuditEntry
from homeward.cases.models import Case
from homeward.people.models import FamilyLink

# Domain filters: the first part of an action's dotted name.
DOMAINS = {
    "cases": _("case and checks"),
    "people": _("child, family and names"),
    "tracing": _("requests and matches"),
    "kinship": _("DNA samples and tests"),
    "movements": _("flights"),
    "aftercare": _("handover and follow-up"),
    "documents": _("documents"),
    "casework": _("decisions on record"),
}

LABELS = {
    "cases.case.opened": _("case opened"),
    "cases.case.transitioned": _("stage changed"),
    "cases.case.updated": _("case edited"),
    "cases.case.owner_changed": _("ownership passed"),
    "cases.case.assigned": _("caseworker assigned"),
    "cases.case.unassigned": _("caseworker released"),
    "cases.check.ticked": _("check ticked"),
    "cases.check.withdrawn": _("check withdrawn"),
    "cases.note.added": _("note added"),
    "cases.referral.sent": _("referral sent"),
    "cases.referral.accepted": _("referral accepted"),
    "cases.referral.declined": _("referral declined"),
    "people.person.created": _("person recorded"),
    "people.person.updated": _("person edited"),
    "people.name.added": _("name added"),
    "people.familylink.created": _("family link recorded"),
    "people.familylink.status_changed": _("family link verified or changed"),
    "tracing.match.confirmed": _("match confirmed"),
    "tracing.match.rejected": _("match rejected"),
    "kinship.sample.requested": _("DNA sample requested"),
    "kinship.sample.collected": _("DNA sample collected"),
    "kinship.sample.sealed": _("DNA sample sealed"),
    "kinship.sample.transferred": _("DNA sample moved"),
    "kinship.sample.received": _("DNA sample received at the laboratory"),
    "kinship.sample.rejected": _("DNA sample rejected"),
    "kinship.profile.imported": _("DNA profile imported"),
    "kinship.test.requested": _("kinship test requested"),
    "kinship.test.computed": _("kinship test computed"),
    "kinship.test.concluded": _("kinship test concluded"),
    "movements.passenger.booked": _("flight booked"),
    "movements.passenger.moved": _("moved to another flight"),
    "movements.passenger.removed": _("taken off a flight"),
    "movements.passenger.boarded": _("boarded"),
    "movements.passenger.not_boarded": _("did not board"),
    "movements.separation.recorded": _("separation from siblings recorded"),
    "movements.intake.recorded": _("arrival medical check"),
    "aftercare.handover.signed": _("handed over to a guardian"),
    "aftercare.visit.scheduled": _("follow-up visit scheduled"),
    "aftercare.visit.recorded": _("follow-up visit recorded"),
    "aftercare.case.closed": _("case closed"),
    "documents.document.added": _("document added"),
    "documents.document.viewed": _("document opened"),
    "documents.document.downloaded": _("document downloaded"),
    "casework.form.saved": _("form saved"),
    "casework.form.signed": _("form signed"),
}
READS = ("viewed", "listed", "printed", "downloaded", "act_printed", "manifest_printed")


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    actor: str
    action: str
    label: str
    domain: str
    data: dict[str, Any]


def _family(case: Case) -> tuple[list[str], list[str]]:
    links = list(FamilyLink.objects.filter(Q(person_id=case.child_id) | Q(relative_id=case.child_id))
                 .values_list("pk", "person_id", "relative_id"))
    people = {case.child_id} | {p for _pk, p, _r in links} | {r for _pk, _p, r in links}
    return [str(p) for p in sorted(people)], [str(pk) for pk, _p, _r in links]


# The permission a reader needs to see a domain's entries in a case's history.
DOMAIN_PERMISSIONS = {
    "tracing": "tracing.match.view",
    "kinship": "kinship.case.view",
    "movements": "movements.flight.view",
    "aftercare": "aftercare.handover.view",
    "documents": "documents.document.view",
    "casework": "casework.form.view",
}


def domains_for(user: Any) -> set[str]:
    """The domains whose entries ``user`` may read in the history of a case they see."""
    from homeward.accounts import policy

    return {d for d in DOMAINS if d not in DOMAIN_PERMISSIONS or policy.holds(user, DOMAIN_PERMISSIONS[d])}


def case_entries(case: Case, *, domain: str = "", actor: str = "", reads: bool = False,
                 allowed: set[str] | None = None) -> QuerySet[AuditEntry]:
    """The audit entries concerning ``case``, oldest first, filtered by domain and actor name;
    ``allowed`` keeps only those domains (the reader's, from :func:`domains_for`)."""
    people, links = _family(case)
    about = (Q(case_id_ref=case.pk) | Q(object_type="people.person", object_id__in=people)
             | Q(object_type="people.familylink", object_id__in=links))
    rows = AuditEntry.objects.filter(about)
    if allowed is not None:
        keep = Q(pk__in=[])
        for name in allowed:
            keep |= Q(action__startswith=name + ".")
        rows = rows.filter(keep)
    if domain in DOMAINS:
        rows = rows.filter(action__startswith=domain + ".")
    if actor:
        rows = rows.filter(actor_name__iexact=actor)
    if not reads:
        for verb in READS:
            rows = rows.exclude(action__endswith="." + verb)
    return rows.order_by("at", "seq")


def case_timeline(case: Case, **filters: Any) -> list[Entry]:
    """The case's history as the page shows it (see :func:`case_entries`), facts in the active language."""
    return shown_entries(case_entries(case, **filters))


def latest_entries(case: Case, n: int, **filters: Any) -> tuple[list[Entry], int]:
    """The ``n`` latest entries of the case's history, newest first, and how many there are: a
    case page reads these, not a history that grows with every check ticked."""
    rows = case_entries(case, **filters)
    return shown_entries(rows.order_by("-at", "-seq")[:n]), rows.count()


def shown_entries(rows: Iterable[AuditEntry]) -> list[Entry]:
    """Audit entries as the history shows them, facts in the active language."""
    names = _names()
    system = str(_("system"))
    return [Entry(at=row.at, actor=system if row.actor_name in ("", "system") else row.actor_name, action=row.action,
                  label=str(LABELS.get(row.action, row.action)), domain=row.action.split(".", 1)[0],
                  data=_shown(row.data, names)) for row in rows]


# What of an entry's data the history shows: short facts, never ids lists or figures of a search.
SHOWN = ("from", "to", "check", "reference", "reason", "flight", "kind", "relation", "status", "script",
         "visibility", "answer", "assignee", "form", "version", "title")


# The facts' names, and how a coded value reads, in the active language.
KEY_LABELS = {
    "from": _("from"), "to": _("to"), "check": _("check"), "reference": _("reference"), "reason": _("reason"),
    "flight": _("flight"), "kind": _("kind"), "relation": _("relation"), "status": _("status"),
    "script": _("script"), "visibility": _("visibility"), "answer": _("answer"), "assignee": _("assignee"),
    "form": _("form"), "version": _("version"), "title": _("title"),
}


def _readable(key: str, value: Any, names: dict[str, dict[str, str]]) -> Any:
    """A coded value (a stage, a check, a relation, a status) as the page's language says it."""
    if not isinstance(value, str):
        return value
    if key in ("from", "to"):
        return names["stages"].get(value, value)
    if key == "check":
        return names["checks"].get(value, value)
    return names["choices"].get(value, value)


def _names() -> dict[str, dict[str, str]]:
    from homeward.cases.workflow import all_requirements, stages
    from homeward.people.models import FamilyLink, Person, PersonName

    choices: dict[str, str] = {}
    for enum in (FamilyLink.Relation, FamilyLink.Status, PersonName.Script, PersonName.Kind, Person.Kind):
        choices.update({str(v): str(lab) for v, lab in enum.choices})
    return {"stages": {s.code: str(s) for s in stages()},
            "checks": {r.code: str(r) for r in all_requirements()}, "choices": choices}


def _shown(data: dict[str, Any], names: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    kept = {k: v for k, v in (data or {}).items() if k in SHOWN and v not in (None, "", [], {})}
    if names is None:
        return kept
    return {str(KEY_LABELS.get(k, k)): _readable(k, v, names) for k, v in kept.items()}
