from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "homeward.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete

        from homeward.cases.models import Case, CaseEvent
        from homeward.people.models import Person
        from homeward.reports import history

        post_save.connect(history.on_case_saved, sender=Case, dispatch_uid="reports-summary-case")
        post_save.connect(history.on_event_changed, sender=CaseEvent, dispatch_uid="reports-summary-event")
        post_delete.connect(history.on_event_changed, sender=CaseEvent, dispatch_uid="reports-summary-event-gone")
        pre_delete.connect(history.on_case_deleted, sender=Case, dispatch_uid="reports-summary-case-gone")
        post_save.connect(history.on_person_saved, sender=Person, dispatch_uid="reports-summary-child")
