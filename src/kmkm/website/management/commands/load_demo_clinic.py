"""`make run` calls this: the demo clinic, loaded idempotently, then the staff login printed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kmkm.website.demo.loader import load_demo_site
from kmkm.website.demo.staff import load_demo_staff

#: Other apps add their demo data here (function taking ``stdout``), in order.
EXTRA_LOADERS: list[str] = [
    "kmkm.booking.demo.load_demo",
    "kmkm.enquiries.demo.load_demo",
]


class Command(BaseCommand):
    help = "Load the demo clinic (KMKM Aesthetics). Safe to run again: nothing is overwritten."

    def handle(self, *args: Any, **options: Any) -> None:
        from django.utils.module_loading import import_string

        load_demo_site(self.stdout)
        login = load_demo_staff(self.stdout)
        for dotted in EXTRA_LOADERS:
            import_string(dotted)(self.stdout)
        self.stdout.write(login)
