"""Figure tables: rows of counts with their totals, shown exactly or with small counts suppressed.

A table is built once from the records and then displayed in one of two ways: exactly (internal
users who see the cases anyway) or for the public, where the suppression rules of
``homeward.reports.suppression`` apply to every cell, subtotal and total the table shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from homeward.reports.suppression import Status, Sum, label, suppress

TOTAL = -1  # index of the total row / column in a cell key


@dataclass(frozen=True)
class Row:
    """One row of counts. A subtotal row adds up the rows at ``parts`` (indices of plain rows)."""

    label: str
    values: tuple[int, ...]
    key: str = ""
    parts: tuple[int, ...] = ()

    @property
    def is_subtotal(self) -> bool:
        return bool(self.parts)


@dataclass(frozen=True)
class FigureTable:
    """Counts by one or two characteristics, with the totals a reader sees."""

    key: str
    title: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    total_label: str = "Total"

    @property
    def has_row_totals(self) -> bool:
        return len(self.columns) > 1

    def column_total(self, col: int) -> int:
        return sum(r.values[col] for r in self.rows if not r.is_subtotal)

    def row_total(self, row: int) -> int:
        return sum(self.rows[row].values)

    @property
    def grand_total(self) -> int:
        return sum(self.column_total(c) for c in range(len(self.columns)))

    def cells(self) -> dict[tuple[int, int], int]:
        """Every number the table shows, keyed (row, column); TOTAL for the totals."""
        out: dict[tuple[int, int], int] = {}
        for r, row in enumerate(self.rows):
            for c, v in enumerate(row.values):
                out[(r, c)] = v
            if self.has_row_totals:
                out[(r, TOTAL)] = self.row_total(r)
        for c in range(len(self.columns)):
            out[(TOTAL, c)] = self.column_total(c)
        if self.has_row_totals:
            out[(TOTAL, TOTAL)] = self.grand_total
        return out

    def sums(self) -> list[Sum[tuple[int, int]]]:
        """The additions a reader can check: each column, each subtotal, each row."""
        plain = tuple(r for r, row in enumerate(self.rows) if not row.is_subtotal)
        cols = list(range(len(self.columns))) + ([TOTAL] if self.has_row_totals else [])
        out: list[Sum[tuple[int, int]]] = []
        subtotals = [r for r, row in enumerate(self.rows) if row.is_subtotal]
        covered = [p for r in subtotals for p in self.rows[r].parts]
        disjoint = len(covered) == len(set(covered))
        for c in cols:
            out.append(Sum(tuple((r, c) for r in plain), (TOTAL, c)))
            for r in subtotals:
                out.append(Sum(tuple((p, c) for p in self.rows[r].parts), (r, c)))
            if subtotals and disjoint:
                # the total is also the subtotals plus the rows outside them
                rest = [r for r in plain if r not in covered]
                out.append(Sum(tuple((r, c) for r in [*subtotals, *rest]), (TOTAL, c)))
        if self.has_row_totals:
            for r in [*range(len(self.rows)), TOTAL]:
                out.append(Sum(tuple((r, c) for c in range(len(self.columns))), (r, TOTAL)))
        return out

    def display(self, threshold: int | None) -> DisplayTable:
        """The table as shown: exact when ``threshold`` is None, else with small counts hidden."""
        values = self.cells()
        if threshold is None:
            status = {k: Status.SHOWN for k in values}
        else:
            status = suppress(values, self.sums(), threshold)
        t = threshold or 0

        def cell(key: tuple[int, int]) -> Cell:
            return Cell(values[key], status[key], label(values[key], status[key], t))

        rows = []
        for r, row in enumerate(self.rows):
            cells = [cell((r, c)) for c in range(len(self.columns))]
            rows.append(DisplayRow(row.label, row.key, row.is_subtotal, cells,
                                   cell((r, TOTAL)) if self.has_row_totals else None))
        totals = [cell((TOTAL, c)) for c in range(len(self.columns))]
        grand = cell((TOTAL, TOTAL)) if self.has_row_totals else None
        return DisplayTable(self, rows, DisplayRow(self.total_label, "total", True, totals, grand),
                            suppressed=threshold is not None, threshold=t)


@dataclass(frozen=True)
class Cell:
    value: int
    status: Status
    text: str

    @property
    def shown(self) -> bool:
        return self.status is Status.SHOWN

    @property
    def css(self) -> str:
        return "" if self.shown else f"suppressed {self.status.value}"


@dataclass
class DisplayRow:
    label: str
    key: str
    is_subtotal: bool
    cells: list[Cell]
    total: Cell | None

    @property
    def last(self) -> Cell:
        """The row's total if the table has several columns, else its only cell."""
        return self.total if self.total is not None else self.cells[0]


@dataclass
class DisplayTable:
    table: FigureTable
    rows: list[DisplayRow]
    totals: DisplayRow
    suppressed: bool
    threshold: int
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.table.key

    @property
    def title(self) -> str:
        return self.table.title

    @property
    def any_hidden(self) -> bool:
        return any(not c.shown for row in [*self.rows, self.totals] for c in [*row.cells, row.last])

    def header(self) -> list[str]:
        head = [self.table.row_header, *self.table.columns]
        if self.table.has_row_totals:
            head.append(self.table.total_label)
        return head

    def records(self) -> list[list[str | int]]:
        """Rows for an export: the label, then each cell as shown (numbers stay numbers)."""
        out: list[list[str | int]] = []
        for row in [*self.rows, self.totals]:
            cells = [*row.cells, *([row.total] if row.total is not None else [])]
            out.append([row.label, *[c.value if c.shown else c.text for c in cells]])
        return out


def one_column(key: str, title: str, row_header: str, column: str, counts: Sequence[tuple[str, str, int]],
               total_label: str) -> FigureTable:
    """A table of (key, label, count) rows with one column of counts and its total."""
    rows = tuple(Row(label=lab, values=(n,), key=k) for k, lab, n in counts)
    return FigureTable(key=key, title=title, row_header=row_header, columns=(column,), rows=rows,
                       total_label=total_label)
