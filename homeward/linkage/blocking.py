"""Pruning of the keys that pair a record on little because the other lacks something.

A record with no birth year can only meet its counterpart on the given name (``n:`` keys).
Such a key pairs a record lacking the field with every record of the other side sharing it: a
"Magomed" of unknown age would bring thousands of pairs, and more the larger the caseload.
So each of these keys is kept only while the pairs it brings (records lacking the field on
one side times all records on the other, both ways round) stay under a fixed bound: the
total they add is then bounded by the number of distinct names, not by the caseload's
size. At national scale only the rarer names keep them. A record with nothing but a given
name (``o:`` keys) is counted the same way among such records only: they are few, so a
common name keeps this key longer; so is a record without a family name, paired on its
father's name and birth year (``f:`` keys).
"""

from __future__ import annotations

import duckdb

#: Pairs one such key may bring before it is dropped (the same bound as for the composite
#: keys, ``engine.MAX_PAIRS_PER_KEY``).
MAX_LONE_NAME_PAIRS = 20_000

#: Key prefix in ``age_keys`` -> the condition on a record that lets the key pair it (as in
#: ``spec.BLOCKING_RULES``): no birth year; nothing but a given name; no family name.
LONE_KEYS: dict[str, str] = {
    "n:": "year_min IS NULL",
    "o:": "year_min IS NULL AND name_only",
    "f:": "surname_canon IS NULL",
}


def prune_lone_name_keys(con: duckdb.DuckDBPyConnection, left: str, right: str) -> int:
    """Drop over-frequent lone-name keys from both tables' ``age_keys``; returns how many."""
    stop = []
    for prefix, lacking in LONE_KEYS.items():
        stop.append(
            f"""
            SELECT k FROM
                (SELECT k, count(*) AS n, count(*) FILTER (WHERE c) AS u
                 FROM (SELECT unnest(age_keys) AS k, ({lacking}) AS c FROM {left})
                 WHERE starts_with(k, '{prefix}') GROUP BY k) l
            JOIN
                (SELECT k, count(*) AS n, count(*) FILTER (WHERE c) AS u
                 FROM (SELECT unnest(age_keys) AS k, ({lacking}) AS c FROM {right})
                 WHERE starts_with(k, '{prefix}') GROUP BY k) r
            USING (k)
            WHERE l.u * r.n + l.n * r.u > {MAX_LONE_NAME_PAIRS}
            """
        )
    con.execute("CREATE OR REPLACE TEMP TABLE hw_stop_name_keys AS " + " UNION ALL ".join(stop))
    dropped = int(con.execute("SELECT count(*) FROM hw_stop_name_keys").fetchall()[0][0])
    if dropped:
        for table in (left, right):
            con.execute(
                f"""
                UPDATE {table} SET age_keys = (
                    SELECT list(k) FROM (SELECT unnest({table}.age_keys) AS k)
                    WHERE k NOT IN (SELECT k FROM hw_stop_name_keys)
                )
                WHERE age_keys IS NOT NULL
                """
            )
    return dropped
