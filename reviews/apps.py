from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Statutory reviews"

    def ready(self):
        from governance.action_sources import register_action_source

        from . import signals  # noqa: F401  (logs views of case records shown by governance pages)

        # A recommendation of a review can have more actions than the one it was made with.
        register_action_source(
            "recommendation",
            "reviews.recommendation",
            view_permission="reviews.view_recommendation",
            initial=lambda recommendation: {
                "title": recommendation.text[:200],
                "description": recommendation.text,
                "theme": recommendation.theme,
            },
        )
