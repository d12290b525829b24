"""WSGI entry point."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The served app stops any one SQL statement after 10 s (PostgreSQL), unless told otherwise.
os.environ.setdefault("HOMEWARD_STATEMENT_TIMEOUT_MS", os.environ.get("HOMEWARD_REQUEST_TIMEOUT_MS", "10000"))
application = get_wsgi_application()

from homeward.core.deploy import refuse_if_unsafe  # noqa: E402

refuse_if_unsafe()
