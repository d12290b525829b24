"""Allele frequency databases: parsing, marker-name normalisation, unseen alleles.

Three text formats are read, and recognised automatically by :func:`load_frequencies`:

* norSTR / pedtools ``.freq`` text: a marker name on its own line, then ``allele<TAB>frequency``
  lines, markers separated by blank lines (or not).
* NIST CSV (fafreqs): semicolon-separated, a header row ``STR;marker;marker...``, an ``N`` row
  with the sample size per marker, then one row per allele; empty cells mean "not seen".

An allele that a case needs but the table lacks gets a *minimum frequency*: the value given to
:class:`FrequencyDB` (``min_freq``) if any, otherwise ``5/(2N)`` when the table gives the sample
size N (the NRC II recommendation), otherwise the smallest frequency in the table at that marker.
Frequencies are then renormalised to sum to 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .errors import KinshipInputError
from .markers import allele_label, allele_sort_key, marker_display, marker_key

FloatArray = NDArray[np.float64]

#: Shipped tables: name -> file in homeward/kinship/engine/data (see data/README.md).
SHIPPED: dict[str, str] = {
    "west-asia": "VestAsiaDB_v2023.txt",
    "middle-asia": "MidtAsiaDB_v2023.txt",
    "europe": "EuropaDB_v2023.txt",
    "norway": "NorskDB_v2023.txt",
    "east-asia": "OstAsiaDB_v2023.txt",
    "africa": "AfrikaDB_v2023.txt",
    "south-america": "SydAmerikaDB_v2023.txt",
    "nist-all": "nist-all.csv",
    "nist-african-american": "nist-african-american.csv",
    "nist-asian": "nist-asian.csv",
    "nist-caucasian": "nist-caucasian.csv",
    "nist-hispanic": "nist-hispanic.csv",
}
DEFAULT_DB = "west-asia"


@dataclass(frozen=True)
class MarkerFrequencies:
    """Allele labels and their frequencies at one marker (frequencies sum to 1)."""

    name: str
    alleles: tuple[str, ...]
    freqs: FloatArray
    sample_size: int | None = None

    def __post_init__(self) -> None:
        if len(self.alleles) != len(self.freqs):
            raise ValueError(
                f"marker {self.name}: {len(self.alleles)} alleles, {len(self.freqs)} frequencies"
            )
        if len(set(self.alleles)) != len(self.alleles):
            raise ValueError(f"marker {self.name}: duplicated allele labels")

    @classmethod
    def from_mapping(
        cls, name: str, freqs: Mapping[str, float], sample_size: int | None = None
    ) -> MarkerFrequencies:
        """Build from ``{allele: frequency}``; labels are normalised, frequencies renormalised."""
        merged: dict[str, float] = {}
        for raw, f in freqs.items():
            label = allele_label(str(raw))
            merged[label] = merged.get(label, 0.0) + float(f)
        labels = sorted(merged, key=allele_sort_key)
        values = np.array([merged[a] for a in labels], dtype=np.float64)
        if np.any(values < 0) or not np.isfinite(values).all():
            raise ValueError(f"marker {name}: frequencies must be finite and non-negative")
        total = float(values.sum())
        if total <= 0:
            raise ValueError(f"marker {name}: frequencies sum to 0")
        return cls(name, tuple(labels), values / total, sample_size)

    def index(self) -> dict[str, int]:
        """Allele label -> position in :attr:`alleles`."""
        return {a: i for i, a in enumerate(self.alleles)}

    def default_min_freq(self) -> float:
        """5/(2N) when N is known, else the smallest non-zero frequency at this marker."""
        if self.sample_size:
            return 5.0 / (2.0 * self.sample_size)
        positive = self.freqs[self.freqs > 0]
        return float(positive.min()) if positive.size else 1.0

    def extended(self, alleles: Iterable[str], min_freq: float | None = None) -> MarkerFrequencies:
        """These frequencies plus any of ``alleles`` not yet present, at the minimum frequency.

        Returns ``self`` when nothing is missing; otherwise the new frequencies are
        renormalised to sum to 1.
        """
        missing = sorted(
            {allele_label(a) for a in alleles} - set(self.alleles), key=allele_sort_key
        )
        if not missing:
            return self
        fill = self.default_min_freq() if min_freq is None else float(min_freq)
        if not 0 < fill < 1:
            raise ValueError(f"minimum allele frequency must be in (0, 1): {fill}")
        table = dict(zip(self.alleles, self.freqs.tolist(), strict=True))
        for a in missing:
            table[a] = fill
        return MarkerFrequencies.from_mapping(self.name, table, self.sample_size)


class FrequencyDB(Mapping[str, MarkerFrequencies]):
    """A frequency table: normalised marker key -> :class:`MarkerFrequencies`.

    Look-ups accept any spelling of a marker name (``db["Penta E"] is db["PENTA_E"]``).
    ``min_freq`` overrides the per-marker default minimum frequency for unseen alleles.
    """

    def __init__(
        self,
        markers: Iterable[MarkerFrequencies],
        *,
        name: str = "",
        min_freq: float | None = None,
    ) -> None:
        self.name = name
        self.min_freq = min_freq
        self._markers: dict[str, MarkerFrequencies] = {}
        for m in markers:
            self._markers[marker_key(m.name)] = m

    def __getitem__(self, marker: str) -> MarkerFrequencies:
        return self._markers[marker_key(marker)]

    def __contains__(self, marker: object) -> bool:
        return isinstance(marker, str) and marker_key(marker) in self._markers

    def __iter__(self) -> Iterator[str]:
        return iter(self._markers)

    def __len__(self) -> int:
        return len(self._markers)

    def names(self) -> list[str]:
        """Marker names as the table spells them, in table order."""
        return [m.name for m in self._markers.values()]

    def for_alleles(self, marker: str, alleles: Iterable[str]) -> MarkerFrequencies:
        """Frequencies at ``marker`` covering ``alleles`` (unseen ones get the minimum)."""
        try:
            base = self[marker]
        except KeyError:
            raise KinshipInputError(
                f"not in the frequency database {self.name or ''}".rstrip(), marker=marker
            ) from None
        return base.extended(alleles, self.min_freq)

    def with_min_freq(self, min_freq: float | None) -> FrequencyDB:
        """The same table with another minimum frequency for unseen alleles."""
        return FrequencyDB(self._markers.values(), name=self.name, min_freq=min_freq)


def parse_freq_text(text: str, *, source: str = "<frequencies>") -> FrequencyDB:
    """Parse the norSTR / pedtools ``.freq`` format (marker line, then ``allele<TAB>freq``)."""
    current: str | None = None
    tables: dict[str, tuple[str, dict[str, float]]] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        if "\t" not in line and not (len(parts) == 2 and _is_number(parts[1])):
            current = line
            key = marker_key(current)
            if key in tables:
                raise KinshipInputError(
                    "marker listed twice", source=source, line=lineno, marker=current
                )
            tables[key] = (current, {})
            continue
        if current is None:
            raise KinshipInputError(
                f"allele line {line!r} before any marker name", source=source, line=lineno
            )
        if len(parts) != 2:
            raise KinshipInputError(
                f"expected 'allele<TAB>frequency', got {line!r}",
                source=source,
                line=lineno,
                marker=current,
            )
        allele, freq_text = parts[0].strip(), parts[1].strip()
        try:
            freq = float(freq_text)
            label = allele_label(allele)
        except ValueError:
            raise KinshipInputError(
                f"frequency {freq_text!r} is not a number",
                source=source,
                line=lineno,
                marker=current,
            ) from None
        if not 0 <= freq <= 1:
            raise KinshipInputError(
                f"frequency {freq_text} is not between 0 and 1",
                source=source,
                line=lineno,
                marker=current,
            )
        table = tables[marker_key(current)][1]
        if label in table:
            raise KinshipInputError(
                f"allele {label} listed twice", source=source, line=lineno, marker=current
            )
        table[label] = freq
    return _build(tables, {}, source)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def parse_nist_csv(text: str, *, source: str = "<frequencies>") -> FrequencyDB:
    """Parse a NIST (fafreqs) CSV: one column per marker, an ``N`` row, one row per allele."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    if not rows or len(rows[0]) < 2:
        raise KinshipInputError("no header row 'STR;marker;...'", source=source, line=1)
    header = [h.strip() for h in rows[0]]
    names = header[1:]
    tables: dict[str, tuple[str, dict[str, float]]] = {marker_key(n): (n, {}) for n in names}
    sizes: dict[str, int] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        label_raw = row[0].strip()
        if label_raw.upper() == "N":
            for name, cell in zip(names, row[1:], strict=False):
                if cell.strip():
                    try:
                        sizes[marker_key(name)] = int(float(cell))
                    except ValueError:
                        raise KinshipInputError(
                            f"sample size {cell!r} is not a number",
                            source=source,
                            line=lineno,
                            marker=name,
                        ) from None
            continue
        try:
            float(label_raw)
        except ValueError:
            continue  # summary rows (Allele, Hobs, PI, PPE, HWE) are not alleles
        label = allele_label(label_raw)
        for name, cell in zip(names, row[1:], strict=False):
            cell = cell.strip()
            if not cell:
                continue
            try:
                freq = float(cell)
            except ValueError:
                raise KinshipInputError(
                    f"frequency {cell!r} is not a number", source=source, line=lineno, marker=name
                ) from None
            if freq > 0:
                tables[marker_key(name)][1][label] = freq
    return _build(tables, sizes, source)


