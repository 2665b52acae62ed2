from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "kmkm.website"
    label = "website"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals

        signals.connect_identity_models()
