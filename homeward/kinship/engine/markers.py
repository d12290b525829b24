"""Marker names and allele labels, normalised so that tables from different sources agree.

Marker names differ between sources (``vWA``/``VWA``, ``Penta E``/``PENTA_E``/``PentaE``,
``TH01``/``THO1``); :func:`marker_key` maps them to one key. Allele labels are normalised so that
``10``, ``10.0`` and ``10.00`` are the same allele while microvariants (``9.3``) keep their
decimal.
"""

from __future__ import annotations

import re

# Key -> conventional spelling, used when printing. Unknown markers print as first seen.
_DISPLAY: dict[str, str] = {
    "VWA": "vWA",
    "PENTAD": "Penta D",
    "PENTAE": "Penta E",
    "PENTAC": "Penta C",
    "TH01": "TH01",
    "AMEL": "AMEL",
}

# Spellings that differ by more than case and punctuation.
_ALIASES: dict[str, str] = {
    "THO1": "TH01",
    "AMELOGENIN": "AMEL",
    "FESFPS": "FES",
    "F13A01": "F13A1",
}

#: The 21 autosomal loci of the GlobalFiler kit (the markers the benchmark uses).
GLOBALFILER: tuple[str, ...] = (
    "D3S1358", "vWA", "D16S539", "CSF1PO", "TPOX", "D8S1179", "D21S11", "D18S51", "D2S441",
    "D19S433", "TH01", "FGA", "D22S1045", "D5S818", "D13S317", "D7S820", "SE33", "D10S1248",
    "D1S1656", "D12S391", "D2S1338",
)  # fmt: skip

_PUNCT = re.compile(r"[\s_\-.]+")


def marker_key(name: str) -> str:
    """The normalised key of a marker name (``"Penta E"``, ``"PENTA_E"`` -> ``"PENTAE"``)."""
    key = _PUNCT.sub("", name.strip()).upper()
    return _ALIASES.get(key, key)


def marker_display(name: str) -> str:
    """The conventional spelling of a marker name, for output."""
    key = marker_key(name)
    return _DISPLAY.get(key, key)


def allele_label(raw: str) -> str:
    """Normalise an allele label: ``"10.0"`` -> ``"10"``, ``" 9.30"`` -> ``"9.3"``.

    Non-numeric labels (``"A"``, ``"X"``) are kept as written, without surrounding spaces.
    """
    text = raw.strip()
    if not text:
        raise ValueError("empty allele label")
    try:
        value = float(text)
    except ValueError:
        return text
    if value != value or value in (float("inf"), float("-inf")):
        return text
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def allele_sort_key(label: str) -> tuple[int, float, str]:
    """Sort numeric alleles by value, then other labels alphabetically."""
    try:
        return (0, float(label), "")
    except ValueError:
        return (1, 0.0, label)
