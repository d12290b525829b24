"""ASGI entry point."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

from homeward.core.deploy import refuse_if_unsafe  # noqa: E402

refuse_if_unsafe()
