from django.contrib import admin
from django.urls import include, path

from governance.views import accounts

from . import views
from .operations.health import health

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("health/", health, name="health"),
    path("reminders/", include("thscp.reminders.urls")),
    path("retention/", include("thscp.operations.urls")),
    # Before allauth's: people do not manage their own sign-in email (the business unit
    # does); the name stays, as allauth reverses it.
    path("accounts/email/", accounts.own_email_addresses, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("governance/", include("governance.urls")),
    path("reviews/", include("reviews.urls")),
    path("priorities/", include("priorities.urls")),
    path("dataset/", include("dataset.urls")),
    path("training/", include("training.urls")),
    path("reports/", include("thscp.reports.urls")),
    # Before the admin's own: the service's sign-in, without a loop for the signed-in.
    path("admin/login/", accounts.admin_sign_in),
    path("admin/", admin.site.urls),
]

handler400 = "thscp.views.bad_request"
handler403 = "thscp.views.permission_denied"
handler404 = "thscp.views.page_not_found"
handler500 = "thscp.views.server_error"
