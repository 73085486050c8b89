from django.urls import path, register_converter

from . import views


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitConverter, "two")

app_name = "articles"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("<int:year>/<two:month>/<two:day>/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("preview/articles/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
]
