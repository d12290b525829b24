"""A trained linkage model: per-level m and u probabilities, kept as plain JSON.

The model is stored in Homeward's own small format (field -> levels -> m, u) rather than as
a Splink settings file, so that a saved model survives changes of comparison SQL and of
Splink's file format; ``splink_settings`` rebuilds the Splink settings from it.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from homeward.linkage.spec import FIELDS, base_settings

FORMAT_VERSION = 1

# Without any evidence, a level is neutral rather than missing: m = u.
_NEUTRAL = 0.5
# No level is ever impossible among matches: a misparsed or misheard name must not cost
# 20 bits. EM readily drives a rare level's m to zero; this floor keeps it at most
# log2(1/0.005) ~ 7.6 bits below an agreement.
M_FLOOR = 0.005
U_FLOOR = 1e-5


@dataclass
class Level:
    """One agreement level of one field: P(level | match) and P(level | non-match)."""

    label: str
    m: float
    u: float
    #: Where a level's weight is adjusted for the frequency of the name (a spelling variant
    #: or a sound key in common): the frequency a name of average rarity at this level has,
    #: so that rare names gain and common ones lose around the level's own weight (see
    #: ``training._fit_tf_bases``). None: Splink's rule, the exact level's u.
    tf_u: float | None = None

    @property
    def weight(self) -> float:
        """Match weight of this level in bits."""
        return math.log2(max(self.m, 1e-9) / max(self.u, 1e-9))


@dataclass
class Model:
    """Parameters of the Fellegi-Sunter model behind ``link``.

    ``match_rate`` is the expected share of the smaller side that has a counterpart on the
    other side; the prior probability that two random records match follows from it and
    the sizes of the two sides at link time, so one model serves a full run and a run of
    three new records alike.
    """

    levels: dict[str, list[Level]]
    match_rate: float = 0.5
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """Serialise to a JSON string."""
        return json.dumps(
            {
                "format": "homeward.linkage.model",
                "version": FORMAT_VERSION,
                "match_rate": self.match_rate,
                "provenance": self.provenance,
                "fields": {
                    name: [_level_json(lv) for lv in levels] for name, levels in self.levels.items()
                },
            },
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> Model:
        """Read a model written by ``to_json``; raises ``ValueError`` if it is not one."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"linkage model is not JSON: {exc}") from exc
        if not isinstance(data, dict) or data.get("format") != "homeward.linkage.model":
            raise ValueError("not a homeward.linkage model")
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported linkage model version {data.get('version')!r}")
        levels: dict[str, list[Level]] = {}
        for name, rows in data["fields"].items():
            levels[name] = [
                Level(
                    str(r["label"]),
                    float(r["m"]),
                    float(r["u"]),
                    None if r.get("tf_u") is None else float(r["tf_u"]),
                )
                for r in rows
            ]
        # a model saved before a field existed treats that field as no evidence
        levels = {
            name: levels.get(name, [Level(label, _NEUTRAL, _NEUTRAL) for label in labels])
            for name, labels in _shape().items()
        }
        model = cls(
            levels=levels,
            match_rate=float(data.get("match_rate", 0.5)),
            provenance=dict(data.get("provenance", {})),
        )
        model.check()
        return model

    @classmethod
    def default(cls) -> Model:
        """The shipped model, for caseloads too small to train on."""
        text = resources.files("homeward.linkage").joinpath("data/default_model.json")
        return cls.from_json(text.read_text(encoding="utf-8"))

    def copy(self) -> Model:
        """A deep copy, to refine without touching the original."""
        return copy.deepcopy(self)

    def check(self) -> None:
        """Raise ``ValueError`` if the model does not fit the comparisons of this version."""
        shape = _shape()
        for name, labels in shape.items():
            got = [lv.label for lv in self.levels.get(name, [])]
            if got != labels:
                raise ValueError(f"linkage model field {name!r} has levels {got}, want {labels}")
            for lv in self.levels[name]:
                if not (0 < lv.m <= 1 and 0 < lv.u <= 1):
                    raise ValueError(f"linkage model {name}/{lv.label}: m, u must be in (0, 1]")
        if not 0 < self.match_rate <= 1:
            raise ValueError("linkage model match_rate must be in (0, 1]")

    def prior(self, n_left: int, n_right: int) -> float:
        """Probability that two random records match, for sides of these sizes."""
        n, m = max(n_left, 1), max(n_right, 1)
        return min(0.5, max(1e-9, self.match_rate * min(n, m) / (n * m)))

    def splink_settings(
        self,
        n_left: int,
        n_right: int,
        fix_m: frozenset[str] = frozenset(),
        *,
        centre_tf: bool = True,
    ) -> dict[str, Any]:
        """Splink settings carrying this model's parameters.

        Fields named in ``fix_m`` keep their m fixed during EM, which anchors what EM's
        latent "match" class means (see ``training``). With ``centre_tf``, a level with a
        ``tf_u`` has its frequency adjustment centred on it: Splink takes the base of a
        level's adjustment from the level's own u when exact-match detection is off, so
        that u is given as ``tf_u`` and m scaled alike (the level's weight is unchanged).
        Training leaves it off: Splink's EM there runs without frequencies, and the m and
        u it hands back must be the model's own.
        """
        settings = base_settings()
        settings["probability_two_random_records_match"] = self.prior(n_left, n_right)
        for comparison in settings["comparisons"]:
            name = comparison["output_column_name"]
            levels = iter(self.levels[name])
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                lv = next(levels)
                level["m_probability"] = lv.m
                level["u_probability"] = lv.u
                if centre_tf and lv.tf_u is not None and "tf_adjustment_column" in level:
                    level["disable_tf_exact_match_detection"] = True
                    level["u_probability"] = lv.tf_u
                    level["m_probability"] = lv.m * lv.tf_u / lv.u
                if name in fix_m:
                    level["fix_m_probability"] = True
        return settings

    def update_from_splink(self, settings: dict[str, Any]) -> None:
        """Take the m and u a Splink linker holds (its ``save_model_to_json``)."""
        for comparison in settings["comparisons"]:
            name = comparison["output_column_name"]
            levels = iter(self.levels[name])
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                lv = next(levels)
                m, u = level.get("m_probability"), level.get("u_probability")
                if isinstance(m, (int, float)) and m >= 0:
                    lv.m = max(M_FLOOR, float(m))
                if isinstance(u, (int, float)) and u >= 0:
                    lv.u = max(U_FLOOR, float(u))


def _level_json(lv: Level) -> dict[str, Any]:
    out: dict[str, Any] = {"label": lv.label, "m": lv.m, "u": lv.u}
    if lv.tf_u is not None:
        out["tf_u"] = lv.tf_u
    return out


def _shape() -> dict[str, list[str]]:
    shape: dict[str, list[str]] = {}
    for comparison in base_settings()["comparisons"]:
        shape[comparison["output_column_name"]] = [
            str(level["label_for_charts"])
            for level in comparison["comparison_levels"]
            if not level.get("is_null_level")
        ]
    assert tuple(shape) == FIELDS
    return shape


def neutral_model() -> Model:
    """A model with every level neutral: the starting point before any evidence."""
    return Model(
        levels={
            name: [Level(label, _NEUTRAL, _NEUTRAL) for label in labels]
            for name, labels in _shape().items()
        }
    )
