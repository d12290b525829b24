"""Reading a laboratory's STR results file: every genotype checked, every error naming its line.

Two layouts are read, recognised from the header line:

* pedtools-style text (whitespace- or tab-separated)::

      famid  id          fid  mid  sex  D3S1358  vWA    ...
      F1     HW-0001-S01 0    0    2    15/16    17/18

  ``famid`` is optional; ``id`` is the sample id; rows whose id is not a sample and that carry no
  genotype (untyped connecting relatives) are ignored.
* long CSV, one genotype a row, as GeneMapper exports it: ``sample_id,marker,allele1,allele2``
  (comma, semicolon or tab; "Sample Name", "Allele 1" and similar headings accepted). An empty
  ``allele2`` repeats ``allele1`` (a homozygote printed once).

Parsing is pure: it returns genotypes by sample id, or raises :class:`ProfileFileErrors` listing
every bad line and marker at once (each a :class:`ProfileFileError` naming its line and marker).
Markers must be those of the laboratory's kit (``engine/data/kits.json``; by default any shipped
kit). Parsing takes time linear in the size of the file; a field longer than
:data:`MAX_FIELD` characters is refused naming its line. Matching sample ids to samples is the
import action's job.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

from homeward.kinship.engine.markers import (
    allele_label,
    allele_sort_key,
    marker_display,
    marker_key,
)

_NUMERIC_ALLELE = re.compile(r"^\d{1,3}(\.\d{1,2})?$")
_MISSING = {"", "-", "0", "NA", "na", "?"}
_MARKER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9 _.\-]{0,39}$")
_SEX_MARKERS = {"AMEL"}
_CSV_COLUMNS = {
    "sample": ("sample_id", "sample id", "sampleid", "sample name", "sample_name", "sample"),
    "marker": ("marker", "locus", "marker name"),
    "allele1": ("allele1", "allele 1", "allele_1", "a1"),
    "allele2": ("allele2", "allele 2", "allele_2", "a2"),
}


#: Longest field (a cell of either layout) read, in characters.
MAX_FIELD = 1000
#: At most this many problems are listed (the count of the rest is given).
MAX_LISTED = 25_000


class ProfileFileError(ValueError):
    """A results file that cannot be imported; the message names the line and the marker."""

    def __init__(self, message: str, *, line: int | None = None, marker: str | None = None) -> None:
        self.line = line
        self.marker = marker
        self.detail = message
        where = []
        if line is not None:
            where.append(f"line {line}")
        if marker is not None:
            where.append(f"marker {marker}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class ProfileFileErrors(ProfileFileError):
    """Every problem found in a file, in line order."""

    def __init__(self, errors: list[ProfileFileError], more: int = 0) -> None:
        self.errors = errors
        self.more = more
        total = len(errors) + more
        listed = "; ".join(str(e) for e in errors)
        tail = f"; and {more} more" if more else ""
        head = f"{total} problems: " if total > 1 else ""
        super().__init__(head + listed + tail)
        self.line = errors[0].line if errors else None
        self.marker = errors[0].marker if errors else None

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors] + ([f"... and {self.more} more"] if self.more else [])


class _Collector:
    def __init__(self) -> None:
        self.errors: list[ProfileFileError] = []
        self.more = 0

    def add(self, error: ProfileFileError) -> None:
        if len(self.errors) < MAX_LISTED:
            self.errors.append(error)
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.errors:
            self.errors.sort(key=lambda e: (e.line or 0))
            raise ProfileFileErrors(self.errors, self.more)


@dataclass
class SampleGenotypes:
    """The genotypes the file gives for one sample id, and the line each came from."""

    sample_id: str
    first_line: int
    genotypes: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # marker key -> line


@dataclass
class ParsedFile:
    layout: str  # "pedtools" or "csv"
    samples: dict[str, SampleGenotypes]  # by sample id, upper-cased


def check_allele(raw: str, *, marker: str, line: int) -> str:
    """One allele label, normalised (``"10.0"`` -> ``"10"``), or a ProfileFileError."""
    text = raw.strip()
    if marker_key(marker) in _SEX_MARKERS:
        if text.upper() in ("X", "Y"):
            return text.upper()
        raise ProfileFileError(f"allele {text!r} must be X or Y", line=line, marker=marker)
    if text.upper() == "OL":
        raise ProfileFileError("off-ladder allele 'OL' cannot be used; re-call it or leave the marker out",
                               line=line, marker=marker)
    if not _NUMERIC_ALLELE.match(text) or not 0 < float(text) < 1000:
        raise ProfileFileError(f"allele {text!r} is not a repeat number such as 12 or 9.3",
                               line=line, marker=marker)
    return allele_label(text)


def check_genotype(a: str, b: str, *, marker: str, line: int) -> str | None:
    """A genotype as ``"a/b"`` (smaller allele first; ``"a/-"`` if one was called), None if untyped."""
    a, b = a.strip(), b.strip()
    if a in _MISSING and b in _MISSING:
        return None
    if a in _MISSING:
        a, b = b, a
    first = check_allele(a, marker=marker, line=line)
    if b in _MISSING:
        return f"{first}/-"
    second = check_allele(b, marker=marker, line=line)
    pair = sorted((first, second), key=allele_sort_key)
    return f"{pair[0]}/{pair[1]}"


def check_marker(name: str, *, line: int, known: frozenset[str] | None = None) -> str:
    """A marker name, in its usual spelling; refused if not a name, or not in the kit ``known``."""
    name = name.strip()
    if not _MARKER_NAME.match(name):
        shown = name if len(name) <= 60 else name[:60] + "…"
        raise ProfileFileError(f"{shown!r} is not a marker name", line=line)
    if known is not None and marker_key(name) not in known:
        raise ProfileFileError("not a marker of the laboratory's kit", line=line, marker=name)
    return marker_display(name)


def _too_long(cell: str, line: int) -> ProfileFileError | None:
    if len(cell) > MAX_FIELD:
        return ProfileFileError(f"a field of {len(cell):,} characters (at most {MAX_FIELD:,}); "
                                "is this a results file?", line=line)
    return None


def parse_results(text: str, *, markers: frozenset[str] | None = None) -> ParsedFile:
    """Parse a results file in either layout (see the module docstring).

    ``markers`` are the normalised keys of the markers the laboratory's kit types (see
    :func:`homeward.kinship.engine.kits.kit_markers`); None accepts any well-formed name.
    """
    text = text.lstrip("\ufeff")
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), start=1) if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise ProfileFileError("the file is empty")
    header_no, header = lines[0]
    cells = [c.strip().lower() for c in _split_ped(header)]
    if cells[:4] == ["id", "fid", "mid", "sex"] or cells[:5] == ["famid", "id", "fid", "mid", "sex"]:
        return _parse_ped(lines, markers)
    return _parse_csv(lines, markers)


def _split_ped(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")] if "\t" in line else line.split()


def _add(samples: dict[str, SampleGenotypes], sample_id: str, marker: str, genotype: str, line: int) -> None:
    key = sample_id.upper()
    entry = samples.setdefault(key, SampleGenotypes(sample_id, line))
    mk = marker_key(marker)
    first = entry.lines.get(mk)
    if first is not None:
        raise ProfileFileError(f"sample {sample_id} has this marker already on line {first}", line=line,
                               marker=marker)
    entry.genotypes[marker] = genotype
    entry.lines[mk] = line


def _parse_ped(lines: list[tuple[int, str]], known: frozenset[str] | None) -> ParsedFile:
    errors = _Collector()
    header_no, header_line = lines[0]
    header = _split_ped(header_line)
    first_marker = 5 if header[0].lower() == "famid" else 4
    markers: list[str | None] = []
    seen_markers: dict[str, str] = {}
    outside_kit: list[str] = []
    for m in header[first_marker:]:
        long = _too_long(m, header_no)
        if long is not None:
            errors.add(long)
            markers.append(None)
            continue
        try:
            name = check_marker(m, line=header_no)
        except ProfileFileError as exc:
            errors.add(exc)
            markers.append(None)
            continue
        if known is not None and marker_key(name) not in known:
            outside_kit.append(m.strip())
            markers.append(None)
            continue
        if marker_key(name) in seen_markers:
            errors.add(ProfileFileError("a marker column appears twice", line=header_no, marker=name))
            markers.append(None)
            continue
        seen_markers[marker_key(name)] = name
        markers.append(name)
    if outside_kit:
        errors.add(ProfileFileError(
            f"{len(outside_kit)} marker(s) not of the laboratory's kit: {', '.join(outside_kit)}", line=header_no))
    if not header[first_marker:]:
        raise ProfileFileError("the header names no marker", line=header_no)
    samples: dict[str, SampleGenotypes] = {}
    seen_ids: dict[str, int] = {}
    for lineno, line in lines[1:]:
        cells = _split_ped(line)
        long = next((e for c in cells if (e := _too_long(c, lineno)) is not None), None)
        if long is not None:
            errors.add(long)
            continue
        if len(cells) != len(header):
            errors.add(ProfileFileError(f"{len(cells)} columns where the header has {len(header)}", line=lineno))
            continue
        sample_id = cells[first_marker - 4]
        if not sample_id:
            errors.add(ProfileFileError("the id column is empty", line=lineno))
            continue
        if sample_id.upper() in seen_ids:
            errors.add(ProfileFileError(f"{sample_id} is already given on line {seen_ids[sample_id.upper()]}",
                                        line=lineno))
            continue
        seen_ids[sample_id.upper()] = lineno
        if cells[first_marker - 1] not in ("0", "1", "2"):
            errors.add(ProfileFileError(f"sex {cells[first_marker - 1]!r} must be 1, 2 or 0", line=lineno))
        for marker, cell in zip(markers, cells[first_marker:], strict=True):
            if marker is None:
                continue  # a bad marker column, already reported
            try:
                parts = cell.replace(",", "/").split("/")
                if len(parts) != 2:
                    raise ProfileFileError(f"genotype {cell!r} is not of the form a/b", line=lineno, marker=marker)
                genotype = check_genotype(parts[0], parts[1], marker=marker, line=lineno)
                if genotype is not None:
                    _add(samples, sample_id, marker, genotype, lineno)
            except ProfileFileError as exc:
                errors.add(exc)
    errors.raise_if_any()
    if not samples:
        raise ProfileFileError("the file holds no genotype")
    return ParsedFile("pedtools", samples)


def _csv_row(line: str, delimiter: str, lineno: int) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except csv.Error as exc:  # e.g. a field over the csv module's limit
        raise ProfileFileError(f"unreadable CSV ({exc})", line=lineno) from None
    except StopIteration:
        return []


def _parse_csv(lines: list[tuple[int, str]], known: frozenset[str] | None) -> ParsedFile:
    errors = _Collector()
    header_no, header_line = lines[0]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    if len(header_line) > 20 * MAX_FIELD:
        raise ProfileFileError(f"the header line is {len(header_line):,} characters long; a results file's "
                               "header names a few columns", line=header_no)
    if header_line.count(delimiter) == 0:
        raise ProfileFileError(
            "the header is neither 'famid id fid mid sex MARKER...' nor 'sample_id,marker,allele1,allele2'",
            line=header_no,
        )
    heading = [h.strip().lower() for h in _csv_row(header_line, delimiter, header_no)]
    column: dict[str, int] = {}
    for role, names in _CSV_COLUMNS.items():
        found = [i for i, h in enumerate(heading) if h in names]
        if not found:
            raise ProfileFileError(f"no {role.replace('allele', 'allele ')} column in the header "
                                   "(expected sample_id, marker, allele1, allele2)", line=header_no)
        column[role] = found[0]
    extra_alleles = [i for i, h in enumerate(heading) if re.fullmatch(r"allele ?_?[3-9]", h)]
    samples: dict[str, SampleGenotypes] = {}
    bad_markers: dict[str, int] = {}
    for lineno, line in lines[1:]:
        if len(line) > 20 * MAX_FIELD:
            errors.add(ProfileFileError(f"a line of {len(line):,} characters; is this a results file?", line=lineno))
            continue
        try:
            row = _csv_row(line, delimiter, lineno)
            if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            long = next((e for c in row if (e := _too_long(c, lineno)) is not None), None)
            if long is not None:
                raise long
            if len(row) < len(heading):
                raise ProfileFileError(f"{len(row)} columns where the header has {len(heading)}", line=lineno)
            sample_id = row[column["sample"]].strip()
            if not sample_id:
                raise ProfileFileError("the sample id is empty", line=lineno)
            raw_marker = row[column["marker"]]
            if marker_key(raw_marker) in bad_markers:
                raise ProfileFileError(f"the same bad marker as on line {bad_markers[marker_key(raw_marker)]}",
                                       line=lineno, marker=raw_marker.strip())
            try:
                marker = check_marker(raw_marker, line=lineno, known=known)
            except ProfileFileError:
                bad_markers.setdefault(marker_key(raw_marker), lineno)
                raise
            if any(row[i].strip() for i in extra_alleles):
                raise ProfileFileError("more than two alleles (a mixture or a tri-allelic pattern) cannot be used",
                                       line=lineno, marker=marker)
            a1 = row[column["allele1"]].strip()
            a2 = row[column["allele2"]].strip()
            if a1 not in _MISSING and a2 == "":
                a2 = a1  # GeneMapper prints a homozygote's allele once
            genotype = check_genotype(a1, a2, marker=marker, line=lineno)
            if genotype is not None:
                _add(samples, sample_id, marker, genotype, lineno)
        except ProfileFileError as exc:
            errors.add(exc)
    errors.raise_if_any()
    if not samples:
        raise ProfileFileError("the file holds no genotype")
    return ParsedFile("csv", samples)
