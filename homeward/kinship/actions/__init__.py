"""Every change to DNA samples, profiles and kinship tests: one place to import them from.

``samples`` holds the chain of custody, ``profiles`` the import of laboratory results, ``tests``
the kinship tests (run, compute, conclude).
"""

from __future__ import annotations

from homeward.kinship.actions.profiles import import_profiles
from homeward.kinship.actions.review import (
    conclude_kinship,
    flag_tests_using_frequencies,
    flag_tests_using_profiles,
    make_report,
    read_report,
    review_kinship,
)
from homeward.kinship.actions.samples import (
    mark_consumed,
    receive_at_lab,
    record_collection,
    reject,
    request_sample,
    seal,
    transfer,
)
from homeward.kinship.actions.tests import compute_kinship_test, run_kinship_test

__all__ = [
    "request_sample", "record_collection", "seal", "transfer", "receive_at_lab", "reject", "import_profiles",
    "mark_consumed", "run_kinship_test", "compute_kinship_test", "conclude_kinship",
    "review_kinship", "make_report", "read_report", "flag_tests_using_profiles", "flag_tests_using_frequencies",
]
