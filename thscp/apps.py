from django.apps import AppConfig


class ThscpConfig(AppConfig):
    name = "thscp"
    verbose_name = "Partnership Hub"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)

        # Every task is registered in every process (web, worker, beat), so that a
        # service can queue one by name (thscp.celery.queue).
        from .reminders import tasks as reminder_tasks  # noqa: F401
        from .reports import tasks as report_tasks  # noqa: F401
