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

Parsing is pure: it returns genotypes by sample id, or raises :class:`ProfileFileError` naming the
line and the marker. Matching sample ids to samples is the import action's job.
"""

from __future__ import annotations

import csv
import io
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


@dataclass
class SampleGenotypes:
    """The genotypes the file gives for one sample id, and the line each came from."""

    sample_id: str
    first_line: int
    genotypes: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


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


def check_marker(name: str, *, line: int) -> str:
    name = name.strip()
    if not _MARKER_NAME.match(name):
        raise ProfileFileError(f"{name!r} is not a marker name", line=line)
    return marker_display(name)


def parse_results(text: str) -> ParsedFile:
    """Parse a results file in either layout (see the module docstring)."""
    text = text.lstrip("\ufeff")
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), start=1) if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise ProfileFileError("the file is empty")
    header_no, header = lines[0]
    cells = [c.strip().lower() for c in _split_ped(header)]
    if cells[:4] == ["id", "fid", "mid", "sex"] or cells[:5] == ["famid", "id", "fid", "mid", "sex"]:
        return _parse_ped(lines)
    return _parse_csv(text, header_no)


def _split_ped(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")] if "\t" in line else line.split()


def _add(samples: dict[str, SampleGenotypes], sample_id: str, marker: str, genotype: str, line: int) -> None:
    key = sample_id.upper()
    entry = samples.setdefault(key, SampleGenotypes(sample_id, line))
    mk = marker_key(marker)
    for known, first in entry.lines.items():
        if marker_key(known) == mk:
            raise ProfileFileError(f"sample {sample_id} has this marker already on line {first}", line=line,
                                   marker=marker)
    entry.genotypes[marker] = genotype
    entry.lines[marker] = line


def _parse_ped(lines: list[tuple[int, str]]) -> ParsedFile:
    header_no, header_line = lines[0]
    header = _split_ped(header_line)
    first_marker = 5 if header[0].lower() == "famid" else 4
    markers = [check_marker(m, line=header_no) for m in header[first_marker:]]
    if not markers:
        raise ProfileFileError("the header names no marker", line=header_no)
    if len({marker_key(m) for m in markers}) != len(markers):
        raise ProfileFileError("a marker column appears twice", line=header_no)
    samples: dict[str, SampleGenotypes] = {}
    seen_ids: dict[str, int] = {}
    for lineno, line in lines[1:]:
        cells = _split_ped(line)
        if len(cells) != len(header):
            raise ProfileFileError(f"{len(cells)} columns where the header has {len(header)}", line=lineno)
        sample_id = cells[first_marker - 4]
        if not sample_id:
            raise ProfileFileError("the id column is empty", line=lineno)
        if sample_id.upper() in seen_ids:
            raise ProfileFileError(f"{sample_id} is already given on line {seen_ids[sample_id.upper()]}", line=lineno)
        seen_ids[sample_id.upper()] = lineno
        if cells[first_marker - 1] not in ("0", "1", "2"):
            raise ProfileFileError(f"sex {cells[first_marker - 1]!r} must be 1, 2 or 0", line=lineno)
        for marker, cell in zip(markers, cells[first_marker:], strict=True):
            parts = cell.replace(",", "/").split("/")
            if len(parts) != 2:
                raise ProfileFileError(f"genotype {cell!r} is not of the form a/b", line=lineno, marker=marker)
            genotype = check_genotype(parts[0], parts[1], marker=marker, line=lineno)
            if genotype is not None:
                _add(samples, sample_id, marker, genotype, lineno)
    if not samples:
        raise ProfileFileError("the file holds no genotype")
    return ParsedFile("pedtools", samples)


def _parse_csv(text: str, header_no: int) -> ParsedFile:
    raw_lines = text.splitlines()
    header_line = raw_lines[header_no - 1]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    if header_line.count(delimiter) == 0:
        raise ProfileFileError(
            "the header is neither 'famid id fid mid sex MARKER...' nor 'sample_id,marker,allele1,allele2'",
            line=header_no,
        )
    reader = csv.reader(io.StringIO("\n".join(raw_lines[header_no - 1:])), delimiter=delimiter)
    heading = [h.strip().lower() for h in next(reader)]
    column: dict[str, int] = {}
    for role, names in _CSV_COLUMNS.items():
        found = [i for i, h in enumerate(heading) if h in names]
        if not found:
            raise ProfileFileError(f"no {role.replace('allele', 'allele ')} column in the header "
                                   "(expected sample_id, marker, allele1, allele2)", line=header_no)
        column[role] = found[0]
    extra_alleles = [i for i, h in enumerate(heading) if re.fullmatch(r"allele ?_?[3-9]", h)]
    samples: dict[str, SampleGenotypes] = {}
    for offset, row in enumerate(reader):
        lineno = header_no + 1 + offset
        if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) < len(heading):
            raise ProfileFileError(f"{len(row)} columns where the header has {len(heading)}", line=lineno)
        sample_id = row[column["sample"]].strip()
        if not sample_id:
            raise ProfileFileError("the sample id is empty", line=lineno)
        marker = check_marker(row[column["marker"]], line=lineno)
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
    if not samples:
        raise ProfileFileError("the file holds no genotype")
    return ParsedFile("csv", samples)