def _build(
    tables: dict[str, tuple[str, dict[str, float]]], sizes: dict[str, int], source: str
) -> FrequencyDB:
    markers = []
    for key, (name, table) in tables.items():
        if not table or sum(table.values()) <= 0:
            continue
        markers.append(MarkerFrequencies.from_mapping(marker_display(name), table, sizes.get(key)))
    if not markers:
        raise KinshipInputError("no allele frequencies found", source=source)
    return FrequencyDB(markers, name=Path(source).name)


def parse_frequencies(text: str, *, source: str = "<frequencies>") -> FrequencyDB:
    """Parse frequency text in any supported format, recognised from its content."""
    first = next((ln for ln in text.lstrip("\ufeff").splitlines() if ln.strip()), "")
    if ";" in first:
        return parse_nist_csv(text, source=source)
    return parse_freq_text(text, source=source)


def load_frequencies(path: str | Path, *, min_freq: float | None = None) -> FrequencyDB:
    """Read a frequency file (norSTR / pedtools ``.freq`` text or NIST CSV)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise KinshipInputError(f"cannot read: {exc.strerror or exc}", source=str(p)) from None
    except UnicodeDecodeError:
        raise KinshipInputError("not a UTF-8 text file", source=str(p)) from None
    db = parse_frequencies(text, source=str(p))
    return db.with_min_freq(min_freq)


def shipped_database(name: str = DEFAULT_DB, *, min_freq: float | None = None) -> FrequencyDB:
    """One of the tables shipped with the engine (see :data:`SHIPPED`)."""
    if name not in SHIPPED:
        raise KinshipInputError(
            f"unknown frequency database {name!r}; choose one of {', '.join(SHIPPED)}"
        )
    resource = resources.files("homeward.kinship.engine").joinpath("data").joinpath(SHIPPED[name])
    db = parse_frequencies(resource.read_text(encoding="utf-8-sig"), source=SHIPPED[name])
    db.name = name
    return db.with_min_freq(min_freq)
