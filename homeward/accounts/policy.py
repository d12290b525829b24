"""Who may do what, and where: the one policy table of Homeward.

Every operation a user can ask for is a named permission (``cases.check.tick``,
``kinship.genotype.view``...). :data:`TABLE` says which roles hold each permission and in what
scope. A scope is one of:

* ``JURISDICTION`` — the records of the user's agency's jurisdiction: the national office and
  the DNA laboratory work on every case, a consular section on the cases of its host country, a
  regional office on the cases of its region and every region below it, the flight team on cases
  from "ready to travel" on (:data:`JURISDICTIONS`);
* ``NATIONAL`` — only users of the national office hold it (and they reach every record);
* ``AGGREGATE`` — held in any agency, for what is never a record of its own (the suppressed
  public figures the press office reads); such a grant reaches no record.

Each domain's ``access.py`` turns the :class:`Grant` a user holds into the records it may reach
(cases by host country, region or stage; requests by region; flights by route or passengers).
Superusers hold every permission everywhere; anonymous and inactive users hold none. An action
called with ``actor=None`` is the system itself (the demo loader, a background job) and is not
checked. Finer rules that are data of the workflow (which roles tick a check, take a transition)
live on the Requirement and Transition rows and are read by the case actions.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from homeward.accounts.models import Agency, Role, agency_of
from homeward.errors import Forbidden

# Stages from which the flight team works on a case (manifests, boarding, arrival).
FLIGHT_STAGES = ("ready_to_travel", "repatriated", "handed_over")


class Scope(enum.Enum):
    JURISDICTION = "jurisdiction"
    NATIONAL = "national"
    # Held whatever the agency reaches: for what is never a record (suppressed public figures).
    AGGREGATE = "aggregate"


class Reach(enum.Enum):
    """What an agency's jurisdiction covers."""

    EVERYTHING = "everything"
    HOST_COUNTRY = "host_country"
    REGION = "region"
    FLIGHT_STAGES = "flight_stages"
    NOTHING = "nothing"


JURISDICTIONS: Mapping[str, Reach] = {
    Agency.Kind.NATIONAL: Reach.EVERYTHING,
    Agency.Kind.LAB: Reach.EVERYTHING,
    Agency.Kind.CONSULAR: Reach.HOST_COUNTRY,
    Agency.Kind.REGIONAL: Reach.REGION,
    Agency.Kind.FLIGHT: Reach.FLIGHT_STAGES,
    Agency.Kind.ANALYSIS: Reach.NOTHING,
}

J, N, A = Scope.JURISDICTION, Scope.NATIONAL, Scope.AGGREGATE
ADMIN, CASEWORKER, CONSULAR, SOCIAL, FLIGHT, LAB, ANALYST = (
    Role.ADMIN, Role.CASEWORKER, Role.CONSULAR, Role.SOCIAL_WORKER, Role.FLIGHT, Role.GENETICIST, Role.ANALYST)
# Everyone who works on cases (not the analysts, who read suppressed figures only).
CASE_ROLES: dict[str, Scope] = {ADMIN: J, CASEWORKER: J, CONSULAR: J, SOCIAL: J, FLIGHT: J, LAB: J}
HOME_ROLES: dict[str, Scope] = {ADMIN: J, CASEWORKER: J, SOCIAL: J}
FILE_ROLES: dict[str, Scope] = {ADMIN: J, CASEWORKER: J, CONSULAR: J, SOCIAL: J}
GENETIC_ROLES: dict[str, Scope] = {ADMIN: J, LAB: J}
FLIGHT_RUNNERS: dict[str, Scope] = {ADMIN: J, CASEWORKER: N, CONSULAR: J, FLIGHT: J}


@dataclass(frozen=True)
class Permission:
    """One operation: its name, what it lets a user do (for refusals), and who holds it where."""

    name: str
    does: str | Promise
    roles: Mapping[str, Scope]


def _p(name: str, does: str | Promise, roles: Mapping[Any, Scope]) -> Permission:
    return Permission(name, does, {str(role): scope for role, scope in roles.items()})


