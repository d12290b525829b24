"""The shape of the linkage model: Splink comparisons and blocking over the feature columns.

Each field is one Splink comparison whose levels go from strongest to weakest agreement.
Names are compared on their romanised forms (see ``features``): the canonical forms equal,
any two forms equal, a shared script-independent key, then Jaro-Winkler similarity of the
canonical forms. Birth compares year *ranges*: an estimated age overlaps, it is not
equal.
"""

from __future__ import annotations

from typing import Any

#: Field names, in the order of a waterfall chart.
FIELDS: tuple[str, ...] = (
    "given_name",
    "surname",
    "father",
    "mother",
    "mother_surname",
    "mother_father",
    "birth",
    "mother_birth",
    "sex",
    "region",
)

#: Name parts whose canonical form gets a term-frequency adjustment ("Magomed" and a mother
#: called "Patimat" are weak evidence, a mother called "Luiza" strong), with the field
#: holding the comparison and the weight of the adjustment.
TF_PARTS: dict[str, tuple[str, float]] = {
    "given": ("given_name", 1.0),
    # siblings share a rare surname too, so its rarity counts half
    "surname": ("surname", 0.5),
    "father": ("father", 1.0),
    "mother": ("mother", 1.0),
    "mother_surname": ("mother_surname", 0.5),
    "mother_father": ("mother_father", 1.0),
}

#: Share of a part's term-frequency weight applied where the two names agree by a spelling
#: variant or a sound key rather than exactly. Each such level's adjustment is centred on
#: the level's own average frequency (``Level.tf_u``, ``training._fit_tf_bases``): against
#: the exact level's u, the commoner of two frequencies is above average, and these levels
#: lost weight as a whole (fitted match rate 0.57 against a true 0.63 on B seed 11).
#: Not 0: Splink reads 0 as 1.
FUZZY_TF_SHARE = 1.0

_PART_COLUMN = {
    "given_name": "given",
    "surname": "surname",
    "father": "father",
    "mother": "mother",
    "mother_surname": "mother_surname",
    "mother_father": "mother_father",
}


def _jw(col: str) -> str:
    # canonical forms only: the closest pair of all forms costs 36 comparisons a level, and
    # at 20 million candidate pairs that is most of the run; variants and sound keys are
    # already compared exactly by the levels above
    return f"jaro_winkler_similarity({col}_canon_l, {col}_canon_r)"


def _swapped() -> str:
    # given and family name swapped between the two records, each matching the other's
    # other name by sound: "Rafineskue Asiyat" read one way, "Asiyat Rafineskue" the other
    return (
        "(list_has_any(given_keys_l, surname_keys_r) "
        "AND list_has_any(surname_keys_l, given_keys_r))"
    )


def _surname_is_father(side: str) -> str:
    # a two-part name "Jamal Muhammad" (Jamal, son of Muhammad) read as given and family
    # name: on that side no father, and the "family name" is the other's father, as spelt
    other = "r" if side == "l" else "l"
    # coalesce: with no father on the other side either, list_has_any is NULL, and NOT NULL
    # would take a pair with both fathers unknown past "missing" to "different"
    return (
        f"(father_forms_{side} IS NULL AND surname_forms_{side} IS NOT NULL "
        f"AND coalesce(list_has_any(surname_forms_{side}, father_forms_{other}), false))"
    )


_FATHER_AS_SURNAME = f"({_surname_is_father('l')} OR {_surname_is_father('r')})"


