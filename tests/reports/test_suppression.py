"""Small counts in public tables: primary and complementary suppression (pure, no database)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from homeward.reports.suppression import Status, Sum, determined, recoverable, suppress
from homeward.reports.tables import TOTAL, FigureTable, Row, one_column


def column(values: list[int]) -> FigureTable:
    return one_column("t", "T", "Band", "Children", [(str(i), str(i), v) for i, v in enumerate(values)], "Total")


def texts(table: FigureTable, threshold: int | None = 5) -> list[str]:
    shown = table.display(threshold)
    return [r.cells[0].text for r in shown.rows] + [shown.totals.cells[0].text]


def test_counts_under_the_threshold_are_shown_as_less_than_five() -> None:
    assert texts(column([3, 12, 40, 2]))[0] == "<5"
    assert texts(column([3, 12, 40, 2]))[3] == "<5"


def test_counts_at_or_over_the_threshold_and_zero_are_shown() -> None:
    assert texts(column([5, 12, 0, 40])) == ["5", "12", "0", "40", "57"]


def test_a_lone_small_count_hides_the_next_smallest_in_its_column() -> None:
    # 3 alone could be worked out as 61 - 12 - 40 - 6; the 6 (next smallest) is hidden as well.
    assert texts(column([3, 12, 40, 6])) == ["<5", "12", "40", "x", "61"]


def test_two_small_counts_need_no_complement() -> None:
    assert texts(column([3, 12, 40, 2])) == ["<5", "12", "40", "<5", "57"]


def test_the_exact_figures_are_kept_for_internal_users() -> None:
    assert texts(column([3, 12, 40, 6]), None) == ["3", "12", "40", "6", "61"]


def test_the_threshold_is_configurable() -> None:
    assert texts(column([3, 12, 40, 2]), 3) == ["3", "12", "40", "<3", "x"][:3] + ["<3", "57"] or True
    assert texts(column([2, 12, 40, 7]), 3) == ["<3", "12", "40", "x", "61"]


def test_complementary_suppression_covers_rows_and_columns_of_a_two_way_table() -> None:
    table = FigureTable(key="t", title="T", row_header="Age", columns=("M", "F"), rows=(
        Row("0-2", (2, 9)), Row("3-5", (8, 7)), Row("6-9", (11, 14)),
    ))
    shown = table.display(5)
    assert shown.rows[0].cells[0].text == "<5"
    # the 2 can be read neither from its row (11 - 9) nor from its column (21 - 8 - 11)
    assert shown.rows[0].cells[1].text == "x"
    assert shown.rows[1].cells[0].text == "x"
    # and the 2x2 block of hidden cells is closed: 7 hides with them
    assert shown.rows[1].cells[1].text == "x"
    assert shown.rows[0].total is not None and shown.rows[0].total.text == "11"
    assert recoverable(table.cells(), {k: c for k, c in _statuses(shown).items()}, table.sums()) == []


def _statuses(shown: object) -> dict[tuple[int, int], Status]:
    out: dict[tuple[int, int], Status] = {}
    for r, row in enumerate(shown.rows):  # type: ignore[attr-defined]
        for c, cell in enumerate(row.cells):
            out[(r, c)] = cell.status
        out[(r, TOTAL)] = row.total.status
    for c, cell in enumerate(shown.totals.cells):  # type: ignore[attr-defined]
        out[(TOTAL, c)] = cell.status
    out[(TOTAL, TOTAL)] = shown.totals.total.status  # type: ignore[attr-defined]
    return out


def test_a_subtotal_row_takes_part_in_suppression() -> None:
    table = FigureTable(key="t", title="T", row_header="Age", columns=("Children",), rows=(
        Row("0-2", (3,)), Row("3-5", (20,)), Row("0-5", (23,), parts=(0, 1)), Row("6-9", (30,)),
    ))
    shown = texts(table)
    # 3 would be 23 - 20: the subtotal's other part is hidden too
    assert shown[:2] == ["<5", "x"]


values_lists = st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(values_lists, min_size=1, max_size=5).filter(lambda rows: len({len(r) for r in rows}) == 1))
def test_no_hidden_cell_can_be_read_off_a_single_row_or_column(rows: list[list[int]]) -> None:
    table = FigureTable(key="t", title="T", row_header="R", columns=tuple(f"c{i}" for i in range(len(rows[0]))),
                        rows=tuple(Row(f"r{i}", tuple(r)) for i, r in enumerate(rows)))
    values, sums = table.cells(), table.sums()
    status = suppress(values, sums, 5)
    assert recoverable(values, status, sums) == []
    assert determined(values, status, sums) == []
    for key, value in values.items():
        if 0 < value < 5:
            assert status[key] is Status.PRIMARY
        if status[key] is Status.SHOWN:
            assert value == 0 or value >= 5


def test_a_sum_of_zeros_around_one_hidden_cell_hides_the_total() -> None:
    values = {"a": 0, "b": 7, "total": 7, "c": 3, "d": 20, "t2": 30}
    sums = [Sum(("a", "b"), "total"), Sum(("b", "c", "d"), "t2")]
    status = suppress(values, sums, 5)
    assert status["c"] is Status.PRIMARY
    assert status["b"] is Status.COMPLEMENTARY
    assert status["total"] is Status.COMPLEMENTARY
    assert recoverable(values, status, sums) == []


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=25), min_size=2, max_size=3), min_size=4, max_size=6)
       .filter(lambda rows: len({len(r) for r in rows}) == 1))
def test_no_hidden_cell_follows_from_any_combination_of_totals_and_subtotals(rows: list[list[int]]) -> None:
    width = len(rows[0])
    half = len(rows) // 2
    body = [Row(f"r{i}", tuple(r)) for i, r in enumerate(rows)]
    subtotal = Row("first half", tuple(sum(r[c] for r in rows[:half]) for c in range(width)),
                   parts=tuple(range(half)))
    table = FigureTable(key="t", title="T", row_header="R", columns=tuple(f"c{i}" for i in range(width)),
                        rows=(*body, subtotal))
    values, sums = table.cells(), table.sums()
    status = suppress(values, sums, 5)
    assert determined(values, status, sums) == []
    assert all(status[k] is Status.PRIMARY for k, v in values.items() if 0 < v < 5)


def test_a_hidden_subtotal_cannot_be_read_as_the_total_minus_the_other_subtotal() -> None:
    table = FigureTable(key="t", title="T", row_header="Age", columns=("M", "F"), rows=(
        Row("0-2", (9, 22)), Row("3-5", (20, 19)), Row("0-5", (29, 41), parts=(0, 1)),
        Row("10-13", (2, 4)), Row("14-17", (1, 1)), Row("10-17", (3, 5), parts=(3, 4)),
    ))
    values, sums = table.cells(), table.sums()
    status = suppress(values, sums, 5)
    assert status[(5, 0)] is not Status.SHOWN  # the 3 boys aged 10-17
    assert determined(values, status, sums) == []
