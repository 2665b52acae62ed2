from django.urls import path

from . import booking_views as views

app_name = "booking"
urlpatterns = [
    path("", views.start, name="start"),
    path("booked/<str:token>/", views.confirmed, name="confirmed"),
    path("cancelled/", views.cancelled, name="cancelled"),
    path("manage/<str:token>/cancel/", views.cancel, name="cancel"),
    path("manage/<str:token>/reschedule/", views.reschedule, name="reschedule"),
    path("<slug:type_slug>/with/<slug:practitioner_slug>/", views.times, name="times"),
    path(
        "<slug:type_slug>/with/<slug:practitioner_slug>/times.json",
        views.times_json,
        name="times_json",
    ),
    path("<slug:type_slug>/with/<slug:practitioner_slug>/details/", views.details, name="details"),
]
