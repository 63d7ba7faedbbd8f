from django.apps import AppConfig


class ThscpConfig(AppConfig):
    name = "thscp"
    verbose_name = "Partnership Hub"

    def ready(self):
        from governance.work import work_started

        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            learning,
        )

        # Every task is registered in every process (web, worker, beat), so that a
        # service can queue one by name (thscp.celery.queue).
        from .operations import tasks as operations_tasks  # noqa: F401
        from .reminders import tasks as reminder_tasks  # noqa: F401
        from .reports import tasks as report_tasks  # noqa: F401

        work_started.connect(_email_when_work_starts, dispatch_uid="thscp.reminders.work_started")
        learning.register()  # reviews' learning in training's library

        # A priority's outcome measure shows the series of the dataset indicator it names;
        # priorities and dataset never import each other.
        from dataset.series import indicator_series
        from priorities.indicators import register_series_provider

        register_series_provider(indicator_series)

        # The yearly report's checks before sign-off, its page of each version for the
        # signatories, and its own tracking of sending after publication.
        from governance.document_hooks import DocumentCompanion, register

        from .reports import services as report_services

        register(
            DocumentCompanion(
                check_before_sign_off=report_services.check_version_before_sign_off,
                version_page=report_services.version_page,
                documents_tracking_sending=report_services.documents_tracking_sending,
            )
        )


def _email_when_work_starts(sender, *, deadlines, **kwargs):
    from django.utils import timezone

    from .reminders.services import remind_now

    remind_now(deadlines=deadlines, today=timezone.localdate(), triggered_by=f"started: {sender.__name__}")
