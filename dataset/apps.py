from django.apps import AppConfig


class DatasetConfig(AppConfig):
    name = "dataset"
    verbose_name = "Multi-agency dataset"

    def ready(self):
        from governance.action_sources import register_action_source

        # An indicator off track is raised as an action in the one action log.
        register_action_source(
            "indicator",
            "dataset.indicator",
            view_permission="dataset.view_indicator",
            initial=lambda indicator: {
                "title": f"Improve {indicator.code}: {indicator.title}"[:200],
                "description": f"Raised from the multi-agency dataset indicator {indicator.code}.",
            },
        )
