from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("choose/", views.choose_period, name="choose"),
    path("<int:year>/", views.report, name="report"),
    path("<int:year>/narrative/<slug:key>/", views.narrative_edit, name="narrative_edit"),
    path("<int:year>/render/", views.render_start, name="render"),
    path("renders/<int:pk>/", views.render_status, name="render_status"),
    path("renders/<int:pk>/pdf/", views.render_download, name="render_download"),
    path("renders/<int:pk>/retry/", views.render_retry, name="render_retry"),
]
