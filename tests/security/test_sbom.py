"""CI writes an SBOM: every locked package with its version, in CycloneDX, from uv's lock."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_sbom_lists_every_locked_package_with_its_version(tmp_path):
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH")
    out = tmp_path / "sbom.cdx.json"
    subprocess.run([uv, "export", "--frozen", "--preview-features", "sbom-export", "--format", "cyclonedx1.5",
                    "--all-groups", "--all-extras", "--output-file", str(out)], cwd=ROOT, check=True, capture_output=True,
                   timeout=120)
    sbom = json.loads(out.read_text())
    assert sbom["bomFormat"] == "CycloneDX"
    listed = {(c["name"], c["version"]) for c in sbom["components"]}
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    locked = {(p["name"], p["version"]) for p in lock["package"] if p["name"] != "homeward" and "version" in p}
    assert locked - listed == set()
    assert "run" in (ROOT / ".ci" / "run").name and "sbom.cdx.json" in (ROOT / ".ci" / "run").read_text()