def _name_comparison(field: str) -> dict[str, Any]:
    col = _PART_COLUMN[field]
    missing = f"{col}_forms_l IS NULL OR {col}_forms_r IS NULL"
    variant = f"list_has_any({col}_forms_l, {col}_forms_r)"
    sound = f"list_has_any({col}_keys_l, {col}_keys_r)"
    if field in ("given_name", "surname"):
        sound = f"({sound} OR {_swapped()})"
    if field == "surname":
        # the family name that is a father's given name says nothing about the family
        missing = f"{missing} OR {_FATHER_AS_SURNAME}"
    if field == "father":
        # ... and is the father's name, compared as such
        missing = f"({missing}) AND NOT {_FATHER_AS_SURNAME}"
        variant = f"({variant} OR {_FATHER_AS_SURNAME})"
    exact: dict[str, Any] = {
        "sql_condition": f"{col}_canon_l = {col}_canon_r",
        "label_for_charts": "same canonical form",
    }
    variant_level: dict[str, Any] = {
        "sql_condition": variant,
        "label_for_charts": "a spelling variant in common",
    }
    sound_level: dict[str, Any] = {"sql_condition": sound, "label_for_charts": "same sound key"}
    if col in TF_PARTS:
        # no cap: term frequencies are already shrunk towards the average (see
        # ``engine.term_frequencies``), and a fixed floor would undervalue rare names more
        # the larger the caseload, which drags the fitted match rate down with size. A
        # variant or sound key in common counts by the commoner of the two canonical forms
        # (Splink's rule for such levels): "Mukhammad" heard as "Moohammad" is still a
        # Muhammad, and says as little as one; the frequency it is measured against is
        # the level's own (``Model.splink_settings``)
        for level, share in (
            (exact, 1.0),
            (variant_level, FUZZY_TF_SHARE),
            (sound_level, FUZZY_TF_SHARE),
        ):
            level["tf_adjustment_column"] = f"{col}_canon"
            level["tf_adjustment_weight"] = TF_PARTS[col][1] * share
    return {
        "output_column_name": field,
        "comparison_levels": [
            {"sql_condition": missing, "label_for_charts": "missing", "is_null_level": True},
            exact,
            variant_level,
            sound_level,
            {
                "sql_condition": f"{_jw(col)} >= 0.94",
                "label_for_charts": "very similar spelling",
            },
            {
                "sql_condition": f"{_jw(col)} >= 0.88",
                "label_for_charts": "similar spelling",
            },
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    }


_GAP = "(greatest(year_min_l, year_min_r) - least(year_max_l, year_max_r))"


def _birth_comparison() -> dict[str, Any]:
    return {
        "output_column_name": "birth",
        "comparison_levels": [
            {
                "sql_condition": "year_min_l IS NULL OR year_min_r IS NULL",
                "label_for_charts": "missing",
                "is_null_level": True,
            },
            {"sql_condition": "birth_full_l = birth_full_r", "label_for_charts": "same date"},
            {
                "sql_condition": "year_min_l = year_max_l AND year_min_r = year_max_r "
                "AND year_min_l = year_min_r",
                "label_for_charts": "same year",
            },
            {"sql_condition": f"{_GAP} <= 0", "label_for_charts": "year ranges overlap"},
            {"sql_condition": f"{_GAP} <= 1", "label_for_charts": "within 1 year"},
            {"sql_condition": f"{_GAP} <= 3", "label_for_charts": "within 3 years"},
            {"sql_condition": "ELSE", "label_for_charts": "more than 3 years apart"},
        ],
    }


def _mother_birth_comparison() -> dict[str, Any]:
    # a passport gives her year exactly; a relative may be a year out
    gap = "abs(mother_year_l - mother_year_r)"
    return {
        "output_column_name": "mother_birth",
        "comparison_levels": [
            {
                "sql_condition": "mother_year_l IS NULL OR mother_year_r IS NULL",
                "label_for_charts": "missing",
                "is_null_level": True,
            },
            {"sql_condition": f"{gap} = 0", "label_for_charts": "same year"},
            {"sql_condition": f"{gap} <= 1", "label_for_charts": "within 1 year"},
            {"sql_condition": f"{gap} <= 3", "label_for_charts": "within 3 years"},
            {"sql_condition": "ELSE", "label_for_charts": "more than 3 years apart"},
        ],
    }


def _equality_comparison(field: str, col: str, fuzzy: float | None = None) -> dict[str, Any]:
    same = f"{col}_l = {col}_r"
    if fuzzy is not None:
        # "Ingushetiya" and "Ingushetia": two romanisations of one region
        same = f"({same} OR jaro_winkler_similarity({col}_l, {col}_r) >= {fuzzy})"
    return {
        "output_column_name": field,
        "comparison_levels": [
            {
                "sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL",
                "label_for_charts": "missing",
                "is_null_level": True,
            },
            {"sql_condition": same, "label_for_charts": "same"},
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    }


def comparisons() -> list[dict[str, Any]]:
    """Splink comparison dicts, without parameters, in ``FIELDS`` order."""
    return [
        _name_comparison("given_name"),
        _name_comparison("surname"),
        _name_comparison("father"),
        _name_comparison("mother"),
        _name_comparison("mother_surname"),
        _name_comparison("mother_father"),
        _birth_comparison(),
        _mother_birth_comparison(),
        _equality_comparison("sex", "sex"),
        _equality_comparison("region", "region", fuzzy=0.9),
    ]


#: Candidate pairs: records sharing any composite key (see ``features._block_keys``);
#: records known by a given name and age only, paired on those; and records of which one
#: has no birth year, paired on the given name; and records of which one has nothing but a
#: given name, paired on it; and records of which one has no family name, paired on the
#: father's name and birth year (``features._age_keys``; the ``n:``, ``o:`` and ``f:`` keys
#: pruned by ``blocking.prune_lone_name_keys``).
BLOCKING_RULES: tuple[dict[str, Any], ...] = (
    {"blocking_rule": 'l."block_keys" = r."block_keys"', "arrays_to_explode": ["block_keys"]},
    {
        "blocking_rule": 'l."age_keys" = r."age_keys" AND (l.name_only OR r.name_only) '
        """AND starts_with(l."age_keys", 'y:')""",
        "arrays_to_explode": ["age_keys"],
    },
    {
        "blocking_rule": """l."age_keys" = r."age_keys" AND starts_with(l."age_keys", 'n:') """
        "AND (l.year_min IS NULL OR r.year_min IS NULL)",
        "arrays_to_explode": ["age_keys"],
    },
    {
        "blocking_rule": """l."age_keys" = r."age_keys" AND starts_with(l."age_keys", 'o:') """
        "AND ((l.year_min IS NULL AND l.name_only) OR (r.year_min IS NULL AND r.name_only))",
        "arrays_to_explode": ["age_keys"],
    },
    {
        "blocking_rule": """l."age_keys" = r."age_keys" AND starts_with(l."age_keys", 'f:') """
        "AND (l.surname_canon IS NULL OR r.surname_canon IS NULL)",
        "arrays_to_explode": ["age_keys"],
    },
)

_OVERLAP = "l.year_min <= r.year_max + 1 AND r.year_min <= l.year_max + 1"

#: EM runs: (blocking rule, fields whose m stays fixed). A run cannot estimate the fields
#: its rule uses, and its latent "match" class only means "same child" if the rule leaves
#: few look-alikes: namesakes of the same sex and age estimate the parents and region;
#: namesakes with the same mother's name estimate birth and sex; children of the same age,
#: sex and mother's name (mostly strangers and some siblings) then estimate the names,
#: with everything else held at the values already found.
EM_RUNS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "l.given_canon = r.given_canon AND l.surname_canon = r.surname_canon "
        f"AND l.sex = r.sex AND {_OVERLAP}",
        frozenset(),
    ),
    (
        "l.given_canon = r.given_canon AND l.surname_canon = r.surname_canon "
        "AND l.mother_canon = r.mother_canon",
        frozenset({"father", "region"}),
    ),
    (
        f"l.mother_canon = r.mother_canon AND l.sex = r.sex AND {_OVERLAP}",
        # siblings share a mother, so her father and birth year stay fixed here too
        frozenset({"father", "region", "birth", "sex", "mother", "mother_father", "mother_birth"}),
    ),
)


def base_settings() -> dict[str, Any]:
    """A Splink settings dict with this model's shape and no trained parameters."""
    return {
        "link_type": "link_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons(),
        "blocking_rules_to_generate_predictions": [dict(r) for r in BLOCKING_RULES],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
        "max_iterations": 20,
        "em_convergence": 0.001,
    }
