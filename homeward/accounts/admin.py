"""Users and agencies, edited by the programme's administrators (every page audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeward.accounts import actions
from homeward.accounts.models import Agency, User
from homeward.audit.admin import AuditedAdmin


def _sign_in_first(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin site signs users in through Homeward's own sign-in (lockout, second factor)."""
    return redirect_to_login(request.GET.get("next") or "/admin/")


admin.site.login = _sign_in_first  # type: ignore[method-assign]


@admin.register(User)
class HomewardUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[type-arg]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Homeward", {"fields": ("agency", "role", "language")}))
    list_display = ("username", "agency", "role", "is_active")
    actions = ["reset_second_factor", "issue_reset_link"]

    @admin.action(description=gettext_lazy("Reset the second factor (the user enrols again)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            actions.reset_second_factor(actor=request.user, user=user, ip=request.META.get("REMOTE_ADDR"))
        self.message_user(request, _("Second factor reset for %(n)d users.") % {"n": queryset.count()})

    @admin.action(description=gettext_lazy("Issue a password reset link"))
    def issue_reset_link(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        base = request.build_absolute_uri("/")
        for user in queryset:
            link, emailed = actions.issue_reset_link(actor=request.user, user=user, base_url=base,
                                                     ip=request.META.get("REMOTE_ADDR"))
            if emailed:
                self.message_user(request, _("A reset link was e-mailed to %(user)s.") % {"user": user.username})
            else:
                self.message_user(request, _("Reset link for %(user)s (hand it over; it works once): %(link)s")
                                  % {"user": user.username, "link": link}, messages.WARNING)


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "kind", "region", "host_country")
