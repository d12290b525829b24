"""What a run fitted, beside where it started: for ``homeward match`` and the app."""

from __future__ import annotations

from typing import Any

from homeward.linkage.model import Model


def parameter_changes(start: Model, fitted: Model) -> dict[str, Any]:
    """The fitted parameters and how far each moved from ``start``, as plain JSON data.

    ``levels`` lists, per field, each level's m, u and weight (bits) before and after,
    and the frequency its name-frequency adjustment is centred on (``tf_u``, or None);
    ``match_rate`` the same for the share of children with a counterpart. ``guards``
    names the fields where a check set EM's answer aside (see ``training``).
    """
    fields: dict[str, list[dict[str, Any]]] = {}
    for name, levels in fitted.levels.items():
        before = start.levels.get(name, [])
        rows = []
        for k, lv in enumerate(levels):
            old = before[k] if k < len(before) else None
            rows.append(
                {
                    "level": lv.label,
                    "m": round(lv.m, 6),
                    "u": round(lv.u, 8),
                    "weight": round(lv.weight, 3),
                    "tf_u": None if lv.tf_u is None else round(lv.tf_u, 6),
                    "m_start": round(old.m, 6) if old else None,
                    "u_start": round(old.u, 8) if old else None,
                    "weight_start": round(old.weight, 3) if old else None,
                }
            )
        fields[name] = rows
    return {
        "match_rate": round(fitted.match_rate, 4),
        "match_rate_start": round(start.match_rate, 4),
        "levels": fields,
        "guards": list(fitted.provenance.get("guards", [])),
        "provenance": dict(fitted.provenance),
    }


def parameter_report(start: Model, fitted: Model, *, brief: bool = True) -> list[str]:
    """Lines of text: the match rate, then per field the weights before -> after (bits).

    ``brief`` shows each field's strongest agreement and its disagreement only.
    """
    data = parameter_changes(start, fitted)
    lines = [
        f"match rate {data['match_rate_start']:.3f} -> {data['match_rate']:.3f}"
        f"   ({fitted.provenance.get('source', 'unknown')})"
    ]
    for guard in data["guards"]:
        lines.append(f"guard: {guard}")
    for name, rows in data["levels"].items():
        shown = [rows[0], rows[-1]] if brief and len(rows) > 2 else rows
        parts = [
            f"{r['level']} {r['weight_start']:+.1f} -> {r['weight']:+.1f}"
            for r in shown
            if r["weight_start"] is not None
        ]
        lines.append(f"{name:15} " + "; ".join(parts))
    return lines
