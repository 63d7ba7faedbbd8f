from django.urls import path

from . import views_report

app_name = "reports"

urlpatterns = [
    path("", views_report.index, name="index"),
    path("choose/", views_report.choose_period, name="choose"),
    path("<int:year>/", views_report.report, name="report"),
    path("<int:year>/narrative/<slug:key>/", views_report.narrative_edit, name="narrative_edit"),
    path("<int:year>/render/", views_report.render_start, name="render"),
    path("renders/<int:pk>/", views_report.render_status, name="render_status"),
    path("renders/<int:pk>/pdf/", views_report.render_download, name="render_download"),
    path("renders/<int:pk>/retry/", views_report.render_retry, name="render_retry"),
]
