"""Marker kits: which markers a laboratory types (shipped as data, ``data/kits.json``).

A results file may only name markers of the laboratory's kit; a made-up or misspelt marker name
is refused rather than carried into a likelihood. ``KITS`` maps a kit's id to its label and
markers; :func:`kit_markers` gives the normalised marker keys of one kit (or of all of them).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .errors import KinshipInputError
from .markers import marker_key


@lru_cache(maxsize=1)
def _load() -> dict[str, dict[str, object]]:
    text = resources.files("homeward.kinship.engine").joinpath("data").joinpath("kits.json").read_text("utf-8")
    data: dict[str, dict[str, object]] = {k: v for k, v in json.loads(text).items() if not k.startswith("_")}
    return data


def kit_ids() -> list[str]:
    return list(_load())


def kit_label(kit: str) -> str:
    return str(_load()[kit]["label"])


def kit_marker_names(kit: str) -> list[str]:
    """The markers of one kit, as spelt in the kit definition."""
    kits = _load()
    if kit not in kits:
        raise KinshipInputError(f"unknown marker kit {kit!r}; choose one of {', '.join(kits)}")
    markers = kits[kit]["markers"]
    assert isinstance(markers, list)
    return [str(m) for m in markers]


def kit_markers(kit: str | None = None) -> frozenset[str]:
    """Normalised keys of the markers of ``kit``, or of every shipped kit with None."""
    names = kit_marker_names(kit) if kit else [m for k in _load() for m in kit_marker_names(k)]
    return frozenset(marker_key(m) for m in names)
