from django.urls import path

from .views import (
    AreaIndexView,
    accounts,
    actions,
    documents,
    meetings,
    oversight,
    profile,
    record_history,
    risks,
    structure,
)

app_name = "governance"

urlpatterns = [
    path(
        "",
        AreaIndexView.as_view(
            permission_required="governance.access_area",
            template_name="governance/index.html",
            title="Governance",
        ),
        name="index",
    ),
    path("profile/", profile.profile, name="profile"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", record_history, name="history"),
    # Structure
    path("groups/", structure.group_list, name="group_list"),
    path("groups/add/", structure.group_create, name="group_create"),
    path("groups/<slug:slug>/", structure.group_detail, name="group_detail"),
    path("groups/<slug:slug>/change/", structure.group_edit, name="group_edit"),
    path(
        "groups/<slug:slug>/terms-of-reference/", structure.group_terms_document, name="group_terms_document"
    ),
    path("groups/<slug:slug>/meetings/add/", meetings.meeting_create, name="meeting_create"),
    path("executive/chair-rotation/add/", structure.chair_term_add, name="chair_term_add"),
    path("contacts/", structure.person_list, name="person_list"),
    path("contacts/add/", structure.person_edit, name="person_create"),
    path("contacts/<int:pk>/", structure.person_detail, name="person_detail"),
    path("contacts/<int:pk>/change/", structure.person_edit, name="person_edit"),
    path("accounts/", accounts.account_list, name="account_list"),
    path("accounts/add/", accounts.account_create, name="account_create"),
    path("accounts/<int:pk>/change/", accounts.account_edit, name="account_edit"),
    path(
        "accounts/<int:pk>/clear-two-factor-lockout/",
        accounts.account_clear_two_factor_lockout,
        name="account_clear_two_factor_lockout",
    ),
    path("agencies/", structure.agency_list, name="agency_list"),
    path("agencies/add/", structure.agency_edit, name="agency_create"),
    path("agencies/<int:pk>/change/", structure.agency_edit, name="agency_edit"),
    # Meetings
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/change/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/agenda/add/", meetings.agenda_item_add, name="agenda_item_add"),
    path("meetings/<int:pk>/decisions/add/", meetings.decision_add, name="decision_add"),
    path("papers/<int:pk>/", meetings.agenda_paper, name="agenda_paper"),
    # The action log
    path("actions/", actions.action_list, name="action_list"),
    path("actions/add/", actions.action_create, name="action_create"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/change/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", actions.action_progress, name="action_progress"),
    path("actions/<int:pk>/done/", actions.action_complete, name="action_complete"),
    path("actions/<int:pk>/cancel/", actions.action_cancel, name="action_cancel"),
    path("evidence/<int:pk>/", actions.action_evidence, name="action_evidence"),
    # Risk register
    path("risks/", risks.risk_list, name="risk_list"),
    path("risks/add/", risks.risk_create, name="risk_create"),
    path("risks/<int:pk>/", risks.risk_detail, name="risk_detail"),
    path("risks/<int:pk>/change/", risks.risk_edit, name="risk_edit"),
    # Key documents and sign-off
    path("documents/", documents.document_list, name="document_list"),
    path("documents/add/", documents.document_create, name="document_create"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/versions/add/", documents.version_add, name="version_add"),
    path("documents/<int:pk>/published/", documents.published_file, name="published_file"),
    path("versions/<int:pk>/", documents.version_detail, name="version_detail"),
    path("versions/<int:pk>/file/", documents.version_file, name="version_file"),
    path("versions/<int:pk>/send/", documents.version_send, name="version_send"),
    path("versions/<int:pk>/publish/", documents.version_publish, name="version_publish"),
    path("versions/<int:pk>/sent-to-panel/", documents.version_sent_to_panel, name="version_sent_to_panel"),
    path("budget/", documents.budget, name="budget"),
    path("budget/contributions/add/", documents.contribution_add, name="contribution_add"),
    path("budget/spending/add/", documents.spend_add, name="spend_add"),
    # Escalations and scrutiny
    path("escalations/", oversight.escalation_list, name="escalation_list"),
    path("escalations/add/", oversight.escalation_create, name="escalation_create"),
    path("escalations/<int:pk>/", oversight.escalation_detail, name="escalation_detail"),
    path("escalations/<int:pk>/change/", oversight.escalation_edit, name="escalation_edit"),
    path("scrutiny/", oversight.scrutiny_list, name="scrutiny_list"),
    path("scrutiny/add/", oversight.scrutiny_create, name="scrutiny_create"),
    path("scrutiny/<int:pk>/", oversight.scrutiny_detail, name="scrutiny_detail"),
    path("scrutiny/<int:pk>/recommendations/add/", oversight.recommendation_add, name="recommendation_add"),
]
