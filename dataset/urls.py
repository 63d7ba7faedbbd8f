from django.urls import path

from governance.views import AreaIndexView

app_name = "dataset"

urlpatterns = [
    path(
        "",
        AreaIndexView.as_view(
            permission_required="dataset.access_area", template_name="dataset/index.html", title="Dataset"
        ),
        name="index",
    ),
]
