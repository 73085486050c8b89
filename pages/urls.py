from django.urls import path

from articles.caching import public_page

from . import views

app_name = "pages"

urlpatterns = [
    path("pages/<slug:slug>/", public_page(views.PageView.as_view()), name="page"),
]
