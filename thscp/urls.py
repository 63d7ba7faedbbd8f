from django.contrib import admin
from django.urls import include, path

from . import views, views_reminders

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("reminders/", views_reminders.reminder_log, name="reminders"),
    path("accounts/", include("allauth.urls")),
    path("governance/", include("governance.urls")),
    path("reviews/", include("reviews.urls")),
    path("priorities/", include("priorities.urls")),
    path("dataset/", include("dataset.urls")),
    path("training/", include("training.urls")),
    path("reports/", include("thscp.report_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "thscp.views.bad_request"
handler403 = "thscp.views.permission_denied"
handler404 = "thscp.views.page_not_found"
handler500 = "thscp.views.server_error"