TABLE: dict[str, Permission] = {p.name: p for p in [
    # cases and their workflow
    _p("cases.case.view", _("open and list cases"), CASE_ROLES),
    _p("cases.case.open", _("open a case for a child found abroad"), {ADMIN: J, CASEWORKER: N, CONSULAR: J}),
    _p("cases.case.edit", _("edit a case"), {ADMIN: J, CASEWORKER: J, CONSULAR: J}),
    _p("cases.case.edit_region", _("change a case's home region"), {ADMIN: J, CASEWORKER: N}),
    _p("cases.check.tick", _("tick or withdraw checks of a case"), FILE_ROLES | {FLIGHT: J, LAB: J}),
    _p("cases.case.transition", _("move a case to another stage"), FILE_ROLES),
    _p("cases.case.note", _("add notes to a case"), FILE_ROLES | {LAB: J, FLIGHT: J}),
    _p("cases.case.assign", _("assign a case to a caseworker of its agency"), HOME_ROLES),
    _p("cases.referral.send", _("refer a case to another agency"), HOME_ROLES),
    _p("cases.referral.decide", _("accept or decline cases referred to the agency"), HOME_ROLES),
    _p("cases.load.view", _("see each agency's caseload"), {ADMIN: N, CASEWORKER: N}),
    _p("cases.tasks.view", _("see what is due on cases"), CASE_ROLES),
    # documents and decisions on record
    _p("documents.document.view", _("open the documents of a case"), CASE_ROLES),
    _p("documents.document.add", _("add documents to a case"), FILE_ROLES | {FLIGHT: J, LAB: J}),
    _p("casework.form.view", _("read the decisions on record of a case"), FILE_ROLES),
    _p("casework.form.edit", _("draft assessments, consent and the child's views"), FILE_ROLES),
    _p("casework.form.sign", _("sign off assessments and decisions"), {ADMIN: J, CASEWORKER: J, CONSULAR: J, SOCIAL: J}),
    _p("casework.summary.print", _("print a case summary for a court or a ministry"), FILE_ROLES),
    # people, names and family links
    _p("people.person.view", _("see the people of a case"), CASE_ROLES),
    _p("people.person.edit", _("edit people, their names and family links"), FILE_ROLES),
    _p("people.duplicate.review", _("review probable duplicate people"), {ADMIN: J, CASEWORKER: J}),
    _p("people.person.merge", _("merge two records of one person"), {ADMIN: J, CASEWORKER: N}),
    _p("people.merge.undo", _("undo a merge"), {ADMIN: J}),
    # spreadsheets as they arrive
    _p("imports.file.use", _("import spreadsheets"), {ADMIN: J, CASEWORKER: J, CONSULAR: J, SOCIAL: J}),
    # relatives' requests and matching
    _p("tracing.request.view", _("read relatives' requests"), HOME_ROLES),
    _p("tracing.request.file", _("file and edit relatives' requests"), HOME_ROLES),
    _p("tracing.match.view", _("review candidate matches"), HOME_ROLES),
    _p("tracing.match.decide", _("confirm or reject candidate matches"), HOME_ROLES),
    _p("tracing.match.rematch", _("re-match the whole caseload"), {ADMIN: J, CASEWORKER: N}),
    _p("tracing.match.reliability", _("see how reliable past match probabilities were"), HOME_ROLES),
    # DNA samples, profiles and kinship tests
    _p("kinship.case.view", _("see a case's DNA samples and tests"), FILE_ROLES | {LAB: J}),
    _p("kinship.sample.request", _("ask for DNA samples"), FILE_ROLES | {LAB: J}),
    _p("kinship.sample.collect", _("record the collection, sealing and hand-over of samples"),
       FILE_ROLES | {LAB: J}),
    _p("kinship.sample.receive", _("receive samples at the laboratory"), GENETIC_ROLES),
    _p("kinship.sample.reject", _("reject samples"), GENETIC_ROLES),
    _p("kinship.profile.import", _("import DNA profiles"), GENETIC_ROLES),
    _p("kinship.genotype.view", _("see genotypes and per-marker figures"), GENETIC_ROLES),
    _p("kinship.test.run", _("run and conclude kinship tests"), GENETIC_ROLES),
    _p("kinship.test.review", _("review another analyst's kinship conclusion (four eyes)"), {LAB: J}),
    _p("kinship.dvi.run", _("search every child against every reference family (DVI)"), GENETIC_ROLES),
    _p("kinship.plan.run", _("simulate whom to sample for a kinship test"), FILE_ROLES | {LAB: J}),
    _p("kinship.report.make", _("make and read the signed report of a kinship test"), GENETIC_ROLES),
    # flights
    _p("movements.flight.view", _("see flights"), {ADMIN: J, CASEWORKER: J, CONSULAR: J, SOCIAL: J, FLIGHT: J}),
    _p("movements.flight.manage", _("plan, confirm, cancel and run flights"), FLIGHT_RUNNERS),
    _p("movements.passenger.book", _("book children on flights"), {ADMIN: J, CASEWORKER: N, CONSULAR: J, FLIGHT: J}),
    _p("movements.passenger.board", _("board children and record who did not board"),
       {ADMIN: J, CONSULAR: J, FLIGHT: J}),
    _p("movements.intake.record", _("record arrival medical checks"), {ADMIN: J, CASEWORKER: N, FLIGHT: J}),
    # after arrival
    _p("aftercare.handover.view", _("see handovers and follow-up"), HOME_ROLES),
    _p("aftercare.handover.record", _("hand children over to guardians"), HOME_ROLES),
    _p("aftercare.visit.record", _("schedule and record follow-up visits, close cases"), HOME_ROLES),
    # figures and exports
    _p("reports.figures.exact", _("see exact figures"), CASE_ROLES),
    _p("reports.figures.public", _("see the programme's public figures"), CASE_ROLES | {ANALYST: A}),
    _p("reports.cases.export", _("download the case list"), CASE_ROLES),
    # administration
    _p("audit.trail.view", _("read the audit trail"), {ADMIN: N}),
    # accounts: the administrator resets a user's second factor and issues password reset links
    _p("accounts.user.manage", _("reset users' second factor and issue password reset links"), {ADMIN: N}),
    _p("accounts.token.manage", _("issue and revoke API tokens"), {ADMIN: N}),
]}


