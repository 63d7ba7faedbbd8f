from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Statutory reviews"

    def ready(self):
        from . import signals  # noqa: F401  (logs views of case records shown by governance pages)
