"""Probabilistic matching of children found abroad against children sought by relatives.

Names in any script are resolved by ``homeward.names``; Splink on DuckDB does blocking,
parameter estimation (EM) and scoring. No Django.

    pairs = link(children, requests)             # train on the caseload, then score
    model = train(children, requests, labels)    # or train once, save model.to_json()
    new_pairs = link_incremental(new_children, requests, model)
"""

from __future__ import annotations

from homeward.linkage.api import link, link_incremental, train
from homeward.linkage.model import Model
from homeward.linkage.records import CandidatePair, Record

__all__ = ["CandidatePair", "Model", "Record", "link", "link_incremental", "train"]
