from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "kmkm.booking"
    label = "booking"
    default_auto_field = "django.db.models.BigAutoField"
