"""The names engine: normalise, parse, romanise, key and compare names in any script.

Pure Python (no Django): used by the web application, the linkage engine and the command line.
"""

from __future__ import annotations

from homeward.names.compare import similarity, token_similarity
from homeward.names.keys import name_keys
from homeward.names.normalization import (
    UnsafeNameError,
    detect_script,
    normalize,
    validate_name,
)
from homeward.names.parse import ParsedName, parse_name
from homeward.names.translit import romanize

__all__ = [
    "UnsafeNameError",
    "validate_name",
    "normalize",
    "detect_script",
    "parse_name",
    "ParsedName",
    "romanize",
    "name_keys",
    "similarity",
    "token_similarity",
]
