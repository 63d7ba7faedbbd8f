from django.apps import AppConfig


class ThscpConfig(AppConfig):
    name = "thscp"
    verbose_name = "Partnership Hub"
