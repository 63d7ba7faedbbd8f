from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path(
        "",
        views.AreaIndexView.as_view(
            permission_required="governance.access_area",
            template_name="governance/index.html",
            title="Governance",
        ),
        name="index",
    ),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.record_history, name="history"),
]
