from django.urls import path

from . import views

app_name = "priorities"

urlpatterns = [
    path("", views.index, name="index"),
    path("summary/", views.summary, name="summary"),
    # Cycles and areas
    path("cycles/add/", views.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/change/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:cycle_pk>/areas/add/", views.area_create, name="area_create"),
    path("areas/<int:pk>/", views.area_detail, name="area_detail"),
    path("areas/<int:pk>/change/", views.area_edit, name="area_edit"),
    path("areas/<int:pk>/board/", views.board, name="board"),
    path("areas/<int:pk>/deliverables.csv", views.area_csv, name="area_csv"),
    # The improvement plan
    path("areas/<int:pk>/objectives/add/", views.objective_create, name="objective_create"),
    path("objectives/<int:pk>/change/", views.objective_edit, name="objective_edit"),
    path("areas/<int:pk>/deliverables/add/", views.deliverable_create, name="deliverable_create"),
    path("deliverables/<int:pk>/", views.deliverable_detail, name="deliverable_detail"),
    path("deliverables/<int:pk>/change/", views.deliverable_edit, name="deliverable_edit"),
    path("deliverables/<int:pk>/forecast/", views.deliverable_forecast, name="deliverable_forecast"),
    path("deliverables/<int:pk>/status/", views.deliverable_status, name="deliverable_status"),
    path("deliverables/<int:pk>/move/", views.deliverable_move, name="deliverable_move"),
    # Period updates and the Executive's response to their asks
    path("areas/<int:pk>/updates/add/", views.update_create, name="update_create"),
    path("updates/<int:pk>/", views.update_detail, name="update_detail"),
    path("updates/<int:pk>/change/", views.update_edit, name="update_edit"),
    path("updates/<int:pk>/response/", views.ask_response, name="ask_response"),
    # Outcome measures
    path("areas/<int:pk>/measures/add/", views.measure_create, name="measure_create"),
    path("measures/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/change/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/figures/add/", views.measure_value_add, name="measure_value_add"),
    path("figures/<int:pk>/change/", views.measure_value_edit, name="measure_value_edit"),
    # The voice of the child
    path("areas/<int:pk>/feedback/add/", views.feedback_create, name="feedback_create"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/response/", views.feedback_response, name="feedback_response"),
    path("feedback/<int:pk>/change/", views.feedback_edit, name="feedback_edit"),
]
