from django.urls import path

from . import views

app_name = "reviews"

case = "incidents/<int:pk>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("incidents/", views.case_list, name="case_list"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path(case, views.incident_detail, name="incident_detail"),
    path(f"{case}details/", views.incident_edit, name="incident_edit"),
    path(f"{case}notification/", views.incident_notification, name="incident_notification"),
    path(f"{case}decisions/new/", views.decision_create, name="decision_create"),
    path(f"{case}executive-decision/", views.executive_decision, name="executive_decision"),
    path(f"{case}access-log/", views.access_log, name="access_log"),
    path(f"{case}rapid-review/", views.rapid_review_detail, name="rapid_review_detail"),
    path(f"{case}rapid-review/findings/", views.rapid_review_findings, name="rapid_review_findings"),
    path(f"{case}rapid-review/outcome/", views.rapid_review_outcome, name="rapid_review_outcome"),
    path(
        f"{case}rapid-review/information-requests/new/",
        views.information_request_create,
        name="information_request_create",
    ),
    path(
        f"{case}rapid-review/information-requests/<int:request_pk>/received/",
        views.information_received,
        name="information_received",
    ),
    path(f"{case}local-review/", views.local_review_detail, name="local_review_detail"),
    path(f"{case}local-review/edit/", views.local_review_edit, name="local_review_edit"),
    path(f"{case}local-review/publication/", views.local_review_publication, name="local_review_publication"),
    path(f"{case}local-review/milestones/new/", views.milestone_create, name="milestone_create"),
    path(
        f"{case}local-review/milestones/<int:milestone_pk>/complete/",
        views.milestone_complete,
        name="milestone_complete",
    ),
    path(f"{case}local-review/final-report/", views.final_report, name="final_report"),
    path(f"{case}recommendations/new/", views.recommendation_create, name="recommendation_create"),
    path(f"{case}learning/briefing/new/", views.briefing_create, name="briefing_create"),
    path(f"{case}learning/webinar/new/", views.webinar_create, name="webinar_create"),
    path("action-plan/", views.action_plan, name="action_plan"),
    path("action-plan/<int:recommendation_pk>/spotlight/", views.spotlight, name="spotlight"),
    path("learning/", views.learning, name="learning"),
    path("learning/briefings/<int:briefing_pk>/document/", views.briefing_document, name="briefing_document"),
    path("timeliness/", views.timeliness, name="timeliness"),
]