@dataclass(frozen=True)
class Grant:
    """A permission as one user holds it: the records it reaches.

    ``everything`` for the national office, the laboratory, superusers and the system; otherwise
    ``host_country`` (a consular section), ``regions`` (a regional office: its region and every
    region below it) or ``flight_stages`` (the flight team). A grant that reaches nothing is
    never handed out: holding a permission means reaching some records.
    """

    permission: str
    everything: bool = False
    host_country: str | None = None
    regions: frozenset[int] | None = None
    flight_stages: bool = False
    agency_id: int | None = None

    @property
    def reach(self) -> Reach:
        if self.everything:
            return Reach.EVERYTHING
        if self.host_country:
            return Reach.HOST_COUNTRY
        if self.regions is not None:
            return Reach.REGION
        if self.flight_stages:
            return Reach.FLIGHT_STAGES
        return Reach.NOTHING


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def jurisdiction(agency: Agency | None) -> Reach:
    """What ``agency`` works on. Fails closed: a consular section without a host country, or an
    agency of unknown kind, reaches nothing."""
    if agency is None:
        return Reach.NOTHING
    reach = JURISDICTIONS.get(agency.kind, Reach.NOTHING)
    if reach is Reach.HOST_COUNTRY and not agency.host_country_id:
        return Reach.NOTHING
    if reach is Reach.REGION and not agency.region_id:
        return Reach.NOTHING
    return reach


def grant(user: Any, permission: str) -> Grant | None:
    """The grant ``user`` holds for ``permission``, or None if the user does not hold it.

    ``user=None`` is the system: it holds everything.
    """
    if permission not in TABLE:
        raise KeyError(f"unknown permission {permission!r}: add it to accounts/policy.py")
    if user is None:
        return Grant(permission, everything=True)
    if not _is_user(user) or not user.is_active:
        return None
    if user.is_superuser:
        return Grant(permission, everything=True, agency_id=user.agency_id)
    scope = TABLE[permission].roles.get(user.role)
    if scope is None:
        return None
    agency: Agency | None = agency_of(user)
    if agency is None:
        return None
    if scope is Scope.AGGREGATE:
        return Grant(permission, agency_id=agency.pk)
    reach = jurisdiction(agency)
    if reach is Reach.NOTHING:
        return None
    if scope is Scope.NATIONAL and agency.kind != Agency.Kind.NATIONAL:
        return None
    if reach is Reach.EVERYTHING:
        return Grant(permission, everything=True, agency_id=agency.pk)
    if reach is Reach.HOST_COUNTRY:
        return Grant(permission, host_country=agency.host_country_id, agency_id=agency.pk)
    if reach is Reach.REGION:
        assert agency.region is not None
        return Grant(permission, regions=frozenset(agency.region.descendant_ids()), agency_id=agency.pk)
    return Grant(permission, flight_stages=True, agency_id=agency.pk)


def holds(user: Any, permission: str) -> bool:
    """Whether ``user`` holds ``permission`` anywhere."""
    return grant(user, permission) is not None


def require(user: Any, permission: str) -> Grant:
    """The grant, or :class:`Forbidden` naming what the user may not do."""
    found = grant(user, permission)
    if found is None:
        raise Forbidden(refusal(permission))
    return found


def refusal(permission: str) -> str:
    """The sentence a refused user reads: "Your role may not …"."""
    return str(_("Your role may not %(does)s.") % {"does": TABLE[permission].does})


def roles_holding(permission: str) -> dict[str, Scope]:
    """Which roles hold ``permission`` and in what scope (for the admin and the docs)."""
    return dict(TABLE[permission].roles)


def may_take(user: Any, roles: list[str] | tuple[str, ...] | None) -> bool:
    """Whether ``user`` is among ``roles`` (a workflow row's list); the system and superusers are.

    An empty list means nobody by hand: only administrators.
    """
    if user is None:
        return True
    if not _is_user(user):
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return bool(roles) and user.role in (roles or ())
