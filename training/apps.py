from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training and learning"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the tasks in every process)
