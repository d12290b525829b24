"""A claimed pedigree laid out for a small SVG drawing: generations in rows, parents above children.

Squares are men, circles women, diamonds unknown; typed people are filled. The template draws the
shapes; this module only places them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BOX = 34
GAP_X = 190
GAP_Y = 100
MARGIN = 30
MARGIN_X = 90  # room for a label wider than its shape


@dataclass(frozen=True)
class Shape:
    id: str
    x: float
    y: float
    sex: int
    typed: bool
    label: str
    sublabel: str
    deceased: bool

    @property
    def left(self) -> float:
        return self.x - BOX / 2

    @property
    def top(self) -> float:
        return self.y - BOX / 2

    @property
    def diamond(self) -> str:
        h = BOX / 2
        return f"{self.x},{self.y - h} {self.x + h},{self.y} {self.x},{self.y + h} {self.x - h},{self.y}"

    @property
    def slash(self) -> tuple[float, float, float, float]:
        """A diagonal across the shape (x1, y1, x2, y2): the mark of a deceased person."""
        reach = BOX / 2 + 6
        return (self.x - reach, self.y + reach, self.x + reach, self.y - reach)

    @property
    def label_y(self) -> float:
        return self.y + BOX / 2 + 14

    @property
    def sublabel_y(self) -> float:
        return self.y + BOX / 2 + 27


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Drawing:
    shapes: list[Shape]
    lines: list[Line]
    width: float
    height: float


def generations(nodes: list[dict[str, Any]]) -> dict[str, int]:
    """Row of each node: founders sit one row above their highest child; others below their parents."""
    by_id = {n["id"]: n for n in nodes}
    depth: dict[str, int] = {}

    def down(nid: str) -> int:
        if nid not in depth:
            n = by_id[nid]
            depth[nid] = 0 if n["father"] is None else 1 + max(down(n["father"]), down(n["mother"]))
        return depth[nid]

    for nid in by_id:
        down(nid)
    # A founder married into the family (the mother, a spouse) belongs on their children's row - 1.
    for _ in range(len(nodes)):
        changed = False
        for n in nodes:
            if n["father"] is None:
                kids = [depth[c["id"]] for c in nodes if n["id"] in (c["father"], c["mother"])]
                if kids and depth[n["id"]] != min(kids) - 1:
                    depth[n["id"]] = min(kids) - 1
                    changed = True
            else:
                want = 1 + max(depth[n["father"]], depth[n["mother"]])
                if depth[n["id"]] != want:
                    depth[n["id"]] = want
                    changed = True
        if not changed:
            break
    low = min(depth.values()) if depth else 0
    return {k: v - low for k, v in depth.items()}


def layout(nodes: list[dict[str, Any]], labels: dict[str, tuple[str, str, bool]]) -> Drawing:
    """Place ``nodes`` (a test's stored pedigree) in rows; ``labels`` maps node id to
    (label, sublabel, deceased)."""
    rows = generations(nodes)
    by_id = {n["id"]: n for n in nodes}
    index = {n["id"]: i for i, n in enumerate(nodes)}
    partners: dict[str, set[str]] = {n["id"]: set() for n in nodes}
    for n in nodes:
        if n["father"] is not None:
            partners[n["father"]].add(n["mother"])
            partners[n["mother"]].add(n["father"])
    widest = max((list(rows.values()).count(r) for r in set(rows.values())), default=1)
    pos: dict[str, tuple[float, float]] = {}
    for row in sorted(set(rows.values())):
        ids = [n["id"] for n in nodes if rows[n["id"]] == row]
        sequence = _row_order(ids, by_id, index, partners, pos)
        offset = (widest - len(sequence)) * GAP_X / 2
        for i, nid in enumerate(sequence):
            pos[nid] = (MARGIN_X + BOX / 2 + offset + i * GAP_X, MARGIN + BOX / 2 + row * GAP_Y)
    shapes = []
    for n in nodes:
        x, y = pos[n["id"]]
        label, sub, deceased = labels.get(n["id"], (n.get("role", ""), "", False))
        shapes.append(Shape(n["id"], x, y, int(n["sex"]), n["ref"] is not None, label, sub, deceased))
    lines: list[Line] = []
    for n in nodes:
        if n["father"] is None:
            continue
        (fx, fy), (mx, my) = pos[n["father"]], pos[n["mother"]]
        cx, cy = pos[n["id"]]
        mid_x = (fx + mx) / 2
        bar_y = fy + BOX / 2 + (GAP_Y - BOX) / 2
        lines.append(Line(fx, fy, mx, my))
        lines.append(Line(mid_x, fy, mid_x, bar_y))
        lines.append(Line(mid_x, bar_y, cx, bar_y))
        lines.append(Line(cx, bar_y, cx, cy - BOX / 2))
    width = MARGIN_X * 2 + BOX + (widest - 1) * GAP_X
    height = MARGIN * 2 + BOX + (max(rows.values(), default=0)) * GAP_Y + 30
    return Drawing(shapes, lines, width, height)


def _row_order(
    ids: list[str], by_id: dict[str, dict[str, Any]], index: dict[str, int], partners: dict[str, set[str]],
    pos: dict[str, tuple[float, float]],
) -> list[str]:
    """Siblings together under their parents, each partner married in placed next to their partner."""
    in_row = set(ids)

    def parent_x(nid: str) -> float:
        n = by_id[nid]
        return (pos[n["father"]][0] + pos[n["mother"]][0]) / 2

    with_parents = sorted(
        (i for i in ids if by_id[i]["father"] is not None),
        key=lambda i: (parent_x(i), bool(partners[i] & in_row), index[i]),
    )
    out: list[str] = []
    for nid in with_parents + [i for i in ids if by_id[i]["father"] is None]:
        if nid in out:
            continue
        out.append(nid)
        for partner in sorted(partners[nid] & in_row, key=index.__getitem__):
            if partner not in out and by_id[partner]["father"] is None:
                out.append(partner)
    return out
