from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Statutory reviews"

    def ready(self):
        from governance.action_sources import register_action_source
        from governance.learning_from import register_learning_source

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

        # A webinar after a review is recorded in training and names the review it came
        # from (governance/learning_from.py): only case roles see which, as with a case.
        from .models import LocalReview, RapidReview, SeriousIncident

        withdrawn = SeriousIncident.Stage.WITHDRAWN
        register_learning_source(
            "rapid_review",
            "reviews.rapidreview",
            view_permission="reviews.view_rapidreview",
            records=lambda: RapidReview.objects.select_related("incident").order_by(
                "-incident__aware_on", "-pk"
            ),
            offered=lambda reviews: reviews.exclude(incident__stage=withdrawn),
            label=lambda review: f"{review.incident.reference}: rapid review",
            url=lambda review: review.incident.get_absolute_url(),
            public_label="Learning from reviews",
        )
        register_learning_source(
            "local_review",
            "reviews.localreview",
            view_permission="reviews.view_localreview",
            records=lambda: LocalReview.objects.select_related("rapid_review__incident").order_by(
                "-rapid_review__incident__aware_on", "-pk"
            ),
            offered=lambda reviews: reviews.exclude(rapid_review__incident__stage=withdrawn),
            label=lambda review: f"{review.rapid_review.incident.reference}: local review",
            url=lambda review: review.rapid_review.incident.get_absolute_url(),
            public_label="Learning from reviews",
        )
