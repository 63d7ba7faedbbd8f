from django.urls import path

from . import views

urlpatterns = [
    path("", views.retention_review, name="retention"),
    path("<str:kind>/<int:record_id>/erase/", views.retention_erase, name="retention_erase"),
]
