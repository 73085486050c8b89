from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from . import roles, signals  # models must be ready first

        signals.connect()
        roles.connect()
