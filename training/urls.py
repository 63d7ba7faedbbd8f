from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("past/", views.past_sessions, name="past_sessions"),
    path("attendance/", views.attendance, name="attendance"),
    # Courses
    path("courses/", views.course_list, name="course_list"),
    path("courses/add/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/change/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/evaluation/", views.course_results, name="course_results"),
    # Sessions, bookings and attendance
    path("sessions/add/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/change/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/book/", views.book_self, name="book_self"),
    path("sessions/<int:pk>/book-someone/", views.book_person, name="book_person"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/evaluation/send/", views.session_evaluations, name="session_evaluations"),
    path("sessions/<int:pk>/evaluation/", views.session_results, name="session_results"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    # Links in emails, which work without signing in
    path("evaluate/<str:token>/", views.evaluate, name="evaluate"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The learning library
    path("library/", views.library_page, name="library"),
    path("library/add/", views.resource_create, name="resource_create"),
    path("library/<int:pk>/change/", views.resource_edit, name="resource_edit"),
    # Bulletins
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/add/", views.bulletin_create, name="bulletin_create"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/change/", views.bulletin_edit, name="bulletin_edit"),
    path("bulletins/<int:pk>/sections/add/", views.section_add, name="section_add"),
    path("bulletin-sections/<int:pk>/change/", views.section_edit, name="section_edit"),
    path("bulletins/<int:pk>/send/", views.bulletin_send, name="bulletin_send"),
    # The training needs analysis
    path("needs/", views.needs_list, name="needs_list"),
    path("needs/add/", views.needs_create, name="needs_create"),
    path("needs/<int:pk>/", views.needs_detail, name="needs_detail"),
    path("needs/<int:pk>/add/", views.need_add, name="need_add"),
    path("needs/responses/<int:pk>/change/", views.need_edit, name="need_edit"),
]
