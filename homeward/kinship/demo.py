"""Demo DNA records for the cases that exist: samples with their chains of custody, STR profiles
simulated by gene dropping (so relatives are truly related) and kinship tests that agree with each
case's stage.

Cases at "kinship verified" or later get a computed, concluded test supporting the claimed kinship
(the child's mother and paternal grandmother as references), dated before the case entered that
stage. Earlier cases get samples in progress, some of them overdue. Stages are never changed.

Everything is written in bulk; the likelihood ratios of all tests come from one batched engine
search per marker (the same numbers as a test computed on its own page), so the whole demo takes a
few seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import timezone

from homeward.accounts.models import Agency
from homeward.audit.log import record
from homeward.cases.models import Case, CaseCheck, CaseEvent, Stage
from homeward.core.bulk import Table, next_ids, reset_sequences, update_rows
from homeward.kinship import compute
from homeward.kinship.actions.tests import CHECK_CODE, H2_LABEL, defaults, h1_label, pedigree_json
from homeward.kinship.engine import (
    GLOBALFILER,
    Pedigree,
    Person,
    Reference,
    blind_search,
    gene_drop,
)
from homeward.kinship.engine.markers import allele_sort_key
from homeward.kinship.models import (
    CustodyTransfer,
    DnaSample,
    KinshipReference,
    KinshipTest,
    StrProfile,
    format_lr,
)
from homeward.kinship.pedigrees import CHILD, build_claimed_pedigree, side_of
from homeward.kinship.pedigrees import Reference as ClaimRef
from homeward.kinship.queries import lr_threshold
from homeward.people.models import FamilyLink

S = DnaSample.Status
STEP = CustodyTransfer.Step
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
TYPED_RELATIONS = ("mother", "grandmother", "grandfather", "uncle", "aunt")


@dataclass
class Family:
    """Children of one mother, with the relatives their family links name."""

    cases: list[Case] = field(default_factory=list)
    relatives: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))  # relation -> people
    links: dict[int, dict[int, FamilyLink]] = field(default_factory=dict)  # child id -> relative id -> link


@dataclass
class Plan:
    """What the demo writes, collected for bulk insertion."""

    samples: list[DnaSample] = field(default_factory=list)
    custody: dict[int, list[CustodyTransfer]] = field(default_factory=dict)  # by id() of the unsaved sample
    profiles: list[tuple[DnaSample, dict[str, str], dt.datetime, str]] = field(default_factory=list)


class Demo:
    def __init__(self, rng: random.Random, actor: Any) -> None:
        self.rng = rng
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.now = timezone.now()
        self.lab = Agency.objects.filter(kind=Agency.Kind.LAB).order_by("pk").first()
        self.offices = {a.region_id: a for a in Agency.objects.filter(kind=Agency.Kind.REGIONAL)}
        self.consulates = {a.host_country_id: a for a in Agency.objects.filter(kind=Agency.Kind.CONSULAR)}
        self.national = Agency.objects.filter(kind=Agency.Kind.NATIONAL).order_by("pk").first()
        self.plan = Plan()
        self.codes: dict[int, int] = defaultdict(int)
        self.seals = 0
        order = {s.code: s.order for s in Stage.objects.all()}
        self.kv_order = order.get("kinship_verified", 10**6)
        self.iv_order = order.get("identity_verified", 10**6)

    # -- reading what exists -------------------------------------------------------------
    def families(self) -> list[Family]:
        # names come with the people: custody rows name each donor (str(person) reads its names)
        cases = list(Case.objects.select_related("child", "stage", "facility", "home_region")
                     .prefetch_related("child__names").order_by("pk"))
        child_ids = [c.child_id for c in cases]
        links = defaultdict(list)
        for link in FamilyLink.objects.filter(person_id__in=child_ids) \
                .select_related("relative", "relative__detention_facility").prefetch_related("relative__names"):
            links[link.person_id].append(link)
        by_key: dict[Any, Family] = {}
        for case in cases:
            own = links.get(case.child_id, [])
            mother = next((k.relative_id for k in own if k.relation == "mother"), None)
            family = by_key.setdefault(("m", mother) if mother else ("c", case.pk), Family())
            family.cases.append(case)
            family.links[case.child_id] = {k.relative_id: k for k in own}
            for k in own:
                if k.relation in TYPED_RELATIONS and k.relative not in family.relatives[k.relation]:
                    family.relatives[k.relation].append(k.relative)
        return list(by_key.values())

    def stage_dates(self) -> dict[int, dict[str, dt.datetime]]:
        """Per case: when it was opened and when it entered each stage (first time)."""
        out: dict[int, dict[str, dt.datetime]] = defaultdict(dict)
        rows = CaseEvent.objects.filter(kind__in=[CaseEvent.Kind.OPENED, CaseEvent.Kind.TRANSITION]).values_list(
            "case_id", "target_stage_id", "occurred_at", "kind").order_by("occurred_at", "id")
        for case_id, stage, when, kind in rows:
            if kind == CaseEvent.Kind.OPENED:
                out[case_id].setdefault("opened", when)
            if stage:
                out[case_id].setdefault(stage, when)
        return out

    # -- samples and custody -------------------------------------------------------------
    def _code(self, case: Case) -> str:
        self.codes[case.pk] += 1
        return f"{case.reference}-S{self.codes[case.pk]:02d}"

    def _sample(self, case: Case, donor: Any, requested: dt.datetime, kind: str = DnaSample.Kind.BUCCAL) -> DnaSample:
        sample = DnaSample(code=self._code(case), case=case, donor=donor, kind=kind, requested_at=requested,
                           requested_by=self.actor, lab=self.lab)
        self.plan.samples.append(sample)
        self.plan.custody[id(sample)] = []
        return sample

    def _site(self, case: Case, donor: Any) -> tuple[Any, Any, str, str, str]:
        """(facility, office, collector, first courier, place of the first hand-over) for a donor
        abroad (taken in the prison or orphanage, sent through the consulate) or at home."""
        abroad = donor.pk == case.child_id or getattr(donor, "detention_status", "") in ("detained", "sentenced")
        if abroad:
            facility = donor.detention_facility if donor.pk != case.child_id and donor.detention_facility_id \
                else case.facility
            consulate = self.consulates.get(case.host_country_id)
            return facility, None, "consular officer", "diplomatic courier", str(consulate or "consular section")
        office = self.offices.get(case.home_region_id) or self.national
        return None, office, "regional social worker", "courier service", str(office)

    def progress(self, sample: DnaSample, case: Case, donor: Any, *, collected: dt.datetime | None,
                 status: str, received: dt.datetime | None = None) -> None:
        """Take ``sample`` from collection up to ``status`` (collected ... received), with its custody rows."""
        rows = self.plan.custody[id(sample)]
        if collected is None or status == S.REQUESTED:
            return
        facility, office, collector, courier, hub = self._site(case, donor)
        sample.status = S.COLLECTED
        sample.collected_at = collected
        sample.collected_by = collector
        sample.collection_facility = facility
        sample.collection_office = office
        place = str(facility or office or "")
        rows.append(CustodyTransfer(step=STEP.COLLECTED, from_party=str(donor), to_party=collector, place=place,
                                    occurred_at=collected, recorded_by=self.actor))
        if status == S.COLLECTED:
            return
        self.seals += 1
        seal = f"HW-SEAL-{self.seals:06d}"
        sample.status = S.SEALED
        sample.seal_number = seal
        sample.sealed_at = collected + HOUR
        rows.append(CustodyTransfer(step=STEP.SEALED, from_party=collector, to_party=collector, place=place,
                                    occurred_at=sample.sealed_at, seal_number=seal, seal_intact=True,
                                    recorded_by=self.actor))
        if status == S.SEALED:
            return
        arrive = received or collected + dt.timedelta(days=self.rng.randint(3, 14))
        handed = collected + (arrive - collected) / 3
        rows.append(CustodyTransfer(step=STEP.HANDOVER, from_party=collector, to_party=courier, place=hub,
                                    occurred_at=handed, seal_number=seal, seal_intact=True, recorded_by=self.actor))
        sample.status = S.IN_TRANSIT
        if status == S.IN_TRANSIT or self.lab is None:
            return
        broken = self.rng.random() < 0.02
        sample.status = S.RECEIVED
        sample.lab = self.lab
        sample.received_at = arrive
        if broken:
            sample.flagged = True
            sample.flag_reason = "seal broken on arrival at the lab"
        rows.append(CustodyTransfer(step=STEP.RECEIVED, from_party=courier, to_party=str(self.lab),
                                    place=str(self.lab), occurred_at=arrive, seal_number=seal,
                                    seal_intact=not broken, recorded_by=self.actor))

    # -- families ------------------------------------------------------------------------
    def write(self) -> dict[str, int]:
        if self.lab is None:
            return {"samples": 0, "tests": 0}
        dates = self.stage_dates()
        db = compute.frequency_db(defaults()["freq_db"])
        markers = [m for m in GLOBALFILER if m in db]
        np_rng = np.random.default_rng(self.rng.getrandbits(32))
        pending: list[tuple[Family, dt.datetime, dict[str, dict[str, str]], Any]] = []
        for family in self.families():
            lead = max(family.cases, key=lambda c: (c.stage.order, -c.pk))
            reached = [dates[c.pk].get("kinship_verified") for c in family.cases if c.stage.order >= self.kv_order]
            anchor = min((d for d in reached if d is not None), default=None)
            if lead.stage.order >= self.kv_order and anchor is None:
                anchor = dates[lead.pk].get("opened", self.now) + dt.timedelta(days=90)
            genotypes = self.simulate(family, markers, np_rng)
            if anchor is not None:
                pending.append((family, anchor, genotypes, self.verified_family(family, lead, anchor, dates, genotypes)))
            else:
                self.family_in_progress(family, lead, dates, genotypes)
        self.save()
        tests = self.tests(pending, db, markers)
        record(actor=self.actor, action="kinship.demo.created",
               data={"samples": len(self.plan.samples), "profiles": len(self.plan.profiles), "tests": tests})
        return {"samples": len(self.plan.samples), "tests": tests}

    def simulate(self, family: Family, markers: list[str], np_rng: np.random.Generator) -> dict[str, dict[str, str]]:
        """Genotypes of everyone by gene dropping through the true family (keys: person ids as text)."""
        people = [Person("gf", sex=1), Person("gm", sex=2), Person("father", "gf", "gm", 1), Person("mother", sex=2)]
        names = {"gm": family.relatives["grandmother"][:1], "gf": family.relatives["grandfather"][:1],
                 "mother": family.relatives["mother"][:1]}
        ids: dict[str, str] = {}
        for key, found in names.items():
            if found:
                ids[key] = str(found[0].pk)
        for relation in ("uncle", "aunt"):
            for person in family.relatives[relation]:
                node = f"{relation}{person.pk}"
                people.append(Person(node, "gf", "gm", 1 if relation == "uncle" else 2))
                ids[node] = str(person.pk)
        for case in family.cases:
            node = f"child{case.child_id}"
            people.append(Person(node, "father", "mother", 1 if case.child.sex == "M" else 2))
            ids[node] = str(case.child_id)
        drawn = gene_drop(Pedigree(people), compute.frequency_db(defaults()["freq_db"]), markers, np_rng)
        return {ids[node]: {m: _label(g) for m, g in per.items()} for node, per in drawn.items() if node in ids}

    def verified_family(self, family: Family, lead: Case, anchor: dt.datetime,
                        dates: dict[int, dict[str, dt.datetime]], genotypes: dict[str, dict[str, str]]) -> dt.datetime:
        """Samples of the children, the mother and the grandmother, all profiled before ``anchor``."""
        imported = anchor - dt.timedelta(days=self.rng.randint(2, 6), hours=self.rng.randint(1, 8))
        batch: list[tuple[DnaSample, str]] = []
        for case in family.cases:
            iv = dates[case.pk].get("identity_verified") or imported
            collected = min(iv, imported) - dt.timedelta(days=self.rng.randint(2, 12))
            sample = self._sample(case, case.child, collected - dt.timedelta(days=self.rng.randint(1, 10)))
            received = min(collected + dt.timedelta(days=self.rng.randint(4, 20)), imported - HOUR * 6)
            self.progress(sample, case, case.child, collected=collected, status=S.RECEIVED, received=received)
            batch.append((sample, str(case.child_id)))
        for relation in ("mother", "grandmother"):
            for person in family.relatives[relation][:1]:
                received = imported - dt.timedelta(days=self.rng.randint(1, 15))
                collected = received - dt.timedelta(days=self.rng.randint(3, 25))
                sample = self._sample(lead, person, collected - dt.timedelta(days=self.rng.randint(3, 40)))
                self.progress(sample, lead, person, collected=collected, status=S.RECEIVED, received=received)
                batch.append((sample, str(person.pk)))
        self.import_batch(batch, genotypes, imported)
        return imported

    def import_batch(self, batch: list[tuple[DnaSample, str]], genotypes: dict[str, dict[str, str]],
                     when: dt.datetime) -> None:
        lines = ["sample_id,marker,allele1,allele2"]
        for sample, pid in batch:
            lines += [f"{sample.code},{m},{g.replace('/', ',')}" for m, g in genotypes[pid].items()]
        digest = hashlib.sha256(("\n".join(lines) + "\n").encode()).hexdigest()
        for sample, pid in batch:
            if sample.status == S.RECEIVED:
                sample.status = S.PROFILED
                self.plan.profiles.append((sample, genotypes[pid], when, digest))

    def family_in_progress(self, family: Family, lead: Case, dates: dict[int, dict[str, dt.datetime]],
                           genotypes: dict[str, dict[str, str]]) -> None:
        """Samples of a family whose kinship is not yet verified: some done, some waiting, some overdue."""
        opened = dates[lead.pk].get("opened", self.now - dt.timedelta(days=60))
        batch: list[tuple[DnaSample, str]] = []
        for case in family.cases:
            iv = dates[case.pk].get("identity_verified")
            start = dates[case.pk].get("opened", opened)
            if iv is not None:  # the child's sample was a condition of identity_verified
                collected = iv - dt.timedelta(days=self.rng.randint(1, 8))
                sample = self._sample(case, case.child, max(start, collected - dt.timedelta(days=5)))
                received = min(collected + dt.timedelta(days=self.rng.randint(4, 15)), self.now - DAY)
                self.progress(sample, case, case.child, collected=collected, status=S.RECEIVED,
                              received=max(received, collected + HOUR * 3))
                batch.append((sample, str(case.child_id)))
            else:
                requested = min(start + dt.timedelta(days=self.rng.randint(1, 20)), self.now - HOUR)
                sample = self._sample(case, case.child, requested)
                collected = requested + dt.timedelta(days=self.rng.randint(1, 15))
                if collected < self.now and self.rng.random() < 0.5:
                    self.progress(sample, case, case.child, collected=collected, status=S.COLLECTED)
        later = lead.stage.order >= self.iv_order
        for relation in TYPED_RELATIONS:
            for person in family.relatives[relation]:
                if self.rng.random() < 0.15:
                    continue  # not asked yet
                requested = min(opened + dt.timedelta(days=self.rng.randint(3, 45)), self.now - HOUR)
                sample = self._sample(lead, person, requested)
                weights = [3, 1, 1, 2, 3] if later else [5, 2, 1, 1, 1]
                status = self.rng.choices([S.REQUESTED, S.COLLECTED, S.IN_TRANSIT, S.RECEIVED, S.PROFILED], weights)[0]
                collected = requested + dt.timedelta(days=self.rng.randint(2, 30))
                received = collected + dt.timedelta(days=self.rng.randint(3, 14))
                if received >= self.now - DAY:
                    status = S.REQUESTED if collected >= self.now else S.COLLECTED
                self.progress(sample, lead, person, collected=collected,
                              status=S.RECEIVED if status == S.PROFILED else status, received=received)
                if status == S.PROFILED:
                    batch.append((sample, str(person.pk)))
                elif status == S.REQUESTED and self.rng.random() < 0.1:
                    sample.status = S.REJECTED
                    sample.rejected_reason = "donor could not be reached at the address given"
        if batch:
            newest = max(s.received_at or s.requested_at for s, _ in batch)
            self.import_batch(batch, genotypes, min(newest + dt.timedelta(days=self.rng.randint(2, 9)), self.now))

    # -- writing -------------------------------------------------------------------------
    def save(self) -> None:
        DnaSample.objects.bulk_create(self.plan.samples, batch_size=1000)
        # custody rows and profiles as multi-row inserts (homeward/core/bulk.py), in bulk_create's order
        custody, custody_id = Table(CustodyTransfer), next_ids(CustodyTransfer)
        for sample in self.plan.samples:
            for step in self.plan.custody[id(sample)]:
                step.sample = sample
                custody.add_instance(step, id=custody_id)
                custody_id += 1
            if sample.status == S.REJECTED:
                custody.add_instance(CustodyTransfer(
                    sample=sample, step=STEP.REJECTED, note=sample.rejected_reason,
                    occurred_at=min(sample.requested_at + DAY * 30, self.now), recorded_by=self.actor), id=custody_id)
                custody_id += 1
        custody.flush()
        profiles, profile_id = Table(StrProfile), next_ids(StrProfile)
        for s, g, when, digest in self.plan.profiles:
            profiles.add_instance(StrProfile(
                sample=s, person_id=s.donor_id, lab=self.lab, genotypes=g, imported_at=when, imported_by=self.actor,
                source_name=f"lab-results-{when:%Y%m%d}.csv", source_hash=digest), id=profile_id)
            profile_id += 1
        profiles.flush()
        reset_sequences([CustodyTransfer, StrProfile])

    def tests(self, pending: list[tuple[Family, dt.datetime, dict[str, dict[str, str]], dt.datetime]],
              db: Any, markers: list[str]) -> int:
        """One supporting test per child whose case reached kinship_verified, LRs from a batched search."""
        settings_ = defaults()
        model = compute.mutation(settings_["mutation_model"], settings_["mutation_rate"])
        profiles = {p.person_id: p for p in StrProfile.objects.filter(
            sample__in=[s for s, *_ in self.plan.profiles]).select_related("sample")}
        references: list[Reference] = []
        jobs: list[tuple[Case, list[FamilyLink], Any, int, dt.datetime, dt.datetime]] = []
        pois: dict[str, dict[str, str]] = {}
        for family, anchor, genotypes, imported in pending:
            done = [c for c in family.cases if c.stage.order >= self.kv_order]
            if not done:
                continue
            first = done[0]
            refs = [family.links[first.child_id][p.pk] for rel in ("mother", "grandmother")
                    for p in family.relatives[rel][:1] if p.pk in family.links[first.child_id]]
            refs = [r for r in refs if r.relative_id in profiles]
            if not refs:
                continue
            claimed = build_claimed_pedigree(1 if first.child.sex == "M" else 2, [
                ClaimRef(f"p{r.relative_id}", r.relation, r.side) for r in refs])
            relatives = {f"p{r.relative_id}": genotypes[str(r.relative_id)] for r in refs}
            references.append(Reference(compute.reference_pedigree(claimed, relatives), CHILD))
            for case in done:
                if case.child_id not in profiles:
                    continue
                links = [family.links[case.child_id].get(r.relative_id) for r in refs]
                if any(link is None for link in links):
                    continue
                pois[str(case.pk)] = genotypes[str(case.child_id)]
                computed = anchor - dt.timedelta(hours=self.rng.randint(4, 30))
                jobs.append((case, [k for k in links if k is not None], claimed, len(references) - 1,
                             max(computed, imported + HOUR), anchor - HOUR * 3))
        if not jobs:
            return 0
        per = np.zeros((len(pois), len(markers)))
        poi_index = {pid: i for i, pid in enumerate(pois)}
        for j, m in enumerate(markers):
            found = blind_search({p: {m: g[m]} for p, g in pois.items()}, references, db, markers=[m],
                                 theta=settings_["theta"], mutation=model, progress=False)
            for case, _links, _claimed, ref_i, _computed, _concluded in jobs:
                per[poi_index[str(case.pk)], j] = found.log10_lr[poi_index[str(case.pk)], ref_i]
        return self._write_tests(jobs, per, poi_index, profiles, markers, settings_)

    def _write_tests(self, jobs: list[Any], per: Any, poi_index: dict[str, int], profiles: dict[int, StrProfile],
                     markers: list[str], settings_: dict[str, Any]) -> int:
        threshold = lr_threshold()
        version = compute.engine_version()
        tests, refs_rows, link_updates, check_updates = [], [], [], []
        for case, links, claimed, _ref_i, computed, concluded in jobs:
            logs = per[poi_index[str(case.pk)]]
            per_marker = {m: float(10 ** v) for m, v in zip(markers, logs, strict=True)}
            log10 = float(logs.sum())
            lr = 10 ** log10 if log10 < 300 else 1e300
            conclusion = KinshipTest.Conclusion.SUPPORTS if lr >= threshold else KinshipTest.Conclusion.INCONCLUSIVE
            tests.append(KinshipTest(
                case=case, child=case.child, child_profile=profiles[case.child_id], status=KinshipTest.Status.DONE,
                progress=100, pedigree=pedigree_json(claimed),
                h1_label=h1_label(claimed, [(k.relation, side_of(k.relation, k.side)) for k in links])[:500],
                h2_label=H2_LABEL,
                freq_db=settings_["freq_db"], theta=settings_["theta"], mutation_model=settings_["mutation_model"],
                mutation_rate=settings_["mutation_rate"], prior=0.5, lr=lr, log10_lr=log10,
                posterior=compute.posterior(lr, 0.5), per_marker=per_marker, markers_used=len(markers),
                conclusion=conclusion, threshold=threshold, concluded_at=concluded, concluded_by=self.actor,
                requested_at=computed - HOUR, requested_by=self.actor, computed_at=computed, engine_version=version,
            ))
        KinshipTest.objects.bulk_create(tests, batch_size=500)
        checks = {c.case_id: c for c in CaseCheck.objects.filter(
            case_id__in=[t.case_id for t in tests], requirement__code=CHECK_CODE, done=True)}
        for test, (case, links, claimed, _r, _c, _a) in zip(tests, jobs, strict=True):
            for link in links:
                refs_rows.append(KinshipReference(test=test, person_id=link.relative_id, link=link,
                                                  relation=link.relation, side=side_of(link.relation, link.side),
                                                  profile=profiles[link.relative_id],
                                                  node=claimed.node_of[f"p{link.relative_id}"]))
                if test.conclusion == KinshipTest.Conclusion.SUPPORTS and link.status == FamilyLink.Status.DNA_VERIFIED:
                    link.evidence = f"kinship test #{test.pk}, LR={format_lr(test.lr, test.log10_lr)}"
                    link_updates.append(link)
            check = checks.get(case.pk)
            if check is not None and test.conclusion == KinshipTest.Conclusion.SUPPORTS:
                check.reference = f"kinship test #{test.pk}"
                check.note = f"kinship test #{test.pk}, LR={format_lr(test.lr, test.log10_lr)}"
                check_updates.append(check)
        references, reference_id = Table(KinshipReference), next_ids(KinshipReference)
        for row in refs_rows:
            references.add_instance(row, id=reference_id)
            reference_id += 1
        references.flush()
        reset_sequences([KinshipReference])
        # what bulk_update writes, as one prepared UPDATE per row (bulk_update builds a CASE per column)
        update_rows(FamilyLink, ["evidence"], link_updates)
        update_rows(CaseCheck, ["reference", "note"], check_updates)
        return len(tests)


def _label(g: tuple[str, str]) -> str:
    a, b = sorted(g, key=allele_sort_key)
    return f"{a}/{b}"


def populate_demo(rng: random.Random, actor: Any = None) -> dict[str, int]:
    """Create the demo's DNA samples, custody chains, profiles and kinship tests for existing cases."""
    return Demo(rng, actor).write()
