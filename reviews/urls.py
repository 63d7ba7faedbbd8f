from django.urls import path

from .views import dashboard, figures, incidents, learning, local_review, rapid_review, recommendations

app_name = "reviews"

case = "incidents/<int:pk>/"

urlpatterns = [
    # The open-cases dashboard
    path("", dashboard.index, name="index"),
    path("incidents/", dashboard.case_list, name="case_list"),
    # Serious incidents
    path("incidents/add/", incidents.incident_create, name="incident_create"),
    path(case, incidents.incident_detail, name="incident_detail"),
    path(f"{case}change/", incidents.incident_edit, name="incident_edit"),
    path(f"{case}notification/", incidents.incident_notification, name="incident_notification"),
    path(f"{case}withdraw/", incidents.incident_withdraw, name="incident_withdraw"),
    path(f"{case}reinstate/", incidents.incident_reinstate, name="incident_reinstate"),
    path(f"{case}children/add/", incidents.other_child_create, name="other_child_create"),
    path(f"{case}children/<int:child_pk>/change/", incidents.other_child_change, name="other_child_change"),
    path(f"{case}children/<int:child_pk>/remove/", incidents.other_child_remove, name="other_child_remove"),
    path(f"{case}decisions/add/", incidents.decision_create, name="decision_create"),
    path(f"{case}decisions/<str:partner>/change/", incidents.decision_change, name="decision_change"),
    path(f"{case}no-rapid-review/", incidents.no_rapid_review, name="no_rapid_review"),
    path(f"{case}executive-decision/", incidents.executive_decision, name="executive_decision"),
    path(f"{case}access-log/", incidents.access_log, name="access_log"),
    # The rapid review
    path(f"{case}rapid-review/", rapid_review.rapid_review_detail, name="rapid_review_detail"),
    path(f"{case}rapid-review/findings/", rapid_review.rapid_review_findings, name="rapid_review_findings"),
    path(f"{case}rapid-review/outcome/", rapid_review.rapid_review_outcome, name="rapid_review_outcome"),
    path(f"{case}rapid-review/panel-response/", rapid_review.panel_response, name="panel_response"),
    path(
        f"{case}rapid-review/information-requests/<int:request_pk>/change/",
        rapid_review.information_request_change,
        name="information_request_change",
    ),
    path(
        f"{case}rapid-review/information-requests/add/",
        rapid_review.information_request_create,
        name="information_request_create",
    ),
    path(
        f"{case}rapid-review/information-requests/<int:request_pk>/received/",
        rapid_review.information_received,
        name="information_received",
    ),
    # The local review
    path(f"{case}local-review/", local_review.local_review_detail, name="local_review_detail"),
    path(f"{case}local-review/change/", local_review.local_review_edit, name="local_review_edit"),
    path(
        f"{case}local-review/publication/",
        local_review.local_review_publication,
        name="local_review_publication",
    ),
    path(f"{case}local-review/milestones/add/", local_review.milestone_create, name="milestone_create"),
    path(
        f"{case}local-review/milestones/<int:milestone_pk>/complete/",
        local_review.milestone_complete,
        name="milestone_complete",
    ),
    path(
        f"{case}local-review/milestones/<int:milestone_pk>/change/",
        local_review.milestone_change,
        name="milestone_change",
    ),
    path(f"{case}local-review/final-report/", local_review.final_report, name="final_report"),
    # Recommendations and the action plan
    path(f"{case}recommendations/add/", recommendations.recommendation_create, name="recommendation_create"),
    path("action-plan/", recommendations.action_plan, name="action_plan"),
    path(
        "action-plan/national/add/",
        recommendations.national_recommendation_create,
        name="national_recommendation_create",
    ),
    path("action-plan/<int:recommendation_pk>/spotlight/", recommendations.spotlight, name="spotlight"),
    # Learning
    path(f"{case}learning/briefing/add/", learning.briefing_create, name="briefing_create"),
    path("learning/", learning.learning, name="learning"),
    path("learning/briefings/<int:briefing_pk>/change/", learning.briefing_change, name="briefing_change"),
    path(
        "learning/briefings/<int:briefing_pk>/document/", learning.briefing_document, name="briefing_document"
    ),
    # Figures
    path("timeliness/", figures.timeliness, name="timeliness"),
]
