from django.urls import path

from governance.views import AreaIndexView

app_name = "priorities"

urlpatterns = [
    path(
        "",
        AreaIndexView.as_view(
            permission_required="priorities.access_area",
            template_name="priorities/index.html",
            title="Priorities",
        ),
        name="index",
    ),
]
