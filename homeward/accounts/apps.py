from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "homeward.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from homeward.accounts.models import Agency
        from homeward.core import reference

        reference.track(Agency)
