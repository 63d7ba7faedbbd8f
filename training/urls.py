from django.urls import path

from governance.views import AreaIndexView

app_name = "training"

urlpatterns = [
    path(
        "",
        AreaIndexView.as_view(
            permission_required="training.access_area", template_name="training/index.html", title="Training"
        ),
        name="index",
    ),
]
