from django.urls import path

from governance.views import AreaIndexView

app_name = "reviews"

urlpatterns = [
    path(
        "",
        AreaIndexView.as_view(
            permission_required="reviews.access_area", template_name="reviews/index.html", title="Reviews"
        ),
        name="index",
    ),
]
