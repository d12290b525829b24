from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path

from homeward.accounts.gate import open_route
from homeward.web import serving, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("healthz", serving.healthz, name="healthz"),
    path("readyz", serving.readyz, name="readyz"),
    path("login/", open_route(auth_views.LoginView.as_view(template_name="web/login.html")), name="login"),
    path("logout/", open_route(auth_views.LogoutView.as_view()), name="logout"),
]
