"""DNA kinship engine: likelihood ratios for kinship and identification, in pure Python + NumPy.

Computes what forensic kinship software (Familias; the R pedsuite: pedtools, pedprobr, forrel,
pedmut) computes, and is tested against their published values. No Django.

Frequencies
    ``load_frequencies(path)`` reads norSTR / pedtools ``.freq`` text or NIST CSV (detected
    from the content); ``shipped_database("west-asia")`` returns a shipped table (names in
    ``SHIPPED``). A :class:`FrequencyDB` is indexed by any spelling of a marker name
    (``db["Penta E"]``, ``db["PENTA_E"]``); unseen alleles get ``min_freq`` (default 5/(2N),
    or the smallest frequency at the marker when the table has no N), then frequencies are
    renormalised.

Pedigrees
    ``Pedigree([Person("gm", sex=2), Person("fa", "gf", "gm", 1), ...], {"gm": {"vWA": "17/18"}})``;
    ``read_ped(path)`` reads the pedtools text format, one :class:`Pedigree` per family or
    singleton. ``relationship_pedigree("avuncular", "A", "B")`` builds standard pairs.

Likelihoods
    ``pedigree_likelihood(ped, db, theta=..., mutation=...)`` sums exactly over every untyped
    member (variable elimination; loops and inbreeding are handled).
    ``genotype_posterior(ped, person, marker, db)`` gives the genotype distribution of one
    member given everyone else.

Likelihood ratios
    ``kinship_lr(h1, h2, db)`` compares two pedigree hypotheses over the same typed people;
    ``pairwise_lr(profile_a, profile_b, "half-sib", db)`` uses kinship coefficients (or the
    pedigree route with theta, mutation or partial genotypes); ``identify_lr(reference,
    missing, poi_profile, db)`` tests a person of interest as a family's missing member;
    ``blind_search(pois, [Reference(ped, missing), ...], db)`` ranks everyone against every
    family. Each returns per-marker LRs and counts exclusions (markers with LR 0).
    ``compare_hypotheses([("father", h1), ("paternal uncle", h2), ("unrelated", h3)], db,
    priors=...)`` weighs two or more pedigrees: each likelihood, the LRs between them and
    posteriors (as Familias does).

Mutation and theta
    ``MutationModel.of("stepwise", 0.002, rate_male=0.003, stationary=True)`` builds pedmut's
    equal / proportional / stepwise models, with pedmut's PM transformation to stationarity.
    ``theta`` applies the Balding-Nichols correction to all founder alleles of each connected
    pedigree, as pedprobr does (separate components, e.g. an "unrelated" hypothesis, get none
    between them). It is exact: a joint founder table when small, otherwise a sum over
    identity-by-descent configurations of the founder alleles (see :mod:`.theta`). Pedigrees
    with so many untyped founders that every route is too large (``THETA_TABLE_LIMIT``,
    ``theta.PARTITION_LIMIT``) raise :class:`ImpossibleComputation` rather than approximate.
    Theta makes the blind search much slower (minutes rather than seconds for 1,000 families).

Unsupported: X-linked markers, dropout and drop-in, linked markers, inbred founders.

The command line is :mod:`homeward.kinship.engine.cli` (``homeward kinship ...``).
"""

from __future__ import annotations

from .errors import ImpossibleComputation, KinshipInputError
from .frequencies import (
    DEFAULT_DB,
    SHIPPED,
    FrequencyDB,
    MarkerFrequencies,
    load_frequencies,
    parse_frequencies,
    shipped_database,
)
from .hypotheses import Comparison, compare_hypotheses
from .likelihood import (
    GenotypeDistribution,
    MarkerModel,
    genotype_posterior,
    marker_likelihood,
    marker_likelihoods,
    pedigree_likelihood,
)
from .lr import (
    KAPPA,
    RELATIONSHIPS,
    LRResult,
    identify_lr,
    kinship_lr,
    pairwise_lr,
    relationship_pedigree,
)
from .markers import GLOBALFILER, allele_label, marker_key
from .mutation import MutationModel, make_stationary, mutation_matrix
from .pedfile import parse_ped, read_ped, write_ped
from .pedigree import Genotype, Pedigree, Person, singletons
from .search import Reference, SearchResult, SearchRow, blind_search, default_missing
from .simulate import gene_drop, random_profile
from .theta import THETA_TABLE_LIMIT

__all__ = [
    "Comparison", "compare_hypotheses", "DEFAULT_DB", "GLOBALFILER", "KAPPA", "RELATIONSHIPS", "SHIPPED", "THETA_TABLE_LIMIT",
    "FrequencyDB", "Genotype", "GenotypeDistribution", "ImpossibleComputation", "KinshipInputError",
    "LRResult", "MarkerFrequencies", "MarkerModel", "MutationModel", "Pedigree", "Person", "Reference",
    "SearchResult", "SearchRow", "allele_label", "blind_search", "default_missing", "gene_drop",
    "genotype_posterior", "identify_lr", "kinship_lr", "load_frequencies", "make_stationary",
    "marker_key", "marker_likelihood", "marker_likelihoods", "mutation_matrix", "pairwise_lr",
    "parse_frequencies", "parse_ped", "pedigree_likelihood", "random_profile", "read_ped",
    "relationship_pedigree", "shipped_database", "singletons", "write_ped",
]  # fmt: skip
