from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities"

    def ready(self):
        from governance.action_sources import register_action_source

        # The work of a deliverable is actions in the one partnership action log.
        register_action_source(
            "deliverable",
            "priorities.deliverable",
            view_permission="priorities.view_deliverable",
            # A priority's leads and sponsor put the deliverable's work in the oversight
            # group's log, though they chair no group.
            raise_permission="priorities.change_deliverable",
            group_of=lambda deliverable: deliverable.objective.area.oversight_group,
            initial=lambda deliverable: {
                "title": deliverable.title[:200],
                "description": deliverable.description,
                "owner": deliverable.owner,
                "due_date": deliverable.forecast_on,
                "group": deliverable.objective.area.oversight_group,
            },
        )
