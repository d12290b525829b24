"""Deployment defaults: Homeward refuses unsafe settings, limits request bodies, and sets its
security headers everywhere."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
    "HOMEWARD_HTTPS": "1", "ALLOWED_HOSTS": "homeward.example.org",
}


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("HOMEWARD_", "SECRET_KEY", "DEBUG", "SECURE_", "DJANGO_SETTINGS"))}
    clean.update(env)
    clean["HOMEWARD_VAR_DIR"] = env.get("HOMEWARD_VAR_DIR", str(ROOT / "var"))
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True,
                          timeout=120)


def test_homeward_with_debug_off_and_the_demo_key_does_not_start():
    result = _run("import config.wsgi", {"DEBUG": "0"})
    assert result.returncode != 0
    assert "will not start" in result.stderr and "SECRET_KEY" in result.stderr


def test_homeward_with_a_real_key_but_no_https_settings_does_not_start():
    env = dict(PRODUCTION)
    env.pop("HOMEWARD_HTTPS")
    result = _run("import config.wsgi", env)
    assert result.returncode != 0 and "HSTS" in result.stderr and "Secure" in result.stderr


def test_the_insecure_demo_must_be_asked_for_and_then_starts():
    assert _run("import config.wsgi", {"DEBUG": "0", "HOMEWARD_INSECURE_DEMO": "1"}).returncode == 0


def test_the_documented_production_settings_start_and_pass_check_deploy():
    assert _run("import config.wsgi", PRODUCTION).returncode == 0
    result = _run("from homeward.cli import main; main(['check', '--deploy', '--tag', 'security', '--fail-level', 'WARNING'])",
                  PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_reports_the_demo_key_as_an_error():
    result = _run("from homeward.cli import main; main(['check', '--deploy'])", {"DEBUG": "0"})
    assert result.returncode != 0 and "homeward.E001" in result.stderr


class _Unreadable(io.RawIOBase):
    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.django_db
def test_a_300_mb_upload_is_refused_before_it_is_read(client, make_user):
    client.force_login(make_user("elena", "lab", "geneticist"))
    response = client.generic("POST", "/kinship/profiles/import/", b"", content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(300 * 1024 * 1024), **{"wsgi.input": _Unreadable()})
    assert response.status_code == 413
    assert "at most 25 MB" in response.content.decode()


@pytest.mark.django_db
def test_a_large_form_without_files_is_refused_with_an_error_not_read_into_memory(client, make_user, settings):
    client.force_login(make_user("omar", "consular", "consular"))
    big = "x" * (6 * 1024 * 1024)
    response = client.post("/cases/new/", {"notes": big})
    assert response.status_code == 400


@pytest.mark.django_db
def test_admin_pages_get_a_content_security_policy_too(client, make_user):
    client.force_login(make_user("adminka", "national", "admin", is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
