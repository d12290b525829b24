"""The claimed pedigree of a child and the typed relatives, built from their relation to the child.

Relations are those of ``people.FamilyLink`` ("the grandmother of the child"). Untyped people who
connect the relatives (the father, who is usually dead; the grandparents; the parents of a cousin)
are added as needed, so the engine sums over their genotypes jointly. The side of a grandparent,
aunt, uncle, half-sibling or cousin is the link's ``side`` (``maternal``/``paternal``), paternal
when not given, since the father is the one usually missing.

This module knows nothing of the database: it takes plain references and returns plain nodes, so
it can be tested and reused on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from homeward.kinship.engine import Pedigree, Person

CHILD = "child"
MATERNAL = "maternal"
PATERNAL = "paternal"

#: Relations a kinship test can model, with the sex they imply (0: take the donor's sex).
RELATION_SEX: dict[str, int] = {
    "mother": 2, "father": 1, "grandmother": 2, "grandfather": 1, "aunt": 2, "uncle": 1,
    "sister": 2, "brother": 1, "half_sister": 2, "half_brother": 1, "cousin": 0,
}  # fmt: skip
SIDED = {"grandmother", "grandfather", "aunt", "uncle", "half_sister", "half_brother", "cousin"}


class PedigreeBuildError(ValueError):
    """The references cannot form one claimed pedigree (the message says why, naming the relative)."""


@dataclass(frozen=True)
class Reference:
    """A typed relative: ``key`` identifies them (e.g. ``"p42"``), ``relation`` is to the child."""

    key: str
    relation: str
    side: str = ""
    sex: int = 0  # used for relations that do not imply one (a cousin)
    label: str = ""


@dataclass
class Node:
    """One member of the claimed pedigree; ``ref`` is the reference key if typed (``child`` for the child)."""

    id: str
    father: str | None = None
    mother: str | None = None
    sex: int = 0
    role: str = ""
    ref: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "father": self.father, "mother": self.mother, "sex": self.sex, "role": self.role,
                "ref": self.ref}


@dataclass
class ClaimedPedigree:
    """The child, the typed relatives and the untyped people connecting them."""

    nodes: dict[str, Node] = field(default_factory=dict)
    node_of: dict[str, str] = field(default_factory=dict)  # reference key (and "child") -> node id

    def persons(self, *, child_unrelated: bool = False) -> list[Person]:
        """Engine persons; with ``child_unrelated`` the child is cut from its parents (H2)."""
        out = []
        for n in self.nodes.values():
            if child_unrelated and n.id == CHILD:
                out.append(Person(n.id, None, None, n.sex))
            else:
                out.append(Person(n.id, n.father, n.mother, n.sex))
        return out

    def hypotheses(self, genotypes: dict[str, dict[str, str]]) -> tuple[Pedigree, Pedigree]:
        """(H1, H2): the family as claimed, and the same family with the child unrelated to it.

        ``genotypes`` maps reference key (and ``"child"``) to marker -> ``"a/b"``. In H2 the
        references keep their relations among themselves, so the LR weighs only the child's
        place in the family, as Familias and forrel set the question.
        """
        by_node = {self.node_of[key]: g for key, g in genotypes.items()}
        h1 = Pedigree(self.persons(), by_node, name="H1")
        h2 = Pedigree(self.persons(child_unrelated=True), by_node, name="H2")
        return h1, h2

    def as_list(self) -> list[dict[str, object]]:
        return [n.as_dict() for n in self.nodes.values()]


def side_of(relation: str, side: str) -> str:
    """The side a relation is on: "" for parents and full siblings, else maternal or paternal
    (paternal when not given). Raises ValueError for a side that is neither."""
    value = (side or "").strip().lower()
    if relation not in SIDED:
        return ""
    if value in ("", PATERNAL, "father", "father's", "p"):
        return PATERNAL
    if value in (MATERNAL, "mother", "mother's", "m"):
        return MATERNAL
    raise ValueError(f"side {side!r} must be maternal or paternal")


def _side(ref: Reference) -> str:
    try:
        return side_of(ref.relation, ref.side)
    except ValueError as exc:
        raise PedigreeBuildError(f"{ref.label or ref.key}: {exc}") from None


def build_claimed_pedigree(child_sex: int, references: Sequence[Reference]) -> ClaimedPedigree:
    """The claimed pedigree of the child with ``references`` placed by their relation to it."""
    if not references:
        raise PedigreeBuildError("choose at least one typed relative")
    ped = ClaimedPedigree()
    ped.nodes[CHILD] = Node(CHILD, sex=child_sex, role="child", ref=CHILD)
    ped.node_of[CHILD] = CHILD
    slots: dict[str, Reference] = {}
    counter = 0

    def node(nid: str, sex: int, role: str) -> Node:
        if nid not in ped.nodes:
            ped.nodes[nid] = Node(nid, sex=sex, role=role)
        return ped.nodes[nid]

    def parent(side: str) -> str:
        nid = "father" if side == PATERNAL else "mother"
        node(nid, 1 if side == PATERNAL else 2, nid)
        child = ped.nodes[CHILD]
        if child.father is None:
            node("father", 1, "father")
            node("mother", 2, "mother")
            child.father, child.mother = "father", "mother"
        return nid

    def grandparents(side: str) -> tuple[str, str]:
        p = parent(side)
        prefix = "pat" if side == PATERNAL else "mat"
        gf = node(f"{prefix}_gf", 1, f"{side} grandfather").id
        gm = node(f"{prefix}_gm", 2, f"{side} grandmother").id
        ped.nodes[p].father, ped.nodes[p].mother = gf, gm
        return gf, gm

    def claim(slot: str, ref: Reference) -> None:
        if slot in slots:
            other = slots[slot]
            raise PedigreeBuildError(
                f"{ref.label or ref.key} and {other.label or other.key} are both given as the child's "
                f"{slot.replace('_', ' ')}"
            )
        slots[slot] = ref

    ordered = sorted(references, key=lambda r: _ORDER.get(r.relation, 99))
    for ref in ordered:
        if ref.key == CHILD or ref.key in ped.node_of:
            raise PedigreeBuildError(f"{ref.label or ref.key} is given twice")
        if ref.relation not in RELATION_SEX:
            raise PedigreeBuildError(
                f"{ref.label or ref.key}: the relation {ref.relation!r} cannot be tested; record the precise "
                "relation (mother, father, grandparent, aunt, uncle, full or half sibling, cousin)"
            )
        side = _side(ref)
        sex = RELATION_SEX[ref.relation] or ref.sex
        rel = ref.relation
        if rel in ("mother", "father"):
            claim(rel, ref)
            nid = parent(PATERNAL if rel == "father" else MATERNAL)
        elif rel in ("grandmother", "grandfather"):
            claim(f"{side} {rel}", ref)
            gf, gm = grandparents(side)
            nid = gm if rel == "grandmother" else gf
        elif rel in ("aunt", "uncle"):
            gf, gm = grandparents(side)
            counter += 1
            nid = f"{side[:3]}_{rel}{counter}"
            ped.nodes[nid] = Node(nid, gf, gm, sex, f"{side} {rel}")
        elif rel in ("sister", "brother"):
            parent(PATERNAL)
            counter += 1
            nid = f"{rel}{counter}"
            ped.nodes[nid] = Node(nid, "father", "mother", sex, rel)
        elif rel in ("half_sister", "half_brother"):
            shared = parent(side)
            counter += 1
            other = node(f"hs_{'mother' if side == PATERNAL else 'father'}{counter}",
                         2 if side == PATERNAL else 1, "other parent").id
            nid = f"{rel}{counter}"
            fa, mo = (shared, other) if side == PATERNAL else (other, shared)
            ped.nodes[nid] = Node(nid, fa, mo, sex, f"{side} {rel.replace('_', '-')}")
        else:  # cousin: a child of an untyped aunt or uncle on that side
            gf, gm = grandparents(side)
            counter += 1
            link = node(f"{side[:3]}_sib{counter}", 1, f"{side} aunt or uncle").id
            ped.nodes[link].father, ped.nodes[link].mother = gf, gm
            spouse = node(f"{side[:3]}_sib{counter}_spouse", 2, "spouse").id
            nid = f"cousin{counter}"
            ped.nodes[nid] = Node(nid, link, spouse, sex, f"{side} cousin")
        if ped.nodes[nid].ref is not None:
            raise PedigreeBuildError(f"{ref.label or ref.key}: that place in the pedigree is already taken")
        ped.nodes[nid].ref = ref.key
        ped.nodes[nid].role = ped.nodes[nid].role or rel
        ped.node_of[ref.key] = nid
    return ped


# Parents first, then grandparents: later relations attach to the nodes these create.
_ORDER = {"mother": 0, "father": 0, "grandmother": 1, "grandfather": 1}
