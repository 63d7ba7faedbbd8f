from django.urls import path

from governance.views import AreaIndexView

app_name = "reports"

urlpatterns = [
    path(
        "",
        AreaIndexView.as_view(
            permission_required="thscp.access_reports",
            template_name="thscp/reports_index.html",
            title="Reports",
        ),
        name="index",
    ),
]
