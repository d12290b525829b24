from __future__ import annotations

import sys
from pathlib import Path

# kinship_helpers sits next to the tests; make it importable without a package.
sys.path.insert(0, str(Path(__file__).parent))
