from django.urls import path

from thscp.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401

from .admin import site

urlpatterns = [*urlpatterns, path("bench-admin/", site.urls)]
