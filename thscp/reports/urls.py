from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("choose/", views.choose_period, name="choose"),
    path("cover/", views.cover, name="cover"),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:person>/record/", views.consent_record, name="consent_record"),
    path("consents/withdraw/<int:pk>/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:year>/", views.report, name="report"),
    path("<int:year>/narrative/<slug:key>/", views.narrative_edit, name="narrative_edit"),
    path("<int:year>/checklist/", views.checklist_page, name="checklist"),
    path("<int:year>/checklist/<slug:item>/reason/", views.checklist_reason, name="checklist_reason"),
    path("<int:year>/sections/<slug:key>/not-applicable/", views.not_applicable, name="not_applicable"),
    path(
        "<int:year>/sections/<slug:key>/not-applicable/withdraw/",
        views.not_applicable_withdraw,
        name="not_applicable_withdraw",
    ),
    path("<int:year>/review/", views.review, name="review"),
    path("<int:year>/achievements/", views.achievements, name="achievements"),
    path("<int:year>/achievements/add/", views.achievement_add, name="achievement_add"),
    path("achievements/<int:pk>/change/", views.achievement_change, name="achievement_change"),
    path("achievements/<int:pk>/withdraw/", views.achievement_withdraw, name="achievement_withdraw"),
    path("<int:year>/partners/", views.representatives, name="representatives"),
    path("<int:year>/partners/add/", views.representative_add, name="representative_add"),
    path("partners/<int:pk>/withdraw/", views.representative_withdraw, name="representative_withdraw"),
    path("<int:year>/render/", views.render_start, name="render"),
    path("<int:year>/publication/", views.publication, name="publication"),
    path("<int:year>/publication/sent/<slug:recipient>/", views.sending, name="sending"),
    path("renders/<int:pk>/", views.render_status, name="render_status"),
    path("renders/<int:pk>/pdf/", views.render_download, name="render_download"),
    path("renders/<int:pk>/retry/", views.render_retry, name="render_retry"),
    path("renders/<int:pk>/send/", views.render_send, name="render_send"),
]
