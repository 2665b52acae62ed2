from django.urls import path

from . import diary_views, enquiry_views, outbox_views, views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("enquiries/", enquiry_views.enquiry_inbox, name="enquiry_inbox"),
    path("enquiries/<int:pk>/", enquiry_views.enquiry_detail, name="enquiry_detail"),
    path("enquiries/<int:pk>/status/", enquiry_views.enquiry_status, name="enquiry_status"),
    path("enquiries/<int:pk>/notes/", enquiry_views.enquiry_note, name="enquiry_note"),
    path("enquiries/<int:pk>/book/", enquiry_views.enquiry_convert_view, name="enquiry_convert"),
    path("outbox/", outbox_views.outbox, name="outbox"),
    path("outbox/<int:pk>/retry/", outbox_views.outbox_retry, name="outbox_retry"),
    path("diary/", diary_views.diary_home, name="diary"),
    path("diary/<slug:slug>/day/<str:day>/", diary_views.diary_day, name="diary_day"),
    path("diary/<slug:slug>/week/<str:day>/", diary_views.diary_week, name="diary_week"),
    path("diary/<slug:slug>/new/", diary_views.appointment_new, name="diary_new"),
    path("diary/<slug:slug>/block/", diary_views.block_new, name="diary_block"),
    path("diary/block/<int:pk>/remove/", diary_views.block_remove, name="diary_block_remove"),
    path("diary/appointment/<int:pk>/", diary_views.appointment_detail, name="diary_appointment"),
    path("diary/appointment/<int:pk>/move/", diary_views.appointment_move, name="diary_move"),
    path(
        "diary/appointment/<int:pk>/cancel/",
        diary_views.appointment_cancel_view,
        name="diary_cancel",
    ),
    path(
        "diary/appointment/<int:pk>/<slug:outcome>/",
        diary_views.appointment_attendance,
        name="diary_attendance",
    ),
    path("clients/", diary_views.client_find, name="client_find"),
    path("clients/<int:pk>/", diary_views.client_detail, name="client_detail"),
]
