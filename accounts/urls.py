from django.contrib import admin
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    # Inside the admin's frame: signed-in staff only, never cached, CSRF-checked.
    path("", admin.site.admin_view(views.two_factor), name="two_factor"),
]
