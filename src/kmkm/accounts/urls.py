from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("second-factor/", views.otp_verify, name="otp_verify"),
    path("second-factor/set-up/", views.otp_setup, name="otp_setup"),
]
