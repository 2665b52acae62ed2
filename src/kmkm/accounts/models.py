"""Staff and practitioners.

A practitioner is the person a client is treated by: shown on the public site (with their
registration and prescriber status) and, later, the owner of a diary and of clinical records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

NMC_REGISTER_URL = "https://www.nmc.org.uk/registration/search-the-register/"


class Practitioner(index.Indexed, models.Model):
    name = models.CharField(max_length=120, help_text="As clients know them, e.g. 'Nurse Khloe'.")
    slug = models.SlugField(max_length=120, unique=True, blank=True)
    role = models.CharField(
        max_length=160,
        help_text="e.g. 'Registered Nurse · Nurse Independent Prescriber'.",
    )
    registration_body = models.CharField(
        max_length=20,
        default="NMC",
        help_text="The professional register, e.g. NMC, GMC or GDC.",
    )
    registration_number = models.CharField(
        max_length=20,
        blank=True,
        help_text="The PIN on the register. Clients can check it; leave blank until confirmed.",
    )
    is_prescriber = models.BooleanField(
        default=False,
        help_text="An independent prescriber may prescribe after an in-person consultation.",
    )
    short_bio = models.TextField(
        max_length=400, help_text="One or two sentences for bylines and cards."
    )
    long_bio = RichTextField(
        blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    portrait = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    portrait_alt = models.CharField(max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner",
        help_text="The staff account this practitioner signs in with.",
    )
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("role"),
                FieldPanel("order"),
                FieldPanel("is_active"),
            ],
            heading="Who",
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_body"),
                FieldPanel("registration_number"),
                FieldPanel("is_prescriber"),
            ],
            heading="Registration",
        ),
        MultiFieldPanel(
            [
                FieldPanel("short_bio"),
                FieldPanel("long_bio"),
                FieldPanel("portrait"),
                FieldPanel("portrait_alt"),
            ],
            heading="Biography",
        ),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def credentials(self) -> list[str]:
        """Credentials in the order a byline shows them."""
        found = (
            ["Registered Nurse"] if self.registration_body == "NMC" else [self.registration_body]
        )
        if self.is_prescriber:
            found.append(
                "Nurse Independent Prescriber"
                if self.registration_body == "NMC"
                else "Independent Prescriber"
            )
        return found

    @property
    def register_url(self) -> str:
        return NMC_REGISTER_URL if self.registration_body == "NMC" else ""
