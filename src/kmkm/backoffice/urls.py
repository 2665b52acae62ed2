from django.urls import path

from . import enquiry_views, outbox_views, views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("enquiries/", enquiry_views.enquiry_inbox, name="enquiry_inbox"),
    path("enquiries/<int:pk>/", enquiry_views.enquiry_detail, name="enquiry_detail"),
    path("enquiries/<int:pk>/status/", enquiry_views.enquiry_status, name="enquiry_status"),
    path("enquiries/<int:pk>/notes/", enquiry_views.enquiry_note, name="enquiry_note"),
    path("outbox/", outbox_views.outbox, name="outbox"),
    path("outbox/<int:pk>/retry/", outbox_views.outbox_retry, name="outbox_retry"),
]
