from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from . import security  # noqa: F401  (connects the sign-in audit signals)
        from .action_sources import register_action_source

        # Governance's records an action can be raised from (governance/action_sources.py).
        register_action_source(
            "meeting",
            "governance.meeting",
            view_permission="governance.view_meeting",
            initial=lambda meeting: {"group": meeting.group},
        )
        register_action_source(
            "risk",
            "governance.risk",
            view_permission="governance.view_risk",
        )
        register_action_source(
            "scrutinyrecommendation",
            "governance.scrutinyrecommendation",
            view_permission="governance.view_scrutinyactivity",
            permission_object=lambda recommendation: recommendation.activity,
        )
