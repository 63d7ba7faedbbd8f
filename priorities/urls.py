from django.urls import path

from .views import deliverables, feedback, measures, plans, updates

app_name = "priorities"

urlpatterns = [
    path("", plans.index, name="index"),
    path("summary/", plans.summary, name="summary"),
    # Cycles and areas
    path("cycles/add/", plans.cycle_create, name="cycle_create"),
    path("cycles/<int:pk>/change/", plans.cycle_edit, name="cycle_edit"),
    path("cycles/<int:cycle_pk>/areas/add/", plans.area_create, name="area_create"),
    path("areas/<int:pk>/", plans.area_detail, name="area_detail"),
    path("areas/<int:pk>/change/", plans.area_edit, name="area_edit"),
    path("areas/<int:pk>/board/", plans.board, name="board"),
    path("areas/<int:pk>/deliverables.csv", plans.area_csv, name="area_csv"),
    # The improvement plan
    path("areas/<int:pk>/objectives/add/", plans.objective_create, name="objective_create"),
    path("objectives/<int:pk>/change/", plans.objective_edit, name="objective_edit"),
    path("areas/<int:pk>/deliverables/add/", deliverables.deliverable_create, name="deliverable_create"),
    path("deliverables/<int:pk>/", deliverables.deliverable_detail, name="deliverable_detail"),
    path("deliverables/<int:pk>/change/", deliverables.deliverable_edit, name="deliverable_edit"),
    path("deliverables/<int:pk>/forecast/", deliverables.deliverable_forecast, name="deliverable_forecast"),
    path("deliverables/<int:pk>/status/", deliverables.deliverable_status, name="deliverable_status"),
    path("deliverables/<int:pk>/move/", deliverables.deliverable_move, name="deliverable_move"),
    # Period updates and the Executive's response to their asks
    path("areas/<int:pk>/updates/add/", updates.update_create, name="update_create"),
    path("updates/<int:pk>/", updates.update_detail, name="update_detail"),
    path("updates/<int:pk>/change/", updates.update_edit, name="update_edit"),
    path("updates/<int:pk>/response/", updates.ask_response, name="ask_response"),
    # Outcome measures
    path("areas/<int:pk>/measures/add/", measures.measure_create, name="measure_create"),
    path("measures/<int:pk>/", measures.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/change/", measures.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/figures/add/", measures.measure_value_add, name="measure_value_add"),
    path("figures/<int:pk>/change/", measures.measure_value_edit, name="measure_value_edit"),
    # The voice of the child
    path("areas/<int:pk>/feedback/add/", feedback.feedback_create, name="feedback_create"),
    path("feedback/<int:pk>/", feedback.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/response/", feedback.feedback_response, name="feedback_response"),
    path("feedback/<int:pk>/change/", feedback.feedback_edit, name="feedback_edit"),
]
