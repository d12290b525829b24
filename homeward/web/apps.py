from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "homeward.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from homeward.web.serving import guard_sqlite

        connection_created.connect(guard_sqlite, dispatch_uid="homeward-sqlite-deadline")
