"""Nothing committed looks like a secret: no private key, token, key file or hard-coded production key."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Written in pieces so that this file does not match itself.
BEGIN = "-----" + "BEGIN"
PATTERNS = {
    "private key": re.compile(BEGIN + r" (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Homeward key ring": re.compile(r'"keys"\s*:\s*\{\s*"[^"]+"\s*:\s*"[A-Za-z0-9+/]{43}="'),
    "hard-coded SECRET_KEY": re.compile(r"""SECRET_KEY\s*[=:]\s*["'](?!homeward-demo-only)[^"'\s]{32,}["']"""),
    "password in a URL": re.compile(r"\b(?:postgres|postgresql|mysql|redis|amqp)://[^:/\s@]+:[^@/\s]{6,}@"),
}
KEY_FILES = re.compile(r"(?:^|/)(?:keys\.json|id_rsa|id_ed25519|[^/]+\.pem|[^/]+\.key|[^/]+\.p12|\.env)$")


def _committed() -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [p for p in out.stdout.decode().split("\0") if p]


def test_no_key_file_is_committed():
    assert [p for p in _committed() if KEY_FILES.search(p)] == []


def test_no_secret_looking_string_is_committed():
    found = []
    for name in _committed():
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000 or name.endswith(("uv.lock", ".svg", ".png")):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for label, pattern in PATTERNS.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {label}")
    assert found == []


def test_the_scan_catches_what_it_is_meant_to():
    assert PATTERNS["private key"].search(BEGIN + " RSA PRIVATE KEY-----")
    assert PATTERNS["hard-coded SECRET_KEY"].search('SECRET_KEY = "' + "q" * 40 + '"')
    assert not PATTERNS["hard-coded SECRET_KEY"].search('SECRET_KEY = os.environ.get("SECRET_KEY", DEMO)')
    assert KEY_FILES.search("var/keys.json") and KEY_FILES.search("deploy/server.pem")
