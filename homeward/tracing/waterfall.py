"""Geometry of a waterfall chart of match weights, drawn server-side as SVG.

The prior starts the walk, each field moves it up (evidence for) or down (against), and the
last bar is the total match weight. Only geometry is computed here; colours come from CSS
classes, since the page's content-security policy forbids inline styles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from homeward.linkage.spec import FIELDS

WIDTH = 560
LABEL_WIDTH = 150
VALUE_WIDTH = 60
ROW = 24
BAR = 16


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    weight: float
    start: float
    end: float
    x: float
    width: float
    y: float
    text_y: float
    value_x: float
    kind: str  # "pos", "neg", "prior", "total"


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    zero_x: float
    plot_left: int
    plot_right: int
    probability: float


def build(prior: float, contributions: dict[str, float], labels: dict[str, str]) -> Chart:
    """Bars for the prior, each field (in the engine's order) and the total."""
    steps: list[tuple[str, float, float, str]] = [("prior", 0.0, prior, "prior")]
    level = prior
    # the prior is the first bar, drawn once, whether or not the contributions carry it
    order = [f for f in FIELDS if f in contributions]
    order += [f for f in contributions if f not in FIELDS and f != "prior"]
    for field in order:
        weight = float(contributions[field])
        steps.append((field, level, level + weight, "pos" if weight >= 0 else "neg"))
        level += weight
    steps.append(("total", 0.0, level, "total"))
    lo = min(0.0, *(min(a, b) for _, a, b, _ in steps))
    hi = max(0.0, *(max(a, b) for _, a, b, _ in steps))
    span = (hi - lo) or 1.0
    left, right = LABEL_WIDTH, WIDTH - VALUE_WIDTH

    def x(value: float) -> float:
        return round(left + (value - lo) / span * (right - left), 1)

    bars = []
    for i, (key, a, b, kind) in enumerate(steps):
        x0, x1 = x(min(a, b)), x(max(a, b))
        bars.append(Bar(
            key=key, label=labels.get(key, key), weight=round(b - a, 2), start=round(a, 2), end=round(b, 2),
            x=x0, width=max(round(x1 - x0, 1), 1.0), y=i * ROW + (ROW - BAR) / 2, text_y=i * ROW + ROW * 0.68,
            value_x=right + 6, kind=kind,
        ))
    probability = 1.0 / (1.0 + math.pow(2.0, -level))
    return Chart(bars=bars, width=WIDTH, height=len(steps) * ROW, zero_x=x(0.0), plot_left=left,
                 plot_right=right, probability=probability)
