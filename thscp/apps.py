from django.apps import AppConfig


class ThscpConfig(AppConfig):
    name = "thscp"
    verbose_name = "Partnership Hub"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
