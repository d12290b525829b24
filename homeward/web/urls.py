from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path

from homeward.accounts.gate import open_route
from homeward.web import serving, signin, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("healthz", serving.healthz, name="healthz"),
    path("readyz", serving.readyz, name="readyz"),
    path("login/", signin.sign_in_view, name="login"),
    path("login/code/", signin.second_factor_view, name="login-code"),
    path("login/enrol/", signin.enrol_view, name="login-enrol"),
    path("logout/", open_route(auth_views.LogoutView.as_view()), name="logout"),
    path("favicon.ico", open_route(views.favicon), name="favicon"),
    path("account/", signin.account, name="account"),
    path("account/password/", signin.change_password_view, name="password-change"),
    path("account/backup-codes/", signin.backup_codes, name="backup-codes"),
    path("password/reset/<uidb64>/<token>/", signin.reset_password_view, name="password-reset-confirm"),
]
