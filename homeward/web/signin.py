"""Signing in: password (with lockout), then the second factor; enrolling an authenticator,
backup codes, changing a password and following a reset link."""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from homeward.accounts import actions
from homeward.accounts.gate import open_route, signed_in
from homeward.accounts.lockout import record_ended_lockouts
from homeward.accounts.signin import (
    MAX_CODE_FAILURES,
    VERIFIED_KEY,
    backup_device,
    has_second_factor,
    is_verified,
    mark_verified,
    needs_second_factor,
    second_factor_required,
    totp_device,
)
from homeward.core.editing import client_ip
from homeward.errors import ActionError


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                                         "autofocus": True}))


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _with_next(name: str, request: HttpRequest) -> str:
    from urllib.parse import urlencode

    target = request.POST.get("next") or request.GET.get("next") or ""
    return reverse(name) + (("?" + urlencode({"next": target})) if target else "")


class SignInView(auth_views.LoginView):
    template_name = "web/login.html"
    form_class = AuthenticationForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        record_ended_lockouts()
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        self.request.session.pop(VERIFIED_KEY, None)
        super().form_valid(form)  # signs the user in (the session is not yet verified)
        user = form.get_user()
        if not needs_second_factor(user):
            mark_verified(self.request)
            return redirect(self.get_success_url())
        return redirect(_with_next("login-code" if has_second_factor(user) else "login-enrol", self.request))


def _half_signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect("login")
    return None


def second_factor(request: HttpRequest) -> HttpResponse:
    """The code step: a code from the authenticator, or one of the backup codes (each works once)."""
    if (early := _half_signed_in(request)) is not None:
        return early
    user = request.user
    if is_verified(request):
        return redirect(_next(request))
    if not has_second_factor(user):
        return redirect(_with_next("login-enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["code"].replace(" ", "")
        device = totp_device(user)
        kind = ""
        if device is not None and token.isdigit() and device.verify_is_allowed()[0] and device.verify_token(token):
            kind = "authenticator"
        elif (backup := backup_device(user)) is not None and backup.verify_token(token):
            kind = "backup code"
        if kind:
            actions.record_second_factor(user=user, passed=True, kind=kind, ip=client_ip(request))
            mark_verified(request)
            if kind == "backup code":
                left = backup.remaining() if backup else 0
                messages.warning(request, _("You signed in with a backup code; %(n)d are left.") % {"n": left})
            return redirect(_next(request))
        actions.record_second_factor(user=user, passed=False, kind="code", ip=client_ip(request))
        failures = int(request.session.get("homeward_code_failures", 0)) + 1
        request.session["homeward_code_failures"] = failures
        if failures >= MAX_CODE_FAILURES:
            logout(request)
            messages.error(request, _("Too many wrong codes: sign in again."))
            return redirect("login")
        form.add_error("code", _("That code is wrong or was already used. Wait a few seconds before the next try."))
    return render(request, "web/second_factor.html", {"form": form, "next": request.GET.get("next", "")})


def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: its secret as text and as a QR code, then one code to confirm."""
    if (early := _half_signed_in(request)) is not None:
        return early
    user = request.user
    # A half-signed-in user who already has an authenticator must use it, not replace it.
    if not is_verified(request) and has_second_factor(user):
        return redirect(_with_next("login-code", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.confirm_enrolment(user=user, token=form.cleaned_data["code"], ip=client_ip(request))
        except ActionError as exc:
            form.add_error("code", exc.message)
        else:
            mark_verified(request)
            return render(request, "web/backup_codes.html", {"codes": codes, "next": _next(request)})
    device = actions.start_enrolment(user=user)
    secret = _base32(device.bin_key)
    url = device.config_url
    qr = segno.make(url, error="m").svg_data_uri(scale=4, dark="#000", light="#fff")
    return render(request, "web/enrol.html", {
        "form": form, "secret": secret, "qr": qr, "required": second_factor_required(user),
        "next": request.GET.get("next", "") or request.POST.get("next", ""),
    })


def _base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@signed_in()
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    backup = backup_device(user)
    return render(request, "web/account.html", {
        "has_factor": has_second_factor(user), "required": second_factor_required(user),
        "backup_left": backup.remaining() if backup else 0,
    })


@signed_in(methods=("POST",))
def backup_codes(request: HttpRequest) -> HttpResponse:
    if not has_second_factor(request.user):
        return redirect("account")
    codes = actions.new_backup_codes(user=request.user, ip=client_ip(request))
    return render(request, "web/backup_codes.html", {"codes": codes, "next": reverse("account")})


class ChangePasswordView(auth_views.PasswordChangeView):
    template_name = "web/password_form.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.record_password_changed(user=self.request.user, how="changed", ip=client_ip(self.request))
        messages.success(self.request, _("Your password was changed."))
        return response


class ResetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "web/password_form.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.record_password_changed(user=form.user, how="reset link", ip=client_ip(self.request))
        messages.success(self.request, _("Your password was set: sign in with it."))
        return response


sign_in_view = open_route(SignInView.as_view())
second_factor_view = open_route(second_factor)
enrol_view = open_route(enrol)
change_password_view = signed_in(methods=("GET", "POST"))(ChangePasswordView.as_view())  # type: ignore[type-var]
reset_password_view = open_route(ResetPasswordView.as_view())
