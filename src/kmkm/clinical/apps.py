from django.apps import AppConfig


class ClinicalConfig(AppConfig):
    name = "kmkm.clinical"
    label = "clinical"
    verbose_name = "Clinical records"
    default_auto_field = "django.db.models.BigAutoField"
