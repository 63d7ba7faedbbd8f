from django.urls import path

from . import views

app_name = "dataset"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("summary/", views.summary_page, name="summary"),
    path("summary.csv", views.summary_csv, name="summary_csv"),
    path("summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/add/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/change/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/retire/", views.indicator_retire, name="indicator_retire"),
    path("returns/", views.return_list, name="return_list"),
    path(
        "returns/<int:agency_pk>/<int:year>/q<int:quarter>/",
        views.return_for_period,
        name="return_for_period",
    ),
    path("returns/<int:pk>/", views.return_detail, name="return_detail"),
    path("returns/<int:pk>/figures/", views.return_figures, name="return_figures"),
    path("returns/<int:pk>/workbook.xlsx", views.return_workbook_download, name="return_workbook"),
    path("returns/<int:pk>/upload/", views.return_upload, name="return_upload"),
    path("returns/<int:pk>/submit/", views.return_submit, name="return_submit"),
    path("returns/<int:pk>/accept/", views.return_accept, name="return_accept"),
    path("returns/<int:pk>/return-for-correction/", views.return_send_back, name="return_send_back"),
    path("figures/<int:pk>/return-for-correction/", views.value_send_back, name="value_send_back"),
    path("figures/<int:pk>/correct/", views.value_correct, name="value_correct"),
]
