"""Where readers post: never through the page cache."""

from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("articles/<int:pk>/react/", views.react, name="react"),
    path("articles/<int:pk>/comments/", views.post_comment, name="comment"),
]
