"""Reading and writing pedigree files in the pedtools text format.

Tab-separated (or whitespace-separated) columns with a header line::

    famid  id  fid  mid  sex  D3S1358  vWA  ...
    F1     gm  0    0    2    15/16    17/18
    F1     ch  fa   mo   1    -/-      17/17

``famid`` is optional. Parents are ``0`` (or ``NA``) for founders; sex is 1 (male), 2 (female)
or 0 (unknown); genotypes are ``a/b``, ``a/-`` for a single called allele and ``-/-`` for
untyped. A file may hold several families and singletons: each connected group of people
becomes one :class:`Pedigree`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import KinshipInputError
from .markers import marker_display
from .pedigree import Genotype, Pedigree, Person, normalise_genotype

_NO_PARENT = {"0", "NA", "", "-"}


def read_ped(path: str | Path) -> list[Pedigree]:
    """Read a pedigree file; one :class:`Pedigree` per connected family or singleton."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise KinshipInputError(f"cannot read: {exc.strerror or exc}", source=str(p)) from None
    except UnicodeDecodeError:
        raise KinshipInputError("not a UTF-8 text file", source=str(p)) from None
    return parse_ped(text, source=p.name)


def _split(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")] if "\t" in line else line.split()


def parse_ped(text: str, *, source: str = "<pedigree>") -> list[Pedigree]:
    """Parse pedigree text (see the module docstring); ``source`` names it in messages."""
    lines = [
        (n, ln)
        for n, ln in enumerate(text.splitlines(), start=1)
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if not lines:
        raise KinshipInputError("empty pedigree file", source=source)
    header_no, header_line = lines[0]
    header = _split(header_line)
    lower = [h.lower() for h in header]
    if lower[:4] == ["id", "fid", "mid", "sex"]:
        has_fam = False
    elif lower[:5] == ["famid", "id", "fid", "mid", "sex"]:
        has_fam = True
    else:
        raise KinshipInputError(
            "the header must start with 'famid id fid mid sex' or 'id fid mid sex'",
            source=source,
            line=header_no,
        )
    first_marker = 5 if has_fam else 4
    markers = header[first_marker:]
    seen_markers: set[str] = set()
    for m in markers:
        if m.lower() in seen_markers:
            raise KinshipInputError(
                "marker column appears twice", source=source, line=header_no, marker=m
            )
        seen_markers.add(m.lower())
    families: dict[str, list[tuple[int, Person, dict[str, Genotype]]]] = {}
    for lineno, line in lines[1:]:
        cells = _split(line)
        if len(cells) != len(header):
            raise KinshipInputError(
                f"{len(cells)} columns where the header has {len(header)}",
                source=source,
                line=lineno,
            )
        famid = cells[0] if has_fam else ""
        pid, fid, mid, sex_text = cells[first_marker - 4 : first_marker]
        if sex_text not in ("0", "1", "2"):
            raise KinshipInputError(
                f"sex {sex_text!r} must be 1 (male), 2 (female) or 0", source=source, line=lineno
            )
        father = None if fid in _NO_PARENT else fid
        mother = None if mid in _NO_PARENT else mid
        if (father is None) != (mother is None):
            raise KinshipInputError(
                f"{pid!r} has one parent; give both parents or none", source=source, line=lineno
            )
        genotypes: dict[str, Genotype] = {}
        for marker, cell in zip(markers, cells[first_marker:], strict=True):
            try:
                g = normalise_genotype(cell)
            except ValueError:
                raise KinshipInputError(
                    f"genotype {cell!r} is not of the form a/b",
                    source=source,
                    line=lineno,
                    marker=marker,
                ) from None
            if g is not None:
                genotypes[marker_display(marker)] = g
        families.setdefault(famid, []).append(
            (lineno, Person(pid, father, mother, int(sex_text)), genotypes)
        )
    return [ped for famid, rows in families.items() for ped in _build_family(famid, rows, source)]


def _build_family(
    famid: str, rows: list[tuple[int, Person, dict[str, Genotype]]], source: str
) -> list[Pedigree]:
    ids: dict[str, int] = {}
    for lineno, person, _ in rows:
        if person.id in ids:
            raise KinshipInputError(
                f"person {person.id!r} already given on line {ids[person.id]}",
                source=source,
                line=lineno,
            )
        ids[person.id] = lineno
    for lineno, person, _ in rows:
        for parent in (person.father, person.mother):
            if parent is not None and parent not in ids:
                raise KinshipInputError(
                    f"parent {parent!r} of {person.id!r} is not in the file{' (family ' + famid + ')' if famid else ''}",
                    source=source,
                    line=lineno,
                )
    try:
        whole = Pedigree([r[1] for r in rows], {r[1].id: r[2] for r in rows}, name=famid)
    except KinshipInputError as exc:
        raise KinshipInputError(exc.detail, source=source) from None
    comps = whole.components()
    if len(comps) == 1:
        return [whole]
    out = []
    for comp in comps:
        members = [r for r in rows if r[1].id in comp]
        first = members[0][1].id
        name = first if len(comp) == 1 or not famid else f"{famid}:{first}"
        out.append(Pedigree([r[1] for r in members], {r[1].id: r[2] for r in members}, name=name))
    return out


def write_ped(pedigrees: Iterable[Pedigree], markers: list[str] | None = None) -> str:
    """The pedigrees as pedtools text (famid column included)."""
    peds = list(pedigrees)
    if markers is None:
        names: dict[str, None] = {}
        for ped in peds:
            for m in ped.markers():
                names.setdefault(m, None)
        markers = list(names)
    out = ["\t".join(["famid", "id", "fid", "mid", "sex", *markers])]
    for ped in peds:
        for person in ped.persons.values():
            cells = [
                ped.name or person.id,
                person.id,
                person.father or "0",
                person.mother or "0",
                str(person.sex),
            ]
            for m in markers:
                g = ped.genotype(person.id, m)
                cells.append("/".join(g) if g else "-/-")
            out.append("\t".join(cells))
    return "\n".join(out) + "\n"
